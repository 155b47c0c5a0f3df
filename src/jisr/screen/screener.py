"""Screen names against the lists in the store: candidates from the key index, then scoring.

The index is derived data: built once from the store and cached on disk under
``JISR_HOME/index/<state>``, where ``<state>`` changes whenever a list gets a new import, so it
is never stale and never rebuilt on every run.
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

from jisr.match import DEFAULT_THRESHOLD, Candidate, NameIndex, Query, compare_entities
from jisr.screen.candidates import EntityMeta, to_candidate, to_meta
from jisr.store import Store

INDEX_FORMAT = 1
CANDIDATES_PER_QUERY = 50


@dataclass
class Hit:
    meta: EntityMeta
    score: float
    matched_name: str
    explanation: dict[str, Any]
    summary: str
    matched_as: str = ""  # which kind of name matched: name, alias, weakAlias, previousName

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.meta.id,
            "reference": self.meta.reference,
            "source": self.meta.dataset,
            "name": self.meta.caption,
            "matched_name": self.matched_name,
            "matched_as": self.matched_as,
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
        screener = cls.build(store, datasets, progress=progress)
        screener.save(folder)
        return screener

    @staticmethod
    def cache_dir(store: Store, datasets: list[str] | None) -> Path:
        which = ",".join(sorted(datasets)) if datasets else "*"
        tag = hashlib.sha1(f"{INDEX_FORMAT}|{store.state_token()}|{which}".encode()).hexdigest()
        return store.home / "index" / tag[:16]

    @classmethod
    def build(
        cls, store: Store, datasets: list[str] | None = None, *, progress: bool = False
    ) -> Screener:
        candidates: list[Candidate] = []
        metas: list[EntityMeta] = []
        for entity in store.iter_current(datasets):
            candidates.append(to_candidate(entity))
            metas.append(to_meta(entity))
        pairs = [(i, name) for i, c in enumerate(candidates) for name, _label in c.names]
        index = NameIndex.build(pairs)
        return cls(store, candidates, metas, index)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.index.save(tmp / "names")
        with open(tmp / "entities.pickle", "wb") as fh:
            pickle.dump((self.candidates, self.metas), fh, protocol=pickle.HIGHEST_PROTOCOL)
        (tmp / "done").write_text(json.dumps({"entities": len(self.metas)}))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, store: Store | None, folder: Path) -> Screener:
        index = NameIndex.load(folder / "names")
        with open(folder / "entities.pickle", "rb") as fh:
            candidates, metas = pickle.load(fh)  # our own cache file, written by save()
        return cls(store, candidates, metas, index)

    # ------------------------------------------------------------------ screening
    def entity_candidates(self, name: str, limit: int = CANDIDATES_PER_QUERY) -> list[int]:
        """Entities (positions in ``self.candidates``) with names sharing keys with ``name``."""
        return self.index.candidates(name, limit=limit)

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
    ) -> ScreenResult:
        started = time.perf_counter()
        thr = DEFAULT_THRESHOLD if threshold is None else threshold
        query = Query(name=name, dob=dob, country=country, documents=tuple(documents))
        keys = self.entity_candidates(name)
        hits: list[Hit] = []
        for key in keys:
            cand = self.candidates[key]
            m = compare_entities(query, cand)
            if m.score >= thr:
                hits.append(
                    Hit(
                        meta=self.metas[key],
                        score=m.score,
                        matched_name=m.matched_name,
                        explanation=m.to_dict(),
                        summary=m.describe(),
                        matched_as=next((lab for n, lab in cand.names if n == m.matched_name), ""),
                    )
                )
        hits.sort(key=lambda h: (-h.score, h.meta.id))
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
                    "threshold": thr,
                    "hits": [h.meta.id for h in result.hits],
                },
            )
        return result
