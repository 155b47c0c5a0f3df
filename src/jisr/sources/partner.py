"""Partner lists: a partner's CSV, JSON Lines or followthemoney file, read through a mapping file.

Every data row is checked completely and its problems collected with its line number. By default
one bad row rejects the whole import (nothing half-stored); with ``skip_bad_rows=True`` the good
rows are returned and the bad ones listed in :attr:`PartnerResult.rejected` (see
:func:`write_rejected`). Problems in the mapping itself (a column that is not in the file, a bad
key) are raised at once, naming the mapping file.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jisr.model import JisrInputError, ParsedList, Prop, Record, Schema, detect_script
from jisr.sources.csvcheck import UNCLOSED, ends_inside_quotes
from jisr.sources.mapping import (
    SCHEMA_NAMES,
    Mapping,
    NameSpec,
    date_precision,
    load_mapping,
    resolve_country,
)

__all__ = [
    "Mapping",
    "PartnerResult",
    "RejectedRow",
    "load_mapping",
    "parse_date",
    "read_partner",
    "write_rejected",
]

MAX_LISTED_ERRORS = 20
FORMAT_NAMES = {"csv": "partner-csv", "jsonl": "partner-jsonl", "ftm": "partner-ftm"}


@dataclass(slots=True)
class RejectedRow:
    line: int  # 1-based line in the data file (the first line of a multi-line CSV record)
    raw: str  # the row as written in the file
    errors: list[str]


@dataclass(slots=True)
class PartnerResult:
    parsed: ParsedList
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # kept rows with doubtful values
    mapping: Mapping | None = None

    @property
    def owner(self) -> str | None:
        return self.mapping.owner if self.mapping else None

    @property
    def sharing(self) -> str | None:
        return self.mapping.sharing if self.mapping else None


class _RowError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(slots=True)
class _Row:
    line: int
    raw: str
    values: dict[str, Any]


# --- entry point -------------------------------------------------------------------------------


def read_partner(path: Path, mapping: Mapping, *, skip_bad_rows: bool = False) -> PartnerResult:
    """Read a partner file with its mapping. See the module docstring for the error policy."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JisrInputError(path, f"cannot read the file: {exc.strerror or exc}") from None
    text = _decode(path, data, mapping.encoding)
    fmt = mapping.format or _detect_format(path, text)
    if fmt == "ftm":
        records, rejected, warnings = _read_ftm(path, text, mapping)
    else:
        if not mapping.has_fields:
            raise JisrInputError(
                mapping.path, f"the mapping has no fields to read a {fmt} file with", "file.format"
            )
        rows = _csv_rows(path, text, mapping) if fmt == "csv" else _jsonl_rows(text)
        records, rejected, warnings = _build_records(path, rows, mapping, fmt)

    if rejected and not skip_bad_rows:
        raise JisrInputError(path, _rejection_message(rejected))
    parsed = ParsedList(
        dataset=mapping.dataset,
        title=mapping.title,
        format=FORMAT_NAMES[fmt],
        records=records,
        published_at=mapping.published,
        is_demo=mapping.demo,
    )
    return PartnerResult(parsed, rejected, warnings, mapping)


def _rejection_message(rejected: list[RejectedRow]) -> str:
    n_errors = sum(len(r.errors) for r in rejected)
    lines = [
        f"{len(rejected)} bad row(s), {n_errors} problem(s): the import is rejected, nothing was "
        "stored (fix the rows, or skip them with --skip-bad-rows):"
    ]
    listed = 0
    for row in rejected:
        for err in row.errors:
            if listed == MAX_LISTED_ERRORS:
                lines.append(f"  ... and {n_errors - listed} more")
                return "\n".join(lines)
            lines.append(f"  line {row.line}: {err}")
            listed += 1
    return "\n".join(lines)


def write_rejected(rejected: list[RejectedRow], path: Path) -> None:
    """Write rejected rows to a UTF-8 CSV with the columns ``line``, ``errors``, ``raw``."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["line", "errors", "raw"])
        for row in rejected:
            writer.writerow([row.line, " | ".join(row.errors), row.raw])


# --- decoding and format ------------------------------------------------------------------------


def _decode(path: Path, data: bytes, encoding: str) -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.end].hex(" ")
        raise JisrInputError(
            path,
            f"the file is not valid {encoding} (byte(s) {bad} at column {column}); is it in "
            "another encoding, e.g. cp1256 (Arabic Windows), cp1252 or latin-1? "
            "Set `encoding` under [file] in the mapping file",
            f"line {line}",
        ) from None
    return unicodedata.normalize("NFC", text)


def _detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    first = text.lstrip()[:1]
    if first in ("{", "["):
        for line in text.splitlines():
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    break
                if isinstance(obj, dict) and "schema" in obj and "properties" in obj:
                    return "ftm"
                return "jsonl"
        return "ftm" if first == "[" else "jsonl"
    raise JisrInputError(path, "cannot tell the format: set `format` under [file] in the mapping")


# --- CSV and JSON Lines rows -------------------------------------------------------------------


def _csv_rows(path: Path, text: str, mapping: Mapping) -> Iterator[_Row]:
    lines = list(io.StringIO(text, newline=""))
    source = iter(lines[mapping.skip_lines :])
    fmt = {"delimiter": mapping.delimiter, "quotechar": mapping.quotechar}
    reader = csv.reader(source, **fmt)
    offset = mapping.skip_lines
    if mapping.columns:
        header = list(mapping.columns)
    else:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise JisrInputError(path, "the file is empty (no header row)") from None
        except csv.Error as exc:
            raise JisrInputError(path, f"bad header row: {exc}", f"line {offset + 1}") from None
    _check_columns(path, mapping, header, "the header of")
    dupes = {h for h in header if header.count(h) > 1 and h}
    used = {c for c, _ in mapping.used_columns()}
    if dupes & used:
        raise JisrInputError(
            path, f"column {sorted(dupes & used)[0]!r} appears twice in the header"
        )
    start = offset + reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = offset + reader.line_num
            raw = "".join(lines[start - 1 : end]).rstrip("\r\n")
            yield _Row(start, raw, {"__error__": f"bad CSV: {exc}"})
            start = end + 1
            continue
        end = offset + reader.line_num
        raw = "".join(lines[start - 1 : end]).rstrip("\r\n")
        line, start = start, end + 1
        if end > line and ends_inside_quotes(lines[line - 1 : end], **fmt):
            yield _Row(line, raw, {"__error__": f"bad CSV: {UNCLOSED}"})
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield _Row(
                line,
                raw,
                {"__error__": f"expected {len(header)} columns, found {len(cells)}"},
            )
            continue
        yield _Row(line, raw, dict(zip(header, cells, strict=True)))


def _check_columns(path: Path, mapping: Mapping, available: list[str], what: str) -> None:
    for column, where in mapping.used_columns():
        if column not in available:
            close = difflib.get_close_matches(column, available, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise JisrInputError(
                mapping.path,
                f"column {column!r} is not in {what} {path.name} (columns: "
                f"{', '.join(repr(a) for a in available)}){hint}",
                where,
            )


def _jsonl_rows(text: str) -> Iterator[_Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield _Row(number, line, {"__error__": f"bad JSON: {exc.msg} (column {exc.colno})"})
            continue
        if not isinstance(obj, dict):
            yield _Row(number, line, {"__error__": "expected a JSON object"})
            continue
        yield _Row(number, line, obj)


_MISSING = object()


def _lookup(values: dict[str, Any], column: str) -> Any:
    """A column of a CSV row, or a key (``a.b`` for nested objects) of a JSON row."""
    if column in values:
        return values[column]
    current: Any = values
    for part in column.split("."):
        if not isinstance(current, dict) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _cells(row: _Row, column: str, separator: str | None) -> list[str]:
    value = _lookup(row.values, column)
    if value is _MISSING or value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, dict | list):
            raise _RowError([f"{column}: expected text, found a JSON {type(item).__name__}"])
        text = str(item).strip() if not isinstance(item, bool) else str(item).lower()
        pieces = text.split(separator) if separator else [text]
        out += [p.strip() for p in pieces if p.strip()]
    return out


# --- building records from rows ------------------------------------------------------------------


def _build_records(
    path: Path, rows: Iterator[_Row], mapping: Mapping, fmt: str
) -> tuple[list[Record], list[RejectedRow], list[str]]:
    records: list[Record] = []
    rejected: list[RejectedRow] = []
    warnings: list[str] = []
    seen: dict[str, int] = {}
    present: set[str] = set()
    keys_seen: set[str] = set()
    columns = [c for c, _ in mapping.used_columns()]
    for row in rows:
        if "__error__" in row.values and len(row.values) == 1:
            rejected.append(RejectedRow(row.line, row.raw, [row.values["__error__"]]))
            continue
        if fmt == "jsonl":
            keys_seen.update(row.values)
            present.update(c for c in columns if _lookup(row.values, c) is not _MISSING)
        row_warnings: list[str] = []
        try:
            record = _build_record(row, mapping, row_warnings)
        except _RowError as exc:
            rejected.append(RejectedRow(row.line, row.raw, exc.errors))
            continue
        first = seen.get(record.reference)
        if first is not None:
            msg = f"duplicate reference {record.reference!r} (first on line {first})"
            rejected.append(RejectedRow(row.line, row.raw, [msg]))
            continue
        seen[record.reference] = row.line
        warnings += [f"line {row.line}: {w}" for w in row_warnings]
        records.append(record)
    if fmt == "jsonl" and keys_seen:
        for column, where in mapping.used_columns():
            if column not in present:
                close = difflib.get_close_matches(column, sorted(keys_seen), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise JisrInputError(
                    mapping.path,
                    f"key {column!r} is in no row of {path.name} (keys: "
                    f"{', '.join(repr(k) for k in sorted(keys_seen))}){hint}",
                    where,
                )
    return records, rejected, warnings


def _build_record(row: _Row, mapping: Mapping, warnings: list[str]) -> Record:
    errors: list[str] = []

    def cells(column: str, separator: str | None = None) -> list[str]:
        try:
            return _cells(row, column, separator)
        except _RowError as exc:
            errors.extend(exc.errors)
            return []

    assert mapping.reference is not None
    refs = cells(mapping.reference)
    reference = refs[0] if len(refs) == 1 else ""
    if not refs:
        errors.append(f"empty reference (column {mapping.reference!r})")
    elif len(refs) > 1:
        errors.append(f"several references in column {mapping.reference!r}")

    schema = mapping.schema
    if mapping.schema_column:
        kinds = cells(mapping.schema_column)
        kind = kinds[0].lower() if kinds else ""
        found = mapping.schema_values.get(kind) or SCHEMA_NAMES.get(kind.replace(" ", ""))
        if found is None:
            known = ", ".join(repr(k) for k in mapping.schema_values)
            errors.append(
                f"{mapping.schema_column}: unknown type {kind or '(empty)'!r} (known: {known})"
            )
        else:
            schema = found

    record = Record(reference=reference, schema=schema, location=f"line {row.line}")
    record.add(Prop.REFERENCE, reference)

    for spec in mapping.names:
        _add_names(record, spec, cells, warnings)
    if not record.values(Prop.NAME):
        columns = [c for n in mapping.names if n.prop == Prop.NAME for c in (*n.columns, *n.parts)]
        errors.append(f"empty name (columns {', '.join(repr(c) for c in columns)})")

    today = dt.date.today().isoformat()
    for dspec in mapping.dates:
        for value in cells(dspec.column, dspec.separator):
            try:
                iso = parse_date(value, dspec.formats, ranges=dspec.ranges)
            except ValueError as exc:
                errors.append(f"{dspec.column}: {exc}")
                continue
            if dspec.prop == Prop.BIRTH_DATE and iso.split("/")[0] > today:
                errors.append(f"{dspec.column}: birth date {value!r} is in the future")
                continue
            extra = {"raw": value} if iso != value else None
            record.add(dspec.prop, iso, qualifier=dspec.qualifier, extra=extra)

    for cspec in mapping.countries:
        for value in cells(cspec.column, cspec.separator):
            code = resolve_country(value, cspec.values)
            if code is None:
                if cspec.strict:
                    errors.append(f"{cspec.column}: unknown country {value!r}")
                    continue
                warnings.append(
                    f"{cspec.column}: {value!r} is not a known country (kept as text; add it to "
                    f"`values` in {cspec.where})"
                )
                record.add(cspec.prop, value)
            else:
                record.add(cspec.prop, code, extra={"raw": value} if code != value else None)

    for doc in mapping.documents:
        numbers = cells(doc.column, doc.separator)
        if not numbers:
            continue
        country = doc.country
        if doc.country_column:
            texts = cells(doc.country_column)
            if texts:
                country = resolve_country(texts[0])
                if country is None:
                    errors.append(f"{doc.country_column}: unknown country {texts[0]!r}")
                    continue
        for number in numbers:
            extra = {"type": doc.type, "country": country}
            record.add(Prop.DOCUMENT, number, qualifier=doc.type, extra=extra)

    for fspec in mapping.fields:
        values = [fspec.value] if fspec.value else cells(fspec.column or "", fspec.separator)
        for value in values:
            record.add(fspec.prop, value, qualifier=fspec.qualifier)

    if errors:
        raise _RowError(errors)
    return record


def _add_names(
    record: Record, spec: NameSpec, cells: Callable[..., list[str]], warnings: list[str]
) -> None:
    extra = {"lang": spec.lang} if spec.lang else None
    if spec.parts:
        parts = [" ".join(cells(column)) for column in spec.parts]
        full = spec.join.join(p for p in parts if p)
        values = [full] if full else []
        for prop, part in zip(spec.part_props, parts, strict=False):
            record.add(prop, part, script=_script(spec, part, spec.parts[0], warnings))
    else:
        values = [v for column in spec.columns for v in cells(column, spec.separator)]
    label = "+".join(spec.parts) if spec.parts else ", ".join(spec.columns)
    for value in values:
        script = _script(spec, value, label, warnings)
        record.add(spec.prop, value, qualifier=spec.qualifier, script=script, extra=extra)


def _script(spec: NameSpec, value: str, column: str, warnings: list[str]) -> str | None:
    """The declared script, unless the value is plainly in another one (then say so)."""
    detected = detect_script(value)
    if spec.script is None:
        return detected
    if detected not in ("Zyyy", spec.script):
        warnings.append(
            f"{column}: {value!r} is in script {detected}, not {spec.script} as the mapping says"
        )
        return detected
    return spec.script


# --- dates ------------------------------------------------------------------------------------

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_RANGE_SEP = re.compile(r"\s*(?:–|—|-|/|\.\.|\bto\b|\bà\b|\bau\b|\bet\b|\band\b)\s*", re.I)
_RANGE_WORDS = re.compile(r"^(?:between|entre|from|de|du)\s+", re.I)
_ZERO_DAY_MONTH = re.compile(r"0{1,2}[./-]0{1,2}[./-](\d{4})")
_ZERO_DAY = re.compile(r"0{1,2}[./-](\d{1,2})[./-](\d{4})")


def parse_date(text: str, formats: tuple[str, ...] | list[str], *, ranges: bool = True) -> str:
    """A date as the partner wrote it -> ISO partial ("1971", "1971-05", "1971-05-03") or a range
    ("1968/1972"). Tries each strptime format in order; a value that matches none may be a range
    of two values that do ("1970-1972", "entre 1968 et 1972"). ``00/00/1975`` means 1975 and
    ``00/05/1975`` means 1975-05. Arabic-Indic digits are accepted. Raises ValueError."""
    value = " ".join(text.translate(_ARABIC_DIGITS).split())
    iso = _parse_one(value, formats)
    if iso:
        return iso
    if ranges:
        bare = _RANGE_WORDS.sub("", value)
        for m in _RANGE_SEP.finditer(bare):
            low, high = _parse_one(bare[: m.start()], formats), _parse_one(bare[m.end() :], formats)
            if low and high:
                if high < low:
                    raise ValueError(f"date range {text!r} ends before it starts")
                return low if low == high else f"{low}/{high}"
    shown = ", ".join(repr(f) for f in formats)
    raise ValueError(f"cannot read date {text!r} with the formats {shown}")


def _parse_one(value: str, formats: tuple[str, ...] | list[str]) -> str | None:
    value = value.strip()
    if not value:
        return None
    if m := _ZERO_DAY_MONTH.fullmatch(value):
        return m.group(1)
    if (m := _ZERO_DAY.fullmatch(value)) and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    for fmt in formats:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        iso = parsed.date().isoformat()
        return iso[: {1: 4, 2: 7, 3: 10}[date_precision(fmt)]]
    return None


# --- followthemoney -------------------------------------------------------------------------------

FTM_SCHEMAS: dict[str, Schema] = {
    "Person": Schema.PERSON,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.ORGANIZATION,
    "LegalEntity": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
# FtM property -> (our prop, document type for identifiers)
FTM_PROPS: dict[str, tuple[str, str | None]] = {
    "name": (Prop.NAME, None),
    "alias": (Prop.ALIAS, None),
    "weakAlias": (Prop.WEAK_ALIAS, None),
    "previousName": (Prop.PREVIOUS_NAME, None),
    "firstName": (Prop.FIRST_NAME, None),
    "secondName": (Prop.SECOND_NAME, None),
    "middleName": (Prop.SECOND_NAME, None),
    "lastName": (Prop.LAST_NAME, None),
    "title": (Prop.TITLE, None),
    "position": (Prop.DESIGNATION, None),
    "gender": (Prop.GENDER, None),
    "birthDate": (Prop.BIRTH_DATE, None),
    "birthPlace": (Prop.BIRTH_PLACE, None),
    "nationality": (Prop.NATIONALITY, None),
    "citizenship": (Prop.CITIZENSHIP, None),
    "country": ("country", None),
    "jurisdiction": ("country", None),
    "address": (Prop.ADDRESS, None),
    "notes": (Prop.REASON, None),
    "summary": (Prop.REMARK, None),
    "description": (Prop.REMARK, None),
    "program": (Prop.PROGRAM, None),
    "modifiedAt": (Prop.LAST_UPDATED, None),
    "passportNumber": (Prop.DOCUMENT, "passport"),
    "idNumber": (Prop.DOCUMENT, "id"),
    "taxNumber": (Prop.DOCUMENT, "tax number"),
    "registrationNumber": (Prop.DOCUMENT, "registration number"),
    "innCode": (Prop.DOCUMENT, "INN"),
    "imoNumber": (Prop.DOCUMENT, "IMO"),
    "mmsi": (Prop.DOCUMENT, "MMSI"),
    "callSign": (Prop.DOCUMENT, "call sign"),
    "serialNumber": (Prop.DOCUMENT, "serial number"),
}
_FTM_COUNTRY_PROPS = {"nationality", "citizenship", "country", "jurisdiction"}
_FTM_DATE_PROPS = {"birthDate", "modifiedAt"}
_FTM_DOC_SCHEMAS = {"Passport": "passport", "Identification": "id"}
_ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(slots=True)
class _Link:
    """A Passport/Identification/Sanction/Address entity to attach to the entity it points at."""

    row: _Row
    schema: str
    target: str
    props: dict[str, list[Any]]


def _read_ftm(
    path: Path, text: str, mapping: Mapping
) -> tuple[list[Record], list[RejectedRow], list[str]]:
    records: list[Record] = []
    rejected: list[RejectedRow] = []
    warnings: list[str] = []
    by_ref: dict[str, tuple[Record, int]] = {}
    links: list[_Link] = []
    addresses: dict[str, str] = {}
    skipped: dict[str, int] = {}

    for row in _ftm_rows(text):
        if "__error__" in row.values and len(row.values) == 1:
            rejected.append(RejectedRow(row.line, row.raw, [row.values["__error__"]]))
            continue
        try:
            result = _ftm_entity(row, mapping, links, addresses)
        except _RowError as exc:
            rejected.append(RejectedRow(row.line, row.raw, exc.errors))
            continue
        if isinstance(result, str):
            skipped[result] = skipped.get(result, 0) + 1
            continue
        if result is None:
            continue
        if result.reference in by_ref:
            first = by_ref[result.reference][1]
            msg = f"duplicate id {result.reference!r} (first on line {first})"
            rejected.append(RejectedRow(row.line, row.raw, [msg]))
            continue
        by_ref[result.reference] = (result, row.line)
        records.append(result)

    for link in links:
        target = by_ref.get(link.target)
        if target is None:
            warnings.append(
                f"line {link.row.line}: {link.schema} points at {link.target!r}, which is not an "
                "entity in this file (ignored)"
            )
            continue
        try:
            _attach(target[0], link, addresses)
        except _RowError as exc:
            rejected.append(RejectedRow(link.row.line, link.row.raw, exc.errors))
    for schema, count in sorted(skipped.items()):
        warnings.append(f"{count} {schema} entit{'y' if count == 1 else 'ies'} not imported")
    return records, rejected, warnings


def _ftm_rows(text: str) -> Iterator[_Row]:
    if text.lstrip().startswith("["):  # one JSON array instead of JSON lines
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _Row(exc.lineno, "", {"__error__": f"bad JSON: {exc.msg}"})
            return
        for index, item in enumerate(items, start=1):
            raw = json.dumps(item, ensure_ascii=False)
            if isinstance(item, dict):
                yield _Row(index, raw, item)
            else:
                yield _Row(index, raw, {"__error__": "expected a JSON object"})
        return
    yield from _jsonl_rows(text)


def _ftm_entity(
    row: _Row, mapping: Mapping, links: list[_Link], addresses: dict[str, str]
) -> Record | str | None:
    obj = row.values
    entity_id, schema_name, props = obj.get("id"), obj.get("schema"), obj.get("properties", {})
    errors: list[str] = []
    if not isinstance(entity_id, str) or not entity_id.strip():
        errors.append("missing 'id'")
    if not isinstance(schema_name, str) or not schema_name:
        errors.append("missing 'schema'")
    if not isinstance(props, dict) or not all(isinstance(v, list) for v in props.values()):
        errors.append("'properties' must be an object of lists")
    if errors:
        raise _RowError(errors)
    assert isinstance(entity_id, str) and isinstance(schema_name, str)

    if schema_name in _FTM_DOC_SCHEMAS or schema_name == "Sanction":
        key = "holder" if schema_name in _FTM_DOC_SCHEMAS else "entity"
        for target in props.get(key, []):
            target_id = target.get("id") if isinstance(target, dict) else target
            links.append(_Link(row, schema_name, str(target_id), props))
        if not props.get(key):
            raise _RowError([f"{schema_name} without '{key}'"])
        return None
    if schema_name == "Address":
        full = (props.get("full") or [None])[0]
        if isinstance(full, str):
            addresses[entity_id] = full
        return None
    schema = FTM_SCHEMAS.get(schema_name)
    if schema is None:
        return schema_name

    record = Record(reference=entity_id, schema=schema, location=f"line {row.line}")
    record.add(Prop.REFERENCE, entity_id)
    for prop, values in props.items():
        for value in values:
            if isinstance(value, dict):  # a nested entity (FtM "nested" export)
                nested = value.get("schema")
                if nested in _FTM_DOC_SCHEMAS or nested == "Sanction":
                    _attach(record, _Link(row, nested, entity_id, value.get("properties", {})), {})
                elif nested == "Address":
                    for full in value.get("properties", {}).get("full", []):
                        record.add(Prop.ADDRESS, full)
                continue
            _add_ftm_value(record, prop, str(value), mapping, errors)
    if prop_refs := props.get("addressEntity"):
        links.append(_Link(row, "Address", entity_id, {"addressEntity": prop_refs}))
    if not record.values(Prop.NAME):
        errors.append("empty name (no 'name' property)")
    if errors:
        raise _RowError(errors)
    return record


def _add_ftm_value(
    record: Record, prop: str, value: str, mapping: Mapping, errors: list[str]
) -> None:
    if prop == "addressEntity":
        return
    ours, doc_type = FTM_PROPS.get(prop, (f"ftm:{prop}", None))
    if ours.startswith("ftm:") and not mapping.ftm_keep_unmapped:
        return
    if prop in _FTM_DATE_PROPS:
        day = value[:10]
        if not _ISO_PARTIAL.fullmatch(day):
            errors.append(f"{prop}: {value!r} is not an ISO date")
            return
        value = day
    if prop in _FTM_COUNTRY_PROPS:
        value = resolve_country(value) or value
    if doc_type:
        record.add(ours, value, qualifier=doc_type, extra={"type": doc_type})
    else:
        record.add(ours, value)


def _attach(record: Record, link: _Link, addresses: dict[str, str]) -> None:
    props = link.props

    def first(key: str) -> str | None:
        values = props.get(key) or []
        return str(values[0]) if values else None

    if link.schema == "Address":
        for ref in props.get("addressEntity", []):
            if isinstance(ref, str) and ref in addresses:
                record.add(Prop.ADDRESS, addresses[ref])
        return
    if link.schema in _FTM_DOC_SCHEMAS:
        kind = first("type") or _FTM_DOC_SCHEMAS[link.schema]
        country = first("country")
        country = (resolve_country(country) or country) if country else None
        for number in props.get("number", []):
            extra = {"type": kind, "country": country, "issued": first("startDate")}
            record.add(Prop.DOCUMENT, str(number), qualifier=kind, extra=extra)
        return
    # Sanction
    for program in props.get("program", []):
        record.add(Prop.PROGRAM, str(program))
    for reason in props.get("reason", []):
        record.add(Prop.REASON, str(reason))
    listed = first("listingDate") or first("startDate")
    if listed:
        if not _ISO_PARTIAL.fullmatch(listed[:10]):
            raise _RowError([f"listingDate: {listed!r} is not an ISO date"])
        record.add(Prop.LISTED_ON, listed[:10])
