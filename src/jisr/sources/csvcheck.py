"""A check the `csv` module does not make: a quoted field that is never closed.

Read leniently (the default), `csv` takes everything from an unclosed quote to the end of the
file as one field, and says nothing: every later row would be lost unreported. Read strictly,
it refuses that, but also rows real files have (`"Abu Bakr" al-Baghdadi,...`: text after a
closing quote). So files are read leniently and only a row that spans lines is re-read
strictly, to tell whether the file ended inside one of its quoted fields.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

UNCLOSED = "a quoted field opened in this row is never closed (the file ends inside it)"


def ends_inside_quotes(lines: Iterable[str], **fmtparams: Any) -> bool:
    """Whether the file ends inside a quoted field of this row (its raw lines)."""
    try:
        for _ in csv.reader(lines, strict=True, **fmtparams):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
