"""UN Security Council consolidated list XML, read from the real files in ../shared/data/un."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jisr.model import ParsedList, Prop, Record, Schema
from jisr.sources import detect_format, read_list
from jisr.sources.un_names import names_from_note, split_alias

FEB = "un/un_consolidated_2026-02-27.xml"
JAN = "un/un_consolidated_2026-01-28.xml"


@pytest.fixture(scope="module")
def feb(shared_data: Path) -> ParsedList:
    return read_list(shared_data / FEB)


def by_ref(parsed: ParsedList, ref: str) -> Record:
    return next(r for r in parsed.records if r.reference == ref)


def test_detect(shared_data: Path) -> None:
    assert detect_format(shared_data / FEB) == "un-xml"


def test_february_counts(feb: ParsedList) -> None:
    assert feb.format == "un-xml"
    assert feb.dataset == "un_sc"
    assert feb.published_at == "2026-02-27"
    counts = Counter(r.schema for r in feb.records)
    assert counts == {Schema.PERSON: 730, Schema.ORGANIZATION: 273}
    assert len({r.reference for r in feb.records}) == 1003


def test_january_counts_and_update(shared_data: Path, feb: ParsedList) -> None:
    jan = read_list(shared_data / JAN)
    assert jan.published_at == "2026-01-28"
    assert Counter(r.schema for r in jan.records) == {Schema.PERSON: 726, Schema.ORGANIZATION: 273}
    added = {r.reference for r in feb.records} - {r.reference for r in jan.records}
    assert added == {"SDi.007", "SDi.008", "SDi.009", "SDi.010"}


def test_original_script_names(feb: ParsedList) -> None:
    originals = [
        r
        for r in feb.records
        if any(s.qualifier == "original script" and s.script == "Arab" for s in r.statements)
    ]
    persons = sum(r.schema is Schema.PERSON for r in originals)
    assert (persons, len(originals) - persons) == (327, 39)


def test_qdi_299(feb: ParsedList) -> None:
    rec = by_ref(feb, "QDi.299")
    assert rec.schema is Schema.PERSON
    assert rec.location == "INDIVIDUAL[425] (QDi.299)"
    assert rec.first(Prop.NAME) == "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI"
    assert rec.values(Prop.FOURTH_NAME) == ["ALI AL-BADRI AL-SAMARRAI"]
    names = {s.value: s for s in rec.names()}
    original = names["إبراهيم عواد إبراهيم علي البدري السامرائي"]
    assert (original.prop, original.qualifier, original.script) == (
        Prop.ALIAS,
        "original script",
        "Arab",
    )
    for value, script in [
        ("أبو بكر البغدادي الحسيني القريشي", "Arab"),
        ("Abu Bakr al-Baghdadi al-Husayni al-Quraishi", "Latn"),
        ("Abu Bakr al-Baghdadi", "Latn"),
    ]:
        stmt = names[value]
        assert (stmt.prop, stmt.qualifier, stmt.script) == (Prop.WEAK_ALIAS, "Low", script)
        assert stmt.extra and stmt.extra["raw"].startswith("أبو بكر البغدادي")
    # spellings hidden in alias notes
    assert names["Abu Du’a"].qualifier == "Low (from note)"
    assert names["Abu Du’a"].prop == Prop.WEAK_ALIAS
    assert names["Ibrahim ‘Awad Ibrahim al-Samarra’i"].qualifier == "Good (from note)"
    assert not any("born in" in v or "nom de guerre" in v for v in names)
    assert rec.values(Prop.BIRTH_DATE) == ["1971"]
    assert rec.values(Prop.DOCUMENT) == ["0134852"]
    assert rec.values(Prop.LAST_UPDATED)[-1] == "2025-03-11"
    assert rec.values(Prop.TITLE) == ["Dr."]
    assert rec.first(Prop.SOURCE_ID) == "2975516"
    assert rec.first(Prop.PROGRAM) == "Al-Qaida"


def test_empty_alias_gives_no_name(feb: ParsedList) -> None:
    rec = by_ref(feb, "CDi.001")
    assert [s.value for s in rec.names()] == ["ERIC BADEGE"]
    assert rec.values(Prop.ADDRESS) == ["Rwanda"]


def test_all_alias_rows_become_names(feb: ParsedList) -> None:
    quality = Counter(
        s.qualifier
        for r in feb.records
        for s in r.names()
        if s.prop != Prop.NAME and s.qualifier in ("Good", "Low", "a.k.a.", "f.k.a.")
    )
    # at least one name per non-empty alias row (2,139 individual + 613 entity), more when split
    assert quality["Good"] >= 1524 and quality["Low"] >= 615
    assert quality["a.k.a."] + quality["f.k.a."] >= 613
    for rec in feb.records:
        for s in rec.names():
            assert s.value.strip() and not s.value.startswith(("(", ")"))


def test_dates_of_birth(feb: ParsedList) -> None:
    dobs = [s for r in feb.records for s in r.statements if s.prop == Prop.BIRTH_DATE]
    kinds = Counter(s.qualifier for s in dobs)
    assert {"EXACT", "APPROXIMATELY", "BETWEEN"} <= set(kinds)
    for s in dobs:
        assert all(p[:4].isdigit() for p in s.value.split("/")), s
    assert any(s.qualifier == "BETWEEN" and "/" in s.value for s in dobs)
    assert any(len(s.value) == 10 for s in dobs)


def test_entity_fields(feb: ParsedList) -> None:
    ent = next(r for r in feb.records if r.schema is Schema.ORGANIZATION)
    assert ent.first(Prop.NAME) and ent.reference.endswith(ent.reference[-3:])
    assert not ent.values(Prop.FIRST_NAME)
    hts = next(r for r in feb.records if "هيئة تحرير الشام" in r.values(Prop.ALIAS))
    assert "Hayat Tahrir al-Sham" in hts.values(Prop.ALIAS)
    assert "HTS" not in hts.values(Prop.ALIAS)


def test_documents_and_addresses(feb: ParsedList) -> None:
    docs = [s for r in feb.records for s in r.statements if s.prop == Prop.DOCUMENT]
    assert len(docs) >= 450
    assert any(s.qualifier == "Passport" and s.extra and s.extra.get("country") for s in docs)
    addr = by_ref(feb, "QDi.300").statements
    full = next(s for s in addr if s.prop == Prop.ADDRESS)
    assert full.value == "Ungartenstraße 6, Bonn, 53229, Germany"
    assert full.extra == {
        "street": "Ungartenstraße 6",
        "city": "Bonn",
        "zip_code": "53229",
        "country": "Germany",
        "note": "previous",
    }


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Qasim Soleimani; Qasem Sulaimani", ["Qasim Soleimani", "Qasem Sulaimani"]),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("Encep Nurjaman (birth name)", ["Encep Nurjaman"]),
        ("Lord’s Resistance Movement (LRM)", ["Lord’s Resistance Movement"]),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        ("Agha Jan Alizai اغا جان عالیزی", ["Agha Jan Alizai", "اغا جان عالیزی"]),
        ("Mohammed Sabet b) M. Javad Sabet", ["Mohammed Sabet", "M. Javad Sabet"]),
        ("華信船務(香港)有限公司", ["華信船務(香港)有限公司"]),
    ],
)
def test_split_alias(raw: str, names: list[str]) -> None:
    assert split_alias(raw).names == names


@pytest.mark.parametrize(
    ("note", "names"),
    [
        (
            "(Abu Du’a; Abu Duaa’) prominently known by this nom de guerre",
            ["Abu Du’a", "Abu Duaa’"],
        ),
        ("original script: Абу Банат", ["Абу Банат"]),
        ("Passport number: B0515260; DOB: 1948; POB: Anefif (Kidal), Mali", []),
        ("previously listed as", []),
        ("in Baghdad, Iraq (DPOB - 1970) - Passport No. 284158", []),
    ],
)
def test_names_from_note(note: str, names: list[str]) -> None:
    assert names_from_note(note) == names
