"""Smoke test: the benchmark (benchmarks/run.py) runs end to end on tiny sizes.

The logic-v2 side by side needs the optional `bench` extra (nomenklatura); without it that part
is skipped. Needs the shared data folder (../shared/data or $JISR_BENCH_DATA).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def bench_module(name: str) -> Any:
    """A script of `benchmarks/`, imported as a module."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def run() -> Any:
    mod = bench_module("run")
    if not (mod.DEFAULT_DATA / mod.synthetic.UN_FILE).exists():
        pytest.skip(f"benchmark data not found under {mod.DEFAULT_DATA}")
    return mod


def test_quick_run(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    res = run.main(["--quick", "--no-logic-v2", "--cache", str(tmp_path), "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["memory"]["entries"] == 150
    assert data["memory"]["names"] >= 150
    assert data["memory"]["load_s"] >= 0
    assert {r["queries"] for r in res.latency} >= {"all"}
    assert all(r["p50_ms"] > 0 for r in res.latency)
    assert len(res.bulk) == 2 and all(r["names_per_s"] > 0 for r in res.bulk)
    jisr_rows = [r for r in res.compare if r["matcher"] == "jisr"]
    assert len(jisr_rows) == 2 and all(0 <= r["f1"] <= 1 for r in jisr_rows)
    # the index is cached for the next run
    assert list(tmp_path.glob("synthetic-150-*/bench-meta.json"))
    # and the stage-by-stage breakdown runs on it
    sys.path.insert(0, str(BENCH))
    try:
        stages = importlib.import_module("stages")
    finally:
        sys.path.remove(str(BENCH))
    got = stages.main(["--names", "20", "--entries", "150", "--cache", str(tmp_path)])
    assert set(got) == {"caches emptied", "the same names again"}
    assert all(r["queries per CPU second"] > 0 for r in got.values())


@pytest.mark.slow  # nomenklatura's first compare loads its name data: ~10 s of CPU
def test_logic_v2_side_by_side(run: Any) -> None:
    pytest.importorskip("nomenklatura.matching")
    lv2 = run.LogicV2()
    pairs = [
        run.Pair("Osama bin Laden", "أسامة بن لادن", 1),
        run.Pair("Saddam Hussein", "صدام حسين", 1),
        run.Pair("Osama bin Laden", "صدام حسين", 0),
    ]
    rows = run.compare_set("tiny", pairs, run.jisr_match(), lv2)
    assert [r["matcher"] for r in rows] == ["jisr", "logic-v2", "ratio jisr/logic-v2"]
    assert rows[1]["threshold"] == pytest.approx(0.70)
    assert rows[2]["pairs_per_s_warm"] > 0


def test_initials_trade_off_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """`benchmarks/initials.py` (the initials rules' trade-off) on a few made-up names; it puts
    the rules' constants back afterwards."""
    import jisr.match.names as names

    mod = bench_module("initials")
    if not mod.DATA.exists():
        pytest.skip(f"benchmark data not found under {mod.DATA}")
    assert mod.initialled("Osama Bin Laden", 0) == "O. bin laden"
    assert mod.initialled("Aiman Muhammed Rabi", 1) == "aiman M. rabi"
    assert mod.initialled("Ali Omar", 1) is None  # (a middle needs three parts)
    kept = names.INITIAL_EVIDENCE, names.INITIAL_LEFTOVER
    mod.main(["--made-up", "20", "--evidence", "0", "0.6", "--leftover", "0.5"])
    assert kept == (names.INITIAL_EVIDENCE, names.INITIAL_LEFTOVER)
    out = capsys.readouterr().out
    assert "Initials" in out and "(jisr's)" in out


def test_glued_sweep_runs() -> None:
    """`benchmarks/glued_sweep.py` (which pairs the glued-article reading accepts): its word
    lists, and the reading on a few pairs."""
    mod = bench_module("glued_sweep")
    if not (mod.DATA / "un/un_consolidated_2026-02-27.xml").exists():
        pytest.skip(f"benchmark data not found under {mod.DATA}")
    latin, arabic = mod.words(mod.DATA)
    assert "Lahbib" in latin and "Laroussi" in latin and len(latin) > 1_000
    assert "الحبيب" in arabic and "الطيب" not in arabic  # (ط: a sun letter)
    got = mod.accepted(["Lahbib", "Lasmar", "Lamine"], ["الحبيب", "الأسمر", "المعين"])
    assert got == [("Lahbib", "الحبيب"), ("Lasmar", "الأسمر")]
