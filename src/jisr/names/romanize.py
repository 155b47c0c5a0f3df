"""Romanisation of Arabic name parts through `arabic_name_romanizer`, cached per part.

The romaniser is dictionary-first (86k full names, 82k parts with attested Latin spellings and
counts), with a small ONNX model for unknown parts. We use its top-k with scores: attested
spellings (`source == "dictionary"`) are trusted, model/rules output only as a weak hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

TOP_K = 6
MIN_SCORE = 0.02  # drop the noisy tail (علي → Ammar 0.05 is kept, Chaima for أحمد 0.03 too)


@dataclass(frozen=True, slots=True)
class Romanisation:
    text: str
    score: float
    attested: bool  # from the romaniser's dictionary of attested spellings


_TRANSLITERATOR: Any = None


def _transliterator() -> Any:
    global _TRANSLITERATOR
    if _TRANSLITERATOR is None:
        from arabic_name_romanizer import Transliterator

        _TRANSLITERATOR = Transliterator()
    return _TRANSLITERATOR


@lru_cache(maxsize=1 << 17)
def romanise(part: str, top_k: int = TOP_K) -> tuple[Romanisation, ...]:
    """Latin spellings of one Arabic name part (`عبد القادر` → Abdelkader, Abdulkadir, ...)."""
    if not part.strip():
        return ()
    cands = _transliterator().transliterate(part, top_k=top_k)
    out: list[Romanisation] = []
    for i, c in enumerate(cands):
        if i > 0 and c.score < MIN_SCORE:
            continue
        out.append(Romanisation(c.text, float(c.score), c.source in ("dictionary", "user")))
    return tuple(out)
