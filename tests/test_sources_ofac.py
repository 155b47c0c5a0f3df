"""OFAC readers: the SDN CSV set and the XML export, read from ../shared/data/ofac."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jisr.model import ParsedList, Prop, Record, Schema
from jisr.sources import detect_format, read_list
from jisr.sources.ofac_csv import rows
from jisr.sources.ofac_ids import birth_date, iso_date

CSV_DIR = "ofac/bench_2021-07"
CONS = "ofac/nonsdn_consolidated_2026-01-08/CONSOLIDATED.XML"


@pytest.fixture(scope="module")
def sdn(shared_data: Path) -> ParsedList:
    return read_list(shared_data / CSV_DIR / "sdn.csv")


@pytest.fixture(scope="module")
def cons(shared_data: Path) -> ParsedList:
    return read_list(shared_data / CONS)


def by_ref(parsed: ParsedList, ref: str) -> Record:
    return next(r for r in parsed.records if r.reference == ref)


def test_detect(shared_data: Path) -> None:
    assert detect_format(shared_data / CSV_DIR / "sdn.csv") == "ofac-csv"
    assert detect_format(shared_data / CONS) == "ofac-xml"


def test_csv_counts(sdn: ParsedList, shared_data: Path) -> None:
    assert (sdn.format, sdn.dataset) == ("ofac-csv", "us_ofac_sdn")
    assert len(sdn.records) == 8976
    assert Counter(r.schema for r in sdn.records) == {
        Schema.PERSON: 4620,
        Schema.ORGANIZATION: 3673,
        Schema.VESSEL: 406,
        Schema.AIRCRAFT: 277,
    }
    listed_aliases = Counter(
        s.qualifier for r in sdn.records for s in r.names() if s.qualifier in ("aka", "fka", "nka")
    )
    assert sum(listed_aliases.values()) == 11910
    assert listed_aliases == {"aka": 11523, "fka": 369, "nka": 18}
    # 13,837 address rows; 2,397 of them are entirely -0- and carry no address
    assert sum(1 for _ in rows(shared_data / CSV_DIR / "add.csv", 6)) == 13837
    assert sum(len(r.values(Prop.ADDRESS)) for r in sdn.records) == 13837 - 2397


def test_csv_person(sdn: ParsedList) -> None:
    rec = by_ref(sdn, "10950")
    assert rec.schema is Schema.PERSON
    assert rec.first(Prop.NAME) == "CONDE RUBIO, Nancy"
    assert ("Nancy CONDE RUBIO", "reordered") in [(s.value, s.qualifier) for s in rec.names()]
    assert rec.values(Prop.LAST_NAME) == ["CONDE RUBIO"]
    assert rec.values(Prop.BIRTH_DATE) == ["1972-09-02", "1973-11-19"]
    assert rec.values(Prop.BIRTH_PLACE) == ["Bogota, Colombia"]
    assert rec.values(Prop.NATIONALITY) == ["Colombia"]
    assert rec.values(Prop.CITIZENSHIP) == ["Colombia"]
    doc = next(s for s in rec.statements if s.prop == Prop.DOCUMENT)
    assert (doc.value, doc.qualifier, doc.extra) == (
        "20645502",
        "Cedula No.",
        {"type": "Cedula No.", "country": "Colombia"},
    )
    assert "MARITZA" in rec.values(Prop.WEAK_ALIAS)
    assert rec.first(Prop.REMARK).startswith("DOB 02 Sep 1972; alt. DOB 19 Nov 1973")


def test_csv_entity_vessel_and_programs(sdn: ParsedList) -> None:
    bank = by_ref(sdn, "306")
    assert bank.schema is Schema.ORGANIZATION
    assert bank.values(Prop.ALIAS) == ["NATIONAL BANK OF CUBA"]
    assert bank.values(Prop.WEAK_ALIAS) == ["BNC"]
    assert len(bank.values(Prop.ADDRESS)) == 4
    ship = by_ref(sdn, "4243")
    assert ship.schema is Schema.VESSEL
    assert ship.first("callSign") == "P3QG3"
    assert ship.first("flag") == "Cyprus"
    assert ship.first("grossRegisteredTonnage") == "1116"
    assert ship.values(Prop.PREVIOUS_NAME) == ["ANA I"]
    assert by_ref(sdn, "8868").values(Prop.PROGRAM) == ["SYRIA", "IRAQ2"]
    assert by_ref(sdn, "8868").values(Prop.TITLE) == ["Brigadier General; Major General"]


def test_csv_comments_continue_remarks(sdn: ParsedList) -> None:
    rec = by_ref(sdn, "28264")
    remark = rec.first(Prop.REMARK)
    assert remark and "Phone Number 8613314257947" in remark
    assert "blackjack1987" in rec.values(Prop.WEAK_ALIAS)


def test_csv_all_names_nonempty(sdn: ParsedList) -> None:
    for rec in sdn.records:
        assert rec.first(Prop.NAME)
        for s in rec.names():
            assert s.value and s.value != "-0-"


def test_xml_consolidated(cons: ParsedList) -> None:
    assert (cons.format, cons.dataset) == ("ofac-xml", "us_ofac_cons")
    assert cons.published_at == "2026-01-08"
    assert len(cons.records) == 442
    akas = [s for r in cons.records for s in r.names() if s.qualifier in ("aka", "fka", "nka")]
    assert len(akas) == 1144
    assert Counter(s.extra["category"] for s in akas if s.extra) == {"strong": 1072, "weak": 72}
    rec = by_ref(cons, "9639")
    assert rec.schema is Schema.PERSON
    assert rec.first(Prop.NAME) == "HANIYA, Ismail Abdul Salah"
    assert "Ismail Abdul Salah HANIYA" in rec.values(Prop.ALIAS)
    assert rec.values(Prop.BIRTH_DATE) == ["1962"]
    assert rec.values(Prop.BIRTH_PLACE) == ["Shati"]
    assert rec.values(Prop.PROGRAM) == ["NS-PLC"]


def test_xml_ids_mapped(cons: ParsedList) -> None:
    props = Counter(s.prop for r in cons.records for s in r.statements)
    assert props["website"] == 176 and props["email"] == 125
    assert props["jurisdiction"] == 12
    docs = Counter(s.qualifier for r in cons.records for s in r.statements if s.prop == "idNumber")
    assert docs["Tax ID No."] == 222
    assert "Website" not in docs and "Secondary sanctions risk:" not in docs


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("01 Jan 1960", "1960-01-01", "exact"),
        ("Jan 1960", "1960-01", "exact"),
        ("1961", "1961", "exact"),
        ("circa 1960", "1960", "circa"),
        ("1958 to 1960", "1958/1960", "range"),
        ("01 Jan 1958 to 31 Dec 1960", "1958-01-01/1960-12-31", "range"),
    ],
)
def test_birth_dates(raw: str, value: str, kind: str) -> None:
    assert birth_date(raw) == (value, kind)


def test_iso_date_xml_form() -> None:
    assert iso_date("01/08/2026") == "2026-01-08"


def test_xml_list_told_apart_by_content(shared_data: Path, tmp_path: Path) -> None:
    link = tmp_path / "export.xml"
    link.symlink_to(shared_data / CONS)
    assert read_list(link).dataset == "us_ofac_cons"
