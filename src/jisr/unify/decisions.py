"""Analyst decisions on pairs: recorded append-only with who, when and why; undoable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from jisr.store import Store
from jisr.store.db import _audit, _iso, now
from jisr.store.schema import decisions

JUDGEMENTS = ("same", "different", "unsure")


class DecisionError(Exception):
    pass


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass
class Decision:
    id: int
    left_id: str
    right_id: str
    judgement: str
    reason: str
    actor: str
    at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "left_id": self.left_id,
            "right_id": self.right_id,
            "judgement": self.judgement,
            "reason": self.reason,
            "actor": self.actor,
            "at": _iso(self.at),
        }


def record(store: Store, a: str, b: str, judgement: str, reason: str, actor: str) -> Decision:
    """Record an analyst's judgement on a pair of entities."""
    if judgement not in JUDGEMENTS:
        raise DecisionError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {judgement!r}")
    if not reason.strip():
        raise DecisionError("a decision needs a reason")
    if a == b:
        raise DecisionError("a decision needs two different entities")
    for eid in (a, b):
        if store.entity(eid) is None:
            raise DecisionError(f"no entity with id {eid!r}")
    left, right = pair_key(a, b)
    at = now()
    with store.engine.begin() as conn:
        did = conn.execute(
            insert(decisions).values(
                left_id=left,
                right_id=right,
                judgement=judgement,
                reason=reason.strip(),
                actor=actor,
                at=at,
                undoes=None,
            )
        ).inserted_primary_key[0]
        _audit(conn, actor, "decide", {"decision": did, "pair": [left, right],
                                        "judgement": judgement, "reason": reason.strip()})  # fmt: skip
    return Decision(did, left, right, judgement, reason.strip(), actor, at)


def undo(store: Store, decision_id: int, reason: str, actor: str) -> None:
    """Undo a decision: appends an ``undo`` row; the pair falls back to its earlier decision."""
    with store.engine.begin() as conn:
        row = (
            conn.execute(select(decisions).where(decisions.c.id == decision_id)).mappings().first()
        )
        if row is None or row["judgement"] == "undo":
            raise DecisionError(f"no decision with id {decision_id}")
        done = conn.execute(select(decisions.c.id).where(decisions.c.undoes == decision_id)).first()
        if done is not None:
            raise DecisionError(f"decision {decision_id} is already undone")
        conn.execute(
            insert(decisions).values(
                left_id=row["left_id"],
                right_id=row["right_id"],
                judgement="undo",
                reason=reason.strip() or "undone",
                actor=actor,
                at=now(),
                undoes=decision_id,
            )
        )
        _audit(conn, actor, "undo-decision", {"decision": decision_id, "reason": reason})


def in_force(store: Store) -> dict[tuple[str, str], Decision]:
    """For each pair, the latest decision that has not been undone."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(decisions).order_by(decisions.c.id)).mappings().all()
    undone = {r["undoes"] for r in rows if r["judgement"] == "undo"}
    out: dict[tuple[str, str], Decision] = {}
    for r in rows:
        if r["judgement"] == "undo" or r["id"] in undone:
            continue
        out[(r["left_id"], r["right_id"])] = Decision(
            r["id"], r["left_id"], r["right_id"], r["judgement"], r["reason"], r["actor"], r["at"]
        )
    return out


def history(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(decisions).order_by(decisions.c.id)).mappings().all()
    return [{**dict(r), "at": _iso(r["at"])} for r in rows]
