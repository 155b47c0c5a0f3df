"""Name matching across Arabic and Latin script: compare names and entities, index a list."""

from jisr.match.entities import Candidate, EntityMatch, Evidence, Query, compare_entities
from jisr.match.index import NameIndex, ScreenHit
from jisr.match.names import (
    DEFAULT_THRESHOLD,
    NameMatch,
    PartMatch,
    compare_many,
    compare_names,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "EntityMatch",
    "Evidence",
    "NameIndex",
    "NameMatch",
    "PartMatch",
    "Query",
    "ScreenHit",
    "compare_entities",
    "compare_many",
    "compare_names",
]
