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
    Float,
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

# ---------------------------------------------------------------- unification (Step 3)
# Analyst decisions on pairs of entities: append-only. Undoing a decision appends a row that
# names the decision it undoes; the latest row that is not undone is in force. Decisions name
# entity ids ("{dataset}:{reference}"), which survive re-imports of newer list versions.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(200), nullable=False),
    Column("right_id", String(200), nullable=False),
    Column("judgement", String(20), nullable=False),  # same | different | unsure | undo
    Column("reason", Text, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("undoes", Integer, nullable=True),
    Index("ix_decisions_pair", "left_id", "right_id"),
)

# The candidate pairs of the latest resolution, with their score, the automatic outcome and the
# explanation: what the review queue is made of.
candidate_pairs = Table(
    "candidate_pairs",
    metadata,
    Column("left_id", String(200), primary_key=True),
    Column("right_id", String(200), primary_key=True),
    Column("score", Float, nullable=False),
    Column("outcome", String(20), nullable=False),  # same | review | apart
    Column("explanation", Text, nullable=False),  # JSON
    Column("resolution_id", Integer, nullable=False),
)

resolutions = Table(
    "resolutions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("datasets", Text, nullable=False),  # JSON list
    Column("params", Text, nullable=False),  # JSON: thresholds
    Column("stats", Text, nullable=False),  # JSON
)

# Membership of unified entities. Ids are stable: a new resolution reuses, for each cluster, the id
# of the earlier cluster it shares most members with.
unified_members = Table(
    "unified_members",
    metadata,
    Column("unified_id", String(40), nullable=False),
    Column("entity_id", String(200), primary_key=True),
    Column("resolution_id", Integer, nullable=False),
    Index("ix_unified_members_uid", "unified_id"),
)
