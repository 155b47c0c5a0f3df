"""Clustering of matched pairs into unified entities, and stable ids across runs.

Hand-written because it is small and must honour analyst decisions exactly: a ``different``
decision is a cannot-link constraint that no chain of ``same`` links may cross.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root


def cluster(
    ids: Iterable[str],
    links: Iterable[tuple[str, str, float]],
    cannot_link: Iterable[tuple[str, str]] = (),
    group_of: dict[str, str] | None = None,
    forced_above: float = 1.0,
) -> list[list[str]]:
    """Group ``ids`` into clusters joined by ``links`` (strongest first), never joining two
    clusters that hold a cannot-link pair. Returns sorted clusters, singletons included.

    With ``group_of`` (entity id -> its list), an automatic link (score <= ``forced_above``)
    never joins two clusters that both hold an entry of the same list: a list does not name one
    person twice, so such a chain (two namesakes on the UN list both matching one OFAC entry) is
    left for an analyst. Links above ``forced_above`` (analyst decisions) always join."""
    uf = _UnionFind()
    lists: dict[str, set[str]] = {}
    for i in ids:
        uf.find(i)
        if group_of is not None:
            lists[i] = {group_of[i]}
    apart: dict[str, set[str]] = defaultdict(set)  # root -> roots it must stay apart from
    for a, b in cannot_link:
        ra, rb = uf.find(a), uf.find(b)
        apart[ra].add(rb)
        apart[rb].add(ra)
    for a, b, _score in sorted(links, key=lambda t: (-t[2], t[0], t[1])):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb or rb in apart[ra]:
            continue
        if group_of is not None:
            if _score <= forced_above and lists[ra] & lists[rb]:
                continue
            lists[ra] |= lists.pop(rb)
        uf.parent[rb] = ra
        # the merged cluster inherits every constraint of both sides
        for other in apart.pop(rb, set()):
            apart[other].discard(rb)
            apart[other].add(ra)
            apart[ra].add(other)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in list(uf.parent):
        groups[uf.find(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def new_unified_id(members: list[str]) -> str:
    digest = hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()[:12]
    return f"ju-{digest}"


def assign_ids(clusters: list[list[str]], previous: dict[str, str]) -> dict[str, list[str]]:
    """Give each cluster an id, reusing the earlier id it shares most members with.

    ``previous`` maps entity id -> unified id from the last resolution. An earlier id goes to at
    most one new cluster (the one holding most of its members; ties to the larger cluster, then
    by member order), so ids never collide when a cluster is split.
    """
    claims: list[tuple[int, int, str, int]] = []  # (-shared, -size, old id, cluster index)
    for idx, members in enumerate(clusters):
        counts: dict[str, int] = defaultdict(int)
        for m in members:
            if m in previous:
                counts[previous[m]] += 1
        for old, n in counts.items():
            claims.append((-n, -len(members), old, idx))
    claims.sort(key=lambda c: (c[0], c[1], c[2], clusters[c[3]][0]))
    taken_ids: set[str] = set()
    result: dict[int, str] = {}
    for _n, _size, old, idx in claims:
        if idx in result or old in taken_ids:
            continue
        result[idx] = old
        taken_ids.add(old)
    out: dict[str, list[str]] = {}
    for idx, members in enumerate(clusters):
        uid = result.get(idx)
        if uid is None:
            uid = new_unified_id(members)
            while uid in taken_ids or uid in out:
                uid = new_unified_id([*members, uid])
        out[uid] = members
    return out
