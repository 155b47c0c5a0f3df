"""OFAC identifiers and remarks: shared by the SDN CSV and the sdn.xml/CONSOLIDATED.XML readers.

OFAC's XML puts identifiers in ``idList`` (idType/idNumber/idCountry/...); the CSV export packs
the same facts into the Remarks column (``DOB 01 Jan 1960; alt. Passport A123 (Iraq) issued ...``).
Both end up as the same statements through :func:`add_id` and :func:`add_remarks`.
"""

from __future__ import annotations

import re

from jisr.model import Prop, Record, Schema

EMAIL = "email"
WEBSITE = "website"
PHONE = "phone"
CRYPTO = "cryptoWallet"
LINKED_TO = "linkedTo"
JURISDICTION = "jurisdiction"
INCORPORATION_DATE = "incorporationDate"
LEGAL_FORM = "legalForm"
SANCTIONS_INFO = "sanctionsInfo"

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_KEYED_ID_RE = re.compile(
    r"(Email Address|Website|Phone Number|Telephone:?|Fax:?|Digital Currency Address - \w+|"
    r"Organization Established Date|Organization Type:)\s+(.+)$"
)
_DATE_RE = re.compile(r"(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})|(\d{4})")
_NOTE_TYPES = re.compile(
    r"^(secondary sanctions|executive order|listing date|effective date|purchase/sales|caatsa|"
    r"additional sanctions|transactions prohibited|target type|issuer name)",
    re.IGNORECASE,
)
_DOC_WORDS = re.compile(
    r"(passport|\bid\b|no\.?$|number|#|cedula|nit|ruc|swift|bic|mmsi|licen[cs]e|registration|"
    r"registry|code|isin|certificate|card|folio|matricula|d\.n\.i|c\.u\.i\.t|c\.u\.r\.p|r\.f\.c|"
    r"ssn|fein|identification|imo|ticker|bik|c\.r\.|msn)",
    re.IGNORECASE,
)
_TYPE_END_RE = re.compile(
    r".*(?:\bNo\b\.?|#|\bNumber\b|\bID\b|\bCard\b|\bIMO\b|\bCode\b|\))", re.IGNORECASE
)
_DOC_TAIL_RE = re.compile(
    r"^(?P<num>[^()]*?)\s*(?:\((?P<country>[^)]*)\))?\s*,?\s*"
    r"(?P<rest>(?:issued|expires|Issue Date|Expire Date)\b.*)?$"
)


def iso_date(raw: str | None) -> str | None:
    """``01 Jan 1960`` -> ``1960-01-01``, ``Jan 1960`` -> ``1960-01``, ``1960`` -> ``1960``."""
    if not raw:
        return None
    raw = raw.strip()
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", raw):
        return raw
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)  # XML uses MM/DD/YYYY
    if m:
        return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    m = _DATE_RE.fullmatch(raw)
    if not m:
        return None
    if m.group(4):
        return m.group(4)
    month = _MONTHS.get(m.group(2).lower())
    if month is None:
        return None
    if m.group(1):
        return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
    return f"{m.group(3)}-{month:02d}"


def birth_date(raw: str) -> tuple[str | None, str]:
    """Parse an OFAC DOB text: exact, ``circa 1960``, ``1958 to 1960``; returns (value, kind)."""
    raw = raw.strip().rstrip(".")
    circa = re.match(r"(?:circa|approximately|about)\s+(.+)$", raw, re.IGNORECASE)
    if circa:
        return iso_date(circa.group(1)), "circa"
    if " to " in raw:
        start, _, end = raw.partition(" to ")
        a, b = iso_date(start), iso_date(end)
        return (f"{a}/{b}" if a and b else None), "range"
    return iso_date(raw), "exact"


def add_id(
    record: Record,
    id_type: str | None,
    number: str | None,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
) -> None:
    """Map one OFAC identifier (idList entry, or a Remarks part) to a statement."""
    kind = (id_type or "").strip().rstrip(":").strip()
    low = kind.lower()
    if not number:
        return
    if low in ("email address", "email"):
        record.add(EMAIL, number)
    elif low == "website":
        record.add(WEBSITE, number)
    elif low in ("phone number", "telephone", "phone", "fax"):
        record.add(PHONE, number, qualifier=kind)
    elif low.startswith("digital currency address"):
        currency = kind.rpartition("-")[2].strip() if "-" in kind else None
        record.add(CRYPTO, number, qualifier=currency)
    elif low == "nationality of registration":
        record.add(JURISDICTION, number)
    elif low == "gender":
        record.add(Prop.GENDER, number)
    elif low == "organization established date":
        record.add(INCORPORATION_DATE, iso_date(number) or number)
    elif low == "organization type":
        record.add(LEGAL_FORM, number)
    elif _NOTE_TYPES.match(kind):
        record.add(SANCTIONS_INFO, number, qualifier=kind)
    else:
        record.add(
            Prop.DOCUMENT,
            number,
            qualifier=kind or None,
            extra={
                "type": kind,
                "country": country,
                "issued": iso_date(issued) or issued,
                "expires": iso_date(expires) or expires,
            },
        )


def split_person_name(name: str) -> tuple[str, str] | None:
    """``"SURNAME, Given"`` -> (surname, given)."""
    surname, sep, given = name.partition(",")
    if not sep or not surname.strip() or not given.strip():
        return None
    return surname.strip(), given.strip()


def add_name(record: Record, prop: str, name: str, qualifier: str | None, **extra: str) -> None:
    record.add(prop, name, qualifier=qualifier, extra=extra or None)
    if record.schema is Schema.PERSON and (parts := split_person_name(name)):
        reordered = f"{parts[1]} {parts[0]}"
        label = "reordered" if prop == Prop.NAME else f"{qualifier} reordered"
        record.add(Prop.ALIAS if prop == Prop.NAME else prop, reordered, qualifier=label)


def add_remarks(record: Record, remarks: str) -> None:
    """Keep the whole remarks text and parse the facts it packs."""
    remarks = " ".join(remarks.split())
    if not remarks:
        return
    record.add(Prop.REMARK, remarks)
    for part in re.split(r";\s*", remarks):
        _add_part(record, part.strip().rstrip(".").strip())


def _add_part(record: Record, part: str) -> None:
    alt = part.lower().startswith("alt. ")
    body = part[5:].strip() if alt else part
    key, _, rest = body.partition(" ")
    low = key.lower()
    extra = {"alt": True} if alt else None
    if low == "dob":
        value, kind = birth_date(rest)
        record.add(Prop.BIRTH_DATE, value, qualifier=kind, extra={"raw": rest, "alt": alt or None})
    elif low == "pob":
        record.add(Prop.BIRTH_PLACE, rest, extra=extra)
    elif low == "nationality":
        record.add(Prop.NATIONALITY, rest, extra=extra)
    elif low == "citizen":
        record.add(Prop.CITIZENSHIP, rest, extra=extra)
    elif low == "gender":
        record.add(Prop.GENDER, rest)
    elif low in ("a.k.a.", "f.k.a.", "n.k.a.") and rest[:1] in "'\"":
        prop = Prop.PREVIOUS_NAME if low == "f.k.a." else Prop.WEAK_ALIAS
        add_name(record, prop, rest.strip("'\" "), f"weak {low}")
    elif body.lower().startswith("linked to:"):
        record.add(LINKED_TO, body.split(":", 1)[1])
    elif m := _KEYED_ID_RE.match(body):
        add_id(record, m.group(1), m.group(2))
    else:
        _maybe_document(record, body)


def _maybe_document(record: Record, body: str) -> None:
    """``Passport A123 (Iraq) issued 01 Jan 2001 expires ...`` -> a document statement."""
    tokens = body.split()
    first_digit = next((i for i, t in enumerate(tokens) if any(c.isdigit() for c in t)), None)
    if not first_digit:
        return
    prefix = " ".join(tokens[:first_digit])
    end = _TYPE_END_RE.match(prefix)
    kind = end.group(0) if end else prefix
    if not end and len(tokens[:first_digit]) > 1 and len(tokens[first_digit - 1]) <= 3:
        kind = " ".join(tokens[: first_digit - 1])
    kind = kind.strip().rstrip(":#").strip()
    if not kind or len(kind) > 60 or not _DOC_WORDS.search(kind + " "):
        return
    tail = _DOC_TAIL_RE.match(body[body.index(kind) + len(kind) :].strip(" :#"))
    if not tail or not tail.group("num"):
        return
    rest = tail.group("rest") or ""
    issued = expires = None
    if i := re.search(r"(?:issued|Issue Date)\s+(\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4})", rest):
        issued = i.group(1)
    if e := re.search(r"(?:expires|Expire Date)\s+(\d{1,2} \w{3} \d{4}|\w{3} \d{4}|\d{4})", rest):
        expires = e.group(1)
    add_id(record, kind, tail.group("num").strip(" ,"), tail.group("country"), issued, expires)
