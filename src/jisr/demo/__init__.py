"""A small, entirely FICTIONAL watchlist for demonstrations, tutorials and smoke tests.

``demo_list.xml`` uses the real UN Security Council Consolidated List XML layout (so the UN
reader imports it unchanged) but every person, organisation, date, address and document number in
it is invented. References use the fictional series ``XDi.nnn`` (individuals) and ``XDe.nnn``
(entities), ``UN_LIST_TYPE`` is ``DEMO``, ``LIST_TYPE`` is ``DEMONSTRATION — FICTIONAL`` and every
entry's ``COMMENTS1`` starts with ``FICTIONAL DEMONSTRATION ENTRY — not a real listing.``

:data:`EXAMPLE_QUERIES` are screening queries against it, each with the reference(s) it should
find (``expect``; empty when it should find nothing) and why it is interesting.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jisr.model import ParsedList

DEMO_DATASET = "demo"
DEMO_TITLE = "jisr demonstration list (FICTIONAL)"
DEMO_FORMAT = "un-xml"
DEMO_MARKER = "FICTIONAL DEMONSTRATION ENTRY"
DEMO_REFERENCE_PREFIXES = ("XDi.", "XDe.")
DEMO_INDIVIDUALS = 25
DEMO_ENTITIES = 6

# jisr.demo is a regular package installed as files, so the resource is a real path.
DEMO_LIST_PATH: Path = Path(str(files(__name__).joinpath("demo_list.xml")))

EXAMPLE_QUERIES: list[dict[str, Any]] = [
    {
        "name": "Abdelkader Ben Ali Tlemcani",
        "expect": ["XDi.001"],
        "why": "French/Maghreb spelling of عبد القادر بن علي التلمساني, listed in English style "
        "as ABDUL QADIR BIN ALI AL-TILIMSANI: Abdelkader = Abdul Qadir, Ben = bin, "
        "Tlemcani = al-Tilimsani.",
    },
    {
        "name": "مختار بوزيد",
        "expect": ["XDi.002"],
        "why": "Arabic-script query for MOKHTAR BOUZID, who is listed in Latin script only: the "
        "match has to go through transliteration.",
    },
    {
        "name": "Zerrouki Khaled",
        "expect": ["XDi.003"],
        "why": "Family name first and the middle name (Benyoucef) left out: the listed name is "
        "KHALED BENYOUCEF ZERROUKI, so word order and a missing part must not prevent a match.",
    },
    {
        "name": "Djamel Meziane",
        "birth_date": "1981-03-14",
        "expect": ["XDi.004"],
        "why": "Two listed near-namesakes, DJAMEL MEZIANE BOUTERFA (XDi.004, born 14 Mar. 1981) "
        "and DJAMAL MEZIANI (XDi.005, born 1955): the date of birth should put XDi.004 first.",
    },
    {
        "name": "Abou Sahl",
        "expect": ["XDi.006"],
        "why": "A weak (Low quality) alias packed with others into one UN alias string, "
        "أبو سهل التاسيلي (Abu Sahl al-Tassili; Abou Sahl): it must be split out, and the "
        "hit should be shown as a weak alias.",
    },
    {
        "name": "Djamaat Nour Essahra",
        "schema": "Organization",
        "expect": ["XDe.001"],
        "why": "French transliteration (Dj-, assimilated article es-) of the organisation "
        "جماعة نور الصحراء, listed as JAMAAT NOUR AL-SAHRA / JNS.",
    },
    {
        "name": "Nadia Cherif",
        "expect": [],
        "why": "A common Maghreb name that shares no name with any listed entry: the screening "
        "should come back empty rather than with weak matches on common words.",
    },
]


def read_demo() -> ParsedList:
    """Parse the demonstration list, tagged as dataset ``demo`` and ``is_demo=True``."""
    from jisr.sources.un_xml import read_un_xml

    parsed = read_un_xml(DEMO_LIST_PATH)
    parsed.dataset = DEMO_DATASET
    parsed.title = DEMO_TITLE
    parsed.is_demo = True
    return parsed


__all__ = [
    "DEMO_DATASET",
    "DEMO_ENTITIES",
    "DEMO_FORMAT",
    "DEMO_INDIVIDUALS",
    "DEMO_LIST_PATH",
    "DEMO_MARKER",
    "DEMO_REFERENCE_PREFIXES",
    "DEMO_TITLE",
    "EXAMPLE_QUERIES",
    "read_demo",
]
