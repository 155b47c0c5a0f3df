"""Recognise a list file's format from its content (never from its file name)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from jisr.model import JisrInputError

FORMATS: dict[str, str] = {
    "un-xml": "UN Security Council Consolidated List XML (root CONSOLIDATED_LIST)",
    "ofac-csv": "OFAC SDN CSV (sdn.csv, with alt.csv/add.csv/sdn_comments.csv beside it)",
    "ofac-xml": "OFAC XML export, sdn.xml or CONSOLIDATED.XML (root sdnList)",
}

_HEAD = 65536
_XML_ROOTS = {"CONSOLIDATED_LIST": "un-xml", "sdnList": "ofac-xml"}
_ROOT_RE = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")
_PROLOG_RE = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.DOTALL)
_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (unzip it first)",
    b"\x1f\x8b": "a gzip archive (decompress it first)",
    b"\xff\xd8\xff": "a JPEG image",
}
_CSV_SHAPES = {5: "alt.csv", 6: "add.csv", 2: "sdn_comments.csv"}


def supported() -> str:
    return "supported formats: " + "; ".join(f"{k} ({v})" for k, v in FORMATS.items())


def detect_format(path: Path) -> str:
    """Return the format name of `path`, judged from its first bytes."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        raise JisrInputError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not head.strip(b" \t\r\n\x1a\xef\xbb\xbf"):
        raise JisrInputError(path, "file is empty")
    for signature, what in _SIGNATURES.items():
        if head.startswith(signature):
            raise JisrInputError(path, f"this is {what}, not a watchlist; {supported()}")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:1024]:
        raise JisrInputError(
            path, "file is UTF-16/UTF-32 encoded or binary; lists are read as UTF-8 text"
        )
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"<"):
        return _detect_xml(path, head, body)
    if body[:1] in (b"{", b"["):
        raise JisrInputError(path, f"this looks like JSON, not a watchlist; {supported()}")
    return _detect_csv(path, body)


def _detect_xml(path: Path, head: bytes, body: bytes) -> str:
    dtd = re.search(rb"<!\s*(DOCTYPE|ENTITY)", body, re.IGNORECASE)
    if dtd:
        # `body` starts where the file's leading blank lines end: count those lines too
        line = head.count(b"\n", 0, len(head) - len(body) + dtd.start()) + 1
        raise JisrInputError(
            path,
            "XML with a DOCTYPE/ENTITY declaration is refused (never needed for lists)",
            f"line {line}",
        )
    match = _ROOT_RE.search(_PROLOG_RE.sub(b"", body))
    root = match.group(2).decode("ascii", "replace") if match else None
    if root in _XML_ROOTS:
        return _XML_ROOTS[root]
    raise JisrInputError(path, f"unknown XML list (root element <{root}>); {supported()}")


def _detect_csv(path: Path, body: bytes) -> str:
    first = body.split(b"\n", 1)[0].decode("cp1252", errors="replace")
    try:
        cells = next(csv.reader(io.StringIO(first)))
    except (csv.Error, StopIteration):
        cells = []
    if cells and cells[0].strip().isdigit():
        if len(cells) == 12:
            return "ofac-csv"
        if len(cells) in _CSV_SHAPES:
            raise JisrInputError(
                path,
                f"this looks like OFAC {_CSV_SHAPES[len(cells)]}; read the sdn.csv beside it",
            )
    printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in body[:4096])
    if printable < 0.95 * min(len(body), 4096):
        raise JisrInputError(path, f"binary data, not a watchlist; {supported()}")
    raise JisrInputError(path, f"unknown list format; {supported()}")
