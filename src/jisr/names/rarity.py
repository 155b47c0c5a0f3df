"""Rarity weights for name parts: common parts (Mohamed, Ali, Ben, Abd) weigh little.

Weights are computed from part frequencies keyed by consonant skeleton, so every spelling and
both scripts of a name share one weight. The default table comes from the romaniser's dictionary
of attested Arab names (82k part spellings with counts, shipped with `arabic_name_romanizer`);
`RarityModel.from_names` adds the frequencies of the loaded list on top of that prior.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from jisr.names.parts import NamePart, analyse_name

DEFAULT_TABLE = Path(__file__).with_name("rarity_default.tsv")
MIN_WEIGHT = 0.12
PRIOR_STRENGTH = 20_000.0  # pseudo-count of the default table when mixed with a list's own counts


class RarityModel:
    """Weight in [MIN_WEIGHT, 1] per part: -log10(frequency) / 4, clipped."""

    def __init__(self, counts: dict[str, float], total: float) -> None:
        self.counts = counts
        self.total = max(total, 1.0)
        self._cache: dict[str, float] = {}
        # per part key, the weight `jisr.match` gives the part (kept by the model it depends on)
        self.part_weights: dict[str, float] = {}

    def frequency(self, skeleton: str) -> float:
        return (self.counts.get(skeleton, 0.0) + 0.5) / self.total

    def weight_of_skeleton(self, skeleton: str) -> float:
        w = self._cache.get(skeleton)
        if w is None:
            w = -math.log10(self.frequency(skeleton)) / 4.0
            if len(skeleton) <= 1:  # Ali, Abu alone: too short to identify anyone
                w *= 0.7
            w = min(1.0, max(MIN_WEIGHT, w))
            self._cache[skeleton] = w
        return w

    def weight(self, part: NamePart) -> float:
        return self.weight_of_skeleton(part.skeleton)

    @classmethod
    def from_counts(cls, counts: Counter[str]) -> RarityModel:
        return cls(dict(counts), float(sum(counts.values())))

    @classmethod
    def from_names(cls, names: Iterable[str], prior: RarityModel | None = None) -> RarityModel:
        """Frequencies of the parts of `names` (e.g. every name of the loaded list), mixed with
        the default table as a prior so small lists do not make every part look rare."""
        counts: Counter[str] = Counter()
        for name in names:
            for part in analyse_name(name).parts:
                counts[part.skeleton] += 1
        return cls.mixed_with_prior(counts, prior)

    @classmethod
    def mixed_with_prior(
        cls, counts: Counter[str], prior: RarityModel | None = None
    ) -> RarityModel:
        """Counted part skeletons of a list, mixed with the default table as a prior."""
        prior = prior if prior is not None else default_rarity()
        n = float(sum(counts.values()))
        mixed: dict[str, float] = {k: float(v) for k, v in counts.items()}
        scale = PRIOR_STRENGTH / prior.total
        for k, v in prior.counts.items():
            mixed[k] = mixed.get(k, 0.0) + v * scale
        return cls(mixed, n + PRIOR_STRENGTH)


@lru_cache(maxsize=1)
def default_rarity() -> RarityModel:
    counts: dict[str, float] = {}
    if DEFAULT_TABLE.exists():
        for line in DEFAULT_TABLE.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if value:
                counts[key] = float(value)
    return RarityModel(counts, float(sum(counts.values())))


def build_default_table(path: Path = DEFAULT_TABLE) -> int:
    """Regenerate `rarity_default.tsv` from the romaniser's attested part spellings."""
    from jisr.names.lexicon import connect_dictionary

    con = connect_dictionary()
    counts: Counter[str] = Counter()
    rows = con.execute("SELECT latin, SUM(count) FROM units GROUP BY latin").fetchall()
    for latin, count in rows:
        for part in analyse_name(latin).parts:
            counts[part.skeleton] += int(count)
    con.close()
    lines = [f"{k}\t{v}" for k, v in sorted(counts.items()) if k and v >= 2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)
