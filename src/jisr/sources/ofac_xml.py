"""Reader for OFAC's XML exports (root ``sdnList``): ``sdn.xml`` and the non-SDN
``CONSOLIDATED.XML`` share one schema; which list a file is comes from its programmes."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from jisr.model import JisrInputError, ParsedList, Prop, Record, Schema
from jisr.sources.ofac_ids import add_id, add_name, add_remarks, birth_date, iso_date
from jisr.sources.xmlsafe import iter_elements, local, text

FORMAT = "ofac-xml"
SDN = ("us_ofac_sdn", "US OFAC Specially Designated Nationals (SDN) List")
CONS = ("us_ofac_cons", "US OFAC Consolidated (non-SDN) Sanctions List")

# Programmes that only appear on OFAC's non-SDN lists (SSI, NS-PLC, NS-MBS, CMIC, FSE, 561, ...).
NON_SDN_PROGRAMS = frozenset(
    {
        "NS-PLC",
        "UKRAINE-EO13662",
        "CMIC-EO13959",
        "561-RELATED",
        "NS-ISA",
        "FSE-IR",
        "FSE-SY",
        "FSE-WMD",
        "FSE-SDGT",
        "NS-MBS",
    }
)
_SCHEMAS = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
_AKA_TYPES = {"a.k.a.": (Prop.ALIAS, "aka"), "f.k.a.": (Prop.PREVIOUS_NAME, "fka")}
_AKA_TYPES["n.k.a."] = (Prop.ALIAS, "nka")
_VESSEL = {
    "callSign": "callSign",
    "vesselType": "vesselType",
    "vesselFlag": "flag",
    "vesselOwner": "owner",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "grossRegisteredTonnage",
}


def read_ofac_xml(path: Path) -> ParsedList:
    records: list[Record] = []
    published: str | None = None
    programs: set[str] = set()
    index = 0
    for event, elem in iter_elements(path, ("sdnEntry", "publshInformation")):
        if event == "root":
            if local(elem) != "sdnList":
                raise JisrInputError(path, f"not an OFAC sdnList: root is <{local(elem)}>")
            continue
        if local(elem) == "publshInformation":
            published = iso_date(_child_text(elem, "Publish_Date"))
            continue
        index += 1
        record = _read_entry(path, elem, index)
        programs.update(p.upper() for p in record.values(Prop.PROGRAM))
        records.append(record)
    dataset, title = _which_list(path, programs)
    return ParsedList(dataset, title, FORMAT, records, published_at=published)


def _which_list(path: Path, programs: set[str]) -> tuple[str, str]:
    """The non-SDN list by its programmes; the file name only breaks the tie."""
    if programs & NON_SDN_PROGRAMS:
        return CONS
    return CONS if "cons" in path.name.lower() else SDN


def _child(elem: etree._Element, name: str) -> etree._Element | None:
    return elem.find(f"{{*}}{name}")


def _child_text(elem: etree._Element, name: str) -> str | None:
    return text(_child(elem, name))


def _items(elem: etree._Element, list_name: str) -> list[etree._Element]:
    container = _child(elem, list_name)
    return list(container) if container is not None else []


def _read_entry(path: Path, elem: etree._Element, index: int) -> Record:
    uid = _child_text(elem, "uid")
    location = f"sdnEntry[{index}]" + (f" (uid {uid})" if uid else "")
    if not uid:
        raise JisrInputError(path, "sdnEntry without uid", location)
    kind = (_child_text(elem, "sdnType") or "").lower()
    record = Record(uid, _SCHEMAS.get(kind, Schema.ORGANIZATION), location=location)
    first, last = _child_text(elem, "firstName"), _child_text(elem, "lastName")
    if not last and not first:
        raise JisrInputError(path, "sdnEntry without a name", location)
    add_name(record, Prop.NAME, ", ".join(p for p in (last, first) if p), None)
    record.add(Prop.FIRST_NAME, first)
    record.add(Prop.LAST_NAME, last)
    record.add(Prop.SOURCE_ID, uid)
    record.add(Prop.REFERENCE, uid)
    record.add(Prop.TITLE, _child_text(elem, "title"))
    for program in _items(elem, "programList"):
        record.add(Prop.PROGRAM, text(program))
    for aka in _items(elem, "akaList"):
        _add_aka(record, aka)
    for item in _items(elem, "idList"):
        add_id(
            record,
            _child_text(item, "idType"),
            _child_text(item, "idNumber"),
            _child_text(item, "idCountry"),
            _child_text(item, "issueDate"),
            _child_text(item, "expirationDate"),
        )
    for address in _items(elem, "addressList"):
        _add_address(record, address)
    for item in _items(elem, "nationalityList"):
        record.add(Prop.NATIONALITY, _child_text(item, "country"))
    for item in _items(elem, "citizenshipList"):
        record.add(Prop.CITIZENSHIP, _child_text(item, "country"))
    for item in _items(elem, "dateOfBirthList"):
        raw = _child_text(item, "dateOfBirth")
        if raw:
            value, kind_ = birth_date(raw)
            record.add(Prop.BIRTH_DATE, value or raw, qualifier=kind_, extra={"raw": raw})
    for item in _items(elem, "placeOfBirthList"):
        record.add(Prop.BIRTH_PLACE, _child_text(item, "placeOfBirth"))
    vessel = _child(elem, "vesselInfo")
    if vessel is not None:
        for child in vessel:
            record.add(_VESSEL.get(local(child), local(child)), text(child))
    remarks = _child_text(elem, "remarks")
    if remarks:
        add_remarks(record, remarks)
    return record


def _add_aka(record: Record, aka: etree._Element) -> None:
    first, last = _child_text(aka, "firstName"), _child_text(aka, "lastName")
    name = ", ".join(p for p in (last, first) if p)
    if not name:
        return
    prop, label = _AKA_TYPES.get((_child_text(aka, "type") or "").lower(), (Prop.ALIAS, "aka"))
    category = (_child_text(aka, "category") or "").lower()
    if category == "weak" and prop == Prop.ALIAS:
        prop = Prop.WEAK_ALIAS
    add_name(record, prop, name, label, category=category, uid=_child_text(aka, "uid") or "")


def _add_address(record: Record, address: etree._Element) -> None:
    parts = {local(c): text(c) for c in address if local(c) != "uid" and text(c) is not None}
    order = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
    value = ", ".join(parts[k] for k in (*order, "country") if parts.get(k))
    record.add(Prop.ADDRESS, value, extra=parts)
