"""Cross-list entity resolution: candidate pairs from the name index, scored on names and other
evidence, decided automatically (high), queued for review (middle) or kept apart (low), then
clustered into unified entities with stable ids. Analyst decisions always win over scores."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.progress import Progress
from sqlalchemy import delete, insert, select

from jisr.match import Candidate, EntityMatch
from jisr.match.names import MIDDLE_NOTE, TURNED_NOTE, compare_analysed
from jisr.match.parts import INITIAL
from jisr.names.parts import analyse_name
from jisr.screen.screener import Screener
from jisr.store import Store
from jisr.store.db import _audit, now
from jisr.store.schema import candidate_pairs, resolutions, unified_members
from jisr.unify import decisions as decisions_mod
from jisr.unify.cluster import assign_ids, cluster
from jisr.unify.link import LinkParams, link, pair_score

AUTO_SAME = 0.90  # at or above: the same entity without review
REVIEW = 0.70  # at or above (and below AUTO_SAME): queued for an analyst


_ANY_SCHEMA = frozenset({"Unknown", "LegalEntity", "Thing", ""})
_SCHEMA_KIND = {"Person": "person", "Vessel": "vessel", "Aircraft": "aircraft"}


def schemas_compatible(a: str, b: str) -> bool:
    """Whether entries of these schemas can be one entity: a person is never an organisation,
    a vessel or an aircraft (organisations, companies and legal entities may be one)."""
    if a == b or a in _ANY_SCHEMA or b in _ANY_SCHEMA:
        return True
    return _SCHEMA_KIND.get(a, "organisation") == _SCHEMA_KIND.get(b, "organisation")


def _doubt(m: EntityMatch, a: Candidate, b: Candidate, auto_same: float = 1.0) -> str | None:
    """Why a high-scoring pair must still be seen by an analyst: it rests on an acronym, on a
    weak alias (a kunya such as "Abu Muhammad" is shared by many people), or it reaches
    `auto_same` only because a name's middle parts left out weighed less (`MIDDLE_WEIGHT`:
    right for a passport's short form, not proof that two lists' entries are one: `Kim Hyok
    Chol` is not `KIM, Chol`), or on an initial (`HIJAZI, Raed M`: compatible, not the same
    name), or on a particle read at a name's front (`Majeed Abdul` as `Abdul Majeed`: a guess
    about how a record split the name)."""
    if any(p.how == "acronym" for p in m.name_match.matched):
        return "the match rests on an acronym"
    if any(p.how == INITIAL for p in m.name_match.matched):
        return "the match rests on an initial"
    if any(t.startswith(TURNED_NOTE) for t in m.name_match.against):
        return "the match reads a particle at the front of a name"
    if any(t.startswith(MIDDLE_NOTE) for t in m.name_match.against):
        whole = compare_analysed(
            analyse_name(m.name_match.a), analyse_name(m.name_match.b), middle=False
        ).score
        if whole + sum(e.effect for e in m.evidence) < auto_same:
            return "the match leaves out middle names"
    names = {m.name_match.a, m.name_match.b}
    if names & (a.acronyms | b.acronyms):  # an acronym read from a name (`… (FDLR)`)
        return "the match rests on an acronym"
    for cand in (a, b):
        if any(n in names and label == "weakAlias" for n, label in cand.names):
            return "the match rests on a weak alias"
    return None


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
    params = LinkParams(min_score=review * 0.8)
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("scoring candidate pairs", total=len(ids))
        found = link(
            screener.candidates,
            screener.index,
            params=params,
            cross_groups=[m.dataset for m in screener.metas] if cross_only else None,
            on_progress=lambda n: bar.advance(task, n),
        )
    scored: list[PairScore] = []
    for (i, j), _score in sorted(found.items()):
        if not schemas_compatible(screener.candidates[i].schema, screener.candidates[j].schema):
            continue  # e.g. a person's initials equal to an organisation's acronym
        m = pair_score(screener.candidates[i], screener.candidates[j], params)
        left, right = decisions_mod.pair_key(ids[i], ids[j])
        outcome = "same" if m.score >= auto_same else "review" if m.score >= review else "apart"
        explanation = m.to_dict()
        if outcome == "same":
            doubt = _doubt(m, screener.candidates[i], screener.candidates[j], auto_same)
            if doubt:
                outcome = "review"
                explanation["review_because"] = doubt
        scored.append(PairScore(left, right, m.score, outcome, explanation))
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
    groups = cluster(ids, links, cannot, group_of={m.id: m.dataset for m in screener.metas})
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
