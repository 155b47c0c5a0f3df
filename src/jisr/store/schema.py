"""Tables of the store. SQLAlchemy Core, portable between SQLite (embedded) and PostgreSQL (server).

Provenance lives in the rows: a statement is one value said by one list (`dataset`), first seen in
one import run and last seen in another. The current content of a list is what its latest run saw;
older values stay, so nothing a list once said is lost.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

datasets = Table(
    "datasets",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(20), nullable=False),  # official | partner | demo
    Column("owner", String(100), nullable=False),  # who owns the entries (a partner, or "public")
    Column("sharing", String(40), nullable=False),  # default sharing level of its entries
    Column("format", String(40), nullable=False),
    Column("current_run", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(100), ForeignKey("datasets.name"), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Column("file", Text, nullable=False),
    Column("url", Text, nullable=True),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("published_at", String(40), nullable=True),
    Column("format", String(40), nullable=False),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("entities", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("counts", Text, nullable=False),  # JSON: per schema, names, aliases ...
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),  # "{dataset}:{reference}"
    Column("dataset", String(100), ForeignKey("datasets.name"), nullable=False),
    Column("reference", String(150), nullable=False),
    Column("schema", String(40), nullable=False),
    Column("caption", Text, nullable=False),
    Column("owner", String(100), nullable=False),
    Column("sharing", String(40), nullable=False),
    Column("first_seen_run", Integer, nullable=False),
    Column("last_seen_run", Integer, nullable=False),
    Column("fingerprint", String(40), nullable=False),
    UniqueConstraint("dataset", "reference"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("dataset", String(100), nullable=False),
    Column("key", String(40), nullable=False),
    Column("prop", String(60), nullable=False),
    Column("value", Text, nullable=False),
    Column("qualifier", Text, nullable=True),
    Column("script", String(8), nullable=True),
    Column("extra", Text, nullable=True),  # JSON
    Column("first_seen_run", Integer, nullable=False),
    Column("last_seen_run", Integer, nullable=False),
    UniqueConstraint("entity_id", "key"),
    Index("ix_statements_dataset_last", "dataset", "last_seen_run"),
)

# One row per entity per run: what the list said about it then (as a fingerprint), so the
# difference between any two runs of a list can be computed exactly.
entity_versions = Table(
    "entity_versions",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("fingerprint", String(40), nullable=False),
)

# Append-only: every query and every change of state, with who and when.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
)
