"""List readers: turn a published watchlist file into a :class:`~jisr.model.ParsedList`.

``detect_format`` recognises a file from its content, ``read_list`` dispatches to the reader.
Each reader lives in its own module; add a new one by adding it to ``READERS`` and ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jisr.model import JisrInputError, ParsedList
from jisr.sources.detect import FORMATS, detect_format, supported
from jisr.sources.ofac_csv import read_ofac_csv
from jisr.sources.ofac_xml import read_ofac_xml
from jisr.sources.un_xml import read_un_xml

READERS: dict[str, Callable[[Path], ParsedList]] = {
    "un-xml": read_un_xml,
    "ofac-csv": read_ofac_csv,
    "ofac-xml": read_ofac_xml,
}


def read_list(path: Path, fmt: str | None = None) -> ParsedList:
    """Read one list file; `fmt` overrides detection (one of :data:`FORMATS`)."""
    path = Path(path)
    if not path.is_file():
        raise JisrInputError(path, "no such file")
    fmt = fmt or detect_format(path)
    reader = READERS.get(fmt)
    if reader is None:
        raise JisrInputError(path, f"unknown format {fmt!r}; {supported()}")
    return reader(path)


__all__ = ["FORMATS", "READERS", "JisrInputError", "ParsedList", "detect_format", "read_list"]
