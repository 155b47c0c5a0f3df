"""The linking engine: candidate pairs through the name index, scored on names and evidence,
on all cores. Used by `resolve` (entities from the store) and by the scale benchmark (two lists of
a million entries each, in memory)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jisr.cpus import usable_cpus
from jisr.match import Candidate, EntityMatch, NameIndex, Query, compare_entities
from jisr.match.entities import guesses


@dataclass(frozen=True)
class LinkParams:
    names_per_entity: int = 12  # names of an entity used as queries
    candidates_per_name: int = 15  # index candidates per query name
    min_score: float = 0.56  # pairs below are dropped (never shown)
    dobs_per_entity: int = 3
    symmetric: bool = True  # score both directions (a's names vs b, b's names vs a)


def compare_candidates(
    a: Candidate, b: Candidate, params: LinkParams = LinkParams()
) -> EntityMatch:
    """Compare two entities: ``a``'s best-matching name against ``b`` as a whole, then the best
    combination of ``a``'s dates of birth and countries as evidence (documents always count).

    The evidence does not depend on the name, so the best name is found once and only its match
    is re-scored with each date and country: names + dates x countries comparisons, not their
    product over all names."""
    docs = tuple(a.documents)
    best: EntityMatch | None = None
    for name, _label in query_names(a, params) or [("", "")]:
        m = compare_entities(Query(name=name, documents=docs, schema=a.schema), b)
        if best is None or m.score > best.score:
            best = m
        elif (
            m.score == best.score
            and m.name_match.score == best.name_match.score  # (not only a capped 1.0 alike)
            and guesses(m.name_match) < guesses(best.name_match)
        ):
            best = m  # of names scored equal, the one read with fewest guesses
    assert best is not None
    dobs: list[str | None] = list(a.birth_dates[: params.dobs_per_entity]) or [None]
    countries: list[str | None] = list(a.countries[:3]) or [None]
    if dobs == [None] and countries == [None]:
        return best
    label = next((lab for n, lab in b.names if n == best.matched_name), "name")
    narrowed = Candidate(b.id, [(best.matched_name, label)], b.birth_dates, b.countries,
                         b.documents, b.schema, b.readings, b.acronyms)  # fmt: skip
    query_name = best.name_match.a
    out = best
    for dob in dobs:
        for country in countries:
            m = compare_entities(
                Query(name=query_name, dob=dob, country=country, documents=docs, schema=a.schema),
                narrowed,
            )
            if out is best or m.score > out.score:
                out = m
    return out


def query_names(a: Candidate, params: LinkParams) -> list[tuple[str, str]]:
    """The names of `a` that look for its partners: not the acronyms read from its names (an
    acronym alone is ambiguous between lists: `ASC` is also AL-SHAHID CORPORATION's initials);
    they are still found, as the other side, by an entity that gives the same acronym."""
    return [n for n in a.names if n[0] not in a.acronyms][: params.names_per_entity]


def pair_score(a: Candidate, b: Candidate, params: LinkParams = LinkParams()) -> EntityMatch:
    """Symmetric: the better of the two directions."""
    m1, m2 = compare_candidates(a, b, params), compare_candidates(b, a, params)
    return m1 if m1.score >= m2.score else m2


# The state workers read: set before the pool forks, so children share it copy-on-write.
_STATE: dict[str, Any] = {}


def _link_range(bounds: tuple[int, int]) -> list[tuple[int, int, float]]:
    queries: Sequence[Candidate] = _STATE["queries"]
    targets: Sequence[Candidate] = _STATE["targets"]
    index: NameIndex = _STATE["index"]
    params: LinkParams = _STATE["params"]
    same = _STATE["same"]
    groups: Sequence[str] | None = _STATE["groups"]
    out: list[tuple[int, int, float]] = []
    for i in range(*bounds):
        q = queries[i]
        seen: set[int] = set()
        for name, _label in query_names(q, params):
            for j in index.candidates(name, limit=params.candidates_per_name):
                if j in seen or (same and j == i):
                    continue
                if groups is not None and groups[i] == groups[j]:
                    continue
                seen.add(j)
                m = (
                    pair_score(q, targets[j], params)
                    if params.symmetric
                    else compare_candidates(q, targets[j], params)
                )
                if m.score >= params.min_score:
                    out.append((i, j, m.score) if not same or i < j else (j, i, m.score))
    return out


def link(
    queries: Sequence[Candidate],
    index: NameIndex,
    targets: Sequence[Candidate] | None = None,
    *,
    params: LinkParams = LinkParams(),
    workers: int | None = None,
    chunk: int = 2000,
    cross_groups: Sequence[str] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> dict[tuple[int, int], float]:
    """Scored pairs (i, j) → score. With ``targets`` None, links ``queries`` with themselves
    (pairs i < j, within one collection indexed by ``index``); otherwise ``queries`` against
    ``targets`` indexed by ``index``. With ``cross_groups`` (one label per entity, e.g. its
    list), pairs within one group are skipped."""
    same = targets is None
    _STATE.update(
        queries=queries,
        targets=queries if same else targets,
        index=index,
        params=params,
        same=same,
        groups=cross_groups,
    )
    ranges = [(lo, min(lo + chunk, len(queries))) for lo in range(0, len(queries), chunk)]
    workers = workers or min(usable_cpus(), 8)
    pairs: dict[tuple[int, int], float] = {}

    def collect(found: list[tuple[int, int, float]], size: int) -> None:
        for i, j, s in found:
            if s > pairs.get((i, j), -1.0):
                pairs[(i, j)] = s
        if on_progress:
            on_progress(size)

    try:
        if workers <= 1 or len(ranges) <= 1:
            for r in ranges:
                collect(_link_range(r), r[1] - r[0])
        else:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                for r, found in zip(ranges, pool.imap(_link_range, ranges), strict=True):
                    collect(found, r[1] - r[0])
    finally:
        _STATE.clear()
    return pairs
