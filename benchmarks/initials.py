"""The trade-off behind the initials rules (`INITIAL_EVIDENCE`, `INITIAL_LEFTOVER`,
jisr.match.names): how many UN persons written with an initial find their entry at or above the
threshold, against how many made-up names written with an initial (real name parts drawn at
their real frequency, `synthetic.py`: people who are no one listed, as a bank's customer file
abbreviates them) get a hit on the UN and OFAC SDN names. One command, one table:

    uv run python benchmarks/initials.py
    uv run python benchmarks/initials.py --evidence 0 0.6 --leftover 0.3 0.5 --made-up 1000

Queries, each kind from the same made-up names (Latin ones of two parts or more):
- `X. Rest`: the given name as an initial (`A. Omar`, `M. Ali Hassan`);
- `First X. Last`: a middle part as an initial (names of three parts or more);
- as written: the same names in full, the baseline an initial should not rise above.
Recall: `jisr eval`'s initials row (the UN persons' given name as an initial) and the same
persons with their second part as an initial (`Aiman M. Rabi al-Zawahiri`).
The other initials rules (never the family name, never out of order, never in a joined reading,
`L.` an initial, the same letter an initial) hold in every row, so an evidence of 0 with a
leftover of 0.3 is not the matcher before them: that one (the commit before, run from a `git
worktree`) gave 557 / 116 / 173 hits and recalls 0.994 / 0.992. Hits are `NameIndex.screen`'s,
with no entity types: a person's initials that spell a listed acronym count here (about 29 of
the hits in each column), not in `jisr screen`, which knows the listed entry is a group.
"""

from __future__ import annotations

import argparse
import sys
from itertools import product
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from middle_weight import DATA, lists_and_made_up  # noqa: E402

import jisr.match.names as names  # noqa: E402
from jisr.match import DEFAULT_THRESHOLD  # noqa: E402
from jisr.match import evaluate as ev  # noqa: E402
from jisr.match.evaluate import initialled  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--evidence", type=float, nargs="+", default=[0.0, 0.5, 0.6, 0.7])
    ap.add_argument("--leftover", type=float, nargs="+", default=[0.3, 0.5])
    ap.add_argument("--made-up", type=int, default=3000, help="made-up names drawn")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    un, both, drawn = lists_and_made_up(args.data, args.made_up)
    latin = [m for m in drawn if m.isascii()]
    first = [q for m in latin if (q := initialled(m, 0))]
    middle = [q for m in latin if (q := initialled(m, 1))]
    full = [m for m in latin if initialled(m, 0)]
    middles = ev.initial_forms(un, at=1)

    def with_hit(queries: list[str]) -> int:
        return sum(
            any(h.score >= DEFAULT_THRESHOLD for h in both.screen(q, min_score=DEFAULT_THRESHOLD))
            for q in queries
        )

    table = Table(title="Initials: UN persons found vs made-up names with a hit (UN + OFAC)")
    for col in (
        "INITIAL_EVIDENCE",
        "INITIAL_LEFTOVER",
        "UN given name as initial: found / strict",
        "UN middle initial: found / strict",
        f"made-up `X. Rest` with a hit (of {len(first):,})",
        f"made-up `First X. Last` (of {len(middle):,})",
        f"the same names in full (of {len(full):,})",
    ):
        table.add_column(col)
    kept = names.INITIAL_EVIDENCE, names.INITIAL_LEFTOVER
    baseline = None
    try:
        for evidence, leftover in product(args.evidence, args.leftover):
            names.INITIAL_EVIDENCE, names.INITIAL_LEFTOVER = evidence, leftover
            given = ev.un_initials(args.data / ev.UN_FILE, un)
            mid = ev._found("middle", middles, un, DEFAULT_THRESHOLD)
            if baseline is None:
                baseline = str(with_hit(full))  # no initial: the rules do not apply
            mark = " (jisr's)" if (evidence, leftover) == kept else ""
            table.add_row(
                f"{evidence:g}{mark}",
                f"{leftover:g}",
                f"{given.recall:.3f} / {given.strict_recall:.3f}",
                f"{mid.recall:.3f} / {mid.strict_recall:.3f}",
                str(with_hit(first)),
                str(with_hit(middle)),
                baseline,
            )
    finally:
        names.INITIAL_EVIDENCE, names.INITIAL_LEFTOVER = kept
    Console().print(table)


if __name__ == "__main__":
    main()
