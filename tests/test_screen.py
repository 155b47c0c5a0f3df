"""Screening through the `jisr` command (Step 2): one name, a file of names, name pairs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jisr.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def un_home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    home = tmp_path_factory.mktemp("screen-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JISR_HOME", str(home))
        mp.delenv("JISR_DATABASE_URL", raising=False)
        result = runner.invoke(
            app, ["import", str(shared_data / "un/un_consolidated_2026-02-27.xml")]
        )
        assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def home(un_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JISR_HOME", str(un_home))
    monkeypatch.delenv("JISR_DATABASE_URL", raising=False)
    return un_home


def screen_json(*args: str) -> dict:
    result = runner.invoke(app, ["screen", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_baghdadi_is_found_and_explained(home: Path) -> None:
    out = screen_json("Abu Bakr al-Baghdadi")
    assert out["query"]["name"] == "Abu Bakr al-Baghdadi"
    top = out["hits"][0]
    assert set(top) >= {
        "entity_id",
        "reference",
        "source",
        "name",
        "matched_name",
        "score",
        "explanation",
    }
    assert (top["reference"], top["source"]) == ("QDi.299", "un_sc")
    assert top["score"] >= out["threshold"]
    matched = top["explanation"]["name"]["matched"]
    assert matched and all({"a", "b", "how", "score"} <= set(m) for m in matched)
    assert [h["score"] for h in out["hits"]] == sorted(
        (h["score"] for h in out["hits"]), reverse=True
    )


@pytest.mark.parametrize(
    "query",
    ["Abou Bakr el-Baghdadi", "أبو بكر البغدادي", "إبراهيم عواد إبراهيم علي البدري السامرائي"],
)
def test_spellings_and_scripts_find_the_same_entry(home: Path, query: str) -> None:
    refs = [h["reference"] for h in screen_json(query, "--limit", "3")["hits"]]
    assert refs and refs[0] == "QDi.299"


def test_a_person_on_no_list_finds_nothing(home: Path) -> None:
    assert screen_json("رمطان لعمامرة")["hits"] == []


def test_dob_evidence_and_threshold_and_limit(home: Path) -> None:
    with_dob = screen_json("Abu Bakr al-Baghdadi", "--dob", "1971", "--limit", "1")
    wrong_dob = screen_json("Abu Bakr al-Baghdadi", "--dob", "1990", "--limit", "1")
    assert len(with_dob["hits"]) == 1
    assert wrong_dob["hits"] == [] or wrong_dob["hits"][0]["score"] < with_dob["hits"][0]["score"]
    strict = screen_json("Abou Bakr Baghdadi", "--threshold", "0.999")
    assert all(h["score"] >= 0.999 for h in strict["hits"])


def test_every_query_is_audited(home: Path) -> None:
    screen_json("Abdelmalek Droukdal")
    result = runner.invoke(app, ["audit", "--json", "--limit", "5"])
    entries = json.loads(result.stdout)
    assert any(
        e["action"] == "screen" and e["detail"]["query"] == "Abdelmalek Droukdal" for e in entries
    )


def test_bulk_file_streams_to_a_hits_file(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "travellers.csv"
    rows = [("1", "Abou Bakr el Baghdadi", "1971", "IQ"), ("2", "Nadia Cherif", "", ""),
            ("3", "", "", ""), ("4", "عبد المالك دروكدال", "", "")]  # fmt: skip
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "dob", "country"])
        w.writerows(rows)
    out = tmp_path / "hits.csv"
    result = runner.invoke(app, ["screen", "--input", str(src), "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 4
    with open(out, encoding="utf-8") as fh:
        hits = list(csv.DictReader(fh))
    assert {h["input_id"] for h in hits} >= {"1"}
    assert "2" not in {h["input_id"] for h in hits}
    assert hits[0]["reference"] == "QDi.299" and hits[0]["explanation"]


def test_bulk_file_errors_name_the_file(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "nonames.csv"
    bad.write_text("id,city\n1,Oran\n", encoding="utf-8")
    result = runner.invoke(
        app, ["screen", "--input", str(bad), "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code != 0 and "nonames.csv" in result.output


def test_match_pairs_file(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "Abdelkader Messahel\tعبد القادر مساهل\nMohamed Ben Ali\tMahmoud Ben Ali\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["match", "--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert [len(parts) for parts in lines] == [4, 4]
    assert lines[0][3] == "1" and lines[1][3] == "0"
    single = runner.invoke(app, ["match", "Abdelkader Messahel", "عبد القادر مساهل", "--json"])
    assert json.loads(single.stdout)["match"] is True


def test_old_index_caches_are_pruned(tmp_path: Path) -> None:
    import os

    from jisr.screen.screener import prune_caches

    for n in range(6):
        folder = tmp_path / f"cache{n}"
        folder.mkdir()
        (folder / "done").write_text("{}")
        os.utime(folder / "done", (1000 + n, 1000 + n))
    prune_caches(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache2", "cache3", "cache4", "cache5"]
