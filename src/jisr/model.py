"""The domain model: entities described by statements, each statement keeping its provenance.

Modelled on followthemoney/nomenklatura statements: one row per value, with the list that said it.
A reader turns a list file into :class:`Record` objects (one per listed entry); the store adds the
provenance that only it knows (import run, first seen / last seen) when it persists them.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Schema(StrEnum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"
    UNKNOWN = "Unknown"


# what a screening query may say it names, as people write it (`--schema`, a `schema` column)
_SCHEMA_WORDS = {
    "person": Schema.PERSON,
    "individual": Schema.PERSON,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "entity": Schema.ORGANIZATION,
    "company": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
SCHEMA_CHOICES = tuple(_SCHEMA_WORDS)


def parse_schema(text: str) -> Schema | None:
    """`person`, `Individual`, `organisation`, `vessel`… as a schema; None if not one."""
    return _SCHEMA_WORDS.get(text.strip().lower())


def may_name(query: str | None, entity: str) -> bool:
    """Whether a query naming a `query` (None: anything) may be an entity of schema `entity`:
    the same schema, or an entity whose list did not say what it is."""
    return query is None or entity in (query, Schema.UNKNOWN)


class Prop(StrEnum):
    """Property names used by statements. Readers may add others; these have a fixed meaning."""

    # names: `qualifier` holds the source's own label (UN "Good"/"Low", OFAC "aka"/"fka"/"nka")
    NAME = "name"  # the primary name as the list writes it
    ALIAS = "alias"  # a strong alias (UN Good, OFAC aka/nka/fka)
    WEAK_ALIAS = "weakAlias"  # a weak alias (UN Low, OFAC weak aka)
    PREVIOUS_NAME = "previousName"  # OFAC fka
    FIRST_NAME = "firstName"
    SECOND_NAME = "secondName"
    THIRD_NAME = "thirdName"
    FOURTH_NAME = "fourthName"
    LAST_NAME = "lastName"
    TITLE = "title"
    DESIGNATION = "position"
    GENDER = "gender"
    BIRTH_DATE = "birthDate"  # ISO partial ("1971", "1971-05", "1971-05-03") or range "1968/1972"
    BIRTH_PLACE = "birthPlace"
    NATIONALITY = "nationality"
    CITIZENSHIP = "citizenship"
    ADDRESS = "address"
    DOCUMENT = "idNumber"  # value: the number; extra: {"type", "country", "issued", "note"}
    REFERENCE = "reference"  # the list's own reference: UN "QDi.299", OFAC ent_num
    PROGRAM = "program"  # UN_LIST_TYPE, OFAC programme
    LIST_TYPE = "listType"
    LISTED_ON = "listedOn"
    LAST_UPDATED = "modifiedAt"
    REASON = "notes"  # listing reason / comments / remarks
    REMARK = "remark"  # other free text that is not the reason
    SOURCE_ID = "sourceId"  # the list's internal id (UN DATAID, OFAC ent_num)


NAME_PROPS: frozenset[str] = frozenset({Prop.NAME, Prop.ALIAS, Prop.WEAK_ALIAS, Prop.PREVIOUS_NAME})


def detect_script(text: str) -> str:
    """Return the dominant script of `text` as an ISO 15924 code ("Arab", "Latn", "Cyrl", ...).

    Hand-written because no small library answers this from unicodedata alone; good enough for
    tagging names (we only need the dominant alphabet, not mixed-script analysis).
    """
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        try:
            uname = unicodedata.name(ch)
        except ValueError:
            continue
        word = uname.split(" ", 1)[0]
        code = _SCRIPT_WORDS.get(word, "Zyyy")
        counts[code] = counts.get(code, 0) + 1
    if not counts:
        return "Zyyy"
    return max(counts.items(), key=lambda kv: kv[1])[0]


_SCRIPT_WORDS = {
    "LATIN": "Latn",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HANGUL": "Hang",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "ETHIOPIC": "Ethi",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
}


@dataclass(frozen=True, slots=True)
class Statement:
    """One value said about one entity by one list."""

    prop: str
    value: str
    qualifier: str | None = None  # the source's own label for the value (alias quality, doc type)
    script: str | None = None  # ISO 15924 for names ("Arab", "Latn")
    extra: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    def key(self) -> str:
        """A stable identity of this value within its entity (used for first/last seen)."""
        payload = json.dumps(
            [self.prop, self.value, self.qualifier, self.script, self.extra or {}],
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Record:
    """One entry of one list, as a reader produced it."""

    reference: str  # the list's own reference (UN "QDi.299", OFAC ent_num "306")
    schema: Schema
    statements: list[Statement] = field(default_factory=list)
    location: str | None = None  # where in the file (line or element), for error messages

    def add(
        self,
        prop: str,
        value: str | None,
        qualifier: str | None = None,
        script: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Add a statement; empty values are dropped, names get their script detected."""
        if value is None:
            return
        value = " ".join(str(value).split())
        if not value:
            return
        if script is None and prop in NAME_PROPS:
            script = detect_script(value)
        clean_extra = {k: v for k, v in (extra or {}).items() if v not in (None, "", [], {})}
        self.statements.append(Statement(prop, value, qualifier, script, clean_extra or None))

    def values(self, prop: str) -> list[str]:
        return [s.value for s in self.statements if s.prop == prop]

    def first(self, prop: str) -> str | None:
        for s in self.statements:
            if s.prop == prop:
                return s.value
        return None

    @property
    def caption(self) -> str:
        return self.first(Prop.NAME) or self.reference

    def names(self) -> list[Statement]:
        return [s for s in self.statements if s.prop in NAME_PROPS]

    def fingerprint(self) -> str:
        """A hash of everything the list says about this entry, to detect changes between runs."""
        keys = sorted({s.key() for s in self.statements})
        return hashlib.sha1((self.schema + "\n" + "\n".join(keys)).encode()).hexdigest()


@dataclass(slots=True)
class ParsedList:
    """Everything a reader got out of one file."""

    dataset: str  # the default list name ("un_sc", "us_ofac_sdn", ...)
    title: str
    format: str  # the detected format ("un-xml", "ofac-csv", "ofac-xml", ...)
    records: list[Record]
    published_at: str | None = None  # the list's own generation/publication date, if it says
    is_demo: bool = False


class JisrInputError(Exception):
    """Bad input: names the file and the place in it. Never leaves anything half-stored."""

    def __init__(self, path: object, message: str, location: str | None = None) -> None:
        self.path = str(path)
        self.location = location
        self.message = message
        where = f"{self.path}:{location}" if location else self.path
        super().__init__(f"{where}: {message}")
