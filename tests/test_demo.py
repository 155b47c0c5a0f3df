"""The fictional demonstration list: well-formed, real UN layout, clearly marked as fictional."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from jisr.demo import (
    DEMO_DATASET,
    DEMO_ENTITIES,
    DEMO_INDIVIDUALS,
    DEMO_LIST_PATH,
    DEMO_MARKER,
    EXAMPLE_QUERIES,
    read_demo,
)
from jisr.model import Prop, Schema, detect_script

REAL_UN = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "un"
    / "un_consolidated_2026-02-27.xml"
)


@pytest.fixture(scope="module")
def root() -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(DEMO_LIST_PATH), parser).getroot()


def entries(root: etree._Element) -> list[etree._Element]:
    return root.findall("INDIVIDUALS/INDIVIDUAL") + root.findall("ENTITIES/ENTITY")


def test_file_is_packaged_and_has_no_dtd() -> None:
    assert DEMO_LIST_PATH.is_file()
    head = DEMO_LIST_PATH.read_bytes()[:4096]
    assert b"<!DOCTYPE" not in head and b"<!ENTITY" not in head
    assert b"FICTIONAL DEMONSTRATION LIST" in head  # the comment at the top says so


def test_structure_counts(root: etree._Element) -> None:
    assert root.tag == "CONSOLIDATED_LIST"
    assert root.get("dateGenerated")
    assert len(root.findall("INDIVIDUALS/INDIVIDUAL")) == DEMO_INDIVIDUALS == 25
    assert len(root.findall("ENTITIES/ENTITY")) == DEMO_ENTITIES == 6
    originals = [e.findtext("NAME_ORIGINAL_SCRIPT") for e in entries(root)]
    arabic = [o for o in originals if o and detect_script(o) == "Arab"]
    assert len(arabic) >= 20
    qualities = {a.findtext("QUALITY") for a in root.iter("INDIVIDUAL_ALIAS")}
    assert {"Good", "Low"} <= qualities
    kinds = {d.findtext("TYPE_OF_DATE") for d in root.iter("INDIVIDUAL_DATE_OF_BIRTH")}
    assert kinds == {"EXACT", "APPROXIMATELY", "BETWEEN"}
    assert root.find(".//INDIVIDUAL_DATE_OF_BIRTH/YEAR") is not None
    assert root.find(".//INDIVIDUAL_DATE_OF_BIRTH/FROM_YEAR") is not None
    assert root.findall(".//INDIVIDUAL_DOCUMENT/NUMBER")
    packed = [a.text for a in root.iter("ALIAS_NAME") if a.text and ";" in a.text]
    assert packed and all(detect_script(p.split("(")[0]) == "Arab" for p in packed)


def test_same_element_names_as_the_real_list(root: etree._Element) -> None:
    if not REAL_UN.exists():
        pytest.skip("real UN snapshot not present")
    real_tags = {el.tag for el in etree.parse(str(REAL_UN)).getroot().iter()}
    demo_tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    assert demo_tags <= real_tags


def test_every_entry_is_marked_fictional(root: etree._Element) -> None:
    refs = []
    for entry in entries(root):
        ref = entry.findtext("REFERENCE_NUMBER") or ""
        refs.append(ref)
        prefix = "XDi." if entry.tag == "INDIVIDUAL" else "XDe."
        assert re.fullmatch(re.escape(prefix) + r"\d{3}", ref), ref
        assert entry.findtext("UN_LIST_TYPE") == "DEMO"
        assert entry.findtext("LIST_TYPE/VALUE") == "DEMONSTRATION — FICTIONAL"
        comment = entry.findtext("COMMENTS1") or ""
        assert comment.startswith(f"{DEMO_MARKER} — not a real listing."), ref
    assert len(set(refs)) == len(refs)
    assert all(r.startswith("X") for r in refs)


def test_reader_imports_it_as_demo() -> None:
    parsed = read_demo()
    assert parsed.dataset == DEMO_DATASET and parsed.is_demo
    assert parsed.format == "un-xml"
    people = [r for r in parsed.records if r.schema is Schema.PERSON]
    assert len(people) == 25 and len(parsed.records) == 31
    first = parsed.records[0]
    weak = first.values(Prop.WEAK_ALIAS)
    assert "Abu Yunus al-Tilimsani" in weak and "أبو يونس التلمساني" in weak


def test_example_queries_point_at_listed_entries() -> None:
    refs = {r.reference for r in read_demo().records}
    assert 5 <= len(EXAMPLE_QUERIES) <= 10
    assert any(not q["expect"] for q in EXAMPLE_QUERIES)
    assert any(detect_script(q["name"]) == "Arab" for q in EXAMPLE_QUERIES)
    assert any("birth_date" in q for q in EXAMPLE_QUERIES)
    for query in EXAMPLE_QUERIES:
        assert query["name"] and query["why"]
        assert set(query["expect"]) <= refs
