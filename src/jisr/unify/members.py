"""Membership of unified entities, as stored by the latest resolution."""

from __future__ import annotations

from sqlalchemy import select

from jisr.store import Store
from jisr.store.schema import unified_members


def unified_of(store: Store, entity_id: str) -> tuple[str, list[str]] | None:
    with store.engine.connect() as conn:
        uid = conn.execute(
            select(unified_members.c.unified_id).where(unified_members.c.entity_id == entity_id)
        ).scalar()
        if uid is None:
            uid = conn.execute(
                select(unified_members.c.unified_id).where(
                    unified_members.c.unified_id == entity_id
                )
            ).scalar()
        if uid is None:
            return None
        members = list(
            conn.execute(
                select(unified_members.c.entity_id)
                .where(unified_members.c.unified_id == uid)
                .order_by(unified_members.c.entity_id)
            ).scalars()
        )
    return uid, members


def all_unified(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for uid, eid in conn.execute(
            select(unified_members.c.unified_id, unified_members.c.entity_id).order_by(
                unified_members.c.unified_id, unified_members.c.entity_id
            )
        ):
            out.setdefault(uid, []).append(eid)
    return out
