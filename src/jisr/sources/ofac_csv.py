"""Reader for OFAC's legacy SDN CSV set: ``sdn.csv`` plus ``alt.csv``, ``add.csv`` and
``sdn_comments.csv`` found beside it (names matched case-insensitively).

No header; ``-0-`` means empty; the files may end with the DOS end-of-file byte 0x1A. Encoding:
UTF-8 if it decodes, otherwise cp1252 (OFAC's historical encoding); NUL bytes mean binary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from jisr.model import JisrInputError, ParsedList, Prop, Record, Schema
from jisr.sources.ofac_ids import add_name, add_remarks, split_person_name

FORMAT = "ofac-csv"
DATASET = "us_ofac_sdn"
TITLE = "US OFAC Specially Designated Nationals (SDN) List"

SDN_COLUMNS = 12
_SCHEMAS = {"individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRCRAFT}
_ALT_PROPS = {
    "aka": (Prop.ALIAS, "aka"),
    "a.k.a.": (Prop.ALIAS, "aka"),
    "fka": (Prop.PREVIOUS_NAME, "fka"),
    "f.k.a.": (Prop.PREVIOUS_NAME, "fka"),
    "nka": (Prop.ALIAS, "nka"),
    "n.k.a.": (Prop.ALIAS, "nka"),
}
_VESSEL = (
    (5, "callSign"),
    (6, "vesselType"),
    (7, "tonnage"),
    (8, "grossRegisteredTonnage"),
    (9, "flag"),
    (10, "owner"),
)


def empty(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-0-") else value


def decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise JisrInputError(path, "binary data (NUL bytes): not an OFAC CSV file")
    try:
        textdata = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        textdata = data.decode("cp1252", errors="strict") if _cp1252_ok(data) else ""
        if not textdata:
            raise JisrInputError(path, "neither UTF-8 nor cp1252 text") from None
    return textdata.rstrip("\x1a\r\n ")


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells) of an OFAC CSV file, checking shape and the numeric ent_num."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JisrInputError(path, f"cannot read file: {exc.strerror or exc}") from exc
    textdata = decode(path, data)
    if not textdata.strip():
        raise JisrInputError(path, "file is empty")
    reader = csv.reader(io.StringIO(textdata, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            if cells and not (len(cells) == 1 and not cells[0].strip()):
                _check(path, cells, columns, line)
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as exc:
        raise JisrInputError(path, f"broken CSV quoting: {exc}", f"line {line}") from exc


def _check(path: Path, cells: list[str], columns: int, line: int) -> None:
    if len(cells) != columns:
        raise JisrInputError(
            path, f"expected {columns} columns, found {len(cells)}", f"line {line}"
        )
    if not cells[0].strip().isdigit():
        raise JisrInputError(
            path, f"first column (ent_num) is not a number: {cells[0][:30]!r}", f"line {line}"
        )


def _sibling(path: Path, name: str) -> Path | None:
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == name:
            return candidate
    return None


def read_ofac_csv(path: Path) -> ParsedList:
    records: dict[str, Record] = {}
    remarks: dict[str, str] = {}
    for line, cells in rows(path, SDN_COLUMNS):
        ent = cells[0].strip()
        kind = (empty(cells[2]) or "").lower()
        record = Record(ent, _SCHEMAS.get(kind, Schema.ORGANIZATION), location=f"line {line}")
        name = empty(cells[1])
        if not name:
            raise JisrInputError(path, "entry without a name", f"line {line}")
        add_name(record, Prop.NAME, name, None)
        if record.schema is Schema.PERSON and (parts := split_person_name(name)):
            record.add(Prop.LAST_NAME, parts[0])
            record.add(Prop.FIRST_NAME, parts[1])
        record.add(Prop.SOURCE_ID, ent)
        record.add(Prop.REFERENCE, ent)
        for program in (empty(cells[3]) or "").split("] ["):
            record.add(Prop.PROGRAM, program.strip("[] "))
        record.add(Prop.TITLE, empty(cells[4]))
        for index, prop in _VESSEL:
            record.add(prop, empty(cells[index]))
        remarks[ent] = empty(cells[11]) or ""
        records[ent] = record
    _read_comments(path, remarks)
    for ent, text in remarks.items():
        add_remarks(records[ent], text)
    _read_alt(path, records)
    _read_add(path, records)
    return ParsedList(DATASET, TITLE, FORMAT, list(records.values()))


def _owner(path: Path, records: dict[str, Record], ent: str, line: int) -> Record:
    record = records.get(ent)
    if record is None:
        raise JisrInputError(path, f"ent_num {ent} is not in sdn.csv", f"line {line}")
    return record


def _read_comments(path: Path, remarks: dict[str, str]) -> None:
    comments = _sibling(path, "sdn_comments.csv")
    if comments is None:
        return
    for line, cells in rows(comments, 2):
        ent = cells[0].strip()
        if ent not in remarks:
            raise JisrInputError(comments, f"ent_num {ent} is not in sdn.csv", f"line {line}")
        remarks[ent] += empty(cells[1]) or ""


def _read_alt(path: Path, records: dict[str, Record]) -> None:
    alt = _sibling(path, "alt.csv")
    if alt is None:
        return
    for line, cells in rows(alt, 5):
        record = _owner(alt, records, cells[0].strip(), line)
        kind = (empty(cells[2]) or "aka").lower()
        prop, label = _ALT_PROPS.get(kind, (Prop.ALIAS, kind))
        name = empty(cells[3])
        if not name:
            raise JisrInputError(alt, "alias without a name", f"line {line}")
        note = empty(cells[4])
        if note and "weak" in note.lower():
            prop = Prop.WEAK_ALIAS
        add_name(record, prop, name, label, **({"remarks": note} if note else {}))


def _read_add(path: Path, records: dict[str, Record]) -> None:
    add = _sibling(path, "add.csv")
    if add is None:
        return
    for line, cells in rows(add, 6):
        record = _owner(add, records, cells[0].strip(), line)
        street, city, country, note = (empty(cells[i]) for i in (2, 3, 4, 5))
        value = ", ".join(v for v in (street, city, country) if v)
        record.add(
            Prop.ADDRESS,
            value or note,
            extra={"street": street, "city": city, "country": country, "note": note},
        )
