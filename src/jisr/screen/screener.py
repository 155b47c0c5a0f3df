"""Screen names against the lists in the store: candidates from the key index, then scoring.

The index is derived data: built once from the store and cached on disk under
``JISR_HOME/index/<state>``, where ``<state>`` changes whenever a list gets a new import (or the
name analysis code changes), so it is never stale and never rebuilt on every run. The index holds
the analysed form of every listed name, so a fresh process screens without romanising them; a
rebuild after an import reuses the analyses of the names the previous index already had.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from jisr.match import DEFAULT_THRESHOLD, Candidate, NameIndex, Query, compare_entities
from jisr.match.entities import WEAK_ALIAS_POLICIES, WEAK_HIT, max_evidence
from jisr.match.index import analysis_fingerprint, pack_dataclasses, unpack_dataclasses
from jisr.match.names import NameMatch
from jisr.model import SCHEMA_CHOICES, may_name, parse_schema
from jisr.names.parts import AnalysedName, analyse_name
from jisr.names.rarity import default_rarity
from jisr.screen.candidates import EntityMeta, to_candidate, to_meta
from jisr.store import Store

INDEX_FORMAT = 7  # 6: `e:` keys (a name's first and last parts together); 7: `first_row`
KEEP_CACHES = 4  # index caches kept under JISR_HOME/index
CANDIDATES_PER_QUERY = 50
NAME_ROWS_CACHE = 1 << 18  # entities whose index rows are remembered


@dataclass
class Hit:
    meta: EntityMeta
    score: float
    matched_name: str
    explanation: dict[str, Any]
    summary: str
    matched_as: str = ""  # which kind of name matched: name, alias, weakAlias, previousName
    read_as: str = ""  # the reading of `matched_name` that matched (its acronym), if not itself
    uncapped: float = 0.0  # the score before it was held to 0..1 (orders hits scored equal)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.meta.id,
            "reference": self.meta.reference,
            "source": self.meta.dataset,
            "name": self.meta.caption,
            "matched_name": self.matched_name,
            "matched_as": self.matched_as,
            "read_as": self.read_as,
            "score": round(self.score, 4),
            "explanation": self.explanation,
            "schema": self.meta.schema,
            "fictional": self.meta.kind == "demo",
        }


@dataclass
class ScreenResult:
    query: Query
    threshold: float
    hits: list[Hit] = field(default_factory=list)
    candidates: int = 0
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": {
                "name": self.query.name,
                "dob": self.query.dob,
                "country": self.query.country,
                "schema": self.query.schema,
            },
            "threshold": self.threshold,
            "hits": [h.to_dict() for h in self.hits],
        }


class Screener:
    def __init__(
        self,
        store: Store | None,
        candidates: list[Candidate],
        metas: list[EntityMeta],
        index: NameIndex,
    ) -> None:
        self.store = store
        self.candidates = candidates
        self.metas = metas
        self.index = index
        # listed names taken from the index per query, before the bounds and the scoring
        self.candidate_limit = CANDIDATES_PER_QUERY
        self._name_rows: dict[int, list[int | None]] = {}
        self._schema_rows: dict[str, np.ndarray | None] = {}

    # ------------------------------------------------------------------ building
    @classmethod
    def open(
        cls, store: Store, datasets: list[str] | None = None, *, progress: bool = False
    ) -> Screener:
        """The screener for the current lists, from the on-disk cache or built and cached."""
        folder = cls.cache_dir(store, datasets)
        if (folder / "done").exists():
            try:
                return cls.load(store, folder)
            except Exception:  # a damaged cache is rebuilt, never trusted
                shutil.rmtree(folder, ignore_errors=True)
        screener = cls.build(store, datasets, progress=progress, previous=cls._previous(folder))
        screener.save(folder)
        return screener

    @staticmethod
    def cache_dir(store: Store, datasets: list[str] | None) -> Path:
        which = ",".join(sorted(datasets)) if datasets else "*"
        key = f"{INDEX_FORMAT}|{analysis_fingerprint()}|{store.state_token()}|{which}"
        return store.home / "index" / hashlib.sha1(key.encode()).hexdigest()[:16]

    @staticmethod
    def _previous(folder: Path) -> NameIndex | None:
        """The most recent other cached index with usable analyses (to reuse them), if any."""
        done = [p for p in folder.parent.glob("*/done") if p.parent != folder]
        for marker in sorted(done, key=lambda p: p.stat().st_mtime, reverse=True)[:1]:
            try:
                index = NameIndex.load(marker.parent / "names")
            except Exception:  # an old format or a damaged cache: analyse from scratch
                return None
            return index if index.analysed is not None else None
        return None

    @classmethod
    def build(
        cls,
        store: Store,
        datasets: list[str] | None = None,
        *,
        progress: bool = False,
        previous: NameIndex | None = None,
    ) -> Screener:
        candidates: list[Candidate] = []
        metas: list[EntityMeta] = []
        for entity in store.iter_current(datasets):
            candidates.append(to_candidate(entity))
            metas.append(to_meta(entity))
        pairs = [(i, name) for i, c in enumerate(candidates) for name, _label in c.names]
        index = NameIndex.build(pairs, previous=previous)
        return cls(store, candidates, metas, index)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.index.save(tmp / "names")
        packed = (
            pack_dataclasses(Candidate, self.candidates),
            pack_dataclasses(EntityMeta, self.metas),
        )
        with open(tmp / "entities.pickle", "wb") as fh:
            pickle.dump(packed, fh, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / "done").write_text(json.dumps({"entities": len(self.metas)}))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        prune_caches(folder.parent, keep=KEEP_CACHES)

    @classmethod
    def load(cls, store: Store | None, folder: Path) -> Screener:
        index = NameIndex.load(folder / "names")
        with open(folder / "entities.pickle", "rb") as fh:
            packed_candidates, packed_metas = pickle.load(fh)  # our own file, from save()
        candidates = unpack_dataclasses(Candidate, packed_candidates)
        metas = unpack_dataclasses(EntityMeta, packed_metas)
        return cls(store, candidates, metas, index)

    # ------------------------------------------------------------------ screening
    def entity_candidates(
        self, name: str | AnalysedName, limit: int | None = None, schema: str | None = None
    ) -> list[int]:
        """Entities (positions in ``self.candidates``) with names sharing keys with ``name``
        (``limit`` candidate names; default ``self.candidate_limit``), of entities that
        ``schema`` may name (`may_name`; None: any) only."""
        allowed = self.rows_of_schema(schema)
        return self.index.candidates(name, limit=limit or self.candidate_limit, allowed=allowed)

    def rows_of_schema(self, schema: str | None) -> np.ndarray | None:
        """Per index row (bool), whether its entity may be named by a query of ``schema``
        (None where every row may: no filter). Cached per schema: the candidate stage leaves
        the other rows out before it keeps its best, so persons never crowd out a vessel."""
        if schema is None:
            return None
        if schema not in self._schema_rows:
            per_entity = np.fromiter(
                (may_name(schema, m.schema) for m in self.metas), dtype=bool, count=len(self.metas)
            )
            rows = per_entity[np.asarray(self.index.entities, dtype=np.intp)]
            self._schema_rows[schema] = None if rows.all() else rows
        return self._schema_rows[schema]

    def name_rows(self, key: int) -> list[int | None]:
        """The index row of each name of entity ``key`` (aligned with its ``names``), None
        where the index has none (an empty name, or an index without saved analyses). Cached:
        an entity with many aliases is a candidate of many queries."""
        got = self._name_rows.get(key)
        if got is None:
            if len(self._name_rows) >= NAME_ROWS_CACHE:
                self._name_rows.clear()
            got = self._name_rows[key] = self._find_name_rows(key)
        return got

    def _find_name_rows(self, key: int) -> list[int | None]:
        cand = self.candidates[key]
        out: list[int | None] = [None] * len(cand.names)
        if self.index.analysed is None:
            return out
        rows = iter(self.index.entity_rows(key))
        for i, (name, _label) in enumerate(cand.names):
            if not (name and name.strip()):
                continue
            row = next(rows, None)
            if row is None:
                break
            if self.index.name(row) == " ".join(name.split()):  # rows follow non-empty names
                out[i] = row
        return out

    def _reachable(
        self, qa: AnalysedName, keys: list[int], threshold: float
    ) -> list[tuple[int, list[AnalysedName | None], list[bool]]]:
        """The entities of `keys` with a name that can reach `threshold` (the index's score
        bound, `NameIndex.reachable`), each with which of its names can and their analyses (of
        those only: the others are never rebuilt). A name without a saved analysis is always
        scored (analysed then)."""
        per_key = [self.name_rows(k) for k in keys]
        flat = np.array([r for rows in per_key for r in rows if r is not None], dtype=np.intp)
        # the rarity compare_entities scores with
        reach = iter(self.index.reachable(qa, flat, threshold, default_rarity()).tolist())
        out: list[tuple[int, list[AnalysedName | None], list[bool]]] = []
        for key, rows in zip(keys, per_key, strict=True):
            ok = [True if r is None else next(reach) for r in rows]
            if any(ok) or not rows:
                analysed = [
                    self.index.analysed_name(r) if r is not None and keep else None
                    for r, keep in zip(rows, ok, strict=True)
                ]
                out.append((key, analysed, ok))
        return out

    def screen(
        self,
        name: str,
        *,
        dob: str | None = None,
        country: str | None = None,
        documents: tuple[str, ...] = (),
        limit: int = 10,
        threshold: float | None = None,
        actor: str = "local",
        audit: bool = True,
        schema: str | None = None,
        weak_aliases: str = WEAK_HIT,
    ) -> ScreenResult:
        """Hits for one name, best first. `schema` (`Person`, `Organization`, `Vessel`,
        `Aircraft`; None: any): what the name is known to be; entities of another kind are
        not hits (a traveller is not the vessel NESHAT), those whose list says nothing are.
        `weak_aliases`: `hit` (default) or `support`: a weak alias is then a hit only with a
        date of birth, country or document that agrees (`compare_entities`)."""
        started = time.perf_counter()
        if weak_aliases not in WEAK_ALIAS_POLICIES:
            raise ValueError(
                f"weak_aliases {weak_aliases!r}: expected one of {WEAK_ALIAS_POLICIES}"
            )
        if schema is not None:
            kind = parse_schema(schema)
            if kind is None:
                raise ValueError(f"schema {schema!r}: expected one of {', '.join(SCHEMA_CHOICES)}")
            schema = str(kind)
        thr = DEFAULT_THRESHOLD if threshold is None else threshold
        query = Query(
            name=name, dob=dob, country=country, documents=tuple(documents), schema=schema
        )
        qa = analyse_name(name)
        keys = self.entity_candidates(qa, schema=schema)
        hits: list[Hit] = []
        memo: dict[str, NameMatch] = {}
        # an entity's score is its best name's plus the evidence, which adds at most
        # max_evidence: only names that can reach the threshold less that are scored, and
        # entities with none are skipped (the same hits, measured)
        scored = self._reachable(qa, keys, thr - max_evidence(query))
        for key, analysed, consider in scored:
            cand = self.candidates[key]
            m = compare_entities(
                query, cand, query_name=qa, analysed=analysed, memo=memo, consider=consider,
                weak_aliases=weak_aliases,
            )  # fmt: skip
            if m.score >= thr:
                listed = cand.readings.get(m.matched_name)
                hits.append(
                    Hit(
                        meta=self.metas[key],
                        score=m.score,
                        matched_name=listed or m.matched_name,
                        explanation=m.to_dict(),
                        summary=m.describe(),
                        matched_as=next((lab for n, lab in cand.names if n == m.matched_name), ""),
                        read_as=m.matched_name if listed else "",
                        uncapped=m.uncapped,
                    )
                )
        # scores end at 1.0: of hits scored equal, the one whose score before that was higher
        # first (a date of birth the same to the day before one of the same year)
        hits.sort(key=lambda h: (-h.score, -h.uncapped, h.meta.id))
        result = ScreenResult(query, thr, hits[:limit], candidates=len(keys))
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        if audit and self.store is not None:
            self.store.audit(
                actor,
                "screen",
                {
                    "query": name,
                    "dob": dob,
                    "country": country,
                    "schema": schema,
                    "weak_aliases": weak_aliases,
                    "threshold": thr,
                    "hits": [h.meta.id for h in result.hits],
                },
            )
        return result


def prune_caches(root: Path, keep: int) -> None:
    """Keep the ``keep`` most recently built index caches (one per list selection in use);
    older ones belong to earlier states of the store and are never read again."""
    built = sorted(
        (p.parent for p in root.glob("*/done")), key=lambda d: (d / "done").stat().st_mtime
    )
    for folder in built[:-keep] if keep > 0 else built:
        shutil.rmtree(folder, ignore_errors=True)
