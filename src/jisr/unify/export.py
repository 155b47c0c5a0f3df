"""Export the unified list: followthemoney-style JSON and CSV, every value with its source."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from jisr.model import NAME_PROPS, Prop
from jisr.store import Store, StoredEntity
from jisr.unify.members import all_unified

SCHEMA_ORDER = ("Person", "Organization", "Vessel", "Aircraft", "Unknown")
FTM_PROPS = {Prop.DESIGNATION: "position", Prop.REASON: "notes", Prop.LISTED_ON: "createdAt"}


def unified_entities(store: Store) -> Iterator[tuple[str, list[StoredEntity]]]:
    for uid, members in sorted(all_unified(store).items()):
        ents = [e for e in (store.entity(m) for m in members) if e is not None]
        if ents:
            yield uid, ents


def to_ftm(uid: str, members: list[StoredEntity]) -> dict[str, Any]:
    """One unified entity as followthemoney JSON, plus ``statements``: each value with the list
    and the entry that said it (the nomenklatura statement form), so no origin is lost."""
    schemas = {m.schema for m in members}
    schema = next((s for s in SCHEMA_ORDER if s in schemas), "Unknown")
    props: dict[str, list[str]] = {}
    statements = []
    for m in members:
        for st in m.statements:
            prop = FTM_PROPS.get(st.prop, st.prop)
            if st.prop in NAME_PROPS and st.prop != Prop.NAME:
                prop = "alias" if st.prop != Prop.WEAK_ALIAS else "weakAlias"
            values = props.setdefault(prop, [])
            if st.value not in values:
                values.append(st.value)
            statements.append(
                {
                    "prop": prop,
                    "value": st.value,
                    "qualifier": st.qualifier,
                    "dataset": m.dataset,
                    "entity_id": m.id,
                    "reference": m.reference,
                    "first_seen_run": st.first_seen_run,
                    "last_seen_run": st.last_seen_run,
                }
            )
    return {
        "id": uid,
        "schema": "LegalEntity" if schema == "Unknown" else schema,
        "caption": members[0].caption,
        "properties": props,
        "datasets": sorted({m.dataset for m in members}),
        "referents": [m.id for m in members],
        "owners": sorted({m.owner for m in members}),
        "statements": statements,
    }


def export_ftm(store: Store, out: TextIO) -> int:
    n = 0
    for uid, members in unified_entities(store):
        out.write(json.dumps(to_ftm(uid, members), ensure_ascii=False) + "\n")
        n += 1
    return n


CSV_COLUMNS = [
    "unified_id",
    "entity_id",
    "source",
    "reference",
    "schema",
    "prop",
    "value",
    "qualifier",
    "script",
    "owner",
    "sharing",
]


def export_csv(store: Store, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for uid, members in unified_entities(store):
        n += 1
        for m in members:
            for st in m.statements:
                writer.writerow(
                    [uid, m.id, m.dataset, m.reference, m.schema, st.prop, st.value,
                     st.qualifier or "", st.script or "", m.owner, m.sharing]
                )  # fmt: skip
    return n


def export(store: Store, path: Path, fmt: str) -> int:
    writers = {"ftm": export_ftm, "csv": export_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}: use ftm or csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        return writers[fmt](store, fh)
