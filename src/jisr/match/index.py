"""A candidate index over name parts: skeleton keys → posting lists, saved as numpy arrays.

Screening never compares against the whole list: a query's part keys (consonant skeletons of
both scripts, prefixes of long skeletons, acronyms) are looked up, each weighted by its inverse
document frequency; very common keys (Mohamed, Ali) are skipped when rarer ones exist. The best
`limit` names by accumulated key weight are then scored by :func:`compare_analysed`.

On disk (a directory): `keys.npy` (sorted uint64 key hashes), `offsets.npy`, `postings.npy`
(int32 name rows), `entities.npy` (int64 entity key per row), `names.bin` + `name_offsets.npy`
(UTF-8 names), `rarity.tsv`. Arrays are memory-mapped on load.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jisr.match.names import DEFAULT_THRESHOLD, NameMatch, compare_analysed
from jisr.names.parts import PREFIX_SKELETON, AnalysedName, analyse_name
from jisr.names.rarity import RarityModel

MAX_POSTINGS = 20_000  # keys with more names than this are only used when nothing rarer exists
DEFAULT_LIMIT = 32  # names scored in full per query


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def name_keys(name: AnalysedName) -> dict[str, float]:
    """Retrieval keys of a name with a per-key multiplier (1 for full skeletons)."""
    keys: dict[str, float] = {}
    for part in name.parts:
        for sk in part.skeletons:
            if not sk:
                continue
            keys["s:" + sk] = 1.0
            if len(sk) >= 5:
                keys.setdefault("p:" + sk[:4], 0.5)
            if part.prefix in PREFIX_SKELETON:
                core = sk[len(PREFIX_SKELETON[part.prefix]) :]
                if len(core) >= 2:
                    keys.setdefault("s:" + core, 0.6)
    if len(name.words) >= 2:
        acr = name.acronym
        if len(acr) >= 2:
            keys.setdefault("a:" + acr, 1.0)
    if name.looks_like_acronym:
        keys.setdefault("a:" + name.words[0], 1.0)
    return keys


@dataclass(slots=True)
class ScreenHit:
    entity: int
    score: float
    name: str
    match: NameMatch


class NameIndex:
    def __init__(
        self,
        keys: np.ndarray,
        offsets: np.ndarray,
        postings: np.ndarray,
        entities: np.ndarray,
        names_blob: np.ndarray,
        name_offsets: np.ndarray,
        rarity: RarityModel,
    ) -> None:
        self.keys = keys
        self.offsets = offsets
        self.postings = postings
        self.entities = entities
        self.names_blob = names_blob
        self.name_offsets = name_offsets
        self.rarity = rarity

    # ------------------------------------------------------------------ build / persist
    @classmethod
    def build(
        cls, pairs: Iterable[tuple[int, str]], rarity: RarityModel | None = None
    ) -> NameIndex:
        ents: list[int] = []
        names: list[str] = []
        for ent, name in pairs:
            if name and name.strip():
                ents.append(int(ent))
                names.append(" ".join(name.split()))
        rarity = rarity or RarityModel.from_names(names)
        postings_by_key: dict[int, list[int]] = {}
        hash_cache: dict[str, int] = {}
        for row, name in enumerate(names):
            for key in name_keys(analyse_name(name)):
                h = hash_cache.get(key)
                if h is None:
                    h = hash_cache[key] = _hash(key)
                postings_by_key.setdefault(h, []).append(row)
        order = sorted(postings_by_key)
        keys = np.array(order, dtype=np.uint64)
        lengths = np.array([len(postings_by_key[h]) for h in order], dtype=np.int64)
        offsets = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        postings = np.fromiter(
            (r for h in order for r in postings_by_key[h]), dtype=np.int32, count=int(offsets[-1])
        )
        encoded = [n.encode("utf-8") for n in names]
        name_offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=name_offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return cls(
            keys, offsets, postings, np.array(ents, dtype=np.int64), blob, name_offsets, rarity
        )

    def save(self, path: str | Path) -> None:
        d = Path(path)
        d.mkdir(parents=True, exist_ok=True)
        np.save(d / "keys.npy", self.keys)
        np.save(d / "offsets.npy", self.offsets)
        np.save(d / "postings.npy", self.postings)
        np.save(d / "entities.npy", self.entities)
        np.save(d / "name_offsets.npy", self.name_offsets)
        np.asarray(self.names_blob).tofile(d / "names.bin")
        lines = [f"{k}\t{v}" for k, v in self.rarity.counts.items()]
        (d / "rarity.tsv").write_text(
            f"#total\t{self.rarity.total}\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path) -> NameIndex:
        d = Path(path)

        def arr(name: str) -> np.ndarray:
            return np.load(d / name, mmap_mode="r")

        blob = np.memmap(d / "names.bin", dtype=np.uint8, mode="r")
        counts: dict[str, float] = {}
        total = 1.0
        for line in (d / "rarity.tsv").read_text(encoding="utf-8").splitlines():
            k, _, v = line.partition("\t")
            if k == "#total":
                total = float(v)
            elif v:
                counts[k] = float(v)
        return cls(
            arr("keys.npy"),
            arr("offsets.npy"),
            arr("postings.npy"),
            arr("entities.npy"),
            blob,
            arr("name_offsets.npy"),
            RarityModel(counts, total),
        )

    # ------------------------------------------------------------------ query
    def __len__(self) -> int:
        return len(self.entities)

    def name(self, row: int) -> str:
        a, b = int(self.name_offsets[row]), int(self.name_offsets[row + 1])
        return bytes(self.names_blob[a:b]).decode("utf-8")

    def _posting(self, key: str) -> np.ndarray:
        h = np.uint64(_hash(key))
        i = int(np.searchsorted(self.keys, h))
        if i < len(self.keys) and self.keys[i] == h:
            return self.postings[int(self.offsets[i]) : int(self.offsets[i + 1])]
        return self.postings[0:0]

    def candidates(self, query: str | AnalysedName, limit: int = DEFAULT_LIMIT) -> list[int]:
        """Entity keys of the best `limit` candidate names (by shared rarity-weighted keys),
        best first, without duplicates. For a caller that scores entities itself."""
        rows = self.candidate_rows(query, limit)
        return list(dict.fromkeys(int(self.entities[r]) for r in rows))

    def candidate_rows(self, query: str | AnalysedName, limit: int = DEFAULT_LIMIT) -> np.ndarray:
        """Rows of the `limit` names sharing the most (rarity-weighted) keys with the query,
        best first."""
        q = analyse_name(query) if isinstance(query, str) else query
        n = max(len(self), 1)
        found: list[tuple[np.ndarray, float]] = []
        for key, mult in name_keys(q).items():
            rows = self._posting(key)
            if len(rows):
                found.append((rows, mult * math.log(1 + n / len(rows))))
        if not found:
            return np.empty(0, dtype=np.int32)
        found.sort(key=lambda t: len(t[0]))
        usable = [f for f in found if len(f[0]) <= MAX_POSTINGS] or found[:1]
        if len(usable) == 1:
            rows = usable[0][0]
            return np.asarray(rows[:limit])
        all_rows = np.concatenate([r for r, _ in usable])
        weights = np.concatenate([np.full(len(r), w, dtype=np.float32) for r, w in usable])
        uniq, inv = np.unique(all_rows, return_inverse=True)
        acc = np.bincount(inv, weights=weights)
        if len(uniq) > limit:
            top = np.argpartition(-acc, limit)[:limit]
            return uniq[top[np.argsort(-acc[top], kind="stable")]]
        return uniq[np.argsort(-acc, kind="stable")]

    def screen(
        self,
        query: str,
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
        top: int = 10,
        exclude: set[tuple[int, str]] | None = None,
    ) -> list[ScreenHit]:
        """Best-scoring entities for `query`, one hit per entity (its best name), best first."""
        q = analyse_name(query)
        best: dict[int, ScreenHit] = {}
        for row in self.candidate_rows(q, limit):
            ent = int(self.entities[row])
            text = self.name(int(row))
            if exclude and (ent, text) in exclude:
                continue
            m = compare_analysed(q, analyse_name(text), self.rarity, threshold)
            hit = best.get(ent)
            if hit is None or m.score > hit.score:
                best[ent] = ScreenHit(ent, m.score, text, m)
        return sorted(best.values(), key=lambda h: -h.score)[:top]
