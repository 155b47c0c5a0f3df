"""The `jisr` command end to end (Step 1): import, lists, show, diff, update, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from httpserver import FileServer, closed_port
from jisr.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("JISR_HOME", str(h))
    monkeypatch.delenv("JISR_DATABASE_URL", raising=False)
    monkeypatch.delenv("JISR_SOURCE_BASE_URL", raising=False)
    return h


def run(*args: str) -> dict | list:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_un_import_lists_show_and_diff(home: Path, shared_data: Path) -> None:
    jan = shared_data / "un" / "un_consolidated_2026-01-28.xml"
    feb = shared_data / "un" / "un_consolidated_2026-02-27.xml"
    first = run("import", str(jan))
    assert first["counts"]["Person"] == 726 and first["previous_run"] is None
    second = run("import", str(feb))
    assert second["added"] == ["SDi.007", "SDi.008", "SDi.009", "SDi.010"]
    assert second["changed"] == [] and second["removed"] == []

    (row,) = run("lists")
    assert row["dataset"] == "un_sc" and row["kind"] == "official"
    assert (row["counts"]["Person"], row["counts"]["Organization"]) == (730, 273)
    assert row["published_at"] == "2026-02-27" and len(row["sha256"]) == 64 and row["runs"] == 2

    (ent,) = run("show", "QDi.299")
    names = {(s["value"], s["script"]) for s in ent["statements"] if s["prop"] in
             ("name", "alias", "weakAlias")}  # fmt: skip
    assert ("إبراهيم عواد إبراهيم علي البدري السامرائي", "Arab") in names
    assert ("أبو بكر البغدادي الحسيني القريشي", "Arab") in names
    assert ("Abu Bakr al-Baghdadi", "Latn") in names
    assert ("Abu Bakr al-Baghdadi al-Husayni al-Quraishi", "Latn") in names
    assert all(s["source"] == "un_sc" and s["first_seen"] for s in ent["statements"])

    d = run("diff", "un_sc")
    assert [a["reference"] for a in d["added"]] == ["SDi.007", "SDi.008", "SDi.009", "SDi.010"]
    assert d["removed"] == [] and d["changed"] == []

    human = runner.invoke(app, ["show", "QDi.299"])
    assert human.exit_code == 0 and "Baghdadi" in human.output


def test_ofac_sets_import_with_their_counts(home: Path, shared_data: Path) -> None:
    sdn = run("import", str(shared_data / "ofac" / "bench_2021-07" / "sdn.csv"))
    assert sdn["entities"] == 8976 and sdn["counts"]["aliases"] == 11910
    cons = run("import", str(shared_data / "ofac/nonsdn_consolidated_2026-01-08/CONSOLIDATED.XML"))
    assert cons["entities"] == 442 and cons["counts"]["aliases"] == 1144
    assert {r["dataset"] for r in run("lists")} == {"us_ofac_sdn", "us_ofac_cons"}  # type: ignore[union-attr]


def test_bad_file_is_one_clear_error_and_stores_nothing(
    home: Path, tmp_path: Path, shared_data: Path
) -> None:
    run("import", str(shared_data / "un" / "un_consolidated_2026-01-28.xml"))
    before = run("lists")
    bad = tmp_path / "broken.xml"
    bad.write_text('<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>\n')
    result = runner.invoke(app, ["import", str(bad), "--source", "un_sc"])
    assert result.exit_code != 0
    assert "broken.xml" in result.output and "nothing was imported" in result.output
    assert run("lists") == before


def test_update_downloads_from_a_local_server_then_says_not_modified(
    home: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routes = {"/consolidated.xml": shared_data / "un" / "un_consolidated_2026-02-27.xml"}
    with FileServer(routes=routes) as srv:
        monkeypatch.setenv("JISR_SOURCE_BASE_URL", srv.url)
        (first,) = run("update", "un_sc")
        assert first["status"] == "imported" and first["import"]["entities"] == 1003
        (again,) = run("update", "un_sc")
        assert again["status"] == "not-modified"
    (row,) = run("lists")
    assert row["url"].startswith("http://127.0.0.1") and row["etag"]


def test_update_offline_says_how_to_import_a_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JISR_SOURCE_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    result = runner.invoke(app, ["update", "un_sc"])
    assert result.exit_code == 1
    assert "could not reach" in result.output and "jisr import" in result.output


def test_quickstart_offline_loads_the_labelled_demo_list(home: Path) -> None:
    result = runner.invoke(app, ["quickstart", "--offline"])
    assert result.exit_code == 0, result.output
    assert "FICTIONAL" in result.output
    (row,) = run("lists")
    assert row["dataset"] == "demo" and row["kind"] == "demo"


def test_quickstart_examples_find_what_they_should(home: Path) -> None:
    from jisr.demo import EXAMPLE_QUERIES

    assert runner.invoke(app, ["quickstart", "--offline"]).exit_code == 0
    for ex in EXAMPLE_QUERIES:
        args = ["screen", ex["name"], "--json"]
        if ex.get("birth_date"):
            args += ["--dob", ex["birth_date"]]
        out = json.loads(runner.invoke(app, args).stdout)
        refs = [h["reference"] for h in out["hits"]]
        assert refs[:1] == ex["expect"][:1], (ex["name"], refs)
        assert all(h["fictional"] for h in out["hits"])
