"""The store: lists, import runs, entities and their statements, in one database.

Embedded by default (a SQLite file in ``JISR_HOME``); any SQLAlchemy URL works through
``JISR_DATABASE_URL`` (PostgreSQL for server mode). Every import is one transaction: a bad file,
Ctrl-C or kill -9 leaves the previous version of that list exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection

from jisr.model import NAME_PROPS, ParsedList, Prop, Record, Statement
from jisr.store.schema import (
    audit_log,
    datasets,
    entities,
    entity_versions,
    metadata,
    runs,
    statements,
)

OFFICIAL_DATASETS = {"un_sc", "us_ofac_sdn", "us_ofac_cons", "eu_fsf", "gb_hmt"}
CHUNK = 5000


def jisr_home() -> Path:
    """Where jisr keeps its files: ``$JISR_HOME`` or the user data dir (platformdirs)."""
    env = os.environ.get("JISR_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("jisr", appauthor=False))


def database_url(home: Path | None = None) -> str:
    env = os.environ.get("JISR_DATABASE_URL")
    if env:
        return env
    home = home or jisr_home()
    return f"sqlite:///{home / 'jisr.db'}"


def now() -> datetime:
    return datetime.now(UTC)


def file_sha256(paths: Iterable[Path]) -> tuple[str, int]:
    """SHA-256 over the files in order (one file: its own checksum), and their total size."""
    digest = hashlib.sha256()
    size = 0
    for path in paths:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    return digest.hexdigest(), size


@dataclass
class ImportReport:
    dataset: str
    run_id: int
    entities: int
    statements: int
    counts: dict[str, int]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    previous_run: int | None = None
    unchanged_file: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "run_id": self.run_id,
            "previous_run": self.previous_run,
            "entities": self.entities,
            "statements": self.statements,
            "counts": self.counts,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged_file": self.unchanged_file,
        }


@dataclass
class StoredStatement:
    prop: str
    value: str
    qualifier: str | None
    script: str | None
    extra: dict[str, Any] | None
    dataset: str
    first_seen_run: int
    last_seen_run: int
    first_seen_at: str | None = None
    last_seen_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "prop": self.prop,
            "value": self.value,
            "qualifier": self.qualifier,
            "script": self.script,
            "extra": self.extra,
            "source": self.dataset,
            "first_seen_run": self.first_seen_run,
            "last_seen_run": self.last_seen_run,
            "first_seen": self.first_seen_at,
            "last_seen": self.last_seen_at,
        }


@dataclass
class StoredEntity:
    id: str
    dataset: str
    reference: str
    schema: str
    caption: str
    owner: str
    sharing: str
    current: bool  # still on the list in its latest run
    kind: str  # official | partner | demo
    statements: list[StoredStatement]

    def values(self, prop: str) -> list[str]:
        return [s.value for s in self.statements if s.prop == prop]

    def names(self) -> list[StoredStatement]:
        return [s for s in self.statements if s.prop in NAME_PROPS]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dataset": self.dataset,
            "reference": self.reference,
            "schema": self.schema,
            "caption": self.caption,
            "owner": self.owner,
            "sharing": self.sharing,
            "current": self.current,
            "kind": self.kind,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass
class DiffReport:
    dataset: str
    old_run: int
    new_run: int
    added: list[dict[str, str]]
    removed: list[dict[str, str]]
    changed: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "old_run": self.old_run,
            "new_run": self.new_run,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


class StoreError(Exception):
    pass


class Store:
    def __init__(self, url: str | None = None, home: Path | None = None) -> None:
        self.home = home or jisr_home()
        self.url = url or database_url(self.home)
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ import
    def import_list(
        self,
        parsed: ParsedList,
        files: list[Path],
        *,
        dataset: str | None = None,
        title: str | None = None,
        kind: str | None = None,
        owner: str | None = None,
        sharing: str | None = None,
        url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        actor: str = "local",
    ) -> ImportReport:
        """Store a parsed list as a new run of its dataset, atomically."""
        name = dataset or parsed.dataset
        if parsed.is_demo:
            kind = "demo"
        kind = kind or ("official" if name in OFFICIAL_DATASETS else "partner")
        owner = owner or ("public" if kind in ("official", "demo") else name)
        sharing = sharing or ("public" if kind in ("official", "demo") else "owner-only")
        if not parsed.records:
            raise StoreError(f"{files[0]}: the file holds no entries; nothing was imported")
        refs = Counter(r.reference for r in parsed.records)
        dupes = [r for r, n in refs.items() if n > 1]
        if dupes:
            raise StoreError(f"{files[0]}: duplicate references {dupes[:5]}; nothing was imported")
        sha, size = file_sha256(files)
        started = now()
        with self.engine.begin() as conn:
            ds = conn.execute(select(datasets).where(datasets.c.name == name)).mappings().first()
            if ds is None:
                conn.execute(
                    insert(datasets).values(
                        name=name,
                        title=title or parsed.title,
                        kind=kind,
                        owner=owner,
                        sharing=sharing,
                        format=parsed.format,
                        current_run=None,
                        created_at=started,
                    )
                )
                previous_run = None
            else:
                if ds["kind"] != kind:
                    raise StoreError(
                        f"{files[0]}: list {name!r} holds {ds['kind']} data; refusing to mix "
                        f"{kind} data into it (use --source to give it another name)"
                    )
                previous_run = ds["current_run"]
            report = self._write_run(
                conn, parsed, name, files, previous_run, owner, sharing, kind,
                sha=sha, size=size, url=url, etag=etag, last_modified=last_modified,
                started=started,
            )  # fmt: skip
            prev_sha = None
            if previous_run is not None:
                prev_sha = conn.execute(
                    select(runs.c.sha256).where(runs.c.id == previous_run)
                ).scalar()
            report.unchanged_file = prev_sha == sha
            _audit(
                conn,
                actor,
                "import",
                {
                    "dataset": name,
                    "run": report.run_id,
                    "file": str(files[0]),
                    "sha256": sha,
                    "added": len(report.added),
                    "changed": len(report.changed),
                    "removed": len(report.removed),
                },
            )
        return report

    def _write_run(
        self,
        conn: Connection,
        parsed: ParsedList,
        name: str,
        files: list[Path],
        previous_run: int | None,
        owner: str,
        sharing: str,
        kind: str,
        *,
        sha: str,
        size: int,
        url: str | None,
        etag: str | None,
        last_modified: str | None,
        started: datetime,
    ) -> ImportReport:
        counts = _counts(parsed.records)
        n_statements = sum(len(r.statements) for r in parsed.records)
        run_id = conn.execute(
            insert(runs).values(
                dataset=name,
                started_at=started,
                finished_at=started,
                file=str(files[0]),
                url=url,
                sha256=sha,
                size=size,
                etag=etag,
                last_modified=last_modified,
                published_at=parsed.published_at,
                format=parsed.format,
                is_demo=kind == "demo",
                entities=len(parsed.records),
                statements=n_statements,
                counts=json.dumps(counts),
                added=0,
                changed=0,
                removed=0,
            )
        ).inserted_primary_key[0]

        old_fp: dict[str, str] = {}
        if previous_run is not None:
            old_fp = dict(
                conn.execute(
                    select(entity_versions.c.entity_id, entity_versions.c.fingerprint).where(
                        entity_versions.c.run_id == previous_run
                    )
                ).all()
            )
        known = dict(
            conn.execute(
                select(entities.c.id, entities.c.first_seen_run).where(entities.c.dataset == name)
            ).all()
        )
        existing_keys: dict[tuple[str, str], int] = {
            (eid, key): sid
            for sid, eid, key in conn.execute(
                select(statements.c.id, statements.c.entity_id, statements.c.key).where(
                    statements.c.dataset == name
                )
            ).all()
        }

        added: list[str] = []
        changed: list[str] = []
        new_entities: list[dict[str, Any]] = []
        seen_entities: list[dict[str, Any]] = []
        versions: list[dict[str, Any]] = []
        new_statements: list[dict[str, Any]] = []
        seen_statements: list[dict[str, Any]] = []
        for rec in parsed.records:
            eid = f"{name}:{rec.reference}"
            fp = rec.fingerprint()
            versions.append({"run_id": run_id, "entity_id": eid, "fingerprint": fp})
            row = {
                "id": eid,
                "dataset": name,
                "reference": rec.reference,
                "schema": str(rec.schema),
                "caption": rec.caption,
                "owner": owner,
                "sharing": sharing,
                "first_seen_run": run_id,
                "last_seen_run": run_id,
                "fingerprint": fp,
            }
            if eid in known:
                seen_entities.append({"b_id": eid, **{k: row[k] for k in _ENTITY_UPDATE}})
            else:
                new_entities.append(row)
            if previous_run is not None:
                if eid not in old_fp:
                    added.append(rec.reference)
                elif old_fp[eid] != fp:
                    changed.append(rec.reference)
            seen_keys: set[str] = set()
            for st in rec.statements:
                key = st.key()
                if key in seen_keys:
                    continue
                seen_keys.add(key)
                sid = existing_keys.get((eid, key))
                if sid is None:
                    new_statements.append(_statement_row(eid, name, key, st, run_id))
                else:
                    seen_statements.append({"b_id": sid, "last_seen_run": run_id})
        current_ids = {f"{name}:{r.reference}" for r in parsed.records}
        removed = sorted(
            eid.split(":", 1)[1] for eid in old_fp if eid not in current_ids
        )  # fmt: skip

        for chunk in _chunks(new_entities):
            conn.execute(insert(entities), chunk)
        if seen_entities:
            stmt = (
                update(entities)
                .where(entities.c.id == _bind("b_id"))
                .values({k: _bind(k) for k in _ENTITY_UPDATE})
            )
            for chunk in _chunks(seen_entities):
                conn.execute(stmt, chunk)
        for chunk in _chunks(versions):
            conn.execute(insert(entity_versions), chunk)
        for chunk in _chunks(new_statements):
            conn.execute(insert(statements), chunk)
        if seen_statements:
            stmt = (
                update(statements)
                .where(statements.c.id == _bind("b_id"))
                .values(last_seen_run=_bind("last_seen_run"))
            )
            for chunk in _chunks(seen_statements):
                conn.execute(stmt, chunk)
        conn.execute(
            update(runs)
            .where(runs.c.id == run_id)
            .values(
                finished_at=now(),
                added=len(added),
                changed=len(changed),
                removed=len(removed),
            )
        )
        conn.execute(update(datasets).where(datasets.c.name == name).values(current_run=run_id))
        return ImportReport(
            dataset=name,
            run_id=run_id,
            entities=len(parsed.records),
            statements=n_statements,
            counts=counts,
            added=sorted(added),
            changed=sorted(changed),
            removed=removed,
            previous_run=previous_run,
        )

    # ------------------------------------------------------------------ reading
    def lists(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(datasets, runs)
                .join(runs, runs.c.id == datasets.c.current_run)
                .order_by(datasets.c.name)
            ).mappings()
            out = []
            for r in rows:
                n_runs = conn.execute(
                    select(func.count()).select_from(runs).where(runs.c.dataset == r["name"])
                ).scalar()
                out.append(
                    {
                        "dataset": r["name"],
                        "title": r["title"],
                        "kind": r["kind"],
                        "owner": r["owner"],
                        "sharing": r["sharing"],
                        "format": r["format"],
                        "run": r["current_run"],
                        "runs": n_runs,
                        "imported_at": _iso(r["finished_at"]),
                        "published_at": r["published_at"],
                        "file": r["file"],
                        "url": r["url"],
                        "sha256": r["sha256"],
                        "size": r["size"],
                        "etag": r["etag"],
                        "last_modified": r["last_modified"],
                        "entities": r["entities"],
                        "statements": r["statements"],
                        "counts": json.loads(r["counts"]),
                        "added": r["added"],
                        "changed": r["changed"],
                        "removed": r["removed"],
                    }
                )
            return out

    def dataset_info(self, name: str) -> dict[str, Any] | None:
        for row in self.lists():
            if row["dataset"] == name:
                return row
        return None

    def find_entities(self, ref: str) -> list[str]:
        """Entity ids for a reference (``QDi.299``), a full id (``un_sc:QDi.299``), any case."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(entities.c.id).where(
                    (entities.c.id == ref)
                    | (func.lower(entities.c.reference) == ref.lower())
                    | (func.lower(entities.c.id) == ref.lower())
                )
            ).scalars()
            return sorted(rows)

    def entity(self, entity_id: str, *, history: bool = False) -> StoredEntity | None:
        with self.engine.connect() as conn:
            e = (
                conn.execute(
                    select(entities, datasets.c.current_run, datasets.c.kind)
                    .join(datasets, datasets.c.name == entities.c.dataset)
                    .where(entities.c.id == entity_id)
                )
                .mappings()
                .first()
            )
            if e is None:
                return None
            current_run = e["current_run"]
            q = select(statements).where(statements.c.entity_id == entity_id)
            if not history:
                q = q.where(statements.c.last_seen_run == e["last_seen_run"])
            rows = conn.execute(q.order_by(statements.c.id)).mappings().all()
            run_times = dict(
                conn.execute(
                    select(runs.c.id, runs.c.finished_at).where(runs.c.dataset == e["dataset"])
                ).all()
            )
            sts = [
                StoredStatement(
                    prop=r["prop"],
                    value=r["value"],
                    qualifier=r["qualifier"],
                    script=r["script"],
                    extra=json.loads(r["extra"]) if r["extra"] else None,
                    dataset=r["dataset"],
                    first_seen_run=r["first_seen_run"],
                    last_seen_run=r["last_seen_run"],
                    first_seen_at=_iso(run_times.get(r["first_seen_run"])),
                    last_seen_at=_iso(run_times.get(r["last_seen_run"])),
                )
                for r in rows
            ]
            return StoredEntity(
                id=e["id"],
                dataset=e["dataset"],
                reference=e["reference"],
                schema=e["schema"],
                caption=e["caption"],
                owner=e["owner"],
                sharing=e["sharing"],
                current=e["last_seen_run"] == current_run,
                kind=e["kind"],
                statements=sts,
            )

    def iter_current(self, dataset_names: Iterable[str] | None = None) -> Iterator[StoredEntity]:
        """Every entity on the current version of the lists, with its current statements."""
        with self.engine.connect() as conn:
            ds_rows = conn.execute(select(datasets.c.name, datasets.c.current_run, datasets.c.kind))
            wanted = set(dataset_names) if dataset_names is not None else None
            for ds_name, current_run, kind in ds_rows.all():
                if current_run is None or (wanted is not None and ds_name not in wanted):
                    continue
                ents = conn.execute(
                    select(entities).where(
                        and_(entities.c.dataset == ds_name, entities.c.last_seen_run == current_run)
                    )
                ).mappings()
                by_id: dict[str, StoredEntity] = {}
                for e in ents:
                    by_id[e["id"]] = StoredEntity(
                        id=e["id"],
                        dataset=ds_name,
                        reference=e["reference"],
                        schema=e["schema"],
                        caption=e["caption"],
                        owner=e["owner"],
                        sharing=e["sharing"],
                        current=True,
                        kind=kind,
                        statements=[],
                    )
                rows = conn.execute(
                    select(
                        statements.c.entity_id,
                        statements.c.prop,
                        statements.c.value,
                        statements.c.qualifier,
                        statements.c.script,
                        statements.c.extra,
                        statements.c.first_seen_run,
                    ).where(
                        and_(
                            statements.c.dataset == ds_name,
                            statements.c.last_seen_run == current_run,
                        )
                    )
                )
                for eid, prop, value, qual, script, extra, first in rows:
                    ent = by_id.get(eid)
                    if ent is not None:
                        ent.statements.append(
                            StoredStatement(
                                prop,
                                value,
                                qual,
                                script,
                                json.loads(extra) if extra else None,
                                ds_name,
                                first,
                                current_run,
                            )  # fmt: skip
                        )
                yield from by_id.values()

    def state_token(self) -> str:
        """Changes whenever any list gets a new run: the key of derived caches (the index)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(datasets.c.name, datasets.c.current_run).order_by(datasets.c.name)
            ).all()
        return hashlib.sha1(json.dumps([list(r) for r in rows]).encode()).hexdigest()[:16]

    # ------------------------------------------------------------------ diff
    def run_ids(self, dataset: str) -> list[int]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(runs.c.id).where(runs.c.dataset == dataset).order_by(runs.c.id)
                ).scalars()
            )

    def diff(
        self, dataset: str, old_run: int | None = None, new_run: int | None = None
    ) -> DiffReport:
        ids = self.run_ids(dataset)
        if not ids:
            raise StoreError(f"no list named {dataset!r} is loaded (see: jisr lists)")
        if new_run is None:
            new_run = ids[-1]
        if old_run is None:
            older = [i for i in ids if i < new_run]
            if not older:
                raise StoreError(
                    f"list {dataset!r} has only one import (run {new_run}); nothing to compare"
                )
            old_run = older[-1]
        with self.engine.connect() as conn:

            def fps(run: int) -> dict[str, str]:
                return dict(
                    conn.execute(
                        select(entity_versions.c.entity_id, entity_versions.c.fingerprint).where(
                            entity_versions.c.run_id == run
                        )
                    ).all()
                )

            old, new = fps(old_run), fps(new_run)
            captions = dict(
                conn.execute(
                    select(entities.c.id, entities.c.caption).where(entities.c.dataset == dataset)
                ).all()
            )

            def brief(eid: str) -> dict[str, str]:
                return {
                    "id": eid,
                    "reference": eid.split(":", 1)[1],
                    "name": captions.get(eid, ""),
                }

            changed = []
            for eid in sorted(set(old) & set(new)):
                if old[eid] == new[eid]:
                    continue
                rows = conn.execute(
                    select(
                        statements.c.prop,
                        statements.c.value,
                        statements.c.first_seen_run,
                        statements.c.last_seen_run,
                    ).where(statements.c.entity_id == eid)
                ).all()
                plus = [
                    {"prop": p, "value": v}
                    for p, v, first, last in rows
                    if first > old_run and first <= new_run and last >= new_run
                ]
                minus = [
                    {"prop": p, "value": v}
                    for p, v, first, last in rows
                    if first <= old_run and old_run <= last < new_run
                ]
                changed.append({**brief(eid), "values_added": plus, "values_removed": minus})
            return DiffReport(
                dataset=dataset,
                old_run=old_run,
                new_run=new_run,
                added=[brief(e) for e in sorted(set(new) - set(old))],
                removed=[brief(e) for e in sorted(set(old) - set(new))],
                changed=changed,
            )

    # ------------------------------------------------------------------ audit
    def audit(self, actor: str, action: str, detail: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            _audit(conn, actor, action, detail)

    def audit_entries(self, limit: int = 50) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
            ).mappings()
            return [
                {
                    "id": r["id"],
                    "at": _iso(r["at"]),
                    "actor": r["actor"],
                    "action": r["action"],
                    "detail": json.loads(r["detail"]),
                }
                for r in rows
            ]


_ENTITY_UPDATE = ("schema", "caption", "owner", "sharing", "last_seen_run", "fingerprint")


def _bind(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name)


def _statement_row(eid: str, dataset: str, key: str, st: Statement, run_id: int) -> dict[str, Any]:
    return {
        "entity_id": eid,
        "dataset": dataset,
        "key": key,
        "prop": st.prop,
        "value": st.value,
        "qualifier": st.qualifier,
        "script": st.script,
        "extra": json.dumps(st.extra, ensure_ascii=False, sort_keys=True) if st.extra else None,
        "first_seen_run": run_id,
        "last_seen_run": run_id,
    }


def _counts(records: list[Record]) -> dict[str, int]:
    """Counts for reports. ``aliases`` are the aliases as the list gives them (UN alias rows,
    OFAC alt.csv rows / akaList); names jisr derived (reordered "Given SURNAME" forms, spellings
    found in notes) and weak aliases found in OFAC remarks are counted apart."""
    counts: Counter[str] = Counter()
    for rec in records:
        counts[str(rec.schema)] += 1
        for st in rec.statements:
            if st.prop in NAME_PROPS:
                counts["names"] += 1
                counts[_name_category(st)] += 1
            elif st.prop == Prop.ADDRESS:
                counts["addresses"] += 1
            elif st.prop == Prop.DOCUMENT:
                counts["documents"] += 1
    counts.pop("primary names", None)
    return dict(sorted(counts.items()))


def _name_category(st: Statement) -> str:
    q = (st.qualifier or "").lower()
    if st.prop == Prop.NAME:
        return "primary names"
    if "reordered" in q or "from note" in q:
        return "derived names"
    if q == "original script":
        return "original-script names"
    if q.startswith("weak "):
        return "aliases from remarks"
    return "aliases"


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def _audit(conn: Connection, actor: str, action: str, detail: dict[str, Any]) -> None:
    conn.execute(
        insert(audit_log).values(
            at=now(),
            actor=actor,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
