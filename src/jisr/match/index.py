"""A candidate index over name parts: skeleton keys → posting lists, saved as numpy arrays.

Screening never compares against the whole list: a query's part keys (consonant skeletons of
both scripts, prefixes of long skeletons, acronyms) are looked up, each weighted by its inverse
document frequency; the postings of very common keys (Mohamed, Ali) are not scanned when rarer
ones exist, only searched for the rows the rarer keys found. The best `limit` names by
accumulated key weight are then scored by :func:`compare_analysed`.

On disk (a directory): `keys.npy` (sorted uint64 key hashes), `offsets.npy`, `postings.npy`
(name rows, as native index integers: numpy indexes with them without a conversion),
`entities.npy` (int64 entity key per row), `names.bin` + `name_offsets.npy` (UTF-8 names),
`row_weight.npy` (per row, the rarity weight of its name's parts, for ranking candidates),
`rarity.tsv`. Arrays are memory-mapped on load.

The analysed form of every name (its parts, as :func:`analyse_name` returns them) is computed once
at build time and saved with the index, so screening never analyses (romanises) a listed name:
`analysis.pickle` holds the distinct parts and words, `row_parts.npy` / `row_words.npy` (+ their
`*_offsets.npy`) and `row_script.npy` say which ones each row has. The analyses are used only when
they were made by the same analysis code (:func:`analysis_fingerprint`); otherwise names are
analysed on demand, as before.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import itertools
import math
import pickle
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

import jisr.names
from jisr.match.bounds import PartTable, can_reach, name_bounds
from jisr.match.names import (
    DEFAULT_THRESHOLD,
    NameMatch,
    compare_analysed,
    is_person_like,
    part_weight,
)
from jisr.names.parts import (
    PREFIX_SKELETON,
    AnalysedName,
    NamePart,
    analyse_name,
    particle_first,
    prefetch_romanisations,
)
from jisr.names.rarity import RarityModel
from jisr.names.romanize import Romanisation, add_precomputed, romanise_many

ANALYSIS_FORMAT = 1
_BASE_FIELDS = ("text", "script", "parts", "words")
_SPANS_MAX = 1 << 18  # keys whose postings' place is remembered
SAME_ORDER = 0.1  # weight of the same adjacent parts or initials on both sides (query_keys)
SHORT_KEY = 0.25  # weight of the keys a query adds for skeletons cut short (see short_keys)
ENDS_KEY = 0.5  # weight of a name's first and last parts met together (`_ends_keys`)
MAX_POSTINGS = 20_000  # keys with more names than this are not scanned when rarer ones exist
_PREFETCH_ROWS = 2_048  # names whose Arabic words are romanised together when building
_CREDIT_MAX = 2_000  # rows searched for in the too-common keys' postings per query (at least)
DEFAULT_LIMIT = 32  # names scored in full per query
SAME_NAME_MAX = 1_000  # rows of a list's name written identically on several rows, per query
# keys filed apart that spell the same (query_keys), counted together for a key's rarity
_TWINS = {"s:": "j:", "j:": "s:", "a:": "A:", "A:": "a:"}


def _best(rows: np.ndarray, rank: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` highest `rank`s (k < len(rank)), unordered; of the rows tied with
    the last one kept, the first listed (lowest row)."""
    kth = np.partition(rank, len(rank) - k)[len(rank) - k]
    above = np.flatnonzero(rank > kth)
    tied = np.flatnonzero(rank == kth)
    tied = tied[np.argsort(rows[tied], kind="stable")[: k - len(above)]]
    return np.concatenate([above, tied])


def _best_distinct(rows: np.ndarray, rank: np.ndarray, k: int, first: np.ndarray) -> np.ndarray:
    """Positions of the `k` best rows of distinct names (`first`: per row of the index, the
    first row of its name), unordered: `_best`'s order (rank, then the first listed), where a
    row whose name a better row has already is passed over. Rows of one name have one rank
    (the same keys and parts; `_credit_common` credits the first listed first) and one score,
    so one stands for them all."""
    keep = _best(rows, rank, k) if k < len(rows) else np.arange(len(rows))
    if (first[rows[keep]] == rows[keep]).all():
        return keep  # (each the first row of its name: no name twice, the usual case)
    pool = k
    while True:
        pool = min(len(rows), pool * 4)
        top = _best(rows, rank, pool) if pool < len(rows) else np.arange(len(rows))
        top = top[np.lexsort((rows[top], -rank[top]))]
        _, at = np.unique(first[rows[top]], return_index=True)
        if len(at) >= k or pool == len(rows):
            return top[np.sort(at)[:k]]


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _part_keys(name: AnalysedName) -> dict[str, float]:
    """The keys of each part, the same on both sides: its skeletons (`s:`, multiplier 1), a
    skeleton of 5 consonants or more also under its first 4 (`p:`, 0.5), and a part with a
    particle also under its skeleton without it (0.6)."""
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
    return keys


def _joined_skeletons(name: AnalysedName) -> list[str]:
    """Adjacent parts read as one word (names split differently in the two scripts: ولی جان /
    WALIJAN): their skeletons joined."""
    ps = name.parts
    return [
        x.skeleton + y.skeleton
        for x, y in zip(ps, ps[1:], strict=False)
        if x.skeleton and y.skeleton
    ]


def _ends_keys(name: AnalysedName, query: bool = False) -> list[str]:
    """`e:` keys of a name's first and last parts together (a name of two parts or more): a
    passport's `Qusay al-Tikriti` meets the list's QUSAY SADDAM HUSSEIN AL-TIKRITI, and a
    list's `Harzi Tarek` the query `طارق بن الطاهر ... الحرزي`, as scoring meets them (middle
    names left out weigh `MIDDLE_WEIGHT`): before names that share more of the common parts
    between. Persons' names only, as that rule (none for a name with an organisation word).
    A listed name is filed under its parts' first three skeletons (an Arabic word's readings);
    a `query` looks up its first two (each lookup costs), in either order (a query may be
    written `SURNAME Given`)."""
    ps = name.parts
    if len(ps) < 2 or not is_person_like(name):  # (no middle names in a group's name)
        return []
    k = 2 if query else 3
    first = [sk for sk in ps[0].own_skeletons[:k] if sk]
    last = [sk for sk in ps[-1].own_skeletons[:k] if sk]
    keys = [f"e:{x}|{y}" for x in first for y in last]
    if query:
        keys += [f"e:{y}|{x}" for x in first for y in last]
    return list(dict.fromkeys(keys))


def listed_keys(name: AnalysedName) -> list[str]:
    """The keys a listed name is filed under: its parts' (`_part_keys`), its adjacent parts
    joined (`j:`), its initials (`a:`, a name of two words or more) or, for a name that looks
    like an acronym, the acronym itself (`A:`), and its first and last parts together (`e:`)."""
    keys = list(_part_keys(name))
    keys += dict.fromkeys("j:" + sk for sk in _joined_skeletons(name))
    if len(name.words) >= 2 and len(name.acronym) >= 2:
        keys.append("a:" + name.acronym)
    if name.looks_like_acronym:
        keys.append("A:" + name.words[0])
    keys += _ends_keys(name)
    return keys


def query_keys(name: AnalysedName) -> dict[str, float]:
    """The keys a query looks up, with a multiplier of their weight. Joined readings and
    acronyms cross over only: a part of the query against adjacent listed parts joined
    (`j:`, 0.8) and adjacent query parts joined against a listed part (`s:`, 0.8); the query's
    initials against a listed acronym (`A:`) and a query acronym against listed initials
    (`a:`) — and against the same acronym listed (`A:`, in full). Two names that both have the same adjacent parts, or the same initials, already
    share their parts' keys: counting the pair or the initials again in full ranked `Fuad
    Mohamed` above `Fuad Khalaf Mohammed` for `Fuad Mohamed Qalaf`, and any `M. D. S.` name
    above `Muhammad Salman` for `Muhammad Da'ud Salman`, in a list of a million names. They
    count a little (`SAME_ORDER`): of names scored equal, the one written in the query's order
    ranks first. A person's first and last parts together (`e:`, either order, `ENDS_KEY`) meet
    a longer or shorter form of the name (`_ends_keys`)."""
    keys = _part_keys(name)
    turned = particle_first(name)
    if turned is not None:
        # `Majeed Abdul` also looks up the parts of `Abdul Majeed` (its compound `abd mjd`),
        # weighted low (`SHORT_KEY`): they add candidates, and never outrank the names written
        # as the query is. (All its keys, at full weight, had given every place of `Hussein
        # Abdul` to `Abid Hussein` and `HASSAN, Abdu` in 1M names: its joined keys meet theirs.)
        for key, mult in _part_keys(turned).items():
            keys.setdefault(key, mult * SHORT_KEY)
    for part in name.parts:
        for sk in part.skeletons:
            if len(sk) >= 2:
                keys.setdefault("j:" + sk, 0.8)
    for sk in _joined_skeletons(name):
        keys.setdefault("s:" + sk, 0.8)
        keys.setdefault("j:" + sk, SAME_ORDER)
    if len(name.words) >= 2 and len(name.acronym) >= 2:
        keys.setdefault("A:" + name.acronym, 1.0)
        keys.setdefault("a:" + name.acronym, SAME_ORDER)
    if name.looks_like_acronym:
        keys.setdefault("a:" + name.words[0], 1.0)
        # the same acronym listed, in full: `AA` has no consonant, so no other key meets it
        keys.setdefault("A:" + name.words[0], 1.0)
    for key in _ends_keys(name, query=True):
        keys.setdefault(key, ENDS_KEY)
    return keys


def short_keys(name: AnalysedName) -> dict[str, float]:
    """Keys a query also looks up (not in the index) for a skeleton cut short or with a last
    letter lost: the listed skeleton that is its first four consonants, and for one of exactly
    four, the listed ones filed under it as their first four (`p:`): `Abou Mouhadjir` (bmhjr)
    finds `ABOU MOUHADJI` (bmhj), and the other way round. Weighted low (`SHORT_KEY`): they
    add candidates, they should not outrank names that share full keys."""
    keys: dict[str, float] = {}
    for part in name.parts:
        for sk in part.skeletons:
            if len(sk) >= 5:
                keys["s:" + sk[:4]] = SHORT_KEY
            elif len(sk) == 4:
                keys["p:" + sk] = SHORT_KEY
    return keys


@lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """What the analysed form of a name depends on: the source of `jisr.names`, `jisr.model`
    (script detection), the romaniser's and anyascii's versions and the shape of `AnalysedName` / `NamePart`.
    Persisted analyses made under another fingerprint are not used. Computed once, at import."""
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{ANALYSIS_FORMAT}".encode())
    names_dir = Path(jisr.names.__file__).parent
    files = sorted(names_dir.glob("*.py")) + sorted(names_dir.glob("*.tsv"))
    files.append(names_dir.parent / "model.py")
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for package in ("arabic-name-romanizer", "anyascii"):  # their tables read names too
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
            h.update(b"-")
    for cls in (AnalysedName, NamePart):
        h.update(repr([(f.name, str(f.type)) for f in dataclasses.fields(cls)]).encode())
    return h.hexdigest()


analysis_fingerprint()  # of the code this process has imported, not of later edits on disk


def pack_dataclasses(cls: type, items: Sequence[Any]) -> tuple[tuple[str, ...], list[tuple]]:
    """Dataclass instances as plain tuples of their fields, for pickling: unpickling slotted
    dataclasses one by one is slow (`dataclasses.fields` per object); tuples are not."""
    names = _init_fields(cls)
    return names, [tuple([getattr(x, n) for n in names]) for x in items]


def _init_fields(cls: type) -> tuple[str, ...]:
    """The fields a dataclass is constructed from (derived `init=False` fields are recomputed)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def unpack_dataclasses(cls: type, packed: tuple[tuple[str, ...], list[tuple]]) -> list[Any]:
    names, rows = packed
    if names != _init_fields(cls):
        raise ValueError(f"saved {cls.__name__} has other fields")
    return [cls(*row) for row in rows]


def _mapped(path: Path) -> np.ndarray:
    """A saved array, memory-mapped, as a plain ndarray view (slicing a `np.memmap` is slow)."""
    return np.load(path, mmap_mode="r").view(np.ndarray)


def rarity_from_counts(counts: Counter[str]) -> RarityModel:
    """`RarityModel.from_names` from already counted part skeletons (same arithmetic)."""
    return RarityModel.mixed_with_prior(counts)


class AnalysedRows:
    """The analysed names of an index, one per row, stored compactly: distinct parts and words
    once, rows as int32 ids into them. `get(row, text)` rebuilds the `AnalysedName` (µs)."""

    def __init__(
        self,
        parts: list[NamePart],
        words: list[str],
        scripts: list[str],
        row_parts: np.ndarray,
        part_offsets: np.ndarray,
        row_words: np.ndarray,
        word_offsets: np.ndarray,
        row_script: np.ndarray,
        extra_fields: tuple[str, ...] = (),
        extras: list[tuple[Any, ...]] | None = None,
        fingerprint: str = "",
        romanisations: dict[str, tuple[Romanisation, ...]] | None = None,
    ) -> None:
        self.parts = parts
        self.words = words
        self.scripts = scripts
        self.row_parts = row_parts
        self.part_offsets = part_offsets
        self.row_words = row_words
        self.word_offsets = word_offsets
        self.row_script = row_script
        self.extra_fields = extra_fields
        self.extras = extras
        self.fingerprint = fingerprint or analysis_fingerprint()
        # the romaniser's output for every Arabic-script part of the list (part text → spellings):
        # registered with `jisr.names.romanize`, so queries reuse them instead of the model
        self.romanisations = romanisations if romanisations is not None else {}
        add_precomputed(self.romanisations)

    def get(self, row: int, text: str) -> AnalysedName:
        parts, words = self.parts, self.words
        pa, pb = self.part_offsets[row : row + 2].tolist()
        wa, wb = self.word_offsets[row : row + 2].tolist()
        p = self.row_parts[pa:pb].tolist()
        w = self.row_words[wa:wb].tolist()
        script = self.scripts[int(self.row_script[row])]
        if self.extras is None:  # the usual case: positional, no dict (µs count here)
            return AnalysedName(
                text, script, tuple(map(parts.__getitem__, p)), tuple(map(words.__getitem__, w))
            )
        values: dict[str, Any] = {
            "text": text,
            "script": script,
            "parts": tuple([parts[i] for i in p]),
            "words": tuple([words[i] for i in w]),
        }
        if self.extras is not None:
            values.update(zip(self.extra_fields, self.extras[row], strict=True))
        return AnalysedName(**values)

    def save(self, d: Path) -> None:
        np.save(d / "row_parts.npy", self.row_parts)
        np.save(d / "row_part_offsets.npy", self.part_offsets)
        np.save(d / "row_words.npy", self.row_words)
        np.save(d / "row_word_offsets.npy", self.word_offsets)
        np.save(d / "row_script.npy", self.row_script)
        table = {
            "fingerprint": self.fingerprint,
            "parts": pack_dataclasses(NamePart, self.parts),
            "words": self.words,
            "scripts": self.scripts,
            "extra_fields": self.extra_fields,
            "extras": self.extras,
            "romanisations": {
                k: [(r.text, r.score, r.attested) for r in v] for k, v in self.romanisations.items()
            },
        }
        with open(d / "analysis.pickle", "wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, d: Path) -> AnalysedRows | None:
        """The saved analyses, or None when absent or made by other analysis code."""
        if not (d / "analysis.pickle").exists():
            return None
        with open(d / "analysis.pickle", "rb") as fh:
            table = pickle.load(fh)  # our own file, written by save()
        if table.get("fingerprint") != analysis_fingerprint():
            return None

        def arr(name: str) -> np.ndarray:
            return _mapped(d / name)

        return cls(
            unpack_dataclasses(NamePart, table["parts"]),
            table["words"],
            table["scripts"],
            arr("row_parts.npy"),
            arr("row_part_offsets.npy"),
            arr("row_words.npy"),
            arr("row_word_offsets.npy"),
            arr("row_script.npy"),
            tuple(table["extra_fields"]),
            table["extras"],
            table["fingerprint"],
            {
                k: tuple(Romanisation(*r) for r in v)
                for k, v in table.get("romanisations", {}).items()
            },
        )


def first_rows(index: NameIndex) -> np.ndarray:
    """Per row, the first row whose name is written the same (int32): made when an index is
    built, saved with it (an index saved before indexes kept them makes it when loaded)."""
    blob = np.asarray(index.names_blob).tobytes()
    offs = np.asarray(index.name_offsets).tolist()
    first: dict[bytes, int] = {}
    return np.fromiter(
        (first.setdefault(blob[a:b], row) for row, (a, b) in enumerate(itertools.pairwise(offs))),
        dtype=np.int32,
        count=len(offs) - 1,
    )


def _settle_heap() -> None:
    """Move what exists now (the index's analysed parts: 10⁵ objects for a million names) out of
    the cyclic garbage collector's generations. Its full collections would walk them all and
    pause a query for 50-100 ms (measured at 1M names); the objects are long-lived and freed by
    reference counting like any other when the index goes."""
    gc.collect()
    gc.freeze()


def row_weights(analysed: AnalysedRows, rarity: RarityModel) -> np.ndarray:
    """Per row, the summed rarity weight of its name's parts (float32)."""
    pw = np.array([part_weight(p, rarity) for p in analysed.parts], dtype=np.float64)
    lens = np.diff(np.asarray(analysed.part_offsets))
    owner = np.repeat(np.arange(len(lens)), lens)
    w = np.bincount(owner, weights=pw[np.asarray(analysed.row_parts)], minlength=len(lens))
    return w.astype(np.float32)


class _RowEncoder:
    """Accumulates analysed names into the compact `AnalysedRows` form (parts interned)."""

    def __init__(self) -> None:
        self.part_ids: dict[NamePart, int] = {}
        self.word_ids: dict[str, int] = {}
        self.script_ids: dict[str, int] = {}
        self.row_parts: list[int] = []
        self.part_lens: list[int] = []
        self.row_words: list[int] = []
        self.word_lens: list[int] = []
        self.row_script: list[int] = []
        self.extra_fields = tuple(
            f.name for f in dataclasses.fields(AnalysedName) if f.name not in _BASE_FIELDS
        )
        self.extras: list[tuple[Any, ...]] | None = [] if self.extra_fields else None

    def add(self, a: AnalysedName) -> None:
        pid, wid = self.part_ids, self.word_ids
        for part in a.parts:
            i = pid.get(part)
            if i is None:
                i = pid[part] = len(pid)
            self.row_parts.append(i)
        for word in a.words:
            i = wid.get(word)
            if i is None:
                i = wid[word] = len(wid)
            self.row_words.append(i)
        self.part_lens.append(len(a.parts))
        self.word_lens.append(len(a.words))
        s = self.script_ids.get(a.script)
        if s is None:
            s = self.script_ids[a.script] = len(self.script_ids)
        self.row_script.append(s)
        if self.extras is not None:
            self.extras.append(tuple(getattr(a, f) for f in self.extra_fields))

    def finish(self, known: dict[str, tuple[Romanisation, ...]] | None = None) -> AnalysedRows:
        """The encoded rows; `known`: romanisations saved earlier (of a previous index)."""

        def offsets(lens: list[int]) -> np.ndarray:
            out = np.zeros(len(lens) + 1, dtype=np.int64)
            np.cumsum(np.asarray(lens, dtype=np.int64), out=out[1:])
            return out

        parts = list(self.part_ids)
        # analysing the parts has just romanised them (cached): keep what the romaniser said
        known = known or {}
        texts = [p.text for p in parts if p.script == "Arab"]
        todo = [t for t in texts if not known.get(t)]
        new = dict(zip(todo, romanise_many(todo), strict=True))
        romanisations = {t: known.get(t) or new[t] for t in texts}
        return AnalysedRows(
            parts,
            list(self.word_ids),
            list(self.script_ids),
            np.asarray(self.row_parts, dtype=np.int32),
            offsets(self.part_lens),
            np.asarray(self.row_words, dtype=np.int32),
            offsets(self.word_lens),
            np.asarray(self.row_script, dtype=np.uint8),
            self.extra_fields,
            self.extras,
            romanisations=romanisations,
        )


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
        analysed: AnalysedRows | None = None,
        row_weight: np.ndarray | None = None,
        first_row: np.ndarray | None = None,
    ) -> None:
        self.keys = keys
        self.offsets = offsets
        self.postings = postings
        self.entities = entities
        self.names_blob = names_blob
        self.name_offsets = name_offsets
        self.rarity = rarity
        self.analysed = analysed  # None: names are analysed on demand (cached per process)
        # per row, the summed rarity weight of its name's parts (how much else a name says)
        self.row_weight = row_weight
        # per row, the first row of the same name text (`same_names`): computed here if not given
        self.first_row = first_row if first_row is not None else first_rows(self)
        self._same: tuple[np.ndarray, np.ndarray] | None = None  # (rows, their first row)
        self._sorted_entities: bool | None = None
        self._local = threading.local()
        self._span_cache: dict[str, tuple[int, int]] = {}  # key → its postings (keys recur)
        self._part_table: PartTable | None = None

    # ------------------------------------------------------------------ build / persist
    @classmethod
    def build(
        cls,
        pairs: Iterable[tuple[int, str]],
        rarity: RarityModel | None = None,
        *,
        previous: NameIndex | None = None,
    ) -> NameIndex:
        """Index (entity, name) pairs. Every name is analysed once, here; the analyses are kept
        with the index. With `previous` (an older index of the same list), names it already has
        reuse its analyses instead of being analysed again."""
        ents: list[int] = []
        names: list[str] = []
        for ent, name in pairs:
            if name and name.strip():
                ents.append(int(ent))
                names.append(" ".join(name.split()))
        known: dict[str, int] = {}
        if previous is not None and previous.analysed is not None:
            known = {previous.name(r): r for r in range(len(previous))}
        encoder = _RowEncoder()
        counts: Counter[str] = Counter()
        postings_by_key: dict[int, list[int]] = {}
        hash_cache: dict[str, int] = {}
        for row, name in enumerate(names):
            if row % _PREFETCH_ROWS == 0:  # the next names' unknown Arabic words, in batches
                prefetch_romanisations(
                    n for n in names[row : row + _PREFETCH_ROWS] if n not in known
                )
            old = known.get(name)
            analysed = (
                previous.analysed_name(old)
                if previous is not None and old is not None
                else analyse_name(name)
            )
            encoder.add(analysed)
            for part in analysed.parts:
                counts[part.skeleton] += 1
            for key in listed_keys(analysed):
                h = hash_cache.get(key)
                if h is None:
                    h = hash_cache[key] = _hash(key)
                bucket = postings_by_key.get(h)
                if bucket is None:
                    postings_by_key[h] = [row]
                else:
                    bucket.append(row)
        rarity = rarity or rarity_from_counts(counts)
        analysed_rows = encoder.finish(
            previous.analysed.romanisations
            if previous is not None and previous.analysed is not None
            else None
        )
        order = sorted(postings_by_key)
        keys = np.array(order, dtype=np.uint64)
        lengths = np.array([len(postings_by_key[h]) for h in order], dtype=np.int64)
        offsets = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        postings = np.fromiter(
            (r for h in order for r in postings_by_key[h]), dtype=np.intp, count=int(offsets[-1])
        )
        encoded = [n.encode("utf-8") for n in names]
        name_offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=name_offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        _settle_heap()
        return cls(
            keys,
            offsets,
            postings,
            np.array(ents, dtype=np.int64),
            blob,
            name_offsets,
            rarity,
            analysed_rows,
            row_weights(analysed_rows, rarity),
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
        if self.analysed is not None:
            self.analysed.save(d)
        if self.row_weight is not None:
            np.save(d / "row_weight.npy", self.row_weight)
        np.save(d / "first_row.npy", self.first_row)

    @classmethod
    def load(cls, path: str | Path) -> NameIndex:
        d = Path(path)

        def arr(name: str) -> np.ndarray:
            return _mapped(d / name)

        blob = np.memmap(d / "names.bin", dtype=np.uint8, mode="r").view(np.ndarray)
        counts: dict[str, float] = {}
        total = 1.0
        for line in (d / "rarity.tsv").read_text(encoding="utf-8").splitlines():
            k, _, v = line.partition("\t")
            if k == "#total":
                total = float(v)
            elif v:
                counts[k] = float(v)
        rarity = RarityModel(counts, total)
        analysed = AnalysedRows.load(d)
        _settle_heap()
        weights: np.ndarray | None = None
        if (d / "row_weight.npy").exists():
            weights = arr("row_weight.npy")
        elif analysed is not None:  # saved before row weights were: computed now
            weights = row_weights(analysed, rarity)
        return cls(
            arr("keys.npy"),
            arr("offsets.npy"),
            arr("postings.npy"),
            arr("entities.npy"),
            blob,
            arr("name_offsets.npy"),
            rarity,
            analysed,
            weights,
            arr("first_row.npy") if (d / "first_row.npy").exists() else None,
        )

    # ------------------------------------------------------------------ query
    def __len__(self) -> int:
        return len(self.entities)

    def name(self, row: int) -> str:
        a, b = int(self.name_offsets[row]), int(self.name_offsets[row + 1])
        return bytes(self.names_blob[a:b]).decode("utf-8")

    def analysed_name(self, row: int, text: str | None = None) -> AnalysedName:
        """The analysed name of a row: from the saved analyses (no romaniser call), else
        analysed now. `text` is the row's name when the caller has already read it."""
        if self.analysed is None:
            return analyse_name(self.name(row) if text is None else text)
        # rebuilt each time (µs), not cached: a cache of 10⁵ analysed names made each full
        # garbage collection 20 ms slower and was rarely hit on a large list (measured)
        return self.analysed.get(row, self.name(row) if text is None else text)

    def entity_rows(self, entity: int) -> Sequence[int]:
        """Rows of one entity's names (entities of a built index are grouped, usually sorted)."""
        lo, hi = self._entity_bounds(entity)
        if lo >= 0:
            return range(lo, hi)
        return np.flatnonzero(np.asarray(self.entities) == entity).tolist()

    def _entity_bounds(self, entity: int) -> tuple[int, int]:
        if self._sorted_entities is None:
            e = np.asarray(self.entities)
            self._sorted_entities = bool(len(e) < 2 or (e[1:] >= e[:-1]).all())
        if not self._sorted_entities:
            return -1, -1
        lo = int(np.searchsorted(self.entities, entity, side="left"))
        hi = int(np.searchsorted(self.entities, entity, side="right"))
        return lo, hi

    def same_names(self, rows: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
        """`rows` (of different names, as `candidate_rows` gives them), each followed by the
        other rows whose name is written the same (first listed first; only `allowed` ones), at
        most SAME_NAME_MAX of those in all: candidate selection keeps one row per name, and a
        name scores the same on every row."""
        rows = np.asarray(rows, dtype=np.int32)
        if self._same is None:
            f = np.asarray(self.first_row)
            many = np.flatnonzero(np.bincount(f, minlength=len(f))[f] > 1)
            many = many[np.argsort(f[many], kind="stable")]
            self._same = (many.astype(np.int32), f[many])
        many, their_first = self._same
        first = np.asarray(self.first_row)[rows]
        lo = np.searchsorted(their_first, first, side="left")
        hi = np.searchsorted(their_first, first, side="right")
        if not (hi > lo).any():
            return rows
        out: list[np.ndarray] = []
        room = SAME_NAME_MAX
        for row, a, b in zip(rows.tolist(), lo.tolist(), hi.tolist(), strict=True):
            out.append(np.array([row], dtype=np.int32))
            if b > a and room > 0:
                more = many[a:b]
                more = more[more != row]
                if allowed is not None:
                    more = more[allowed[more]]
                out.append(more[:room])
                room -= len(out[-1])
        return np.concatenate(out)

    def _scratch(self, n: int) -> np.ndarray:
        """Per thread: a zeroed float32 slot per row (callers leave it zeroed), for accumulating
        and de-duplicating candidate rows."""
        got: np.ndarray | None = getattr(self._local, "scratch", None)
        if got is None or len(got) != n:
            got = self._local.scratch = np.zeros(n, dtype=np.float32)
        return got

    def _posting(self, key: str) -> np.ndarray:
        """The rows filed under `key` (a view); where they are is remembered per key."""
        span = self._span_cache.get(key)
        if span is None:
            h = np.uint64(_hash(key))
            i = int(np.searchsorted(self.keys, h))
            if i < len(self.keys) and self.keys[i] == h:
                span = (int(self.offsets[i]), int(self.offsets[i + 1]))
            else:
                span = (0, 0)
            if len(self._span_cache) >= _SPANS_MAX:
                self._span_cache.clear()
            self._span_cache[key] = span
        return self.postings[span[0] : span[1]]

    def candidates(
        self,
        query: str | AnalysedName,
        limit: int = DEFAULT_LIMIT,
        allowed: np.ndarray | None = None,
    ) -> list[int]:
        """Entity keys of the best `limit` candidate names (by shared rarity-weighted keys),
        best first, without duplicates, and of the other rows with one of those names
        (`same_names`: up to SAME_NAME_MAX). For a caller that scores entities itself.
        `allowed`: see :meth:`candidate_rows`."""
        rows = self.same_names(self.candidate_rows(query, limit, allowed), allowed)
        return list(dict.fromkeys(int(self.entities[r]) for r in rows))

    def _weighted(self, keys: dict[str, float], n: int) -> list[tuple[np.ndarray, float]]:
        """(rows, weight) of the keys found, rarest first: the key's multiplier times its
        inverse document frequency."""
        found: list[tuple[np.ndarray, float]] = []
        for key, mult in keys.items():
            rows = self._posting(key)
            if len(rows):
                # a key is as rare as what it spells: a skeleton as a part (`s:`) and as
                # adjacent parts joined (`j:`) are one spelling, initials and an acronym another
                twin = _TWINS.get(key[:2])
                seen = len(rows) + (len(self._posting(twin + key[2:])) if twin else 0)
                found.append((rows, mult * math.log(1 + n / seen)))
        found.sort(key=lambda t: len(t[0]))
        return found

    def candidate_rows(
        self,
        query: str | AnalysedName,
        limit: int = DEFAULT_LIMIT,
        allowed: np.ndarray | None = None,
    ) -> np.ndarray:
        """Rows of the `limit` names that share the most (rarity-weighted) keys with the query
        and have the least else, best first; one row per name text (the first listed), so names
        written identically on many rows (`Awad Hassan` a hundred times in a million names) do
        not take the places of other names: `same_names` adds their other rows.

        A row's rank is the summed weight of the keys it shares with the query minus the
        rarity weight of its own name parts (`row_weight`): among the thousands of rows sharing
        `Mohamed` and `Ali` in a million names, `Mohamed Ali` comes before `Mohamed Ali Hassan
        Omar`. Linear in the posting lengths, no sort of the postings (they can be 10⁵ rows).
        Keys of more than MAX_POSTINGS rows are not scanned while rarer keys exist (when none
        does, only the rarest is): they add their weight to the rows found (`_credit_common`).
        The `e:` keys (a name's ends) are scanned beside, and never count as the rarer keys.
        Of rows ranked equal, the first listed come first.

        `allowed` (bool per row): only those rows are candidates, and they are left out before
        the best `limit` are chosen, so rows of another kind of entity (`jisr screen --schema`)
        never take the places of rows that may be hits."""
        q = analyse_name(query) if isinstance(query, str) else query
        n = max(len(self), 1)
        keys = query_keys(q)
        # a name's first and last parts together (`e:`) are rare even where every part is
        # common: they join the rows scanned, never decide alone which rows those are (all of
        # `Mohamed Ali Hassan`'s part keys common, only the rows of its ends would be)
        ends = {k: m for k, m in keys.items() if k.startswith("e:")}
        found = self._weighted({k: m for k, m in keys.items() if k not in ends}, n)
        usable = [f for f in found if len(f[0]) <= MAX_POSTINGS]
        common = [f for f in found if len(f[0]) > MAX_POSTINGS]
        if usable or not found:
            # the query's short keys join usable full keys (never a fallback to a common one:
            # `MMohammad` has only `Mohammad`'s, and must rank every Mohammad, not Mohammadzai)
            extra = {k: m for k, m in short_keys(q).items() if k not in keys}
            usable += [f for f in self._weighted(extra, n) if len(f[0]) <= MAX_POSTINGS]
        else:
            usable, common = found[:1], found[1:]
        for f in self._weighted(ends, n):
            (usable if len(f[0]) <= MAX_POSTINGS else common).append(f)
        usable.sort(key=lambda t: len(t[0]))
        if not usable:
            return np.empty(0, dtype=np.int32)
        if len(usable) == 1:
            rows = np.asarray(usable[0][0])
            acc = np.full(len(rows), np.float32(usable[0][1]))
        else:
            dense = self._scratch(n)
            new: list[np.ndarray] = []
            try:
                for r, w in usable:
                    met = dense[r]  # one gather: rows of one posting list are distinct
                    new.append(r[met == 0])  # rows not met in a rarer key (weights are > 0)
                    met += np.float32(w)
                    dense[r] = met
                rows = np.concatenate(new)
                acc = dense[rows]
            finally:
                for r, _ in usable:
                    dense[r] = 0  # left zeroed for the next query, whatever happens
        if allowed is not None:
            ok = allowed[rows]
            rows, acc = rows[ok], acc[ok]
        rank = acc - self.row_weight[rows] if self.row_weight is not None else acc
        if len(rows) > limit and common:
            rank = self._credit_common(rows, rank, common, limit)
        keep = _best_distinct(rows, rank, limit, self.first_row)
        rows, rank = rows[keep], rank[keep]
        order = np.lexsort((rows, -rank))  # best first, ties by row
        return np.asarray(rows[order], dtype=np.int32)

    def _credit_common(
        self,
        rows: np.ndarray,
        rank: np.ndarray,
        common: list[tuple[np.ndarray, float]],
        limit: int,
    ) -> np.ndarray:
        """`rank` with the weight of the too-common keys (`Mohamed`: more than MAX_POSTINGS
        names) added for the rows that have them. Those postings are never scanned: each is
        searched (binary search, postings are sorted) for the rows that could reach the best
        `limit` with that credit, so `Muhammad Salman X` ranks `MUHAMMAD, Salman` among the
        rows found through `Salman`, not after every `Salman Y`. At most max(_CREDIT_MAX,
        4 × limit) rows are searched for: the best before the credit (ties: first listed)."""
        # (the cut among all rows: copies of one name may set it higher than among rows of
        # different names, which `_best_distinct` keeps, and leave lower names uncredited; taking
        # it among first rows gathers a first row for every candidate row: 1M screening's cold
        # p50 went 6.9 -> 10.6 ms, measured)
        kth = np.partition(rank, len(rank) - limit)[len(rank) - limit]
        bonus = float(sum(w for _, w in common))
        maybe = np.flatnonzero(rank >= kth - bonus - 1e-4)  # (float32 rounding)
        cap = max(_CREDIT_MAX, 4 * limit)
        if len(maybe) > cap:
            maybe = maybe[_best(rows[maybe], rank[maybe], cap)]
        out = rank.copy()
        look = rows[maybe]
        for posting, w in common:
            at = np.searchsorted(posting, look)
            has = posting[np.minimum(at, len(posting) - 1)] == look
            out[maybe[has]] += np.float32(w)
        return out

    def _parts(self) -> PartTable:
        """The saved analyses' distinct parts as the score bound reads them (built once)."""
        if self._part_table is None:
            assert self.analysed is not None
            self._part_table = PartTable(self.analysed.parts)
        return self._part_table

    def reachable(
        self, query: AnalysedName, rows: np.ndarray, cut: float, rarity: RarityModel | None = None
    ) -> np.ndarray:
        """Per row (bool), whether its name's score with `query` may reach `cut`: `name_bounds`
        on the saved part ids, so names that cannot are never rebuilt nor scored. `rarity`
        defaults to the index's own (the one `screen` scores with)."""
        rows = np.asarray(rows, dtype=np.intp)
        rarity = rarity or self.rarity
        a = self.analysed
        if a is None:
            names = [self.analysed_name(r) for r in rows.tolist()]
            return np.asarray(can_reach(query, names, rarity, cut), dtype=bool)
        starts = np.asarray(a.part_offsets[rows], dtype=np.intp)
        lens = np.asarray(a.part_offsets[rows + 1], dtype=np.intp) - starts
        flat = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
        table = self._parts()
        ids = a.row_parts[flat]
        # names a lone particle ends (`particle_first`: `Majeed Abdul`) are also read turned
        ends = np.cumsum(lens) - 1
        lone = np.flatnonzero(lens >= 2)
        lone = lone[table.lone[ids[ends[lone]]]].tolist()
        turned = [
            (k, t)
            for k in lone
            if (t := particle_first(self.analysed_name(int(rows[k])))) is not None
        ]
        ok = name_bounds(query, table, ids, lens, rarity, cut, turned) >= cut
        # acronyms get no bound (one word of 2-7 letters written in capitals: checked on the
        # few single-word rows only)
        words = a.word_offsets[rows + 1] - a.word_offsets[rows]
        for k in np.flatnonzero(~ok & (words == 1)).tolist():
            row = int(rows[k])
            ok[k] = self.analysed_name(row).looks_like_acronym
        return ok

    def screen(
        self,
        query: str,
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
        top: int = 10,
        exclude: set[tuple[int, str]] | None = None,
        min_score: float | None = None,
    ) -> list[ScreenHit]:
        """Best-scoring entities for `query`, one hit per entity (its best name), best first;
        a name written identically on several rows is scored once, for all of them. With
        `min_score`, names whose score cannot reach it (:meth:`reachable`) are
        not scored and not returned."""
        q = analyse_name(query)
        best: dict[int, tuple[ScreenHit, int]] = {}  # entity → its best name, that row's rank
        rows = self.candidate_rows(q, limit)
        ranks = range(len(rows))
        if min_score is not None:
            keep = self.reachable(q, rows, min_score)
            rows, ranks = rows[keep], np.flatnonzero(keep).tolist()
        scored: dict[int, tuple[str, NameMatch, int]] = {}  # first row of a name → its score
        for rank, row in zip(ranks, rows.tolist(), strict=True):
            text = self.name(row)  # (one row per name text: `candidate_rows`)
            m = compare_analysed(q, self.analysed_name(row, text), self.rarity, threshold)
            scored[int(self.first_row[row])] = (text, m, rank)
        for same in self.same_names(rows).tolist():  # each kept row, then its name's others
            text, m, rank = scored[int(self.first_row[same])]
            ent = int(self.entities[same])
            if exclude and (ent, text) in exclude:
                continue
            got = best.get(ent)
            if got is None or m.score > got[0].score:
                best[ent] = (ScreenHit(ent, m.score, text, m), rank)
        # ties: the entity whose best name ranked first among the candidates first
        return [h for h, _ in sorted(best.values(), key=lambda t: (-t[0].score, t[1]))][:top]
