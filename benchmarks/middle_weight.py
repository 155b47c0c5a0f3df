"""The trade-off behind `MIDDLE_WEIGHT` (jisr.match.names): for each weight, how many UN
persons' short forms (given name + family name, `jisr.match.evaluate.un_short_forms`) find their
entry at or above the threshold, against how many made-up names (real name parts drawn at their
real frequency, `synthetic.py`: people who are no one listed) get a hit on the UN and OFAC SDN
names. One command, one table:

    uv run python benchmarks/middle_weight.py            # weights 1.0 0.7 0.5 0.35
    uv run python benchmarks/middle_weight.py --weights 0.5 --made-up 1000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

import jisr.match.bounds as bounds  # noqa: E402
import jisr.match.names as names  # noqa: E402
from jisr.match import DEFAULT_THRESHOLD, NameIndex  # noqa: E402
from jisr.match import evaluate as ev  # noqa: E402
from jisr.sources import read_list  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
OFAC = "ofac/bench_2021-07/sdn.csv"


def lists_and_made_up(data: Path, n: int) -> tuple[list[ev.UnName], NameIndex, list[str]]:
    """The UN list's names, one index of the UN and OFAC SDN names, and `n` made-up names (the
    first name of each synthetic entry, seed 99: people who are no one listed)."""
    un = ev.load_un_names(data / ev.UN_FILE)
    pairs = [(x.entity, x.value) for x in un]
    base = max(x.entity for x in un) + 1
    for k, rec in enumerate(read_list(data / OFAC).records):
        pairs += [(base + k, st.value) for st in rec.names()]
    parts = synthetic.load_parts(data)
    made_up = [ns[0] for _, ns in synthetic.synthetic_entries(parts, n, seed=99)]
    return un, NameIndex.build(pairs), made_up


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weights", type=float, nargs="+", default=[1.0, 0.7, 0.5, 0.35])
    ap.add_argument("--made-up", type=int, default=3000, help="made-up names screened")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    un, both, made_up = lists_and_made_up(args.data, args.made_up)
    table = Table(title="MIDDLE_WEIGHT: short forms found vs made-up names with a hit")
    for col in (
        "MIDDLE_WEIGHT",
        "short forms found",
        "strict",
        f"made-up names with a hit (of {len(made_up):,})",
    ):
        table.add_column(col)
    kept = names.MIDDLE_WEIGHT
    try:
        for w in args.weights:
            names.MIDDLE_WEIGHT = bounds.MIDDLE_WEIGHT = w  # scoring and its bound alike
            short = ev.un_short_forms(args.data, un)
            hits = sum(
                any(
                    h.score >= DEFAULT_THRESHOLD
                    for h in both.screen(q, min_score=DEFAULT_THRESHOLD)
                )
                for q in made_up
            )
            mark = " (jisr's)" if w == kept else ""
            table.add_row(
                f"{w:g}{mark}", f"{short.recall:.3f}", f"{short.strict_recall:.3f}", str(hits)
            )
    finally:
        names.MIDDLE_WEIGHT = bounds.MIDDLE_WEIGHT = kept
    Console().print(table)


if __name__ == "__main__":
    main()
