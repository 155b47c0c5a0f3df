"""Hardened, streaming XML parsing shared by the XML list readers.

Watchlist files never need a DTD, so any DOCTYPE (and with it every entity trick: billion laughs,
external entities, parameter entities) is refused before lxml sees the file. lxml is then run with
entity resolution, DTD loading and network access off and without ``huge_tree``, and the parse
streams with ``iterparse`` so large files never sit in memory as a whole tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from jisr.model import JisrInputError

_CHUNK = 1 << 20
_DTD_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def check_xml_bytes(path: Path) -> None:
    """Refuse files that are empty, not in an ASCII-compatible encoding, or carry a DTD."""
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as exc:
        raise JisrInputError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise JisrInputError(path, "file is empty")
    with handle:
        head = handle.read(4)
        if head.startswith(_UTF16_32_BOMS) or b"\x00" in head:
            raise JisrInputError(
                path, "XML is encoded as UTF-16/UTF-32; only UTF-8 (or ASCII-compatible) is read"
            )
        handle.seek(0)
        tail = b""
        offset = 0
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            match = _DTD_RE.search(window)
            if match:
                line = _line_of(path, offset - len(tail) + match.start())
                raise JisrInputError(
                    path,
                    "XML with a DOCTYPE/ENTITY declaration is refused (DTDs are never needed "
                    "for watchlists and enable entity-expansion attacks)",
                    f"line {line}",
                )
            tail = window[-16:]
            offset += len(chunk)


def _line_of(path: Path, byte_offset: int) -> int:
    with path.open("rb") as handle:
        return handle.read(max(byte_offset, 0)).count(b"\n") + 1


def iter_elements(
    path: Path, tags: tuple[str, ...], root_events: bool = True
) -> Iterator[tuple[str, etree._Element]]:
    """Yield ``("root", root)`` once, then ``("end", element)`` for each element named in `tags`.

    `tags` are local names; any namespace matches. Yielded elements are cleared after the
    consumer is done with them, so memory stays flat. Syntax errors become
    :class:`JisrInputError` naming the line.
    """
    check_xml_bytes(path)
    wanted = set(tags)
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, elem in context:
            if event == "start":
                if depth == 0:
                    if elem.getroottree().docinfo.doctype:
                        raise JisrInputError(path, "XML with a DOCTYPE is refused", "line 1")
                    if root_events:
                        yield "root", elem
                depth += 1
                continue
            depth -= 1
            if etree.QName(elem).localname in wanted:
                yield "end", elem
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        raise JisrInputError(
            path, f"malformed XML: {exc.msg}", f"line {line}" if line else None
        ) from exc
    except UnicodeDecodeError as exc:
        raise JisrInputError(path, f"XML is not in its declared encoding: {exc}") from exc


def text(elem: etree._Element | None) -> str | None:
    """The stripped text of an element, or None when missing or blank."""
    if elem is None or elem.text is None:
        return None
    value = " ".join(elem.text.split())
    return value or None


def local(elem: etree._Element) -> str:
    return etree.QName(elem).localname
