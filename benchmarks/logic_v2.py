"""OpenSanctions' `logic-v2` (yente's default matcher) called in-process, for the side by side.

Needs the optional `bench` extra (`uv sync --extra bench`): nomenklatura + followthemoney.
Every entity gets a unique id: nomenklatura caches name analysis per entity id.
"""

from __future__ import annotations

import itertools
from typing import Any

LOGIC_V2 = "logic-v2"
LOGIC_V2_THRESHOLD = 0.70  # yente's default match threshold for logic-v2

_ids = itertools.count()


def available() -> str | None:
    """None when logic-v2 can be used, else why not."""
    try:
        from nomenklatura.matching import get_algorithm  # noqa: F401
    except Exception as exc:  # ImportError, or a broken install of its native deps (pyicu)
        return f"{type(exc).__name__}: {exc}"
    return None


class LogicV2:
    """`score(query_name, candidate_name, schema)` with fresh entities, or on prepared ones."""

    def __init__(self) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        self.model = model
        self.algo = get_algorithm(LOGIC_V2)
        if self.algo is None:
            raise RuntimeError(f"nomenklatura has no algorithm {LOGIC_V2!r}")
        self.config = self.algo.default_config()
        self.threshold = LOGIC_V2_THRESHOLD

    def entity(self, name: str, schema: str = "Person") -> Any:
        ent = self.model.make_entity(schema)
        ent.id = f"bench-{next(_ids)}"
        ent.add("name", name)
        return ent

    def compare(self, query: Any, candidate: Any) -> float:
        return float(self.algo.compare(query, candidate, self.config).score)

    def score(self, a: str, b: str, schema: str = "Person") -> float:
        return self.compare(self.entity(a, schema), self.entity(b, schema))
