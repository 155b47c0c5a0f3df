"""The store: provenance, atomic imports, diffs between runs, on SQLite (and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jisr.model import ParsedList, Prop, Record, Schema
from jisr.store import Store, StoreError


def make_list(names: dict[str, str], dataset: str = "partner_x") -> ParsedList:
    records = []
    for ref, name in names.items():
        rec = Record(ref, Schema.PERSON)
        rec.add(Prop.NAME, name)
        rec.add(Prop.REFERENCE, ref)
        records.append(rec)
    return ParsedList(dataset=dataset, title="Test list", format="test", records=records)


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(home=tmp_path / "home", url=f"sqlite:///{tmp_path / 'home' / 'jisr.db'}")
    yield s
    s.close()


def test_import_records_provenance_and_changes(store: Store, tmp_path: Path) -> None:
    f1 = write(tmp_path, "v1.txt", "one")
    r1 = store.import_list(make_list({"A1": "Ali Ben Salah", "A2": "Karim Haddad"}), [f1])
    assert r1.previous_run is None and r1.entities == 2
    f2 = write(tmp_path, "v2.txt", "two")
    r2 = store.import_list(
        make_list({"A1": "Ali Ben Salah", "A2": "Karim Hadad", "A3": "X Y"}), [f2]
    )
    assert (r2.added, r2.changed, r2.removed) == (["A3"], ["A2"], [])
    f3 = write(tmp_path, "v3.txt", "three")
    r3 = store.import_list(make_list({"A2": "Karim Hadad", "A3": "X Y"}), [f3])
    assert (r3.added, r3.changed, r3.removed) == ([], [], ["A1"])

    d = store.diff("partner_x", r1.run_id, r2.run_id)
    assert [c["reference"] for c in d.changed] == ["A2"]
    assert {"prop": "name", "value": "Karim Hadad"} in d.changed[0]["values_added"]
    assert {"prop": "name", "value": "Karim Haddad"} in d.changed[0]["values_removed"]

    a1 = store.entity("partner_x:A1")
    assert a1 is not None and not a1.current  # removed from the list, kept in the store
    a2 = store.entity("partner_x:A2", history=True)
    assert a2 is not None
    names = {s.value: (s.first_seen_run, s.last_seen_run) for s in a2.names()}
    assert names == {"Karim Haddad": (r1.run_id, r1.run_id), "Karim Hadad": (r2.run_id, r3.run_id)}
    current = store.entity("partner_x:A2")
    assert current is not None and current.values(Prop.NAME) == ["Karim Hadad"]
    assert {e.reference for e in store.iter_current()} == {"A2", "A3"}
    assert [a["action"] for a in store.audit_entries()] == ["import"] * 3


def test_partner_entries_know_owner_and_sharing(store: Store, tmp_path: Path) -> None:
    f = write(tmp_path, "p.txt", "p")
    store.import_list(
        make_list({"Z1": "Nour Mansouri"}, "dz_wanted"), [f], owner="DZ", sharing="owner"
    )
    e = store.entity("dz_wanted:Z1")
    assert e is not None and (e.owner, e.sharing, e.kind) == ("DZ", "owner", "partner")
    un = store.import_list(make_list({"Q1": "Abu X"}, "un_sc"), [f])
    e2 = store.entity("un_sc:Q1")
    assert un.entities == 1 and e2 is not None and (e2.owner, e2.kind) == ("public", "official")


def test_demo_data_never_mixes_into_a_real_list(store: Store, tmp_path: Path) -> None:
    f = write(tmp_path, "p.txt", "p")
    store.import_list(make_list({"Q1": "Abu X"}, "un_sc"), [f])
    demo = make_list({"XDi.001": "Fictional Person"}, "un_sc")
    demo.is_demo = True
    with pytest.raises(StoreError, match="refusing to mix"):
        store.import_list(demo, [f])
    assert [r["kind"] for r in store.lists()] == ["official"]


def test_empty_or_duplicate_lists_are_refused(store: Store, tmp_path: Path) -> None:
    f = write(tmp_path, "p.txt", "p")
    with pytest.raises(StoreError, match="no entries"):
        store.import_list(ParsedList("x", "x", "test", []), [f])
    dup = make_list({"A": "a b"})
    dup.records.append(dup.records[0])
    with pytest.raises(StoreError, match="duplicate"):
        store.import_list(dup, [f])
    assert store.lists() == []


def test_failed_import_keeps_previous_version(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = write(tmp_path, "p.txt", "p")
    store.import_list(make_list({"A1": "Ali", "A2": "Omar"}), [f])
    before = store.lists()

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    import jisr.store.db as db

    real = db._chunks
    calls = {"n": 0}

    def chunks_then_interrupt(rows):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            boom()
        yield from real(rows)

    monkeypatch.setattr(db, "_chunks", chunks_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.import_list(make_list({"A1": "Ali B", "A3": "Zed"}), [f])
    monkeypatch.setattr(db, "_chunks", real)
    assert store.lists() == before
    assert {e.reference for e in store.iter_current()} == {"A1", "A2"}


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import jisr.store.db as db
    from jisr.ingest import import_file
    from jisr.store import Store

    real = db.Store._write_run
    def slow(self, conn, *args, **kwargs):
        report = real(self, conn, *args, **kwargs)   # everything written, not yet committed
        Path(sys.argv[2]).write_text("written")
        time.sleep(60)
        return report
    db.Store._write_run = slow
    import_file(Store(), Path(sys.argv[1]))
    """
)


def test_sigkill_during_import_leaves_earlier_data_intact(
    tmp_path: Path, shared_data: Path
) -> None:
    """A real subprocess is killed with SIGKILL half-way through an import (after writing the new
    run, before committing it): the January UN list stays exactly as it was."""
    home = tmp_path / "home"
    env = {**os.environ, "JISR_HOME": str(home)}
    env.pop("JISR_DATABASE_URL", None)
    jan = shared_data / "un" / "un_consolidated_2026-01-28.xml"
    feb = shared_data / "un" / "un_consolidated_2026-02-27.xml"
    subprocess.run([sys.executable, "-m", "jisr.cli", "import", str(jan)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    before = Store(home=home).lists()
    assert before[0]["entities"] == 999

    flag = tmp_path / "written.flag"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(feb), str(flag)], env=env)
    deadline = time.monotonic() + 120
    while not flag.exists():
        assert proc.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    after = Store(home=home)
    assert after.lists() == before
    assert len(after.run_ids("un_sc")) == 1
    assert sum(1 for _ in after.iter_current()) == 999
    assert not after.find_entities("SDi.007")  # one of the four February additions


@pytest.mark.postgres
def test_same_store_runs_on_postgresql(tmp_path: Path) -> None:
    """Server mode: the same code on a real PostgreSQL (127.0.0.1:5432, database test)."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    admin_url = os.environ.get(
        "JISR_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    name = f"jisr_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.exec_driver_sql(f"CREATE DATABASE {name}")
    except Exception as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server: {exc}")
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        s = Store(home=tmp_path, url=url)
        f = write(tmp_path, "p.txt", "p")
        r1 = s.import_list(make_list({"A1": "Ali", "A2": "Omar"}), [f])
        r2 = s.import_list(make_list({"A1": "Ali", "A2": "Omar B", "A3": "Zed"}), [f])
        assert (r2.added, r2.changed) == (["A3"], ["A2"])
        assert s.diff("partner_x").old_run == r1.run_id
        assert {e.reference for e in s.iter_current()} == {"A1", "A2", "A3"}
        s.close()
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
