"""Scale of cross-list resolution (Step 3): link two synthetic lists of N entries each.

List A: N entries built from real name parts (see synthetic.py). List B: N entries of which a
tenth are the same persons as in A, respelt (perturbed names, some in Arabic script) with the same
birth year, and the rest other synthetic persons. The linking engine (`jisr.unify.link`) indexes B
and queries it with every entry of A on all cores; we measure time, peak memory, and how many
planted pairs are found above the review and auto-merge thresholds.

    uv run python benchmarks/unify_scale.py --entries 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import load_parts, perturb, synthetic_entries  # noqa: E402

from jisr.match import Candidate, NameIndex  # noqa: E402
from jisr.unify.link import LinkParams, link  # noqa: E402
from jisr.unify.resolve import AUTO_SAME, REVIEW  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def build_lists(n: int, seed: int) -> tuple[list[Candidate], list[Candidate], dict[int, int]]:
    parts = load_parts(DATA)
    rng = random.Random(seed)
    a: list[Candidate] = []
    for i, names in synthetic_entries(parts, n, seed=seed):
        year = str(rng.randint(1950, 2000))
        a.append(Candidate(f"A{i}", [(nm, "name") for nm in names], [year]))
    b: list[Candidate] = []
    truth: dict[int, int] = {}  # index in A -> index in B
    planted = set(rng.sample(range(n), n // 10))
    others = synthetic_entries(parts, n, seed=seed + 1)
    for j in range(n):
        if j in planted:
            src = a[j]
            names = [(perturb(src.names[0][0], rng), "name")]
            names += [(nm, "alias") for nm, _ in src.names[1:2]]
            truth[j] = len(b)
            b.append(Candidate(f"B{j}", names, list(src.birth_dates)))
        else:
            _, other = next(others)
            b.append(
                Candidate(f"B{j}", [(nm, "name") for nm in other], [str(rng.randint(1950, 2000))])
            )
    return a, b, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--names", type=int, default=2, help="names of an A entry used as queries")
    ap.add_argument("--candidates", type=int, default=10, help="index candidates per query name")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    t0 = time.perf_counter()
    a, b, truth = build_lists(args.entries, args.seed)
    t_lists = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = NameIndex.build((j, nm) for j, c in enumerate(b) for nm, _ in c.names)
    t_index = time.perf_counter() - t0
    params = LinkParams(
        names_per_entity=args.names,
        candidates_per_name=args.candidates,
        min_score=REVIEW,
        symmetric=False,
    )
    t0 = time.perf_counter()
    pairs = link(a, index, b, params=params, workers=args.workers, chunk=5000)
    t_link = time.perf_counter() - t0

    found_review = sum(1 for i, j in truth.items() if pairs.get((i, j), 0) >= REVIEW)
    found_auto = sum(1 for i, j in truth.items() if pairs.get((i, j), 0) >= AUTO_SAME)
    auto = [(k, s) for k, s in pairs.items() if s >= AUTO_SAME]
    auto_true = sum(1 for (i, j), _ in auto if truth.get(i) == j)
    figures = {
        "entries_per_list": args.entries,
        "query_names_per_entry": args.names,
        "candidates_per_name": args.candidates,
        "planted_pairs": len(truth),
        "seconds_build_lists": round(t_lists, 1),
        "seconds_index_b": round(t_index, 1),
        "seconds_link": round(t_link, 1),
        "entries_linked_per_second": round(args.entries / t_link, 1),
        "pairs_at_or_above_review": sum(1 for s in pairs.values() if s >= REVIEW),
        "planted_recall_review": round(found_review / max(len(truth), 1), 4),
        "planted_recall_auto": round(found_auto / max(len(truth), 1), 4),
        "auto_pairs": len(auto),
        "auto_precision_vs_planted": round(auto_true / max(len(auto), 1), 4),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    width = max(len(k) for k in figures)
    print("Cross-list resolution at scale (two synthetic lists)")
    for k, v in figures.items():
        print(f"  {k:<{width}}  {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
