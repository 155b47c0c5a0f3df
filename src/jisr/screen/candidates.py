"""Turn stored entities into the matcher's candidates (names, dates, countries, documents)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jisr.match import Candidate
from jisr.model import NAME_PROPS, Prop
from jisr.names.readings import read_apart
from jisr.store import StoredEntity

COUNTRY_PROPS = (Prop.NATIONALITY, Prop.CITIZENSHIP, "jurisdiction")


@dataclass(frozen=True, slots=True)
class EntityMeta:
    """What a hit needs to say about the entity it points to."""

    id: str
    dataset: str
    reference: str
    caption: str
    schema: str
    kind: str  # official | partner | demo
    owner: str
    sharing: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dataset": self.dataset,
            "reference": self.reference,
            "caption": self.caption,
            "schema": self.schema,
            "kind": self.kind,
            "owner": self.owner,
            "sharing": self.sharing,
        }


def to_candidate(entity: StoredEntity) -> Candidate:
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    for st in entity.statements:
        if st.prop in NAME_PROPS and st.value not in seen:
            seen.add(st.value)
            names.append((st.value, st.prop))
    # a name that gives its acronym in parentheses is also matched as the acronym alone and
    # as the name without it (`AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)`); hits say which
    readings: dict[str, str] = {}
    acronyms: set[str] = set()
    for name, label in list(names):
        others, given = read_apart(name)
        for reading in others:
            if reading not in seen:
                seen.add(reading)
                names.append((reading, label))
                readings[reading] = name
                if reading in given:
                    acronyms.add(reading)
    countries = []
    for st in entity.statements:
        if st.prop in COUNTRY_PROPS:
            countries.append(st.value)
        elif st.prop == Prop.BIRTH_PLACE and st.extra and st.extra.get("country"):
            countries.append(str(st.extra["country"]))
    return Candidate(
        id=entity.id,
        names=names,
        birth_dates=entity.values(Prop.BIRTH_DATE),
        countries=list(dict.fromkeys(countries)),
        documents=entity.values(Prop.DOCUMENT),
        schema=entity.schema,
        readings=readings,
        acronyms=frozenset(acronyms),
    )


def to_meta(entity: StoredEntity) -> EntityMeta:
    return EntityMeta(
        id=entity.id,
        dataset=entity.dataset,
        reference=entity.reference,
        caption=entity.caption,
        schema=entity.schema,
        kind=entity.kind,
        owner=entity.owner,
        sharing=entity.sharing,
    )
