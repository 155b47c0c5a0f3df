"""Which listed names can still reach a score: an upper bound of `compare_analysed`, for many
names at once, so screening scores in full only the few names that may be hits.

The bound follows `compare_analysed` step by step, so it holds by construction (not by
measurement), at any cut:

- a part contributes at most its best part score (over all parts of the other name) times its
  weight; part scores below `MIN_PART_SCORE` count as 0 (`compare_analysed` never assigns them);
- a part that may take part in a joined reading (`split_matches`: two adjacent parts read as one
  word against a part of the other side, tried only where their consonant frames are close)
  counts with that reading's score (`join_score`) if it is higher;
- with no conflict the score is at most sqrt(Ua·Ub), Ua and Ub those best-case coverages;
- with conflicts, raising the weight of a conflicting part (it scores < 0.6 or nothing) moves a
  coverage towards that part's score, so a coverage is at most max(U, 0.6), and each conflict
  multiplies by CONFLICT_PENALTY; parts whose best score is < 0.6 are conflicts for sure
  (k = min of their counts on both sides: each is a weak assignment or a leftover);
- the order penalty only lowers the score; acronyms get no bound.
- a Latin name that a lone particle ends is also read with it at its front (`particle_first`):
  that reading's bound, at TURNED_FACTOR, counts where higher;
- middle names left out (`MIDDLE_WEIGHT`): where one name may be matched in full (every best
  part score >= 0.6), the other's coverage is at most its best over a total whose middle parts
  (neither first nor last) weigh MIDDLE_WEIGHT; only for a person-like query.

`part_score_bound` is that rule for one pair of names, written plainly (the specification, and
what the tests compare with); `name_bounds` computes the same for many names with numpy and
rapidfuzz doing the work per pair of parts, each distinct part once: Python work per pair is
what limited bulk screening (a query meets ~60 distinct parts in its 50 candidate names).

Two checks keep comparisons from being run at all, both read off `_compare` (so they never
change a score): a pair of parts not seen before is compared only if some pair of their strings
is similar enough for `_compare` to give it more than 0 (`_may_score`: most new pairs fail, and
are recorded as 0); and a joined reading is scored only for the names where it decides whether
the bound reaches the cut, after the same kind of check (`_join_scores`).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from typing import TypeVar

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from jisr.match.names import (
    CONFLICT_PENALTY,
    MIDDLE_WEIGHT,
    TURNED_FACTOR,
    _weights,
    is_person_like,
)
from jisr.match.parts import (
    _CACHE_MAX,
    JOIN_MIN_FRAME,
    MIN_PART_SCORE,
    SCORES,
    _frames_close,
    _strip_prefix,
    compare_parts,
    dominant,
    is_initial,
    join_score,
    joined_text,
)
from jisr.match.parts import clear_caches as parts_clear_caches
from jisr.names.arabic import ARTICLE
from jisr.names.lexicon import arabic_readings, latin_key
from jisr.names.parts import (
    AnalysedName,
    NamePart,
    dictionary_key,
    is_lone_particle,
    particle_first,
)
from jisr.names.rarity import RarityModel

T = TypeVar("T")
_WEAK_PART = 0.6  # as compare_analysed: assignments below this are conflicts
_ROUNDING = 1e-4  # scores are rounded to 4 decimals
# `compare_parts` gives 0 unless two compared strings are at least this similar: its fuzzy
# form score starts above 0.6, Arabic letters above 0.8, skeletons at 0.75, translations at 0.7
_PART_FLOOR = 0.6
_JOIN_SOUND = 0.8  # a joined reading scores JOIN_MIN_SCORE by sound from this similarity
_JOIN_SKELETON = 0.75  # a joined reading scores by skeleton alone from this similarity


def part_score_bound(na: AnalysedName, nb: AnalysedName, rarity: RarityModel) -> float:
    """An upper bound of `compare_analysed(na, nb, rarity).score`, from part scores only: of
    the names as written, and with a lone particle that ends one of them read at its front
    (`particle_first`, at TURNED_FACTOR), as `compare_analysed` reads them."""
    bound = _plain_bound(na, nb, rarity)
    for x, y in ((particle_first(na), nb), (na, particle_first(nb))):
        if x is not None and y is not None:
            bound = max(bound, _turned(_plain_bound(x, y, rarity)))
    return bound


def _turned(bound: T) -> T:
    """The bound of a reading with the particle moved (`particle_first`) from its own: it counts
    TURNED_FACTOR of its score, which `compare_analysed` rounds again."""
    return np.minimum(1.0, TURNED_FACTOR * bound + _ROUNDING)  # type: ignore[operator,return-value]


def _plain_bound(na: AnalysedName, nb: AnalysedName, rarity: RarityModel) -> float:
    """`part_score_bound` of the names as written."""
    pa, pb = na.parts, nb.parts
    if not pa or not pb or na.looks_like_acronym or nb.looks_like_acronym:
        return 1.0
    best_a = [0.0] * len(pa)
    best_b = [0.0] * len(pb)
    for i, x in enumerate(pa):
        for j, y in enumerate(pb):
            sc = compare_parts(x, y)[0]
            if sc < MIN_PART_SCORE:
                continue
            best_a[i] = max(best_a[i], sc)
            best_b[j] = max(best_b[j], sc)
    for xs, ys, bx, by in ((pa, pb, best_a, best_b), (pb, pa, best_b, best_a)):
        for i in range(len(xs) - 1):
            jsk = xs[i].skeleton + xs[i + 1].skeleton
            for j, y in enumerate(ys):
                if _frames_close(jsk, y):
                    s = join_score(xs[i], xs[i + 1], y)
                    bx[i], bx[i + 1], by[j] = max(bx[i], s), max(bx[i + 1], s), max(by[j], s)
    wa = _weights(pa, rarity)
    wb = _weights(pb, rarity)
    ua = sum(b * w for b, w in zip(best_a, wa, strict=True)) / sum(wa)
    ub = sum(b * w for b, w in zip(best_b, wb, strict=True)) / sum(wb)
    k = min(sum(b < _WEAK_PART for b in best_a), sum(b < _WEAK_PART for b in best_b))
    bound = CONFLICT_PENALTY ** max(1, k) * math.sqrt(max(ua, _WEAK_PART) * max(ub, _WEAK_PART))
    if k == 0:
        bound = max(bound, math.sqrt(ua * ub))
    if is_person_like(na):  # (as `name_bounds`, which asks the query only: still a bound)
        # a name matched in full (every part strongly): the other's middle parts may weigh
        # MIDDLE_WEIGHT, so its coverage is at most its best over the lighter total
        for xs, ys, bx, by, wy, ux in (
            (pa, pb, best_a, best_b, wb, ua),
            (pb, pa, best_b, best_a, wa, ub),
        ):
            if len(xs) >= 2 and min(bx) >= _WEAK_PART:
                light = [
                    w * (MIDDLE_WEIGHT if 0 < j < len(ys) - 1 else 1.0) for j, w in enumerate(wy)
                ]
                uy = sum(b * w for b, w in zip(by, wy, strict=True)) / sum(light)
                bound = max(bound, math.sqrt(ux * uy))
    return min(1.0, bound + _ROUNDING)


# ---------------------------------------------------------------------------------------------
def _segment_max(mat: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per row of `mat` and per consecutive column segment of `counts` columns, the largest
    value; a segment of no columns gives 0."""
    if len(counts) == mat.shape[1] and (counts == 1).all():
        return mat
    nz = counts > 0
    starts = np.cumsum(counts) - counts
    if nz.all():
        return np.maximum.reduceat(mat, starts, axis=1)
    out = np.zeros((mat.shape[0], len(counts)), dtype=mat.dtype)
    if mat.shape[1]:
        out[:, nz] = np.maximum.reduceat(mat, starts[nz], axis=1)
    return out


def _similarity(
    a: Sequence[tuple[str, ...]], b: Sequence[tuple[str, ...]], cutoff: float
) -> np.ndarray:
    """(len(a) × len(b)): the best normalised Levenshtein similarity between a string of a[i]
    and one of b[j], 0 where below `cutoff`."""
    sa = list(chain.from_iterable(a))
    sb = list(chain.from_iterable(b))
    if not sa or not sb:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    sim = cdist(
        sa, sb, scorer=Levenshtein.normalized_similarity, score_cutoff=cutoff, dtype=np.float32
    )
    sim = _segment_max(sim, np.fromiter(map(len, b), dtype=np.intp, count=len(b)))
    return _segment_max(sim.T, np.fromiter(map(len, a), dtype=np.intp, count=len(a))).T


def _similar(
    a: Sequence[tuple[str, ...]], b: Sequence[tuple[str, ...]], cutoff: float
) -> np.ndarray:
    """(len(a) × len(b)) bool: whether some string of a[i] is `cutoff`-similar to one of b[j]."""
    return _similarity(a, b, cutoff) >= np.float32(cutoff)


_SOUNDS: dict[str, tuple[tuple[str, ...], int]] = {}
_DOMINANT_IDS: dict[str, int] = {"": 0}  # a number per Arabic name (`dominant`), 0: none


def _sounds(p: NamePart) -> tuple[tuple[str, ...], int]:
    """The strings of a part that `compare_parts` compares by sound (phonetic forms, cores,
    glosses, the Arabic letters; its consonant skeletons apart), and a number for the Arabic
    name its Latin spelling is mostly written for (`dominant`; 0 for none). Cached by key."""
    key = p.key
    got = _SOUNDS.get(key)
    if got is None:
        # (Arabic letters even when none are left: two such parts are an exact match)
        strings = p.forms + p.cores + p.glosses + ((p.arabic,) if p.script == "Arab" else ())
        ident = _DOMINANT_IDS.setdefault(dominant(p), len(_DOMINANT_IDS))
        got = (tuple(dict.fromkeys(strings)), ident)
        if len(_SOUNDS) >= _CACHE_MAX:
            _SOUNDS.clear()
        _SOUNDS[key] = got
    return got


def _phonetic(p: NamePart) -> tuple[str, ...]:
    """The strings of a part that `compare_parts` compares by sound (`_sounds`)."""
    return _sounds(p)[0]


def _may_score(a: Sequence[NamePart], b: Sequence[NamePart]) -> np.ndarray:
    """(len(a) × len(b)) bool: False where `compare_parts` surely gives 0. Reading `_compare`:
    a score above 0 needs sounds (`_phonetic`) at least 0.6 similar (fuzzy forms start above
    0.6, Arabic letters above 0.8, translations at 0.7; an attested spelling or a particle only
    raise a score already above 0), or consonant skeletons at least 0.75 similar with a part the
    romaniser guessed (not attested), or the same skeleton in the two scripts; an initial
    against anything (`compare_parts` checks its letter)."""
    sa, da = zip(*map(_sounds, a), strict=True)
    sb, db = zip(*map(_sounds, b), strict=True)
    may = _similar(sa, sb, _PART_FLOOR)
    # an initial (`M.`) scores against what starts with its letter: left to `compare_parts`
    may[[is_initial(p) for p in a], :] = True
    may[:, [is_initial(p) for p in b]] = True
    # Latin spellings mostly written for one Arabic name, however they sound (`same_dominant`)
    ia = np.fromiter(da, dtype=np.intp, count=len(a))
    if ia.any():
        ib = np.fromiter(db, dtype=np.intp, count=len(b))
        may |= (ia[:, None] == ib) & (ia[:, None] != 0)
    guessed = np.array([not p.attested for p in a])[:, None] | [not p.attested for p in b]
    scripts = {p.script for p in a} | {p.script for p in b}
    if len(scripts) == 1 and not guessed.any():
        return may  # attested parts in one script: sounds decide
    # an Arabic word with the article against a Latin one that starts with l: the dictionary
    # may read the article glued on (`glued_reading`), however far apart they sound
    ga, la = _glued_sides(a)
    gb, lb = _glued_sides(b)
    may |= (ga[:, None] & lb) | (la[:, None] & gb)
    sk = _similarity([p.own_skeletons for p in a], [p.own_skeletons for p in b], _JOIN_SKELETON)
    cross = np.array([p.script for p in a])[:, None] != np.array([p.script for p in b])
    return may | ((sk >= np.float32(_JOIN_SKELETON)) & guessed) | ((sk >= 1.0) & cross)


def _glued_sides(parts: Sequence[NamePart]) -> tuple[np.ndarray, np.ndarray]:
    """Per part (bool): an Arabic word written with the article, a Latin word that starts with
    `l`: the parts between which `glued_reading` may score (it asks more)."""
    arabic = np.array([p.script == "Arab" and p.text.startswith(ARTICLE) for p in parts])
    latin = np.array([p.script == "Latn" and latin_key(p.text)[:1] == "l" for p in parts])
    return arabic, latin


_LATIN: dict[str, bool] = {}


def _attested_latin(text: str, part: NamePart) -> bool:
    """Whether `compare_parts` may find a Latin part of this text in the lexicon of attested
    spellings (`same_arabic_name`), as written or after its particle. Cached by text."""
    if part.script != "Latn":
        return False
    got = _LATIN.get(text)
    if got is None:
        got = any(
            arabic_readings(dictionary_key(t)) is not None for t in (text, _strip_prefix(text))
        )
        if len(_LATIN) >= _CACHE_MAX:
            _LATIN.clear()
        _LATIN[text] = got
    return got


def _join_scores(
    pairs: Sequence[tuple[NamePart, NamePart]], others: Sequence[NamePart], which: np.ndarray
) -> np.ndarray:
    """`join_score` of the pairs and parts where `which` (len(pairs) × len(others), bool), 0
    elsewhere. Before joining, one check of them all, from `_compare`: a joined reading (its
    forms are its parts' forms concatenated, as `join_parts` makes them) reaches JOIN_MIN_SCORE
    only with sounds at least 0.8 similar (fuzzy forms, Arabic letters, a particle or a
    translation), sounds above 0.6 when both are Latin and the joined spelling is attested
    (`same_arabic_name`), or skeletons at least 0.75 similar with a guessed (unattested) part."""
    out = np.zeros(which.shape, dtype=np.float64)
    rows = np.flatnonzero(which.any(axis=1)).tolist()
    if not rows:
        return out
    cols = np.flatnonzero(which.any(axis=0)).tolist()
    forms: list[tuple[str, ...]] = []
    skels: list[tuple[str, ...]] = []
    for r in rows:
        a, b = pairs[r]
        joined = tuple(f + g for f in a.forms[:3] for g in b.forms[:3])
        forms.append(joined + ((a.arabic + b.arabic,) if a.script == "Arab" else ()))
        skels.append((a.skeleton + b.skeleton,))
    ys = [others[c] for c in cols]
    phon = _similarity(forms, [_phonetic(y) for y in ys], _PART_FLOOR)
    sk = _similarity(skels, [y.own_skeletons for y in ys], _JOIN_SKELETON)
    guessed = np.array([not (pairs[r][0].attested and pairs[r][1].attested) for r in rows])
    may = (phon >= np.float32(_JOIN_SOUND)) | (
        (sk >= np.float32(_JOIN_SKELETON)) & (guessed[:, None] | [not y.attested for y in ys])
    )
    # Latin against Latin, sounds above 0.6: only if both spellings are attested
    latin = ~may & (phon >= np.float32(_PART_FLOOR)) & [_attested_latin(y.text, y) for y in ys]
    for r in np.flatnonzero(latin.any(axis=1)).tolist():
        a, b = pairs[rows[r]]
        if _attested_latin(joined_text((a, b)), a):
            may[r] |= latin[r]
    for r, c in zip(*np.nonzero(may & which[np.ix_(rows, cols)]), strict=True):
        i, j = rows[r], cols[c]
        out[i, j] = join_score(pairs[i][0], pairs[i][1], others[j])
    return out


def clear_caches() -> None:
    """Forget what the bound and the part comparisons have cached (for timing cold screening)."""
    _SOUNDS.clear()
    _LATIN.clear()
    parts_clear_caches()


def part_scores(
    qparts: Sequence[NamePart], parts: Sequence[NamePart], keys: list[str] | None = None
) -> np.ndarray:
    """(len(qparts) × len(parts)) `compare_parts` scores, 0 where below MIN_PART_SCORE (`keys`:
    the parts' keys, when the caller has them). Pairs not seen before are checked with
    `_similar` first; those that cannot score are recorded as 0 (what `compare_parts` returns
    for them) and only the rest compared."""
    if keys is None:
        keys = [p.key for p in parts]
    s = np.array([list(map(SCORES.row(x.key).get, keys)) for x in qparts], dtype=np.float64)
    unknown = np.isnan(s)  # None (not seen) became NaN
    if unknown.any():
        ri = np.flatnonzero(unknown.any(axis=1)).tolist()
        ci = np.flatnonzero(unknown.any(axis=0)).tolist()
        may = _may_score([qparts[i] for i in ri], [parts[j] for j in ci])
        block = np.ix_(ri, ci)
        new = unknown[block]
        vals = np.zeros(new.shape, dtype=np.float64)
        for r, c in zip(*np.nonzero(new & may), strict=True):
            vals[r, c] = compare_parts(qparts[ri[r]], parts[ci[c]])[0]
        s[block] = np.where(new, vals, s[block])
        for r, i in enumerate(ri):
            cs = np.flatnonzero(new[r])
            col_keys = map(keys.__getitem__, np.asarray(ci)[cs].tolist())
            SCORES.add(qparts[i].key, zip(col_keys, vals[r, cs].tolist(), strict=True))
    s[s < MIN_PART_SCORE] = 0.0
    return s


class PartTable:
    """Distinct name parts (of an index, say) and what the bound reads of each, in lists that a
    set of part ids gathers in one C-level call (`operator.itemgetter`) instead of a Python loop
    per part; weights per rarity model, computed on first need."""

    def __init__(self, parts: Sequence[NamePart]) -> None:
        self.parts = list(parts)
        self.keys = [p.key for p in self.parts]
        self.own_skeletons = [p.own_skeletons for p in self.parts]
        self.skeletons = [p.skeleton for p in self.parts]
        self.lone = np.fromiter(map(is_lone_particle, self.parts), dtype=bool, count=len(parts))
        self._weights: weakref.WeakKeyDictionary[RarityModel, np.ndarray] = (
            weakref.WeakKeyDictionary()
        )

    def weights(self, ids: np.ndarray, rarity: RarityModel) -> np.ndarray:
        """`part_weight` of the parts `ids` (float64)."""
        table = self._weights.get(rarity)
        if table is None:
            table = self._weights[rarity] = np.full(len(self.parts), np.nan)
        w = table[ids]
        missing = np.isnan(w)
        if missing.any():
            todo = ids[missing]
            w[missing] = table[todo] = _weights(_gather(self.parts, todo), rarity)
        return w


def _gather(items: Sequence[T], ids: np.ndarray) -> list[T]:
    """`[items[i] for i in ids]`, in one C-level call."""
    if len(ids) == 1:
        return [items[int(ids[0])]]
    return list(itemgetter(*ids.tolist())(items)) if len(ids) else []


def name_bounds(
    query: AnalysedName,
    table: PartTable,
    ids: np.ndarray,
    lens: np.ndarray,
    rarity: RarityModel,
    cut: float | None = None,
    turned: Sequence[tuple[int, AnalysedName]] = (),
) -> np.ndarray:
    """`part_score_bound` of `query` against many names given as part ids: name k has the parts
    `table.parts[i]` for the `lens[k]` ids of `ids` from sum(lens[:k]). Names without parts get
    1.0 (as do all when the query is an acronym); callers give acronym names 1.0 themselves.
    `turned`: (k, name k read with the lone particle that ends it at its front) for the names
    that have that reading (`particle_first`; the callers have the names, and they are rare).

    With `cut`, joined readings are scored only for names where that decides whether the bound
    reaches `cut`; elsewhere a joined reading with close frames counts as a full match (a looser
    bound, still a bound): scoring joined readings is the costly step."""
    out = _plain_name_bounds(query, table, ids, lens, rarity, cut)
    query_turned = particle_first(query)
    if query_turned is not None:
        # where the turned reading's bound reaches this, its TURNED_FACTOR share reaches `cut`
        t_cut = None if cut is None else (cut - _ROUNDING) / TURNED_FACTOR
        t = _plain_name_bounds(query_turned, table, ids, lens, rarity, t_cut)
        out = np.maximum(out, _turned(t))
    for k, name in turned:
        out[k] = max(out[k], _turned(_plain_bound(query, name, rarity)))
    return out


def _plain_name_bounds(
    query: AnalysedName,
    table: PartTable,
    ids: np.ndarray,
    lens: np.ndarray,
    rarity: RarityModel,
    cut: float | None = None,
) -> np.ndarray:
    """`name_bounds` of the names as written."""
    n = len(lens)
    out = np.ones(n, dtype=np.float64)
    qp = query.parts
    m = len(qp)
    if not m or query.looks_like_acronym or not len(ids):
        return out
    lens = np.asarray(lens, dtype=np.intp)
    has = lens > 0
    seg = (np.cumsum(lens) - lens)[has]  # first flat position of each name with parts
    owner = np.repeat(np.arange(n), lens)  # name of each flat position
    uniq, inv = np.unique(np.asarray(ids), return_inverse=True)
    ps = _gather(table.parts, uniq)
    s = part_scores(qp, ps, _gather(table.keys, uniq))  # m × distinct parts
    best_a = np.maximum.reduceat(s[:, inv], seg, axis=1).T.copy()  # names with parts × m
    best_b = s.max(axis=0)[inv]  # per flat position
    wq = np.asarray(_weights(qp, rarity), dtype=np.float64)
    w = table.weights(uniq, rarity)[inv]
    # middle names (`MIDDLE_WEIGHT`): where one name may be matched in full (every part
    # strongly), the other's middle parts (neither its first nor its last) may weigh less
    middle = is_person_like(query)
    if middle:
        lens_h = lens[has]
        pos = np.arange(len(owner)) - np.repeat(seg, lens_h)  # place of each part in its name
        light = np.where((pos > 0) & (pos < np.repeat(lens_h, lens_h) - 1), MIDDLE_WEIGHT, 1.0)
        light_b = np.add.reduceat(w * light, seg)
        light_q = wq.sum() if m < 3 else wq[0] + wq[-1] + MIDDLE_WEIGHT * wq[1:-1].sum()

    def combine(ba: np.ndarray, bb: np.ndarray) -> np.ndarray:
        got_a = ba @ wq
        ua = got_a / wq.sum()
        got_b = np.add.reduceat(bb * w, seg)
        ub = got_b / np.add.reduceat(w, seg)
        weak_b = np.add.reduceat((bb < _WEAK_PART).astype(np.intp), seg)
        weak_a = (ba < _WEAK_PART).sum(axis=1)
        k = np.minimum(weak_a, weak_b)
        bound = CONFLICT_PENALTY ** np.maximum(1, k) * np.sqrt(
            np.maximum(ua, _WEAK_PART) * np.maximum(ub, _WEAK_PART)
        )
        bound = np.where(k == 0, np.maximum(bound, np.sqrt(ua * ub)), bound)
        if middle:
            full_q = (weak_a == 0) & (m >= 2)  # the query may be matched in full
            full_l = (weak_b == 0) & (lens_h >= 2)  # the listed name may be
            bound = np.maximum(bound, np.where(full_q, np.sqrt(ua * (got_b / light_b)), 0.0))
            bound = np.maximum(bound, np.where(full_l, np.sqrt(got_a / light_q * ub), 0.0))
        return np.minimum(1.0, bound + _ROUNDING)

    # joined readings (`split_matches`) are only tried where consonant frames are close: query
    # parts i, i+1 read as one word against a listed part (`q_pairs`; `q_close` per query pair
    # and distinct part), adjacent parts of a listed name against a query part (`l_pairs`,
    # `l_close` per listed pair and query part)
    q_pairs = [(qp[i], qp[i + 1]) for i in range(m - 1)]
    q_close = _similar(
        [(a.skeleton + b.skeleton,) for a, b in q_pairs],
        _gather(table.own_skeletons, uniq),
        JOIN_MIN_FRAME,
    )
    adj = np.flatnonzero(owner[:-1] == owner[1:])  # flat positions k with k + 1 in one name
    inv_l = inv.tolist()
    l_pairs = [(ps[inv_l[k]], ps[inv_l[k + 1]]) for k in adj.tolist()]
    l_close = _similar(
        [(a.skeleton + b.skeleton,) for a, b in l_pairs],
        [p.own_skeletons for p in qp],
        JOIN_MIN_FRAME,
    )
    if not q_close.any() and not l_close.any():
        out[has] = combine(best_a, best_b)
        return out
    at = np.cumsum(has) - 1  # name → its row among the names with parts

    def joined(q_val: np.ndarray, l_val: np.ndarray) -> np.ndarray:
        """The bound with joined readings scoring q_val (per query pair and flat position) and
        l_val (per listed pair and query part); 0: no joined reading."""
        ba, bb = best_a.copy(), best_b.copy()
        if len(q_val):
            per_name = np.maximum.reduceat(q_val, seg, axis=1).T  # names × (m - 1)
            ba[:, :-1] = np.maximum(ba[:, :-1], per_name)
            ba[:, 1:] = np.maximum(ba[:, 1:], per_name)
            bb = np.maximum(bb, q_val.max(axis=0))
        if len(l_val):
            top = l_val.max(axis=1)
            bb[adj] = np.maximum(bb[adj], top)
            bb[adj + 1] = np.maximum(bb[adj + 1], top)
            np.maximum.at(ba, at[owner[adj]], l_val)
        return combine(ba, bb)

    q_flat = q_close[:, inv]
    bound = joined(q_flat.astype(np.float64), l_close.astype(np.float64))
    undecided = np.zeros(n, dtype=bool)
    if cut is None:
        undecided[has] = True
    else:
        # names whose bound stays below the cut even so, or that reach it without any joined
        # reading, are decided: score the joined readings of the others only
        undecided[has] = (bound >= cut) & (combine(best_a, best_b) < cut)
    if undecided.any():
        q_todo = np.zeros(q_close.shape, dtype=bool)  # distinct parts of undecided names
        q_todo[:, inv[undecided[owner]]] = True
        q_todo &= q_close
        l_todo = l_close & undecided[owner[adj]][:, None]
        # one batch: query pairs against listed parts, then listed pairs against query parts
        q_rows, q_cols = np.flatnonzero(q_todo.any(axis=1)), np.flatnonzero(q_todo.any(axis=0))
        l_rows, l_cols = np.flatnonzero(l_todo.any(axis=1)), np.flatnonzero(l_todo.any(axis=0))
        nq, nc = len(q_rows), len(q_cols)
        which = np.zeros((nq + len(l_rows), nc + len(l_cols)), dtype=bool)
        which[:nq, :nc] = q_todo[np.ix_(q_rows, q_cols)]
        which[nq:, nc:] = l_todo[np.ix_(l_rows, l_cols)]
        vals = _join_scores(
            [q_pairs[i] for i in q_rows.tolist()] + [l_pairs[k] for k in l_rows.tolist()],
            [ps[c] for c in q_cols.tolist()] + [qp[j] for j in l_cols.tolist()],
            which,
        )
        q_val = np.zeros(q_close.shape, dtype=np.float64)
        q_val[np.ix_(q_rows, q_cols)] = vals[:nq, :nc]
        l_val = np.zeros(l_close.shape, dtype=np.float64)
        l_val[np.ix_(l_rows, l_cols)] = vals[nq:, nc:]
        bound = np.where(undecided[has], joined(q_val[:, inv], l_val), bound)
    out[has] = bound
    return out


def bounds_of(
    query: AnalysedName,
    names: Sequence[AnalysedName],
    rarity: RarityModel,
    cut: float | None = None,
) -> np.ndarray:
    """`name_bounds` of `query` against analysed names (1.0 for acronyms)."""
    ids: list[int] = []
    seen: dict[NamePart, int] = {}
    for name in names:
        for p in name.parts:
            i = seen.get(p)
            if i is None:
                i = seen[p] = len(seen)
            ids.append(i)
    lens = np.fromiter((len(nm.parts) for nm in names), dtype=np.intp, count=len(names))
    table = PartTable(list(seen))
    turned = [(k, t) for k, nm in enumerate(names) if (t := particle_first(nm)) is not None]
    out = name_bounds(query, table, np.asarray(ids, dtype=np.intp), lens, rarity, cut, turned)
    out[[nm.looks_like_acronym for nm in names]] = 1.0
    return out


def can_reach(
    query: AnalysedName, names: Sequence[AnalysedName], rarity: RarityModel, cut: float
) -> list[bool]:
    """For each of `names`, whether its score with `query` may reach `cut` (`name_bounds`).
    A False is never a name scoring `cut` or more."""
    return (bounds_of(query, names, rarity, cut) >= cut).tolist()
