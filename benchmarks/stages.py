"""Where bulk screening's time goes, stage by stage, on a cached synthetic index.

One command, after `benchmarks/run.py` has built and cached the 1M-entry index:

    uv run python benchmarks/stages.py                  # 5,000 new names, run.py's 1M index
    uv run python benchmarks/stages.py --names 2000 --index benchmarks/.cache/synthetic-1000000-…

It screens the same new names as `run.py`'s bulk section, one after another on one core, twice:
first with every jisr cache emptied (what `run.py` reports as bulk throughput), then again with
the caches warm; and prints mean CPU ms per name for each stage (analysis, candidates, score
bound, rebuilding the kept names, full comparisons) and names per CPU second.

To compare two versions of the code side by side, run each with its own index (an index holds
analyses made by the code that built it), alternating, e.g. with the older version checked out
by `git worktree add /tmp/old REV` and its index built by its own `run.py`:

    PYTHONPATH=/tmp/old/src uv run python /tmp/old/benchmarks/stages.py --index /tmp/old/benchmarks/.cache/…
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import run  # noqa: E402
import synthetic  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402


def cached_index(cache: Path, entries: int) -> Path | None:
    """The synthetic index `run.py` cached for this code and size, if it is there."""
    folder = cache / f"synthetic-{entries}-{run.cache_key(entries, run.SEED)}"
    return folder if (folder / "bench-meta.json").exists() else None


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--names", type=int, default=5_000, help="new names screened (default 5,000)")
    ap.add_argument("--entries", type=int, default=1_000_000, help="size of the cached index")
    ap.add_argument("--index", type=Path, help="a cached index (default: run.py's for this code)")
    ap.add_argument("--data", type=Path, default=run.DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=run.DEFAULT_CACHE)
    args = ap.parse_args(argv)
    folder = args.index or cached_index(args.cache, args.entries)
    if folder is None:
        ap.error(f"no index of this code under {args.cache}: run benchmarks/run.py first")
    run.pin_one_core()
    jm = run.jisr_match()
    index = jm.NameIndex.load(folder)
    if getattr(index, "analysed", None) is None:
        ap.error(
            f"{folder} was built by another version of the name code: its saved analyses "
            "are not used (rebuild it with benchmarks/run.py)"
        )
    parts = synthetic.load_parts(args.data)
    names = [
        n for _, ns in synthetic.synthetic_entries(parts, args.names, seed=run.SEED + 2) for n in ns
    ][: args.names]
    run.clear_jisr_caches(index)
    results = {
        "caches emptied": run.stage_times(index, names),
        "the same names again": run.stage_times(index, names),
    }
    table = Table(title=f"Bulk screening by stage: {len(names):,} new names, {folder.name}")
    table.add_column("stage (mean CPU ms per name)")
    for label in results:
        table.add_column(label, justify="right")
    for key in (*run.BREAKDOWN_STEPS, "names compared per query (of 50)", "queries per CPU second"):
        fmt = "{:,.0f}" if key.startswith("queries") else "{:.3f}"
        table.add_row(key, *(fmt.format(r[key]) for r in results.values()))
    Console().print(table)
    return results


if __name__ == "__main__":
    main()
