"""Which Arabic names a Latin spelling is attested for (reverse of the romaniser's dictionary).

`Karim` is written كريم and `Karima` كريمة; `Said` سعيد and `Saad` سعد; `Youcef` and `Youssouf`
both يوسف. One edit apart in Latin, the first pairs are different names and the last one is the
same: only attestations tell. Built lazily from the romaniser's `names.sqlite3` (57k
spelling → Arabic rows), read-only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jisr.names.arabic import fold_arabic, normalize_arabic, split_article
from jisr.names.latin import latin_tokens

MIN_ATTESTATIONS = 5
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "l"})


@lru_cache(maxsize=1 << 17)
def latin_key(text: str) -> str:
    """`Ben Ali` = `Benali` = `ben-ali`; `al-Tikriti` = `Tikriti`."""
    words = [w for tok in latin_tokens(text) for w in tok.split("-") if w]
    return "".join(w for w in words if w not in LATIN_ARTICLES)


def arabic_key(text: str) -> str:
    tokens = [split_article(t)[1] for t in normalize_arabic(text).split()]
    return fold_arabic("".join(tokens))


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, float]]:
    import sqlite3

    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT latin, arabic_key, SUM(count) FROM units GROUP BY latin, arabic_key")
    counts: dict[str, dict[str, float]] = {}
    for latin, arabic, count in rows:
        lk, ak = latin_key(latin), arabic_key(arabic)
        if lk and ak:
            d = counts.setdefault(lk, {})
            d[ak] = d.get(ak, 0.0) + float(count)
    con.close()
    out: dict[str, dict[str, float]] = {}
    for lk, d in counts.items():
        total = sum(d.values())
        if total >= MIN_ATTESTATIONS:
            out[lk] = {ak: c / total for ak, c in d.items()}
    return out


def arabic_readings(key: str) -> dict[str, float] | None:
    """P(Arabic name | Latin spelling) for a `latin_key`, or None when not well attested."""
    return _table().get(key)


@lru_cache(maxsize=1 << 16)
def same_arabic_name(a: str, b: str) -> float | None:
    """Overlap (0–1) of the Arabic names two Latin spellings are attested for; None if unknown."""
    ra, rb = arabic_readings(a), arabic_readings(b)
    if ra is None or rb is None:
        return None
    return sum(min(p, rb.get(k, 0.0)) for k, p in ra.items())
