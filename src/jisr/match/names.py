"""Compare two names (any mix of Arabic and Latin script) into a score with an explanation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from jisr.match.parts import _CACHE as PART_CACHE
from jisr.match.parts import MIN_PART_SCORE, _frames_close, compare_parts, split_matches
from jisr.names.parts import PREFIX_SKELETON, AnalysedName, NamePart, analyse_name
from jisr.names.rarity import RarityModel, default_rarity

# Decision threshold: scores at or above it are reported as matches. Chosen on the ar2en-eval
# pairs, the UN cross-script set and the hard negatives (see jisr.match.evaluate).
DEFAULT_THRESHOLD = 0.75
CONFLICT_FLOOR = 0.4  # a conflicting part weighs at least this much, however common it is
CONFLICT_PENALTY = 0.85  # multiplied in once per pair of parts that contradict each other
ORDER_PENALTY = 0.02
ACRONYM_SCORE = 0.9
_PATRONYMIC = frozenset({"bn", "bnt", "uld"})


@dataclass(slots=True)  # not frozen: built for every compared pair, and frozen init is slow
class PartMatch:
    a: str
    b: str
    score: float
    how: str  # exact / same key / transliteration / fuzzy / partial / same skeleton
    weight: float


@dataclass(slots=True)
class NameMatch:
    a: str
    b: str
    score: float
    threshold: float = DEFAULT_THRESHOLD
    matched: list[PartMatch] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # parts of `a` with no counterpart
    extra: list[str] = field(default_factory=list)  # parts of `b` with no counterpart
    against: list[str] = field(default_factory=list)  # what lowered the score

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    @property
    def explanation(self) -> dict[str, Any]:
        return {
            "matched": [asdict(m) for m in self.matched],
            "missing": self.missing,
            "extra": self.extra,
            "against": self.against,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 4),
            "match": self.is_match,
            "threshold": self.threshold,
            **self.explanation,
        }

    def describe(self) -> str:
        verdict = "match" if self.is_match else "no match"
        bits = [f"{m.a} = {m.b} ({m.how}, {m.score:.2f})" for m in self.matched]
        if self.missing:
            bits.append("only in first: " + ", ".join(self.missing))
        if self.extra:
            bits.append("only in second: " + ", ".join(self.extra))
        if self.against:
            bits.append("against: " + "; ".join(self.against))
        return f"{self.score:.2f} {verdict}: " + "; ".join(bits)


def part_weight(part: NamePart, rarity: RarityModel) -> float:
    """Rarity of a part; a patronymic (`bin Ali`) is as informative as its core (`Ali`)."""
    w = rarity.weight_of_skeleton(part.skeleton)
    if part.prefix in _PATRONYMIC:
        core = part.skeleton[len(PREFIX_SKELETON[part.prefix]) :]
        w = 0.5 * w + 0.5 * rarity.weight_of_skeleton(core)
    return w


def _weights(parts: tuple[NamePart, ...], rarity: RarityModel) -> list[float]:
    """`part_weight` of each part, cached on the rarity model by part key (a part's key decides
    its skeleton and prefix)."""
    cache = rarity.part_weights
    out: list[float] = []
    for p in parts:
        w = cache.get(p.key)
        if w is None:
            w = cache[p.key] = part_weight(p, rarity)
        out.append(w)
    return out


def compare_names(
    a: str, b: str, rarity: RarityModel | None = None, threshold: float = DEFAULT_THRESHOLD
) -> NameMatch:
    """Score two names in 0–1 (symmetric; 1 for identical non-empty names), explained."""
    return compare_analysed(analyse_name(a), analyse_name(b), rarity, threshold)


def compare_analysed(
    na: AnalysedName,
    nb: AnalysedName,
    rarity: RarityModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> NameMatch:
    rarity = rarity or default_rarity()
    res = NameMatch(na.text, nb.text, 0.0, threshold)
    pa, pb = na.parts, nb.parts
    if not pa or not pb:
        same = bool(na.text.strip()) and na.text.casefold() == nb.text.casefold()
        res.score = 1.0 if same else 0.0
        if not same:
            res.against.append("no comparable name parts")
        return res
    # (-score, distance, i, j, how): sorted, best pairs first; ties broken by position so the
    # order is stable (i, j are unique, so `how` is never compared)
    ranked: list[tuple[float, int, int, int, str]] = []
    cache = PART_CACHE  # compare_parts' own cache, read inline: this loop is the hot path
    for i, x in enumerate(pa):
        kx = x.key
        for j, y in enumerate(pb):
            ky = y.key
            hit = cache.get((kx, ky) if kx <= ky else (ky, kx))
            s, how = hit if hit is not None else compare_parts(x, y)
            if s >= MIN_PART_SCORE:
                ranked.append((-s, abs(i - j), i, j, how))
    ranked.sort()
    # greedy assignment
    used_a: set[int] = set()
    used_b: set[int] = set()
    assigned: list[tuple[float, int, int, str]] = []
    for neg, _, i, j, how in ranked:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        assigned.append((-neg, i, j, how))
    # names split differently in the two scripts (ولی جان / WALIJAN): adjacent leftovers joined
    strong = sum(1 for t in assigned if t[0] >= 0.6)  # as split_matches counts leftovers
    joins = (
        split_matches(pa, pb, assigned)
        if len(pa) + len(pb) >= 3 and strong < len(pa) and strong < len(pb)
        else []
    )
    if joins:
        ja = {i for _, ia, _, _ in joins for i in ia}
        jb_ = {j for _, _, jb, _ in joins for j in jb}
        assigned = [t for t in assigned if t[1] not in ja and t[2] not in jb_]
        used_a = {t[1] for t in assigned} | ja
        used_b = {t[2] for t in assigned} | jb_
    wa = _weights(pa, rarity)
    wb = _weights(pb, rarity)
    left_a = [i for i in range(len(pa)) if i not in used_a]
    left_b = [j for j in range(len(pb)) if j not in used_b]
    conflicts = min(len(left_a), len(left_b))
    weak = [t for t in assigned if t[0] < 0.6]
    conflicts += len(weak)
    if conflicts:
        # contradicting parts count even when common: Mohamed vs Mahmoud is evidence against
        for i in left_a + [t[1] for t in weak]:
            wa[i] = max(wa[i], CONFLICT_FLOOR)
        for j in left_b + [t[2] for t in weak]:
            wb[j] = max(wb[j], CONFLICT_FLOOR)
    got_a = sum(s * wa[i] for s, i, _, _ in assigned)
    got_b = sum(s * wb[j] for s, _, j, _ in assigned)
    for s, ia, jb, _ in joins:
        got_a += sum(s * wa[i] for i in ia)
        got_b += sum(s * wb[j] for j in jb)
    cov_a, cov_b = got_a / sum(wa), got_b / sum(wb)
    score = math.sqrt(cov_a * cov_b) * CONFLICT_PENALTY**conflicts
    by_a = sorted(assigned, key=lambda t: t[1])
    for s, i, j, how in by_a:
        res.matched.append(PartMatch(pa[i].text, pb[j].text, s, how, round(wa[i], 3)))
    for s, ia, jb, how in joins:
        ta, tb = " ".join(pa[i].text for i in ia), " ".join(pb[j].text for j in jb)
        res.matched.append(PartMatch(ta, tb, s, how, round(sum(wa[i] for i in ia), 3)))
    res.missing = [pa[i].text for i in left_a]
    res.extra = [pb[j].text for j in left_b]
    if conflicts:
        res.against.append(f"{conflicts} conflicting part(s)")
    if left_a or left_b:
        res.against.append(f"coverage {cov_a:.2f} / {cov_b:.2f}")
    order_b = [j for _, _, j, _ in by_a]
    if order_b != sorted(order_b) and not _is_rotation(order_b):
        score -= ORDER_PENALTY
        res.against.append("parts in a different order")
    acr = _acronym_score(na, nb) if na.looks_like_acronym or nb.looks_like_acronym else 0.0
    if acr > score:
        score = acr
        res.against.clear()
        res.matched = [PartMatch(na.text, nb.text, acr, "acronym", 1.0)]
        res.missing, res.extra = [], []
    res.score = round(max(0.0, min(1.0, score)), 4)
    return res


def _is_rotation(order: list[int]) -> bool:
    """`SURNAME Given` vs `Given SURNAME`: a rotation of the parts is not penalised."""
    if len(order) < 2:
        return True
    s = sorted(order)
    return any(order == s[k:] + s[:k] for k in range(len(s)))


def _acronym_score(na: AnalysedName, nb: AnalysedName) -> float:
    for x, y in ((na, nb), (nb, na)):
        if x.looks_like_acronym and len(y.words) >= 2:
            acr = x.words[0]
            full = y.acronym
            if acr == full or (len(acr) >= 3 and acr == "a" + full.lstrip("a")[0:0] + full[1:]):
                return ACRONYM_SCORE
            stripped = "".join(w[0] for w in y.words if w not in ("al", "el", "the", "of", "in"))
            if acr == stripped:
                return ACRONYM_SCORE
    return 0.0


# ---------------------------------------------------------------------------------------------
# A cheap upper bound of `compare_analysed`, to skip the full comparison of candidates that
# cannot reach the threshold. A part can only match a part whose consonant frame (a skeleton, the
# core after a particle, or the frame joined with a neighbour's) is at least `FRAME_SIMILARITY`
# similar to one of its own; a part with no such counterpart counts as unmatched. Measured on
# the evaluation sets and synthetic queries: no name scoring ≥ 0.75 falls below its bound.
FRAME_SIMILARITY = 0.6
SHORT_FRAME = 2
# the frame bound was measured to hold for names scoring at least this much, not below (at 0.6
# it misses `Abu Hudhayfah` / `Abu Hurayrah`, 0.67, bound 0.0): callers skip names with it only
# when their cut is at least this; `part_score_bound` holds at any cut
FRAME_BOUND_MIN = 0.75


# tuples of strings only: the garbage collector stops tracking them, and this dict, after one pass
_FRAMES: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}


def _frames(name: AnalysedName) -> tuple[tuple[str, ...], ...]:
    """Consonant frames per part (cached by the parts' keys: a name's frames depend on them)."""
    ck = tuple(p.key for p in name.parts)
    hit = _FRAMES.get(ck)
    if hit is None:
        if len(_FRAMES) >= 1 << 17:
            _FRAMES.clear()
        hit = _FRAMES[ck] = _part_frames(name.parts)
    return hit


def _part_frames(ps: tuple[NamePart, ...]) -> tuple[tuple[str, ...], ...]:
    out: list[tuple[str, ...]] = []
    for k, p in enumerate(ps):
        fs = dict.fromkeys(x for x in p.skeletons if x)
        if p.prefix in PREFIX_SKELETON:
            n = len(PREFIX_SKELETON[p.prefix])
            fs.update(dict.fromkeys(x[n:] for x in p.skeletons if x[n:]))
        if k > 0:
            fs[ps[k - 1].skeleton + p.skeleton] = None
        if k + 1 < len(ps):
            fs[p.skeleton + ps[k + 1].skeleton] = None
        out.append(tuple(fs))
    return tuple(out)


def score_upper_bounds(
    query: AnalysedName, names: Sequence[AnalysedName], rarity: RarityModel | None = None
) -> list[float]:
    """For each of `names`, a bound its `compare_analysed` score with `query` does not exceed
    (1.0 where no bound applies: an acronym, a name without parts).

    One string-distance matrix between all candidate frames and the query's frames (rapidfuzz),
    then per-part and per-name reductions in numpy: which query parts each candidate part could
    match is a bit mask (a name has few parts; more than 62 query parts get no bound)."""
    rarity = rarity or default_rarity()
    out = [1.0] * len(names)
    if not query.parts or query.looks_like_acronym or len(query.parts) > 62:
        return out
    qf = _frames(query)
    q_strings = [s for fs in qf for s in fs]
    if not q_strings:
        return out
    q_bits = np.repeat(np.left_shift(1, np.arange(len(qf), dtype=np.int64)), [len(fs) for fs in qf])
    c_strings: list[str] = []
    str_part: list[int] = []  # per candidate string, its part (numbered across all names)
    part_name: list[int] = []  # per part, its name (position in `todo`)
    part_w: list[float] = []
    part_short: list[bool] = []
    todo: list[int] = []
    for n, name in enumerate(names):
        if not name.parts or name.looks_like_acronym:
            continue
        k_name = len(todo)
        todo.append(n)
        for p, fs, w in zip(name.parts, _frames(name), _weights(name.parts, rarity), strict=True):
            str_part.extend([len(part_w)] * len(fs))
            c_strings.extend(fs)
            part_name.append(k_name)
            part_w.append(w)
            # a frame of one or two consonants says too little (اليو / alliot): it may match
            part_short.append(len(p.skeleton) <= SHORT_FRAME)
    if not todo:
        return out
    n_parts = len(part_w)
    p_mask = np.zeros(n_parts, dtype=np.int64)  # query parts each candidate part may match
    if c_strings:
        sim = cdist(
            c_strings,
            q_strings,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=FRAME_SIMILARITY,
            dtype=np.float32,
        )
        s_mask = np.bitwise_or.reduce(np.where(sim >= FRAME_SIMILARITY, q_bits, 0), axis=1)
        np.bitwise_or.at(p_mask, np.asarray(str_part, dtype=np.intp), s_mask)
    owner = np.asarray(part_name, dtype=np.intp)
    weights = np.asarray(part_w, dtype=np.float64)
    c_ok = (p_mask != 0) | np.asarray(part_short, dtype=bool)
    n_todo = len(todo)
    total_c = np.bincount(owner, weights=weights, minlength=n_todo)
    cov_c = np.bincount(owner, weights=weights * c_ok, minlength=n_todo) / total_c
    c_hits = np.bincount(owner, weights=c_ok, minlength=n_todo)
    c_count = np.bincount(owner, minlength=n_todo)
    q_mask = np.zeros(n_todo, dtype=np.int64)
    np.bitwise_or.at(q_mask, owner, p_mask)
    wq = _weights(query.parts, rarity)
    cov_q = np.zeros(n_todo, dtype=np.float64)
    q_hits = np.zeros(n_todo, dtype=np.int64)
    for i, p in enumerate(query.parts):
        ok = ((q_mask >> i) & 1).astype(bool) | (len(p.skeleton) <= SHORT_FRAME)
        cov_q += wq[i] * ok
        q_hits += ok
    cov_q /= sum(wq)
    unmatched = np.minimum(len(qf) - q_hits, c_count - c_hits)
    bound = np.sqrt(cov_q * cov_c) * CONFLICT_PENALTY ** unmatched.astype(np.float64)
    for n, b in zip(todo, bound.tolist(), strict=True):
        out[n] = b
    return out


# ---------------------------------------------------------------------------------------------
# A tighter bound from the part scores themselves (cached per pair of parts), for the names the
# frame bound keeps. It follows `compare_analysed` step by step, so it is an upper bound by
# construction, not by measurement:
# - a part contributes at most its best part score (over all counterparts) times its weight; a
#   part that may take part in a joined reading (`split_matches`: adjacent parts whose joined
#   consonant frame is close to a part of the other side) counts as fully matched;
# - with no conflict the score is at most sqrt(Ua·Ub), Ua and Ub those best-case coverages;
# - with conflicts, raising the weight of a conflicting part (it scores < 0.6 or nothing) moves
#   a coverage towards that part's score, so a coverage is at most max(U, 0.6), and each conflict
#   multiplies by CONFLICT_PENALTY; parts whose best score is < 0.6 are conflicts for sure
#   (k = min of their counts on both sides: each is a weak assignment or a leftover);
# - the order penalty only lowers the score; acronyms get no bound.
_WEAK_PART = 0.6  # as compare_analysed: assignments below this are conflicts


def part_score_bound(na: AnalysedName, nb: AnalysedName, rarity: RarityModel) -> float:
    """An upper bound of `compare_analysed(na, nb, rarity).score`, from part scores only."""
    pa, pb = na.parts, nb.parts
    if not pa or not pb or na.looks_like_acronym or nb.looks_like_acronym:
        return 1.0
    best_a = [0.0] * len(pa)
    best_b = [0.0] * len(pb)
    cache = PART_CACHE
    for i, x in enumerate(pa):
        kx = x.key
        for j, y in enumerate(pb):
            ky = y.key
            hit = cache.get((kx, ky) if kx <= ky else (ky, kx))
            sc = (hit if hit is not None else compare_parts(x, y))[0]
            if sc > best_a[i]:
                best_a[i] = sc
            if sc > best_b[j]:
                best_b[j] = sc
    if len(pa) + len(pb) >= 3:
        for xs, ys, bx, by in ((pa, pb, best_a, best_b), (pb, pa, best_b, best_a)):
            for i in range(len(xs) - 1):
                jsk = xs[i].skeleton + xs[i + 1].skeleton
                for j, y in enumerate(ys):
                    if _frames_close(jsk, y):
                        bx[i] = bx[i + 1] = by[j] = 1.0
    wa = _weights(pa, rarity)
    wb = _weights(pb, rarity)
    ua = sum(b * w for b, w in zip(best_a, wa, strict=True)) / sum(wa)
    ub = sum(b * w for b, w in zip(best_b, wb, strict=True)) / sum(wb)
    k = min(sum(b < _WEAK_PART for b in best_a), sum(b < _WEAK_PART for b in best_b))
    bound = CONFLICT_PENALTY ** max(1, k) * math.sqrt(max(ua, _WEAK_PART) * max(ub, _WEAK_PART))
    if k == 0:
        bound = max(bound, math.sqrt(ua * ub))
    return min(1.0, bound + 1e-4)  # + the rounding of scores to 4 decimals


def can_reach(
    query: AnalysedName, names: Sequence[AnalysedName], rarity: RarityModel, cut: float
) -> list[bool]:
    """For each of `names`, whether its score with `query` may reach `cut`: the cheap frame bound
    first where it was measured to hold (`cut` of at least FRAME_BOUND_MIN), then the sound
    part-score bound. A False is never a name scoring `cut` or more."""
    frames = (
        score_upper_bounds(query, names, rarity) if cut >= FRAME_BOUND_MIN else [1.0] * len(names)
    )
    return [
        b >= cut and part_score_bound(query, n, rarity) >= cut
        for n, b in zip(names, frames, strict=True)
    ]
