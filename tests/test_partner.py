"""Partner lists: mapping files, CSV / JSON Lines / FtM import, per-row errors. All data FICTIONAL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from jisr.model import JisrInputError, Prop, Record, Schema
from jisr.sources.partner import (
    Mapping,
    PartnerResult,
    load_mapping,
    parse_date,
    read_partner,
    write_rejected,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "partners"


def by_ref(result: PartnerResult) -> dict[str, Record]:
    return {r.reference: r for r in result.parsed.records}


def names(record: Record, prop: str = Prop.NAME) -> set[tuple[str, str | None]]:
    return {(s.value, s.script) for s in record.statements if s.prop == prop}


def docs(record: Record) -> list[tuple[str, str | None, str | None]]:
    return [
        (s.value, s.qualifier, (s.extra or {}).get("country"))
        for s in record.statements
        if s.prop == Prop.DOCUMENT
    ]


@pytest.fixture(scope="module")
def dz() -> PartnerResult:
    mapping = load_mapping(EXAMPLES / "dz_wanted.mapping.toml")
    return read_partner(EXAMPLES / "dz_wanted.csv", mapping)


@pytest.fixture(scope="module")
def tn() -> PartnerResult:
    mapping = load_mapping(EXAMPLES / "tn_wanted.mapping.toml")
    return read_partner(EXAMPLES / "tn_wanted.jsonl", mapping)


# --- the worked examples ---------------------------------------------------------------------


def test_dz_example_imports(dz: PartnerResult) -> None:
    parsed = dz.parsed
    assert parsed.format == "partner-csv"
    assert parsed.dataset == "dz_dgsn_wanted"
    assert parsed.is_demo
    assert dz.owner == "DZ-DGSN" and dz.sharing == "partners"
    assert len(parsed.records) == 20
    assert dz.rejected == [] and dz.warnings == []
    assert all(r.schema is Schema.PERSON for r in parsed.records)

    rec = by_ref(dz)["DZ-2024-001"]
    assert names(rec) == {("Abdelkader BENALI", "Latn"), ("عبد القادر بن علي", "Arab")}
    assert names(rec, Prop.ALIAS) == {("Abou Djaafar", "Latn"), ("أبو جعفر", "Arab")}
    assert rec.values(Prop.FIRST_NAME) == ["Abdelkader"]
    assert rec.values(Prop.LAST_NAME) == ["BENALI"]
    assert rec.values(Prop.BIRTH_DATE) == ["1971-03-12"]
    assert rec.values(Prop.LISTED_ON) == ["2024-01-15"]
    assert rec.values(Prop.NATIONALITY) == ["DZ"]
    assert rec.values(Prop.BIRTH_PLACE) == ["Blida"]
    assert docs(rec) == [("071234567", "passport", "DZ")]
    assert rec.location == "line 2"
    arabic = next(s for s in rec.statements if s.script == "Arab" and s.prop == Prop.NAME)
    assert arabic.extra == {"lang": "ara"}


@pytest.mark.parametrize(
    ("ref", "dob"),
    [
        ("DZ-2024-002", ["1968"]),  # year only
        ("DZ-2024-004", ["1975/1977"]),  # range "1975-1977"
        ("DZ-2024-006", ["1979"]),  # 00/00/1979
        ("DZ-2024-013", ["1991-09-09"]),
    ],
)
def test_dz_dates_normalised(dz: PartnerResult, ref: str, dob: list[str]) -> None:
    assert by_ref(dz)[ref].values(Prop.BIRTH_DATE) == dob


def test_dz_nationalities(dz: PartnerResult) -> None:
    recs = by_ref(dz)
    assert recs["DZ-2024-008"].values(Prop.NATIONALITY) == ["DZ", "TN"]  # algérienne/tunisienne
    assert recs["DZ-2024-018"].values(Prop.NATIONALITY) == ["DZ", "FR"]
    assert recs["DZ-2024-012"].values(Prop.NATIONALITY) == ["DZ"]  # already a code
    assert recs["DZ-2024-002"].values(Prop.DOCUMENT) == []  # empty passport cell


def test_tn_example_imports(tn: PartnerResult) -> None:
    parsed = tn.parsed
    assert parsed.format == "partner-jsonl"
    assert parsed.dataset == "tn_dgsn_wanted"
    assert tn.owner == "TN-DGSN"
    assert len(parsed.records) == 22
    assert tn.rejected == [] and tn.warnings == []
    schemas = [r.schema for r in parsed.records]
    assert schemas.count(Schema.PERSON) == 21 and schemas.count(Schema.ORGANIZATION) == 1

    recs = by_ref(tn)
    rec = recs["TN-0107"]
    assert names(rec) == {("Abdulkadir bin Ali", "Latn"), ("عبدالقادر بن علي", "Arab")}
    assert names(rec, Prop.ALIAS) == {("Abu Jaafar", "Latn"), ("أبو جعفر", "Arab")}
    assert rec.values(Prop.BIRTH_DATE) == ["1971-03-12"]
    assert docs(rec) == [("071234567", "passport", "DZ")]
    assert recs["TN-0109"].values(Prop.BIRTH_DATE) == []
    assert docs(recs["TN-0109"]) == [("081122334", "passport", "DZ")]  # country "Algeria"
    assert docs(recs["TN-0102"]) == [("05123987", "national id", "TN")]
    assert recs["TN-0103"].values(Prop.NATIONALITY) == ["DZ"]  # "Algerian"
    assert recs["TN-0104"].values(Prop.NATIONALITY) == ["DZ", "TN"]
    assert recs["TN-0115"].values(Prop.BIRTH_DATE) == ["1976"]
    assert recs["TN-0116"].values(Prop.BIRTH_DATE) == ["1974/1976"]
    assert recs["TN-0110"].schema is Schema.ORGANIZATION
    assert recs["TN-0121"].values(Prop.GENDER) == ["female"]


def test_truth_file_is_consistent(dz: PartnerResult, tn: PartnerResult) -> None:
    """Every reference in truth.csv exists; 'same' pairs agree on birth year and documents."""
    recs = {**by_ref(dz), **by_ref(tn)}
    with (EXAMPLES / "truth.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    same = [r for r in rows if r["relation"] == "same"]
    assert len(same) == 8
    assert {r["relation"] for r in rows} == {"same", "different"}

    def years(rec: Record) -> set[int]:
        out: set[int] = set()
        for value in rec.values(Prop.BIRTH_DATE):
            low, _, high = value.partition("/")
            out.update(range(int(low[:4]), int((high or low)[:4]) + 1))
        return out

    for row in rows:
        a, b = recs[row["ref_a"]], recs[row["ref_b"]]
        if row["relation"] == "same":
            assert a.reference.startswith("DZ") and b.reference.startswith("TN")
            docs_a, docs_b = set(a.values(Prop.DOCUMENT)), set(b.values(Prop.DOCUMENT))
            assert (years(a) & years(b)) or (docs_a & docs_b), row
            if years(a) and years(b):
                assert years(a) & years(b), row
        else:
            assert not (years(a) & years(b)) or a.values(Prop.BIRTH_DATE) != b.values(
                Prop.BIRTH_DATE
            ), row


def test_ftm_sample() -> None:
    mapping = load_mapping(EXAMPLES / "ftm_sample.mapping.toml")
    assert mapping.format is None  # minimal mapping: detected
    result = read_partner(EXAMPLES / "ftm_sample.json", mapping)
    assert result.parsed.format == "partner-ftm"
    assert result.owner == "XX-EXAMPLE"
    recs = by_ref(result)
    assert set(recs) == {"fic-p-001", "fic-p-002", "fic-c-001", "fic-v-001"}
    assert recs["fic-c-001"].schema is Schema.ORGANIZATION
    assert recs["fic-v-001"].schema is Schema.VESSEL
    p1 = recs["fic-p-001"]
    assert names(p1, Prop.ALIAS) == {("خالد المنصوري", "Arab"), ("Abu Salim", "Latn")}
    assert p1.values(Prop.BIRTH_DATE) == ["1978-05"]
    assert p1.values(Prop.NATIONALITY) == ["LY"]
    assert docs(p1) == [("LY4455667", "passport", None)]
    assert p1.values(Prop.PROGRAM) == ["Fictional partner watchlist"]  # from the Sanction
    assert p1.values(Prop.LISTED_ON) == ["2023-09-01"]
    assert p1.values("ftm:topics") == ["wanted"]
    p2 = recs["fic-p-002"]
    assert docs(p2) == [("MA7788990", "passport", "MA")]  # from the Passport entity
    assert p2.values(Prop.ADDRESS) == ["12 rue Imaginaire, Casablanca (fictional)"]


def test_ftm_nested_and_errors(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, '[source]\ndataset = "x"\nowner = "XX"\n[file]\nformat = "ftm"\n')
    lines = [
        {
            "id": "a",
            "schema": "Person",
            "properties": {
                "name": ["Fictional One"],
                "identification": [
                    {
                        "schema": "Identification",
                        "properties": {"number": ["X1"], "country": ["tn"]},
                    }
                ],
            },
        },
        {"id": "b", "schema": "Person", "properties": {"birthDate": ["soon"]}},
        {"id": "a", "schema": "Airplane", "properties": {"name": ["Dup"]}},
        {"id": "c", "schema": "Ownership", "properties": {}},
    ]
    data = tmp_path / "e.json"
    data.write_text("\n".join(json.dumps(x) for x in lines) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(JisrInputError) as err:
        read_partner(data, mapping)
    msg = str(err.value)
    assert "line 2: birthDate: 'soon' is not an ISO date" in msg
    assert "line 2: empty name" in msg
    assert "line 3: duplicate id 'a' (first on line 1)" in msg
    assert "line 5: bad JSON" in msg
    result = read_partner(data, mapping, skip_bad_rows=True)
    assert [r.reference for r in result.parsed.records] == ["a"]
    assert docs(result.parsed.records[0]) == [("X1", "id", "TN")]
    assert [r.line for r in result.rejected] == [2, 3, 5]
    assert "1 Ownership entity not imported" in result.warnings


# --- row errors ------------------------------------------------------------------------------

MAPPING = """
[source]
dataset = "test_list"
owner = "XX-TEST"

[file]
format = "csv"
delimiter = ";"

[record]
reference = "ref"

[[name]]
parts = ["prenom", "nom"]
script = "Latn"

[[name]]
column = "nom_arabe"
script = "Arab"

[[date]]
column = "ddn"
formats = ["%d/%m/%Y", "%Y"]

[[document]]
column = "passeport"
type = "passport"
country = "DZ"
"""

HEADER = "ref;nom;prenom;nom_arabe;ddn;passeport\n"


def _mapping(tmp_path: Path, text: str = MAPPING, name: str = "m.toml") -> Mapping:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def _csv(tmp_path: Path, body: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "list.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return path


BAD_BODY = (
    "A1;ALPHA;Un;;01/02/1970;P1\n"  # line 2: good
    "A2;BETA;Deux;;31/02/1970;\n"  # line 3: bad date
    "A3;;;;1971;\n"  # line 4: empty name
    "A4;GAMMA;Trois\n"  # line 5: wrong column count
    "A1;DELTA;Quatre;;1972;\n"  # line 6: duplicate reference
    "A5;;;إسم;1960-1965;\n"  # line 7: good (Arabic name only, range)
)


def test_row_errors_reject_the_whole_import(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    path = _csv(tmp_path, BAD_BODY)
    with pytest.raises(JisrInputError) as err:
        read_partner(path, mapping)
    msg = str(err.value)
    assert str(path) in msg
    assert "4 bad row(s)" in msg and "nothing was stored" in msg
    assert "line 3: ddn: cannot read date '31/02/1970'" in msg
    assert "line 4: empty name" in msg
    assert "line 5: expected 6 columns, found 3" in msg
    assert "line 6: duplicate reference 'A1' (first on line 2)" in msg


def test_skip_bad_rows_and_rejected_file(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    path = _csv(tmp_path, BAD_BODY)
    result = read_partner(path, mapping, skip_bad_rows=True)
    recs = by_ref(result)
    assert list(recs) == ["A1", "A5"]
    assert recs["A5"].values(Prop.BIRTH_DATE) == ["1960/1965"]
    assert names(recs["A5"]) == {("إسم", "Arab")}
    assert [r.line for r in result.rejected] == [3, 4, 5, 6]
    assert result.rejected[0].raw == "A2;BETA;Deux;;31/02/1970;"

    out = tmp_path / "rejected.csv"
    write_rejected(result.rejected, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["line"] for r in rows] == ["3", "4", "5", "6"]
    assert rows[2]["raw"] == "A4;GAMMA;Trois"
    assert "expected 6 columns" in rows[2]["errors"]


def test_all_errors_of_a_row_and_the_first_twenty(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    body = "B1;;;;demain;\n" + "".join(f"C{i};X;Y;;bad;\n" for i in range(30))
    with pytest.raises(JisrInputError) as err:
        read_partner(_csv(tmp_path, body), mapping)
    msg = str(err.value)
    assert "line 2: empty name" in msg and "line 2: ddn: cannot read date 'demain'" in msg
    assert "31 bad row(s), 32 problem(s)" in msg
    assert msg.count("\n  line ") == 20
    assert "... and 12 more" in msg


def test_multiline_csv_field_keeps_line_numbers(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    body = 'D1;"LONG\nNAME";Un;;1970;\nD2;X;Y;;never;\n'
    result = read_partner(_csv(tmp_path, body), mapping, skip_bad_rows=True)
    assert result.parsed.records[0].first(Prop.NAME) == "Un LONG NAME"
    assert [r.line for r in result.rejected] == [4]


def test_future_birth_date_is_an_error(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    result = read_partner(_csv(tmp_path, "E1;X;Y;;2999;\n"), mapping, skip_bad_rows=True)
    assert "in the future" in result.rejected[0].errors[0]


def test_declared_script_mismatch_is_a_warning(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    result = read_partner(_csv(tmp_path, "F1;X;Y;Latin Name;1970;\n"), mapping)
    assert ("Latin Name", "Latn") in names(result.parsed.records[0])
    assert "line 2: nom_arabe: 'Latin Name' is in script Latn, not Arab" in result.warnings[0]


# --- mapping errors --------------------------------------------------------------------------


def test_unknown_column_names_the_mapping_file(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, MAPPING.replace('"nom_arabe"', '"nom_arab"'))
    with pytest.raises(JisrInputError) as err:
        read_partner(_csv(tmp_path, "A1;X;Y;;1970;\n"), mapping)
    assert err.value.path == str(tmp_path / "m.toml")
    assert err.value.location == "name[2]"
    assert "column 'nom_arab' is not in the header of list.csv" in err.value.message
    assert "did you mean 'nom_arabe'?" in err.value.message


def test_unknown_jsonl_key_names_the_mapping_file(tmp_path: Path) -> None:
    text = (EXAMPLES / "tn_wanted.mapping.toml").read_text(encoding="utf-8")
    mapping = _mapping(tmp_path, text.replace('column = "pob"', 'column = "place_of_birth"'))
    with pytest.raises(JisrInputError) as err:
        read_partner(EXAMPLES / "tn_wanted.jsonl", mapping)
    assert err.value.path == str(tmp_path / "m.toml")
    assert "key 'place_of_birth' is in no row of tn_wanted.jsonl" in err.value.message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('owner = "XX-TEST"', ""), "missing required key 'owner'"),
        (('reference = "ref"', 'refrence = "ref"'), "unknown key 'refrence' (did you mean"),
        (('format = "csv"', 'format = "xlsx"'), "format must be one of csv, jsonl, ftm"),
        (('"%d/%m/%Y", "%Y"', '"%d/%m"'), "has no year"),
        (('type = "passport"', 'type = "passport"\ncountry_column = "x"'), "not both"),
        (("[[date]]", "[source2]\n[[date]]"), "unknown key 'source2'"),
        (('country = "DZ"', 'country = "Atlantis"'), "not a country code"),
        (("[[name]]\nparts", "[[name]]\nprop = 'nickname'\nparts"), "a name's prop"),
        (('dataset = "test_list"', 'dataset = "Test List"'), "must be lower-case"),
        (("[[date]]", 'sharing = "everyone"\n[[date]]'), "unknown key 'sharing'"),
        ((']\nreference = "ref"', ']\nreference = "ref"\nschema = "Robot"'), "unknown schema"),
        (("delimiter", "delimiter = ;\n#"), "not valid TOML"),
    ],
)
def test_mapping_errors(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in MAPPING
    with pytest.raises(JisrInputError) as err:
        _mapping(tmp_path, MAPPING.replace(old, new, 1))
    assert expected in str(err.value)
    assert str(tmp_path / "m.toml") in str(err.value)


def test_bad_sharing_level(tmp_path: Path) -> None:
    text = MAPPING.replace('owner = "XX-TEST"', 'owner = "XX-TEST"\nsharing = "everyone"')
    with pytest.raises(JisrInputError, match="sharing must be one of"):
        _mapping(tmp_path, text)


# --- encoding --------------------------------------------------------------------------------


def test_bad_encoding_names_file_and_line(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    path = _csv(tmp_path, "A1;X;Y;;1970;\nA2;HÉLÈNE;Zoé;;1971;\n", encoding="cp1252")
    with pytest.raises(JisrInputError) as err:
        read_partner(path, mapping)
    assert err.value.path == str(path)
    assert err.value.location == "line 3"
    assert "not valid utf-8" in err.value.message and "encoding" in err.value.message

    declared = _mapping(
        tmp_path, MAPPING.replace('delimiter = ";"', 'delimiter = ";"\nencoding = "cp1252"')
    )
    result = read_partner(path, declared)
    assert by_ref(result)["A2"].first(Prop.NAME) == "Zoé HÉLÈNE"


def test_utf8_bom_and_cp1256(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff".encode() + (HEADER + "A1;X;Y;;1970;\n").encode())
    assert len(read_partner(path, mapping).parsed.records) == 1

    arabic = _mapping(
        tmp_path, MAPPING.replace('delimiter = ";"', 'delimiter = ";"\nencoding = "cp1256"')
    )
    path = _csv(tmp_path, "A1;;;محمد بن علي;1970;\n", encoding="cp1256")
    rec = read_partner(path, arabic).parsed.records[0]
    assert names(rec) == {("محمد بن علي", "Arab")}


# --- JSON Lines errors -----------------------------------------------------------------------


def test_jsonl_bad_json_line(tmp_path: Path) -> None:
    mapping = load_mapping(EXAMPLES / "tn_wanted.mapping.toml")
    lines = (EXAMPLES / "tn_wanted.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"id": "TN-9", "name_en": ')
    lines.insert(4, "[1, 2]")
    path = tmp_path / "tn.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(JisrInputError) as err:
        read_partner(path, mapping)
    assert "line 3: bad JSON" in str(err.value)
    assert "line 5: expected a JSON object" in str(err.value)
    result = read_partner(path, mapping, skip_bad_rows=True)
    assert len(result.parsed.records) == 22
    assert [r.line for r in result.rejected] == [3, 5]


def test_jsonl_wrong_types(tmp_path: Path) -> None:
    mapping = load_mapping(EXAMPLES / "tn_wanted.mapping.toml")
    rows = [
        {
            "id": "T1",
            "type": "person",
            "name_en": "Fictional A",
            "name_ar": None,
            "aliases": [],
            "aliases_ar": [],
            "dob": 1970,
            "listed": "2024-01-01",
            "nationality": [],
            "pob": None,
            "passport_no": None,
            "passport_country": None,
            "national_id": None,
            "gender": None,
            "reason": None,
        },
        {"id": "T2", "type": "robot", "name_en": {"x": 1}, "dob": "1970-13-01"},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = read_partner(path, mapping, skip_bad_rows=True)
    assert by_ref(result)["T1"].values(Prop.BIRTH_DATE) == ["1970"]  # a JSON number
    errors = result.rejected[0].errors
    assert any("unknown type 'robot'" in e for e in errors)
    assert any("name_en: expected text, found a JSON dict" in e for e in errors)
    assert any("cannot read date '1970-13-01'" in e for e in errors)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "formats", "expected"),
    [
        ("12/03/1971", ["%d/%m/%Y", "%Y"], "1971-03-12"),
        ("3/5/1971", ["%d/%m/%Y"], "1971-05-03"),
        ("1971", ["%d/%m/%Y", "%Y"], "1971"),
        ("05/1971", ["%m/%Y"], "1971-05"),
        ("1970-1972", ["%d/%m/%Y", "%Y"], "1970/1972"),
        ("1970 - 1972", ["%Y"], "1970/1972"),
        ("entre 1968 et 1972", ["%Y"], "1968/1972"),
        ("1968/1972", ["%Y-%m-%d", "%Y"], "1968/1972"),
        ("01/01/1970-1972", ["%d/%m/%Y", "%Y"], "1970-01-01/1972"),
        ("00/00/1975", ["%d/%m/%Y"], "1975"),
        ("00/05/1975", ["%d/%m/%Y"], "1975-05"),
        ("١٢/٠٣/١٩٧١", ["%d/%m/%Y"], "1971-03-12"),
        ("1971-03-12", ["%Y-%m-%d", "%Y"], "1971-03-12"),
        ("12 mars 1971", ["%d %B %Y"], None),  # locale month names are not guessed
        ("1972-1970", ["%Y"], None),
        ("31/02/1970", ["%d/%m/%Y"], None),
    ],
)
def test_parse_date(text: str, formats: list[str], expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            parse_date(text, formats)
    else:
        assert parse_date(text, formats) == expected


def test_ranges_can_be_switched_off() -> None:
    with pytest.raises(ValueError):
        parse_date("1970-1972", ["%Y"], ranges=False)


def test_quote_never_closed_is_a_row_error(tmp_path: Path) -> None:
    """A quote that is never closed does not swallow the rest of the file as one field: the
    row is reported, the rows before it are read."""
    mapping = _mapping(tmp_path)
    body = 'A1;ALPHA;Un;;01/02/1970;P1\nA2;"BETA;Deux;;1970;\nA3;GAMMA;Trois;;1971;\n'
    with pytest.raises(JisrInputError) as err:
        read_partner(_csv(tmp_path, body), mapping)
    assert "line 3: bad CSV: a quoted field opened in this row is never closed" in str(err.value)
    result = read_partner(_csv(tmp_path, body), mapping, skip_bad_rows=True)
    assert list(by_ref(result)) == ["A1"]
    # text after a closing quote, as lenient CSV readers take it, is read
    lenient = 'A1;"ALPHA" BIS;Un;;01/02/1970;P1\nA2;"BETA" ;Deux;;1970;\n'
    recs = by_ref(read_partner(_csv(tmp_path, lenient), mapping))
    assert list(recs) == ["A1", "A2"]
