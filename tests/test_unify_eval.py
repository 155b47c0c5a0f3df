"""Unification measured on real lists: the UN Security Council list against OFAC SDN (2021).

The truth set comes from document numbers and birth dates + nationality, never from names
(see jisr.unify.evaluate). The floors sit a little below the measured figures (docs/...: run
``jisr eval unify`` to see them), so a regression of the matcher or the resolver shows here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jisr.unify.evaluate import UnifyEval, evaluate_unify


@pytest.fixture(scope="module")
def report(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> UnifyEval:
    return evaluate_unify(shared_data, home=tmp_path_factory.mktemp("eval"), sample=20)


@pytest.mark.slow
def test_truth_set(report: UnifyEval) -> None:
    assert report.entities["un_sc"] > 900 and report.entities["us_ofac_sdn"] > 8000
    assert 250 <= report.truth_pairs <= 300
    assert report.truth_rules["document"] >= 140
    assert report.truth_rules["birth_date_and_nationality"] >= 190
    assert len(report.sample) == 20


@pytest.mark.slow
def test_automatic_decisions(report: UnifyEval) -> None:
    assert report.precision >= PRECISION
    assert report.recall_same >= RECALL_SAME
    assert report.recall_with_review >= RECALL_WITH_REVIEW
    assert report.recall_with_review >= report.recall_same
    assert report.review <= MAX_REVIEW


@pytest.mark.slow
def test_score_distribution_separates(report: UnifyEval) -> None:
    assert sum(r.truth for r in report.histogram) == report.truth_pairs
    high = report.histogram[-1]
    assert high.truth >= report.truth_pairs // 2


@pytest.mark.slow
def test_runs_in_reasonable_time(report: UnifyEval) -> None:
    assert report.timings["total"] < 240
