"""Cross-list entity resolution: candidate pairs from the name index, scored on names and other
evidence, decided automatically (high), queued for review (middle) or kept apart (low), then
clustered into unified entities with stable ids. Analyst decisions always win over scores."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rich.progress import Progress
from sqlalchemy import delete, insert, select

from jisr.match import Candidate, EntityMatch, Query, compare_entities
from jisr.screen.screener import Screener
from jisr.store import Store
from jisr.store.db import _audit, now
from jisr.store.schema import candidate_pairs, resolutions, unified_members
from jisr.unify import decisions as decisions_mod
from jisr.unify.cluster import assign_ids, cluster

AUTO_SAME = 0.90  # at or above: the same entity without review
REVIEW = 0.70  # at or above (and below AUTO_SAME): queued for an analyst
NAMES_PER_ENTITY = 12  # names of an entity used as queries for candidate pairs
CANDIDATES_PER_NAME = 15


@dataclass
class PairScore:
    left: str
    right: str
    score: float
    outcome: str  # same | review | apart
    explanation: dict[str, Any]
    decided: str | None = None  # the analyst decision in force, if any


@dataclass
class Resolution:
    id: int
    entities: int
    pairs: list[PairScore]
    clusters: dict[str, list[str]]
    stats: dict[str, Any] = field(default_factory=dict)


def entity_query(cand: Candidate, name: str, dob: str | None) -> Query:
    return Query(
        name=name,
        dob=dob,
        country=cand.countries[0] if cand.countries else None,
        documents=tuple(cand.documents),
    )


def compare_candidates(a: Candidate, b: Candidate) -> EntityMatch:
    """Compare two entities: the best match of any of ``a``'s names (with each of its dates of
    birth) against ``b`` as a whole."""
    best: EntityMatch | None = None
    dobs: list[str | None] = list(a.birth_dates[:3]) or [None]
    for name, _label in a.names[:NAMES_PER_ENTITY]:
        for dob in dobs:
            m = compare_entities(entity_query(a, name, dob), b)
            if best is None or m.score > best.score:
                best = m
    assert best is not None
    return best


def candidate_pairs_of(
    screener: Screener, *, cross_only: bool = False, progress: bool = False
) -> Iterable[tuple[int, int]]:
    """Pairs (i < j) of entities worth comparing, found through the name index."""
    seen: set[tuple[int, int]] = set()
    metas = screener.metas
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("finding candidate pairs", total=len(screener.candidates))
        for i, cand in enumerate(screener.candidates):
            for name, _label in cand.names[:NAMES_PER_ENTITY]:
                for j in screener.entity_candidates(name, limit=CANDIDATES_PER_NAME):
                    if j == i:
                        continue
                    if cross_only and metas[i].dataset == metas[j].dataset:
                        continue
                    pair = (i, j) if i < j else (j, i)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair
            bar.advance(task)


def resolve(
    store: Store,
    datasets: list[str] | None = None,
    *,
    auto_same: float = AUTO_SAME,
    review: float = REVIEW,
    cross_only: bool = False,
    actor: str = "local",
    progress: bool = False,
) -> Resolution:
    screener = Screener.open(store, datasets, progress=progress)
    ids = [m.id for m in screener.metas]
    in_force = decisions_mod.in_force(store)
    scored: list[PairScore] = []
    for i, j in candidate_pairs_of(screener, cross_only=cross_only, progress=progress):
        a, b = screener.candidates[i], screener.candidates[j]
        m1, m2 = compare_candidates(a, b), compare_candidates(b, a)
        m = m1 if m1.score >= m2.score else m2
        if m.score < review * 0.8:
            continue  # far below review: not kept, not shown
        left, right = decisions_mod.pair_key(ids[i], ids[j])
        outcome = "same" if m.score >= auto_same else "review" if m.score >= review else "apart"
        scored.append(PairScore(left, right, m.score, outcome, m.to_dict()))
    # analyst decisions: on scored pairs and on pairs the index never proposed
    by_pair = {(p.left, p.right): p for p in scored}
    known = set(ids)
    for pair, dec in in_force.items():
        if pair[0] not in known or pair[1] not in known:
            continue  # an entity of the pair is not on the current lists (it may come back)
        p = by_pair.get(pair)
        if p is None:
            p = PairScore(pair[0], pair[1], 0.0, "apart", {"note": "decided by an analyst"})
            scored.append(p)
            by_pair[pair] = p
        p.decided = dec.judgement
    links = []
    cannot = []
    for p in scored:
        if p.decided == "same" or (p.decided is None and p.outcome == "same"):
            links.append((p.left, p.right, 2.0 if p.decided == "same" else p.score))
        elif p.decided == "different":
            cannot.append((p.left, p.right))
    groups = cluster(ids, links, cannot)
    with store.engine.connect() as conn:
        previous = dict(
            conn.execute(select(unified_members.c.entity_id, unified_members.c.unified_id)).all()
        )
    clusters = assign_ids(groups, previous)
    stats = {
        "entities": len(ids),
        "pairs_scored": len(scored),
        "auto_same": sum(1 for p in scored if p.outcome == "same" and p.decided is None),
        "review": sum(1 for p in scored if p.outcome == "review" and p.decided is None),
        "decided": sum(1 for p in scored if p.decided),
        "unified_entities": len(clusters),
        "multi_source_entities": sum(1 for m in clusters.values() if len(m) > 1),
    }
    with store.engine.begin() as conn:
        rid = conn.execute(
            insert(resolutions).values(
                at=now(),
                actor=actor,
                datasets=json.dumps(sorted(datasets) if datasets else []),
                params=json.dumps(
                    {"auto_same": auto_same, "review": review, "cross_only": cross_only}
                ),
                stats=json.dumps(stats),
            )
        ).inserted_primary_key[0]
        conn.execute(delete(candidate_pairs))
        rows = [
            {
                "left_id": p.left,
                "right_id": p.right,
                "score": p.score,
                "outcome": p.outcome,
                "explanation": json.dumps(p.explanation, ensure_ascii=False, default=str),
                "resolution_id": rid,
            }
            for p in scored
        ]
        for k in range(0, len(rows), 5000):
            conn.execute(insert(candidate_pairs), rows[k : k + 5000])
        conn.execute(delete(unified_members))
        members = [
            {"unified_id": uid, "entity_id": eid, "resolution_id": rid}
            for uid, ms in clusters.items()
            for eid in ms
        ]
        for k in range(0, len(members), 5000):
            conn.execute(insert(unified_members), members[k : k + 5000])
        _audit(conn, actor, "resolve", {"resolution": rid, **stats})
    return Resolution(rid, len(ids), scored, clusters, stats)


def review_queue(store: Store) -> list[dict[str, Any]]:
    """Pairs of the latest resolution waiting for an analyst (no decision in force), best first."""
    in_force = decisions_mod.in_force(store)
    with store.engine.connect() as conn:
        rows = (
            conn.execute(
                select(candidate_pairs)
                .where(candidate_pairs.c.outcome == "review")
                .order_by(candidate_pairs.c.score.desc())
            )
            .mappings()
            .all()
        )
    return [
        {**dict(r), "explanation": json.loads(r["explanation"])}
        for r in rows
        if (r["left_id"], r["right_id"]) not in in_force
    ]
