"""jisr benchmark: screening latency, bulk throughput, index memory, and logic-v2 side by side.

One command (defaults = the full targets; ~5 min the first time (3 of them building the index), the 1M index is
cached under benchmarks/.cache/ afterwards):

    uv run --extra bench python benchmarks/run.py
    uv run --extra bench python benchmarks/run.py --entries 200000 --queries 200   # smaller
    uv run python benchmarks/run.py --quick                                         # seconds

Everything runs pinned to one CPU core. Results: a rich table per section on stdout and
`benchmarks/results.json` (`--json PATH` to change).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from logic_v2 import LOGIC_V2_THRESHOLD, LogicV2, available  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("JISR_BENCH_DATA", ROOT.parent / "shared" / "data"))
DEFAULT_CACHE = HERE / ".cache"
DEFAULT_JSON = HERE / "results.json"
CANDIDATES = 50  # names scored in full per query (as jisr.screen.Screener does)
WARMUP = 100  # distinct queries run before timing (model loading, page-ins, part caches)
SEED = 20260227

ALL_SECTIONS = ("memory", "latency", "bulk", "compare")
TARGET_P99_MS = 10.0
TARGET_RSS_MB = 4096.0
TARGET_SPEEDUP = 10.0
TARGET_BULK = 1000.0  # names/s on one core
AGREEMENT_POOL = 2000  # candidates scored for the reference best hit (candidate-stage check)
WARM_REPEATS = 3  # passes over the pairs for the warm figures, the fastest kept (both matchers)

console = Console(width=None if sys.stdout.isatty() else 160)


# ---------------------------------------------------------------------------- helpers
@dataclass
class Settings:
    entries: int = 1_000_000
    queries: int = 500
    bulk: int = 5_000
    pairs: int = 0  # per set for the side by side; 0 = all
    un_records: int = 0  # 0 = the whole UN list
    data: Path = DEFAULT_DATA
    cache: Path = DEFAULT_CACHE
    json: Path | None = DEFAULT_JSON
    quick: bool = False
    rebuild: bool = False
    logic_v2: bool = True
    sections: tuple[str, ...] = ("memory", "latency", "bulk", "compare")


@dataclass
class Results:
    settings: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)
    latency: list[dict[str, Any]] = field(default_factory=list)
    bulk: list[dict[str, Any]] = field(default_factory=list)
    memory: dict[str, Any] = field(default_factory=dict)
    breakdown: dict[str, float] = field(default_factory=dict)
    agreement: dict[str, Any] = field(default_factory=dict)
    compare: list[dict[str, Any]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    time: dict[str, float] = field(default_factory=dict)


def pin_one_core() -> int | None:
    """Run on one core (also keeps the romaniser's ONNX runtime to one thread)."""
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return cpus[-1]
    return None


def rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    return float("nan")


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def clear_jisr_caches(*objects: Any) -> None:
    """Forget every cached name analysis / part comparison, so timings include that work
    (module-level caches of jisr.names / jisr.match, and `*_cache` dicts of `objects`)."""
    for obj in objects:
        for name, value in vars(obj).items():
            if name.endswith("cache") and isinstance(value, dict):
                value.clear()
    for modname, mod in list(sys.modules.items()):
        if not modname.startswith(("jisr.names", "jisr.match")) or mod is None:
            continue
        for value in list(vars(mod).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
        clear = getattr(mod, "clear_caches", None)  # a module's own list of its caches
        if callable(clear):
            clear()
        cache = getattr(mod, "_CACHE", None)
        if isinstance(cache, dict):
            cache.clear()


def machine_reference() -> float:
    """CPU ms of a fixed workload of the kinds screening does (dict and string work in Python,
    small numpy calls, random gathers from a large array), best of five: the same work in every
    run, so figures of runs on different machines can be compared (this machine / that one)."""
    import numpy as np

    rng = np.random.default_rng(0)
    table = rng.random(1_300_000).astype(np.float32)
    rows = rng.integers(0, len(table), 20_000)
    words = [f"w{i}" for i in range(2_000)]
    best = math.inf
    for _ in range(5):
        t = time.process_time()
        seen: dict[str, int] = {}
        for i in range(100_000):
            key = words[i % 2_000] + words[(i * 7) % 2_000]
            seen[key] = seen.get(key, 0) + 1
        for k in range(300):
            float(table[rows].sum())
            np.maximum.reduceat(table[: 64 + k], [0, 16, 32])
        best = min(best, time.process_time() - t)
    return best * 1000


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Clock:
    def __init__(self) -> None:
        self.phases: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t = time.perf_counter()
        console.log(f"[bold]{name}[/] …")
        try:
            yield
        finally:
            dt = time.perf_counter() - t
            self.phases[name] = self.phases.get(name, 0.0) + dt
            console.log(f"{name}: {dt:.1f} s")


# ---------------------------------------------------------------------------- jisr adapter
def jisr_match() -> Any:
    """`jisr.match` (compare_names, NameIndex, DEFAULT_THRESHOLD); waits while it is broken."""
    return importlib.import_module("jisr.match")


def make_screen(index: Any, jm: Any) -> Callable[[str], int]:
    """Screening of one name = index candidates, the score bound, full scoring of the names that
    can reach the threshold; returns #hits at or above the threshold (what `jisr screen`
    reports: it skips names whose bound is below the threshold the same way).

    Uses `NameIndex.screen` when the index has it (candidates + compare on the index's own
    analysed names and rarity model); otherwise candidates + `compare_names` on each."""
    if hasattr(index, "screen"):
        thr = float(jm.DEFAULT_THRESHOLD)

        def screen(q: str) -> int:
            return len(index.screen(q, limit=CANDIDATES, min_score=thr))

        screen.index = index  # type: ignore[attr-defined]
        return screen

    def screen_fallback(q: str) -> int:
        rows = index.candidate_rows(q, limit=CANDIDATES)
        for row in rows:
            jm.compare_names(q, index.name(int(row)))
        return len(rows)

    screen_fallback.index = index  # type: ignore[attr-defined]
    return screen_fallback


# ---------------------------------------------------------------------------- workers
def worker_build(entries: int, seed: int, data: Path, out: Path) -> dict[str, Any]:
    jm = jisr_match()
    t0 = time.perf_counter()
    parts = synthetic.load_parts(data)
    pairs = list(synthetic.synthetic_pairs(parts, entries, seed))
    gen_s = time.perf_counter() - t0
    del parts
    gc.collect()
    rss_before = rss_mb()
    t = time.perf_counter()
    index = jm.NameIndex.build(pairs)
    build_s = time.perf_counter() - t
    rss_after = rss_mb()
    n_names = len(pairs)
    del pairs
    clear_jisr_caches()
    gc.collect()
    rss_index_only = rss_mb()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    t = time.perf_counter()
    index.save(tmp)
    save_s = time.perf_counter() - t
    meta = {
        "entries": entries,
        "names": n_names,
        "seed": seed,
        "generate_s": gen_s,
        "build_s": build_s,
        "save_s": save_s,
        "rss_before_build_mb": rss_before,
        "rss_after_build_mb": rss_after,
        "rss_after_build_caches_cleared_mb": rss_index_only,
        "disk_mb": dir_size_mb(tmp),
        "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    (tmp / "bench-meta.json").write_text(json.dumps(meta, indent=1))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return meta


def worker_load(path: Path, queries: list[str]) -> dict[str, Any]:
    jm = jisr_match()
    gc.collect()
    rss_before = rss_mb()
    t = time.perf_counter()
    index = jm.NameIndex.load(path)
    load_s = time.perf_counter() - t
    rss_after = rss_mb()
    screen = make_screen(index, jm)
    t = time.perf_counter()
    for q in queries:
        screen(q)
    first_s = time.perf_counter() - t
    return {
        "load_s": load_s,
        "rss_before_load_mb": rss_before,
        "rss_after_load_mb": rss_after,
        "first_queries": len(queries),
        "first_queries_s": first_s,
        "rss_after_queries_mb": rss_mb(),
    }


def run_worker(args: list[str]) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed ({proc.returncode}): {proc.stdout[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- sections
def cache_key(entries: int, seed: int) -> str:
    h = hashlib.sha1(f"{entries}|{seed}".encode())
    files = [HERE / "synthetic.py"]
    for sub in ("match", "names"):
        files.extend(sorted((ROOT / "src" / "jisr" / sub).glob("*")))
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def section_memory(s: Settings, res: Results, clock: Clock, queries: list[str]) -> Path:
    folder = s.cache / f"synthetic-{s.entries}-{cache_key(s.entries, SEED)}"
    if s.rebuild or not (folder / "bench-meta.json").exists():
        for old in s.cache.glob(f"synthetic-{s.entries}-*"):
            shutil.rmtree(old, ignore_errors=True)  # stale: older matcher code
        s.cache.mkdir(parents=True, exist_ok=True)
        with clock.phase(f"build synthetic index ({s.entries:,} entries, subprocess)"):
            meta = run_worker(["build", str(s.entries), str(SEED), str(s.data), str(folder)])
        meta["cached"] = False
    else:
        meta = json.loads((folder / "bench-meta.json").read_text())
        meta["cached"] = True
        console.log(f"synthetic index: cached at {folder} (built {meta['built_at']})")
    qfile = folder.parent / (folder.name + "-queries.json")
    qfile.write_text(json.dumps(queries[:100], ensure_ascii=False))
    with clock.phase("load index in a fresh process"):
        loaded = run_worker(["load", str(folder), str(qfile)])
    qfile.unlink()
    res.memory = {**meta, **loaded, "path": str(folder)}
    if meta["rss_after_build_mb"] > TARGET_RSS_MB:
        res.misses.append(f"[memory] RSS after build {meta['rss_after_build_mb']:.0f} MB > 4 GB")
    if loaded["rss_after_queries_mb"] > TARGET_RSS_MB:
        res.misses.append(
            f"[memory] RSS of loaded index {loaded['rss_after_queries_mb']:.0f} MB > 4 GB"
        )
    if loaded["load_s"] > 10:
        res.misses.append(f"[memory] index load {loaded['load_s']:.1f} s (target: seconds)")
    return folder


Timings = dict[str, list[tuple[float, float]]]  # kind → [(wall ms, cpu ms)]


def time_queries(
    screen: Callable[[str], int], queries: list[tuple[str, str]], warmup: list[str]
) -> Timings:
    """Per-query wall and CPU (process) time: after emptying jisr's caches and a warm-up of
    other queries ("all" and per kind), then the same queries again ("all, repeated"), when
    every name analysis is cached: the steady state of a long-running screener."""
    clear_jisr_caches(screen.index)  # type: ignore[attr-defined]
    for q in warmup:
        screen(q)
    out: Timings = {"all": []}
    for rep in ("", ", repeated"):
        for kind, q in queries:
            t, c = time.perf_counter_ns(), time.process_time_ns()
            screen(q)
            x = ((time.perf_counter_ns() - t) / 1e6, (time.process_time_ns() - c) / 1e6)
            out.setdefault("all" + rep, []).append(x)
            if not rep:
                out.setdefault(kind, []).append(x)
    return out


def latency_rows(
    label: str, names: int, timings: Timings, target: float | None
) -> list[dict[str, Any]]:
    rows = []
    for kind, pairs in timings.items():
        xs = [w for w, _ in pairs]
        cs = [c for _, c in pairs]
        rows.append(
            {
                "list": label,
                "names": names,
                "queries": kind,
                "n": len(xs),
                "p50_ms": percentile(xs, 50),
                "p99_ms": percentile(xs, 99),
                "mean_ms": statistics.fmean(xs) if xs else float("nan"),
                "max_ms": max(xs) if xs else float("nan"),
                "cpu_p50_ms": percentile(cs, 50),
                "cpu_p99_ms": percentile(cs, 99),
                "target_p99_ms": target if kind in ("all", "all, repeated") else None,
            }
        )
    return rows


BREAKDOWN_STEPS = (
    "analyse query",
    "candidates",
    "score bound (part scores, joined readings)",
    "analyses of the names kept (stored)",
    "compare (names that can reach the threshold)",
)


def stage_times(index: Any, queries: list[str]) -> dict[str, float]:
    """Mean CPU ms per query in each step of screening (`BREAKDOWN_STEPS`), the names compared
    per query and the queries per CPU second, screening `queries` one after another as
    `NameIndex.screen` does (the caches as they are)."""
    from jisr.match.names import DEFAULT_THRESHOLD, compare_analysed
    from jisr.names.parts import analyse_name

    thr = float(DEFAULT_THRESHOLD)
    steps = dict.fromkeys(BREAKDOWN_STEPS, 0.0)
    compared = 0
    for q in queries:
        t0 = time.process_time()
        qa = analyse_name(q)
        t1 = time.process_time()
        rows = index.candidate_rows(qa, CANDIDATES)
        t2 = time.process_time()
        kept = rows[index.reachable(qa, rows, thr)].tolist()
        t3 = time.process_time()
        names = [index.analysed_name(r) for r in kept]
        t4 = time.process_time()
        for n in names:
            compare_analysed(qa, n, index.rarity)
        t5 = time.process_time()
        compared += len(kept)
        for k, dt in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            steps[k] += dt
    n = max(len(queries), 1)
    out = {k: v * 1000 / n for k, v in steps.items()}
    out["names compared per query (of 50)"] = compared / n
    total = sum(steps.values())
    out["queries per CPU second"] = len(queries) / total if total else float("nan")
    return out


def breakdown(index: Any, queries: list[str], warmup: list[str]) -> dict[str, float] | None:
    """Mean CPU ms per query in each step of screening (first pass, after the warm-up)."""
    try:
        from jisr.match.names import DEFAULT_THRESHOLD
    except ImportError:
        return None
    if not hasattr(index, "candidate_rows") or not hasattr(index, "reachable"):
        return None
    clear_jisr_caches(index)
    thr = float(DEFAULT_THRESHOLD)
    for q in warmup:
        index.screen(q, limit=CANDIDATES, min_score=thr)
    out = stage_times(index, queries)
    out.pop("queries per CPU second")
    return out


def agreement(index: Any, queries: list[str], pool: int = AGREEMENT_POOL) -> dict[str, Any]:
    """How often screening (best `CANDIDATES` candidates by key weight) finds the best hit that
    scoring `pool` candidates finds: the price of the candidate stage on a large list."""
    from jisr.match.names import DEFAULT_THRESHOLD, compare_analysed
    from jisr.names.parts import analyse_name

    thr = float(DEFAULT_THRESHOLD)
    with_hit = same_best = found_any = 0
    gaps: list[float] = []
    for q in queries:
        qa = analyse_name(q)
        rows = index.candidate_rows(qa, pool).tolist()
        scores = [compare_analysed(qa, index.analysed_name(r), index.rarity).score for r in rows]
        best = max(scores, default=0.0)
        if best < thr:
            continue
        with_hit += 1
        got = [h.score for h in index.screen(q, limit=CANDIDATES, min_score=thr)]
        top = max(got, default=0.0)
        found_any += top >= thr
        same_best += top >= best
        if top < best:
            gaps.append(best - top)
    return {
        "queries": len(queries),
        "pool": pool,
        "with_hit": with_hit,
        "same_best": same_best,
        "found_a_hit": found_any,
        "median_gap": statistics.median(gaps) if gaps else 0.0,
    }


def bulk_run(screen: Callable[[str], int], names: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) screening `names` one after another, jisr's caches emptied first."""
    clear_jisr_caches(screen.index)  # type: ignore[attr-defined]
    t, c = time.perf_counter(), time.process_time()
    for q in names:
        screen(q)
    return time.perf_counter() - t, time.process_time() - c


# ---------------------------------------------------------------------------- side by side
@dataclass(frozen=True, slots=True)
class Pair:
    a: str  # Latin
    b: str  # Arabic
    label: int
    schema: str = "Person"


def _derange(items: list[Any], rng: random.Random) -> list[Any]:
    """A shuffle where no item stays in place (for shuffled negatives)."""
    if len(items) < 2:
        return list(items)
    idx = list(range(len(items)))
    while True:
        rng.shuffle(idx)
        if all(i != j for i, j in enumerate(idx)):
            return [items[j] for j in idx]


def un_pairs(data: Path, limit: int, rng: random.Random) -> list[Pair]:
    import csv

    rows: list[tuple[str, str, str]] = []
    with open(data / synthetic.UN_PAIRS, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            lat, ar = (
                (r.get("latin_name") or "").strip(),
                (r.get("name_original_script") or "").strip(),
            )
            if lat and ar:
                schema = "Person" if r.get("subject_type") == "individual" else "Organization"
                rows.append((lat, ar, schema))
    rng.shuffle(rows)
    if limit:
        rows = rows[:limit]
    out = [Pair(a, b, 1, sc) for a, b, sc in rows]
    for schema in ("Person", "Organization"):
        group = [r for r in rows if r[2] == schema]
        for (a, b0, _), b in zip(group, _derange([r[1] for r in group], rng), strict=True):
            if b != b0:
                out.append(Pair(a, b, 0, schema))
    return out


def ar2en_pairs(data: Path, limit: int, rng: random.Random) -> list[Pair]:
    rows: list[tuple[str, str]] = []
    for line in (data / synthetic.AR2EN_EVAL).read_text(encoding="utf-8").splitlines():
        ar, _, en = line.partition("\t")
        if ar.strip() and en.strip():
            rows.append((en.strip(), ar.strip()))
    rng.shuffle(rows)
    if limit:
        rows = rows[:limit]
    out = [Pair(a, b, 1) for a, b in rows]
    out += [
        Pair(a, b, 0)
        for (a, b0), b in zip(rows, _derange([r[1] for r in rows], rng), strict=True)
        if b != b0
    ]
    return out


def prf(scores: list[float], labels: list[int], thr: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= thr and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= thr and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < thr and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def best_f1(scores: list[float], labels: list[int]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for thr in sorted(set(scores)):
        f = prf(scores, labels, thr)[2]
        if f > best[0]:
            best = (f, thr)
    return best


def timed(fn: Callable[[Pair], float], pairs: Iterable[Pair]) -> tuple[list[float], float]:
    t = time.perf_counter()
    scores = [fn(p) for p in pairs]
    return scores, time.perf_counter() - t


@contextmanager
def no_saved_romanisations() -> Iterator[None]:
    """Without the romanisations a loaded index registered (`jisr.names.romanize`): the 1M
    index holds the UN list's Arabic words, so with them a "never seen" UN name would not be
    romanised at all. Restored afterwards."""
    from jisr.names import romanize

    saved = dict(romanize._PRECOMPUTED)
    romanize._PRECOMPUTED.clear()
    try:
        yield
    finally:
        romanize._PRECOMPUTED.update(saved)


def compare_set(name: str, pairs: list[Pair], jm: Any, lv2: LogicV2 | None) -> list[dict[str, Any]]:
    labels = [p.label for p in pairs]
    rows: list[dict[str, Any]] = []

    def row(matcher: str, thr: float, scores: list[float], cold: float, warm: float) -> None:
        p, r, f = prf(scores, labels, thr)
        bf, bt = best_f1(scores, labels)
        rows.append(
            {
                "set": name,
                "matcher": matcher,
                "pairs": len(pairs),
                "positives": sum(labels),
                "threshold": thr,
                "precision": p,
                "recall": r,
                "f1": f,
                "best_f1": bf,
                "best_threshold": bt,
                "pairs_per_s_cold": len(pairs) / cold if cold else float("nan"),
                "pairs_per_s_warm": len(pairs) / warm if warm else float("nan"),
            }
        )

    # jisr: cold = every name analysed (romanised) for the first time, as `jisr match --pairs`
    # runs (`compare_many`: each chunk's Arabic words romanised together; also one by one, for
    # the record); warm = analyses cached
    clear_jisr_caches()
    with no_saved_romanisations():
        js, one_by_one = timed(lambda p: jm.compare_names(p.a, p.b).score, pairs)
    cold = one_by_one
    if hasattr(jm, "compare_many"):
        clear_jisr_caches()
        with no_saved_romanisations():
            t = time.perf_counter()
            js = [m.score for _, _, m in jm.compare_many((p.a, p.b) for p in pairs)]
            cold = time.perf_counter() - t
    # warm: the fastest of WARM_REPEATS passes, for both matchers: one pass takes 0.1–0.3 s, and
    # on a shared VM a pass now and then runs at half speed (measured: 16k against 30k pairs/s
    # for the same code and process state, garbage collection off), which decided the ratio
    warm = min(
        timed(lambda p: jm.compare_names(p.a, p.b).score, pairs)[1] for _ in range(WARM_REPEATS)
    )
    row("jisr", float(jm.DEFAULT_THRESHOLD), js, cold, warm)
    rows[-1]["pairs_per_s_cold_one_by_one"] = len(pairs) / one_by_one if one_by_one else 0.0
    if lv2 is not None:
        ents: list[tuple[Any, Any]] = []

        def lv2_cold(p: Pair) -> float:
            q, c = lv2.entity(p.a, p.schema), lv2.entity(p.b, p.schema)
            ents.append((q, c))
            return lv2.compare(q, c)

        ls, lcold = timed(lv2_cold, pairs)
        lwarm = float("inf")
        for _ in range(WARM_REPEATS):
            t = time.perf_counter()
            for q, c in ents:
                lv2.compare(q, c)
            lwarm = min(lwarm, time.perf_counter() - t)
        row("logic-v2", LOGIC_V2_THRESHOLD, ls, lcold, lwarm)
        j, lo = rows[-2], rows[-1]
        rows.append(
            {
                "set": name,
                "matcher": "ratio jisr/logic-v2",
                "pairs": len(pairs),
                "f1": j["f1"] / lo["f1"] if lo["f1"] else float("inf"),
                "best_f1": j["best_f1"] / lo["best_f1"] if lo["best_f1"] else float("inf"),
                "pairs_per_s_cold": j["pairs_per_s_cold"] / lo["pairs_per_s_cold"],
                "pairs_per_s_warm": j["pairs_per_s_warm"] / lo["pairs_per_s_warm"],
            }
        )
    return rows


# ---------------------------------------------------------------------------- output
def _f(x: Any, fmt: str = ".2f") -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return format(x, fmt)
    return f"{x:,}" if isinstance(x, int) else str(x)


def print_tables(res: Results) -> None:
    m = res.machine
    console.print(
        f"Python {m['python']} on {m['platform']}, {m['cpus']} CPUs (pinned to core "
        f"{m['pinned_core']}), load average {m.get('loadavg_start')} → {m.get('loadavg_end')}; "
        f"logic-v2: {m['logic_v2']}"
    )
    if m.get("reference_ms"):
        line = f"machine reference workload: {m['reference_ms']:.0f} CPU ms"
        prev = m.get("previous")
        if prev:
            line += (
                f"; in the run before ({prev['date']}): {prev['reference_ms']:.0f} ms — this "
                f"machine runs it at {prev['reference_ms'] / m['reference_ms']:.2f}× that speed"
            )
        console.print(line)
    if res.latency:
        t = Table(
            title="1. Single-name screening latency (one core, ms; candidates, bound, scoring; "
            f"top {CANDIDATES} candidates, after {res.settings.get('warmup')} warm-up queries)"
        )
        cols = ("list", "names", "queries", "n", "p50", "p99", "mean", "max", "CPU p50", "CPU p99")
        for c in (*cols, "target p99"):
            t.add_column(c, justify="left" if c in ("list", "queries") else "right")
        for r in res.latency:
            tgt = r["target_p99_ms"]
            ok = "" if tgt is None else (" ✓" if r["p99_ms"] <= tgt else " ✗")
            t.add_row(
                r["list"],
                _f(r["names"]),
                r["queries"],
                _f(r["n"]),
                _f(r["p50_ms"]),
                _f(r["p99_ms"]) + ok,
                _f(r["mean_ms"]),
                _f(r["max_ms"]),
                _f(r["cpu_p50_ms"]),
                _f(r["cpu_p99_ms"]),
                "–" if tgt is None else f"≤ {tgt:g}",
            )
        console.print(t)
    if res.breakdown:
        t = Table(title="1b. Where screening time goes, synthetic list (mean CPU ms per query)")
        t.add_column("step")
        t.add_column("ms", justify="right")
        t.add_column("share", justify="right")
        steps = {k: v for k, v in res.breakdown.items() if not k.startswith("names compared")}
        total = sum(steps.values()) or 1.0
        for k, v in steps.items():
            t.add_row(k, f"{v:.2f}", f"{100 * v / total:.0f} %")
        for k, v in res.breakdown.items():
            if k not in steps:
                t.add_row(k, f"{v:.1f}", "")
        console.print(t)
    if res.agreement:
        a = res.agreement
        t = Table(
            title=f"1c. Candidate stage on the synthetic list: screening ({CANDIDATES} candidates)"
            f" vs scoring the best {a['pool']:,} candidates"
        )
        t.add_column("measure")
        t.add_column("value", justify="right")
        n = a["with_hit"] or 1
        t.add_row("queries / with a hit in the larger pool", f"{a['queries']} / {a['with_hit']}")
        t.add_row("screening finds a hit too", f"{a['found_a_hit'] / n:.3f}")
        t.add_row("screening finds the best score", f"{a['same_best'] / n:.3f}")
        t.add_row("median score gap where it does not", f"{a['median_gap']:.3f}")
        console.print(t)
    if res.bulk:
        t = Table(title="2. Bulk screening throughput (sequential, one core)")
        for c in (
            "list",
            "names in list",
            "screened",
            "seconds",
            "names/s",
            "CPU s",
            "names/CPU s",
        ):
            t.add_column(c, justify="left" if c == "list" else "right")
        for r in res.bulk:
            t.add_row(
                r["list"],
                _f(r["names"]),
                _f(r["screened"]),
                _f(r["seconds"], ".1f"),
                _f(r["names_per_s"], ".0f"),
                _f(r["cpu_seconds"], ".1f"),
                _f(r["names_per_cpu_s"], ".0f"),
            )
        console.print(t)
    if res.memory:
        m = res.memory
        t = Table(
            title=f"3. Index of the synthetic list ({m['entries']:,} entries, {m['names']:,} names)"
        )
        t.add_column("measure")
        t.add_column("value", justify="right")
        t.add_column("target", justify="right")
        cached = " (cached build)" if m.get("cached") else ""
        t.add_row("build time" + cached, f"{m['build_s']:.1f} s", "–")
        t.add_row(
            "RSS after build (build process)", f"{m['rss_after_build_mb']:.0f} MB", "≤ 4096 MB"
        )
        t.add_row(
            "  of which before build (names list, models)", f"{m['rss_before_build_mb']:.0f} MB", ""
        )
        t.add_row(
            "  after build, name caches cleared",
            f"{m['rss_after_build_caches_cleared_mb']:.0f} MB",
            "",
        )
        t.add_row("index size on disk", f"{m['disk_mb']:.0f} MB", "–")
        t.add_row("load time (fresh process)", f"{m['load_s'] * 1000:.0f} ms", "seconds")
        t.add_row("RSS after load (fresh process)", f"{m['rss_after_load_mb']:.0f} MB", "≤ 4096 MB")
        t.add_row("  before load (interpreter + jisr)", f"{m['rss_before_load_mb']:.0f} MB", "")
        t.add_row(
            f"RSS after {m['first_queries']} queries (pages touched, models loaded)",
            f"{m['rss_after_queries_mb']:.0f} MB",
            "≤ 4096 MB",
        )
        t.add_row(
            f"first {m['first_queries']} queries after load", f"{m['first_queries_s']:.1f} s", ""
        )
        console.print(t)
    if res.compare:
        t = Table(title="4. Cross-script pairs: jisr vs OpenSanctions logic-v2 (one core)")
        for c in (
            "set",
            "matcher",
            "pairs (pos)",
            "thr",
            "P",
            "R",
            "F1",
            "best F1 @thr",
            "pairs/s cold",
            "pairs/s warm",
        ):
            t.add_column(c, justify="left" if c in ("set", "matcher") else "right")
        for r in res.compare:
            if r["matcher"].startswith("ratio"):
                t.add_row(
                    r["set"],
                    f"[bold]{r['matcher']}[/]",
                    "",
                    "",
                    "",
                    "",
                    f"[bold]{r['f1']:.2f}×[/]",
                    f"{r['best_f1']:.2f}×",
                    f"[bold]{r['pairs_per_s_cold']:.1f}×[/]",
                    f"[bold]{r['pairs_per_s_warm']:.1f}×[/]",
                )
                continue
            t.add_row(
                r["set"],
                r["matcher"],
                f"{r['pairs']:,} ({r['positives']:,})",
                f"{r['threshold']:.2f}",
                _f(r["precision"], ".3f"),
                _f(r["recall"], ".3f"),
                _f(r["f1"], ".3f"),
                f"{r['best_f1']:.3f} @{r['best_threshold']:.2f}",
                _f(r["pairs_per_s_cold"], ",.0f"),
                _f(r["pairs_per_s_warm"], ",.0f"),
            )
        console.print(t)
    t = Table(title="Where the time went")
    t.add_column("phase")
    t.add_column("seconds", justify="right")
    for k, v in res.time.items():
        t.add_row(k, f"{v:.1f}")
    console.print(t)
    if res.misses:
        console.print("[bold red]Targets missed:[/]")
        for m in res.misses:
            console.print(f"  • {m}")
    else:
        console.print("[bold green]All targets met.[/]")


# ---------------------------------------------------------------------------- main
def parse_args(argv: list[str] | None) -> Settings:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--entries", type=int, help="synthetic list size (default 1,000,000)")
    ap.add_argument("--queries", type=int, help="latency queries per list (default 500)")
    ap.add_argument("--bulk", type=int, help="names screened for throughput (default 5,000)")
    ap.add_argument(
        "--pairs", type=int, help="positive pairs per set for the side by side (default all)"
    )
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--json", type=Path, help="results file (default benchmarks/results.json)")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached synthetic index")
    ap.add_argument("--no-logic-v2", action="store_true", help="side by side: jisr only")
    ap.add_argument(
        "--sections",
        default="memory,latency,bulk,compare",
        help="comma-separated subset of memory,latency,bulk,compare",
    )
    a = ap.parse_args(argv)
    s = Settings()
    if a.quick:
        s = Settings(
            entries=150,
            queries=8,
            bulk=12,
            pairs=12,
            un_records=80,
            quick=True,
            json=DEFAULT_CACHE / "results-quick.json",
        )
    for k in ("entries", "queries", "bulk", "pairs"):
        if getattr(a, k) is not None:
            setattr(s, k, getattr(a, k))
    s.data, s.cache, s.rebuild = a.data, a.cache, a.rebuild
    s.logic_v2 = not a.no_logic_v2
    if a.json is not None:
        s.json = a.json
    s.sections = tuple(x.strip() for x in a.sections.split(",") if x.strip())
    return s


def main(argv: list[str] | None = None) -> Results:
    s = parse_args(argv)
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    try:
        return run(s)
    finally:
        if cpus is not None:
            os.sched_setaffinity(0, cpus)


def run(s: Settings) -> Results:
    core = pin_one_core()
    clock = Clock()
    t_all = time.perf_counter()
    res = Results(settings={k: str(v) if isinstance(v, Path) else v for k, v in asdict(s).items()})
    with clock.phase("import jisr + read lists"):
        jm = jisr_match()
        un = synthetic.list_names(s.data)
        if s.un_records:
            un = [x for x in un if x.entity < s.un_records]
        queries = synthetic.make_queries(un, s.queries, seed=SEED)
        n_warm = min(WARMUP, max(3, s.queries // 2))
        res.settings["warmup"] = n_warm
        warm = [q for _, q in synthetic.make_queries(un, n_warm, seed=SEED + 1)]
    why_not = available() if s.logic_v2 else "disabled (--no-logic-v2)"
    res.machine = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "pinned_core": core,
        "logic_v2": why_not or "available",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "loadavg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "reference_ms": machine_reference(),
    }
    if s.json is not None and s.json.exists():  # the run before, to compare machines with
        try:
            before = json.loads(s.json.read_text(encoding="utf-8")).get("machine", {})
        except (OSError, ValueError):
            before = {}
        if before.get("reference_ms"):
            res.machine["previous"] = {k: before.get(k) for k in ("date", "reference_ms")}
    q_texts = [q for _, q in queries]

    index_dir = None
    if "memory" in s.sections or "latency" in s.sections or "bulk" in s.sections:
        index_dir = section_memory(s, res, clock, q_texts)

    need_lists = {"latency", "bulk"} & set(s.sections)
    if need_lists:
        with clock.phase(f"build UN index ({len(un):,} names)"):
            un_index = jm.NameIndex.build([(x.entity, x.value) for x in un])
        with clock.phase("load synthetic index"):
            big = jm.NameIndex.load(index_dir)
        lists = [
            (f"UN ({len(un):,} names)", len(un), make_screen(un_index, jm)),
            (f"synthetic {s.entries:,}", res.memory["names"], make_screen(big, jm)),
        ]
        if "latency" in s.sections:
            for label, n, screen in lists:
                with clock.phase(f"latency: {label}"):
                    timings = time_queries(screen, queries, warm)
                tgt = TARGET_P99_MS if label.startswith("synthetic") else None
                rows = latency_rows(label, n, timings, tgt)
                res.latency.extend(rows)
                rep = next(r for r in rows if r["queries"] == "all, repeated")
                if tgt is not None and rows[0]["p99_ms"] > tgt:
                    res.misses.append(
                        f"[latency] p99 against {label}: {rows[0]['p99_ms']:.1f} ms wall / "
                        f"{rows[0]['cpu_p99_ms']:.1f} ms CPU > {tgt:g} ms (repeated queries, "
                        f"all analyses cached: {rep['p99_ms']:.1f} ms wall / "
                        f"{rep['cpu_p99_ms']:.1f} ms CPU)"
                    )
            with clock.phase("latency breakdown (synthetic list)"):
                bd = breakdown(big, q_texts[:200], warm)
            if bd:
                res.breakdown = bd
            with clock.phase("candidate stage vs a larger pool (synthetic list)"):
                res.agreement = agreement(big, q_texts[:200])
        if "bulk" in s.sections:
            parts = synthetic.load_parts(s.data)
            bulk_names = [
                n
                for _, names in synthetic.synthetic_entries(parts, s.bulk, seed=SEED + 2)
                for n in names
            ][: s.bulk]
            for label, n, screen in lists:
                with clock.phase(f"bulk: {label}"):
                    dt, cpu = bulk_run(screen, bulk_names)
                if label.startswith("synthetic") and len(bulk_names) / cpu < TARGET_BULK:
                    res.misses.append(
                        f"[bulk] {label}: {len(bulk_names) / cpu:.0f} names per CPU second on "
                        f"one core, target ≥ {TARGET_BULK:g}"
                    )
                res.bulk.append(
                    {
                        "list": label,
                        "names": n,
                        "screened": len(bulk_names),
                        "seconds": dt,
                        "names_per_s": len(bulk_names) / dt if dt else float("nan"),
                        "cpu_seconds": cpu,
                        "names_per_cpu_s": len(bulk_names) / cpu if cpu else float("nan"),
                    }
                )

    if "compare" in s.sections:
        lv2 = None
        if why_not is None:
            with clock.phase("load logic-v2"):
                lv2 = LogicV2()
                lv2.score("warm up", "warm up")
        else:
            console.print(
                f"[yellow]logic-v2 unavailable ({why_not}); install: uv sync --extra bench"
            )
        rng = random.Random(SEED)
        for name, pairs in (
            ("UN Latin vs Arabic names", un_pairs(s.data, s.pairs, rng)),
            ("ar2en-eval words", ar2en_pairs(s.data, s.pairs, rng)),
        ):
            with clock.phase(f"side by side: {name}"):
                rows = compare_set(name, pairs, jm, lv2)
            res.compare.extend(rows)
            ratio = rows[-1] if rows[-1]["matcher"].startswith("ratio") else None
            if ratio:
                if min(ratio["pairs_per_s_cold"], ratio["pairs_per_s_warm"]) < TARGET_SPEEDUP:
                    res.misses.append(
                        f"[compare] {name}: jisr {ratio['pairs_per_s_cold']:.1f}× logic-v2 pairs/s cold "
                        f"({ratio['pairs_per_s_warm']:.1f}× warm), target ≥ {TARGET_SPEEDUP:g}×"
                    )
                if name.startswith("UN") and ratio["f1"] <= 1.0:
                    res.misses.append(f"[compare] {name}: jisr F1 not better than logic-v2")
    if hasattr(os, "getloadavg"):
        res.machine["loadavg_end"] = os.getloadavg()
    res.time = dict(clock.phases)
    res.time["total"] = time.perf_counter() - t_all
    print_tables(res)
    if s.json is not None:
        s.json.parent.mkdir(parents=True, exist_ok=True)
        out = asdict(res)
        if set(s.sections) != set(ALL_SECTIONS) and s.json.exists():
            # a partial run updates its sections of an existing results file
            old = json.loads(s.json.read_text(encoding="utf-8"))
            keep = {
                "memory": ["memory"],
                "latency": ["latency", "breakdown", "agreement"],
                "bulk": ["bulk"],
            }
            keep["compare"] = ["compare"]
            for sec in ALL_SECTIONS:
                if sec not in s.sections:
                    for key in keep[sec]:
                        out[key] = old.get(key, out[key])
            out["misses"] += [
                m
                for m in old.get("misses", [])
                if m.startswith("[") and m[1 : m.find("]")] not in s.sections
            ]
            out["machine"]["partial_run"] = list(s.sections)
            # the sections kept were measured on the machine of that run, not this one
            out["machine"]["kept_sections_measured"] = {
                k: old.get("machine", {}).get(k) for k in ("date", "reference_ms")
            }
        s.json.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str))
        console.print(f"results written to {s.json}")
    return res


def worker_main(argv: list[str]) -> None:
    pin_one_core()
    kind = argv[0]
    if kind == "build":
        out = worker_build(int(argv[1]), int(argv[2]), Path(argv[3]), Path(argv[4]))
    elif kind == "load":
        queries = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        out = worker_load(Path(argv[1]), queries)
    else:
        raise SystemExit(f"unknown worker {kind}")
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2:])
    else:
        main()
