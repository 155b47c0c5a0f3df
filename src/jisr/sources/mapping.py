"""The mapping file: how a partner's CSV / JSON Lines / FtM file maps onto jisr statements.

A mapping is a small TOML file (see ``docs/mapping.md``). :func:`load_mapping` reads and checks it
completely (unknown keys, bad values, date formats) so that a typo in the mapping is reported once,
with the mapping file and the key, before any data row is read.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jisr.countries import fold, resolve_country
from jisr.model import NAME_PROPS, JisrInputError, Prop, Schema

FORMATS = ("csv", "jsonl", "ftm")
SHARING_LEVELS = ("public", "partners", "owner-only")

#: Schema names accepted in a mapping (ours and FtM's), case-insensitive.
SCHEMA_NAMES: dict[str, Schema] = {
    "person": Schema.PERSON,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "company": Schema.ORGANIZATION,
    "legalentity": Schema.ORGANIZATION,
    "publicbody": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "airplane": Schema.AIRCRAFT,
    "unknown": Schema.UNKNOWN,
}

_NAME_PROP_CHOICES = tuple(sorted(NAME_PROPS))
_DATE_DIRECTIVES = re.compile(r"%[-#]?([a-zA-Z%])")
_DAY = set("dj")
_MONTH = set("mbB")
_YEAR = set("Yy")


@dataclass(frozen=True, slots=True)
class NameSpec:
    """One name field: a column, several columns (one name each), or parts joined in order."""

    prop: str = Prop.NAME
    columns: tuple[str, ...] = ()  # each column gives (possibly several) separate names
    parts: tuple[str, ...] = ()  # joined with `join`, in this order, into one name
    part_props: tuple[str, ...] = ()  # optional: also store each part (firstName, lastName ...)
    join: str = " "
    separator: str | None = None  # split a cell into several names
    script: str | None = None  # ISO 15924 ("Arab", "Latn"); None = detect per value
    lang: str | None = None  # ISO 639 ("ara", "fra"), stored as extra
    qualifier: str | None = None
    where: str = ""  # the key path in the mapping file, for error messages


@dataclass(frozen=True, slots=True)
class DateSpec:
    column: str
    prop: str = Prop.BIRTH_DATE
    formats: tuple[str, ...] = ("%Y-%m-%d", "%Y-%m", "%Y")
    separator: str | None = None
    ranges: bool = True
    qualifier: str | None = None
    where: str = ""


@dataclass(frozen=True, slots=True)
class CountrySpec:
    column: str
    prop: str = Prop.NATIONALITY
    separator: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # lower-cased text -> ISO code
    strict: bool = False  # unresolvable text is a row error (else kept as text, with a warning)
    where: str = ""


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    column: str
    type: str  # "passport", "national id" ... stored as the statement qualifier
    country: str | None = None  # a fixed issuing country
    country_column: str | None = None  # or one from a column (free text / ISO code)
    separator: str | None = None
    where: str = ""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    prop: str
    column: str | None = None
    value: str | None = None  # a constant instead of a column
    separator: str | None = None
    qualifier: str | None = None
    where: str = ""


@dataclass(frozen=True, slots=True)
class Mapping:
    path: Path
    dataset: str
    title: str
    owner: str
    sharing: str = "partners"
    demo: bool = False  # the data is fictional (shown as such everywhere)
    published: str | None = None
    # [file]
    format: str | None = None  # None: detected from the data file
    encoding: str = "utf-8"
    delimiter: str = ","
    quotechar: str = '"'
    skip_lines: int = 0  # lines before the header (CSV)
    columns: tuple[str, ...] = ()  # CSV without a header row: the column names, in order
    # [record]
    reference: str | None = None
    schema: Schema = Schema.PERSON
    schema_column: str | None = None
    schema_values: dict[str, Schema] = field(default_factory=dict)
    # fields
    names: tuple[NameSpec, ...] = ()
    dates: tuple[DateSpec, ...] = ()
    countries: tuple[CountrySpec, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    # [ftm]
    ftm_keep_unmapped: bool = True

    def used_columns(self) -> list[tuple[str, str]]:
        """Every (column, where-in-the-mapping) the mapping refers to, in mapping order."""
        out: list[tuple[str, str]] = []
        if self.reference:
            out.append((self.reference, "record.reference"))
        if self.schema_column:
            out.append((self.schema_column, "record.schema_column"))
        for n in self.names:
            out += [(c, n.where) for c in (*n.columns, *n.parts)]
        for d in self.dates:
            out.append((d.column, d.where))
        for c in self.countries:
            out.append((c.column, c.where))
        for doc in self.documents:
            out.append((doc.column, doc.where))
            if doc.country_column:
                out.append((doc.country_column, doc.where))
        for f in self.fields:
            if f.column:
                out.append((f.column, f.where))
        return out

    @property
    def has_fields(self) -> bool:
        return bool(self.names or self.dates or self.countries or self.documents or self.fields)


def date_precision(fmt: str) -> int:
    """How many ISO parts a strptime format gives: 3 (day), 2 (month) or 1 (year)."""
    directives = set(_DATE_DIRECTIVES.findall(fmt))
    if directives & _DAY:
        return 3
    if directives & _MONTH:
        return 2
    return 1


class _Reader:
    """Checks one TOML table, collecting the path for error messages."""

    def __init__(self, path: Path, table: dict[str, Any], where: str) -> None:
        self.path = path
        self.table = table
        self.where = where
        self.seen: set[str] = set()

    def error(self, message: str, key: str | None = None) -> JisrInputError:
        loc = f"{self.where}.{key}" if key and self.where else (key or self.where or None)
        return JisrInputError(self.path, message, loc)

    def _get(self, key: str) -> Any:
        self.seen.add(key)
        return self.table.get(key)

    def text(self, key: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self._get(key)
        if value is None:
            if required:
                raise self.error(f"missing required key '{key}'", key)
            return default
        raw = key in ("join", "delimiter", "separator", "quotechar")  # whitespace is meaningful
        if not isinstance(value, str) or not (value if raw else value.strip()):
            raise self.error(f"'{key}' must be a non-empty string, not {value!r}", key)
        return value if raw else value.strip()

    def req(self, key: str) -> str:
        value = self.text(key, required=True)
        assert value is not None
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"'{key}' must be true or false, not {value!r}", key)
        return value

    def count(self, key: str, default: int) -> int:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(f"'{key}' must be a non-negative integer, not {value!r}", key)
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        """A string or a list of strings."""
        value = self._get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(f"'{key}' must be a string or a list of non-empty strings", key)
        return tuple(v.strip() for v in value)

    def table_of_str(self, key: str) -> dict[str, str]:
        value = self._get(key)
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.error(f"'{key}' must be a table of strings, e.g. {{ a = \"b\" }}", key)
        return {str(k): v for k, v in value.items()}

    def tables(self, key: str) -> list[_Reader]:
        value = self._get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(f"'{key}' must be an array of tables ([[{key}]])", key)
        return [_Reader(self.path, v, f"{key}[{i}]") for i, v in enumerate(value, start=1)]

    def sub(self, key: str) -> _Reader:
        value = self._get(key)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be a table ([{key}])", key)
        return _Reader(self.path, value, key)

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.seen)
        if unknown:
            import difflib

            key = unknown[0]
            close = difflib.get_close_matches(key, sorted(self.seen), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise self.error(f"unknown key '{key}'{hint}", key)


def _schema(r: _Reader, key: str, value: str) -> Schema:
    schema = SCHEMA_NAMES.get(value.strip().lower().replace(" ", ""))
    if schema is None:
        choices = ", ".join(sorted({s.value for s in Schema}))
        raise r.error(f"unknown schema {value!r} (use one of {choices}, or an FtM schema)", key)
    return schema


def _script(r: _Reader) -> str | None:
    script = r.text("script")
    if script is None or script.lower() == "auto":
        return None
    if not re.fullmatch(r"[A-Za-z]{4}", script):
        raise r.error(f"script must be an ISO 15924 code like 'Arab' or 'Latn', not {script!r}")
    return script[0].upper() + script[1:].lower()


def _date_formats(r: _Reader) -> tuple[str, ...]:
    formats = r.strs("formats") or r.strs("format")
    for fmt in formats:
        if not set(_DATE_DIRECTIVES.findall(fmt)) & _YEAR:
            raise r.error(f"date format {fmt!r} has no year (%Y or %y)", "formats")
        try:
            import time

            time.strftime(fmt, time.localtime(0))
        except ValueError as exc:
            raise r.error(f"bad date format {fmt!r}: {exc}", "formats") from None
    return formats


def _name_spec(r: _Reader) -> NameSpec:
    prop = r.text("prop", Prop.NAME) or Prop.NAME
    if prop not in NAME_PROPS:
        raise r.error(f"a name's prop must be one of {', '.join(_NAME_PROP_CHOICES)}", "prop")
    columns = r.strs("column") + r.strs("columns")
    parts = r.strs("parts")
    if bool(columns) == bool(parts):
        raise r.error("give either 'column'/'columns' or 'parts' (columns joined in order)")
    part_props = r.strs("part_props")
    if part_props and len(part_props) != len(parts):
        raise r.error("'part_props' must have one prop per entry of 'parts'", "part_props")
    spec = NameSpec(
        prop=prop,
        columns=columns,
        parts=parts,
        part_props=part_props,
        join=r.text("join", " ") or " ",
        separator=r.text("separator"),
        script=_script(r),
        lang=r.text("lang"),
        qualifier=r.text("qualifier"),
        where=r.where,
    )
    r.done()
    return spec


def _date_spec(r: _Reader) -> DateSpec:
    formats = _date_formats(r)
    spec = DateSpec(
        column=r.req("column"),
        prop=r.text("prop", Prop.BIRTH_DATE) or Prop.BIRTH_DATE,
        separator=r.text("separator"),
        ranges=r.flag("ranges", True),
        qualifier=r.text("qualifier"),
        where=r.where,
        **({"formats": formats} if formats else {}),
    )
    r.done()
    return spec


def _country_spec(r: _Reader) -> CountrySpec:
    values = {fold(k): _iso_code(r, v) for k, v in r.table_of_str("values").items()}
    spec = CountrySpec(
        column=r.req("column"),
        prop=r.text("prop", Prop.NATIONALITY) or Prop.NATIONALITY,
        separator=r.text("separator"),
        values=values,
        strict=r.flag("strict", False),
        where=r.where,
    )
    r.done()
    return spec


def _document_spec(r: _Reader) -> DocumentSpec:
    country = r.text("country")
    spec = DocumentSpec(
        column=r.req("column"),
        type=r.req("type"),
        country=_iso_code(r, country) if country else None,
        country_column=r.text("country_column"),
        separator=r.text("separator"),
        where=r.where,
    )
    if spec.country and spec.country_column:
        raise r.error("give either 'country' or 'country_column', not both")
    r.done()
    return spec


def _field_spec(r: _Reader) -> FieldSpec:
    spec = FieldSpec(
        prop=r.req("prop"),
        column=r.text("column"),
        value=r.text("value"),
        separator=r.text("separator"),
        qualifier=r.text("qualifier"),
        where=r.where,
    )
    if (spec.column is None) == (spec.value is None):
        raise r.error("give either 'column' or a constant 'value'")
    if spec.prop in NAME_PROPS:
        raise r.error(f"map names with [[name]], not [[field]] (prop {spec.prop!r})", "prop")
    if spec.prop == Prop.DOCUMENT:
        raise r.error("map documents with [[document]], not [[field]]", "prop")
    r.done()
    return spec


def _iso_code(r: _Reader, value: str) -> str:
    code = resolve_country(value)
    if code is None:
        raise r.error(f"{value!r} is not a country code or a known country name")
    return code


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; any problem raises :class:`JisrInputError` naming the key."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise JisrInputError(path, f"cannot read the mapping file: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JisrInputError(path, "the mapping file must be UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise JisrInputError(path, f"not valid TOML: {exc}") from None

    top = _Reader(path, data, "")
    src = top.sub("source")
    dataset = src.req("dataset")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", dataset):
        raise src.error(
            f"dataset {dataset!r} must be lower-case letters, digits, '_', '-' or '.'", "dataset"
        )
    sharing = src.text("sharing", "partners") or "partners"
    if sharing not in SHARING_LEVELS:
        raise src.error(f"sharing must be one of {', '.join(SHARING_LEVELS)}", "sharing")
    meta: dict[str, Any] = {
        "dataset": dataset,
        "title": src.text("title") or dataset,
        "owner": src.req("owner"),
        "sharing": sharing,
        "demo": src.flag("demo", False),
        "published": src.text("published"),
    }
    src.done()

    f = top.sub("file")
    fmt = f.text("format")
    if fmt is not None and fmt not in FORMATS:
        raise f.error(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}", "format")
    encoding = f.text("encoding", "utf-8") or "utf-8"
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise f.error(f"unknown encoding {encoding!r}", "encoding") from None
    delimiter = f.text("delimiter", ",") or ","
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    if len(delimiter) != 1:
        raise f.error('delimiter must be one character (use "\\t" for tab)', "delimiter")
    quotechar = f.text("quotechar", '"') or '"'
    if len(quotechar) != 1:
        raise f.error("quotechar must be one character", "quotechar")
    file_meta: dict[str, Any] = {
        "format": fmt,
        "encoding": encoding,
        "delimiter": delimiter,
        "quotechar": quotechar,
        "skip_lines": f.count("skip_lines", 0),
        "columns": f.strs("columns"),
    }
    f.done()

    rec = top.sub("record")
    schema_name = rec.text("schema")
    schema_column = rec.text("schema_column")
    schema_values = {
        k.strip().lower(): _schema(rec, "schema_values", v)
        for k, v in rec.table_of_str("schema_values").items()
    }
    if schema_column and not schema_values:
        raise rec.error("'schema_column' needs 'schema_values' (column value -> schema)")
    record_meta: dict[str, Any] = {
        "reference": rec.text("reference"),
        "schema": _schema(rec, "schema", schema_name) if schema_name else Schema.PERSON,
        "schema_column": schema_column,
        "schema_values": schema_values,
    }
    rec.done()

    ftm = top.sub("ftm")
    keep_unmapped = ftm.flag("keep_unmapped", True)
    ftm.done()

    mapping = Mapping(
        path=path,
        **meta,
        **file_meta,
        **record_meta,
        names=tuple(_name_spec(r) for r in top.tables("name")),
        dates=tuple(_date_spec(r) for r in top.tables("date")),
        countries=tuple(_country_spec(r) for r in top.tables("country")),
        documents=tuple(_document_spec(r) for r in top.tables("document")),
        fields=tuple(_field_spec(r) for r in top.tables("field")),
        ftm_keep_unmapped=keep_unmapped,
    )
    top.done()

    if mapping.format in ("csv", "jsonl") or (mapping.format is None and mapping.has_fields):
        if not mapping.reference:
            raise JisrInputError(path, "missing required key 'reference'", "record.reference")
        if not any(n.prop == Prop.NAME for n in mapping.names):
            raise JisrInputError(path, 'no [[name]] with prop = "name": map the primary name')
    elif mapping.format == "ftm" and mapping.has_fields:
        raise JisrInputError(path, "an FtM mapping takes no [[name]]/[[date]]/... field tables")
    return mapping


__all__ = ["Mapping", "fold", "load_mapping", "resolve_country"]
