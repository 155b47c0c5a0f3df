"""Reader for the UN Security Council Consolidated List XML (root ``CONSOLIDATED_LIST``)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from jisr.model import JisrInputError, ParsedList, Prop, Record, Schema
from jisr.sources.un_names import clean, names_from_note, split_alias
from jisr.sources.xmlsafe import iter_elements, local, text

FORMAT = "un-xml"
DATASET = "un_sc"
TITLE = "UN Security Council Consolidated List"

_NAME_PARTS = (
    ("FIRST_NAME", Prop.FIRST_NAME),
    ("SECOND_NAME", Prop.SECOND_NAME),
    ("THIRD_NAME", Prop.THIRD_NAME),
    ("FOURTH_NAME", Prop.FOURTH_NAME),
)
_SIMPLE = {
    "DATAID": Prop.SOURCE_ID,
    "VERSIONNUM": "versionNum",
    "UN_LIST_TYPE": Prop.PROGRAM,
    "REFERENCE_NUMBER": Prop.REFERENCE,
    "LISTED_ON": Prop.LISTED_ON,
    "COMMENTS1": Prop.REASON,
    "GENDER": Prop.GENDER,
    "SUBMITTED_BY": "submittedBy",
}
_VALUE_LISTS = {
    "TITLE": Prop.TITLE,
    "DESIGNATION": Prop.DESIGNATION,
    "NATIONALITY": Prop.NATIONALITY,
    "LIST_TYPE": Prop.LIST_TYPE,
    "LAST_DAY_UPDATED": Prop.LAST_UPDATED,
}
_ALIAS_PROPS = {
    "good": Prop.ALIAS,
    "low": Prop.WEAK_ALIAS,
    "a.k.a.": Prop.ALIAS,
    "f.k.a.": Prop.PREVIOUS_NAME,
}
_IGNORED = {"SORT_KEY", "SORT_KEY_LAST_MOD", "NAME_ORIGINAL_SCRIPT"}
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def read_un_xml(path: Path) -> ParsedList:
    records: list[Record] = []
    published: str | None = None
    seen_root = False
    counters = {"INDIVIDUAL": 0, "ENTITY": 0}
    for event, elem in iter_elements(path, ("INDIVIDUAL", "ENTITY")):
        if event == "root":
            seen_root = True
            if local(elem) != "CONSOLIDATED_LIST":
                raise JisrInputError(
                    path, f"not a UN consolidated list: root element is <{local(elem)}>", "line 1"
                )
            generated = elem.get("dateGenerated")
            published = generated[:10] if generated else None
            continue
        tag = local(elem)
        if elem.getparent() is None or local(elem.getparent()) not in ("INDIVIDUALS", "ENTITIES"):
            continue
        counters[tag] += 1
        records.append(_read_entry(path, elem, tag, counters[tag]))
    if not seen_root:
        raise JisrInputError(path, "no XML root element")
    return ParsedList(DATASET, TITLE, FORMAT, records, published_at=published)


def _read_entry(path: Path, elem: etree._Element, tag: str, index: int) -> Record:
    ref = text(elem.find("REFERENCE_NUMBER"))
    location = f"{tag}[{index}]" + (f" ({ref})" if ref else "")
    if not ref:
        ref = text(elem.find("DATAID"))
    if not ref:
        raise JisrInputError(path, "entry has neither REFERENCE_NUMBER nor DATAID", location)
    schema = Schema.PERSON if tag == "INDIVIDUAL" else Schema.ORGANIZATION
    record = Record(reference=ref, schema=schema, location=location)
    parts = [text(elem.find(t)) for t, _ in _NAME_PARTS]
    record.add(Prop.NAME, " ".join(p for p in parts if p))
    if schema is Schema.PERSON:
        for (_, prop), part in zip(_NAME_PARTS, parts, strict=True):
            record.add(prop, part)
    original = text(elem.find("NAME_ORIGINAL_SCRIPT"))
    if original:
        record.add(Prop.ALIAS, original, qualifier="original script")
    for child in elem:
        name = local(child)
        if name in _SIMPLE:
            record.add(_SIMPLE[name], text(child))
        elif name in _VALUE_LISTS:
            for value in child.iter("VALUE"):
                record.add(_VALUE_LISTS[name], text(value))
        elif name.endswith("_ALIAS"):
            _add_alias(record, child)
        elif name.endswith("_ADDRESS"):
            _add_address(record, child)
        elif name == "INDIVIDUAL_DATE_OF_BIRTH":
            _add_birth_date(record, child)
        elif name == "INDIVIDUAL_PLACE_OF_BIRTH":
            _add_birth_place(record, child)
        elif name == "INDIVIDUAL_DOCUMENT":
            _add_document(record, child)
        elif name in _IGNORED or name in dict(_NAME_PARTS):
            continue
        elif len(child) == 0:
            record.add(f"un:{name}", text(child))
    return record


def _parts(elem: etree._Element, tags: tuple[str, ...]) -> dict[str, str | None]:
    return {t.lower(): text(elem.find(t)) for t in tags}


def _add_alias(record: Record, elem: etree._Element) -> None:
    raw = clean(elem.findtext("ALIAS_NAME"))
    quality = text(elem.find("QUALITY"))
    prop = _ALIAS_PROPS.get((quality or "").lower(), Prop.ALIAS)
    extra = _parts(elem, ("NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"))
    note = extra.get("note")
    if raw:
        split = split_alias(raw)
        if split.names != [raw] or split.notes:
            extra = {**extra, "raw": raw}
        if split.notes:
            extra["descriptor"] = "; ".join(split.notes)
        for name in split.names:
            record.add(prop, name, qualifier=quality, extra=extra)
    for name in names_from_note(note):
        qualifier = f"{quality} (from note)" if quality else "from note"
        record.add(prop, name, qualifier=qualifier, extra={"note": note, "alias": raw})


def _add_address(record: Record, elem: etree._Element) -> None:
    parts = _parts(elem, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"))
    value = ", ".join(v for k, v in parts.items() if v and k != "note") or parts["note"]
    record.add(Prop.ADDRESS, value, extra=parts)


def _add_birth_place(record: Record, elem: etree._Element) -> None:
    parts = _parts(elem, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"))
    value = ", ".join(v for k, v in parts.items() if v and k != "note") or parts["note"]
    record.add(Prop.BIRTH_PLACE, value, extra=parts)


def _add_birth_date(record: Record, elem: etree._Element) -> None:
    kind = text(elem.find("TYPE_OF_DATE"))
    note = text(elem.find("NOTE"))
    date, year = text(elem.find("DATE")), text(elem.find("YEAR"))
    start, end = text(elem.find("FROM_YEAR")), text(elem.find("TO_YEAR"))
    value: str | None
    if date:
        value = date[:10]
    elif year:
        value = year
        if note and (month := _month_of(note)) and not re.search(r"\d", note):
            value = f"{year}-{month:02d}"
    elif start or end:
        value = f"{start or '..'}/{end or '..'}" if start != end else start
    else:
        value = _date_from_note(note)
    if value is None:
        if note:
            record.add(Prop.REMARK, f"date of birth: {note}", qualifier=kind)
        return
    record.add(Prop.BIRTH_DATE, value, qualifier=kind, extra={"note": note})


def _month_of(note: str) -> int | None:
    word = re.match(r"([A-Za-z]+)", note.strip())
    return _MONTHS.get(word.group(1).lower()) if word else None


def _date_from_note(note: str | None) -> str | None:
    """``Nov. 1973`` -> ``1973-11``; a note with exactly one 4-digit year -> that year."""
    if not note:
        return None
    m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", note.strip())
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    if "/" in note:  # e.g. a Hijri date: not convertible here
        return None
    years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", note)
    return years[0] if len(set(years)) == 1 else None


def _add_document(record: Record, elem: etree._Element) -> None:
    parts = _parts(
        elem,
        (
            "TYPE_OF_DOCUMENT",
            "TYPE_OF_DOCUMENT2",
            "NUMBER",
            "ISSUING_COUNTRY",
            "DATE_OF_ISSUE",
            "CITY_OF_ISSUE",
            "COUNTRY_OF_ISSUE",
            "NOTE",
        ),
    )
    if not any(parts.values()):
        return
    kind = parts["type_of_document"]
    extra = {
        "type": kind,
        "type2": parts["type_of_document2"],
        "country": parts["issuing_country"] or parts["country_of_issue"],
        "issued": parts["date_of_issue"],
        "city_of_issue": parts["city_of_issue"],
        "country_of_issue": parts["country_of_issue"],
        "note": parts["note"],
    }
    if parts["number"]:
        record.add(Prop.DOCUMENT, parts["number"], qualifier=kind, extra=extra)
    else:
        desc = "; ".join(f"{k}: {v}" for k, v in extra.items() if v)
        record.add(Prop.REMARK, f"document without number: {desc}", qualifier=kind)
