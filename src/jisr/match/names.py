"""Compare two names (any mix of Arabic and Latin script) into a score with an explanation."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import Any

from jisr.match.parts import _CACHE as PART_CACHE
from jisr.match.parts import (
    EXACT,
    INITIAL,
    MIN_PART_SCORE,
    compare_parts,
    is_initial,
    split_matches,
)
from jisr.names.glossary import is_latin_organisation
from jisr.names.latin import latin_tokens
from jisr.names.lexicon import LATIN_ARTICLES
from jisr.names.parts import (
    LATIN_TITLES,
    PREFIX_SKELETON,
    AnalysedName,
    NamePart,
    analyse_name,
    particle_first,
    prefetch_romanisations,
)
from jisr.names.rarity import RarityModel, default_rarity
from jisr.names.readings import read_apart

# Decision threshold: scores at or above it are reported as matches. Chosen on the ar2en-eval
# pairs, the UN cross-script set and the hard negatives (see jisr.match.evaluate).
DEFAULT_THRESHOLD = 0.75
CONFLICT_FLOOR = 0.4  # a conflicting part weighs at least this much, however common it is
CONFLICT_PENALTY = 0.85  # multiplied in once per pair of parts that contradict each other
ORDER_PENALTY = 0.02
ACRONYM_SCORE = 0.9
# A person's name on a list often runs longer than the same name in a passport or a payment: the
# list gives the chain of father's and grandfather's names (nasab), a kunya or second given
# names between the given name and the family name (QUSAY SADDAM HUSSEIN AL-TIKRITI), the
# document `Qusay al-Tikriti`. Where every part of one name is matched strongly (or read joined),
# and the other name's unmatched parts all lie between its matched first and last parts, those
# middle parts are left out, not contradicted: they weigh MIDDLE_WEIGHT of their rarity.
# Not for organisations: a group's name with words left out is as often another group's.
# Chosen on the UN short forms of `jisr eval` (0.679 found at 1.0, 0.826 at 0.7, 0.944 at 0.5,
# 0.988 at 0.35) against the hits it adds on made-up names (3,000 screened against UN + OFAC:
# 176 with a hit at 1.0, 186, 191, 204): `benchmarks/middle_weight.py`.
MIDDLE_WEIGHT = 0.5
# A lone particle ending a Latin name (`Majeed Abdul`, `Hakim Murad Abdul`: a given name `Abdul`
# split off and printed after the family name) is also read at the name's front
# (`particle_first`); that reading counts this much of its score: the letters agree, the
# order is our guess.
TURNED_FACTOR = 0.9
TURNED_NOTE = "read with the particle that ends it first"
MIDDLE_NOTE = "middle name(s) left out"  # how an explanation says `MIDDLE_WEIGHT` applied
# An initial (`M. Ali Hassan`) weighs as a common name part does: one letter of a name; and
# where only initials match, the names do not (`M.` / `Mohamed`, `M. A.` / `Mohamed Ali`)
INITIAL_WEIGHT = 0.3
ONLY_INITIALS = "only initials matched"
# A letter says which names a part may be, not which one: an initial counts towards a match
# only beside written parts that are distinctive enough on their own, matched parts weighing
# INITIAL_EVIDENCE or more in rarity (`O. Bin Laden`, `A. Qadhafi`, `M. Ali Hassan`, not
# `M. Khan`, `A. Omar`, `A. Ahmed`: thousands of people); below, the initial and its part are
# left unmatched, neither agreeing nor conflicting. An initial left unmatched stands for a
# given name not written, and weighs as one (INITIAL_LEFTOVER), not as a letter: `W. Mustafa`
# is no closer to a listed `Mustafa` than `Walid Mustafa` is. And an initial abbreviates a
# given name, never the family name that ends the other name (`H. Mohammad` is not `HAWWAT,
# Muhammad`). Chosen on made-up names written with an initial against the UN initials row of
# `jisr eval`: `benchmarks/initials.py`.
INITIAL_EVIDENCE = 0.6
INITIAL_LEFTOVER = 0.5
INITIAL_COMMON = "initial not counted, only common parts beside it"
INITIAL_ORDER = "initial not counted, out of order"
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
            "matched": [
                {"a": m.a, "b": m.b, "score": m.score, "how": m.how, "weight": m.weight}
                for m in self.matched
            ],  # PartMatch's fields (dataclasses.asdict deep-copies: 4% of bulk screening)
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
    """Rarity of a part; a patronymic (`bin Ali`) is as informative as its core (`Ali`); an
    initial says little (`INITIAL_WEIGHT`)."""
    if is_initial(part):
        return INITIAL_WEIGHT
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
    """Score two names in 0–1 (symmetric; 1 for identical non-empty names), explained. A name
    that gives its acronym in parentheses is also compared as its other readings (the acronym
    alone, which counts only as an exact match, and the name without it), as screening does."""
    best = compare_analysed(analyse_name(a), analyse_name(b), rarity, threshold)
    if "(" not in a and "(" not in b:
        return best
    for x, acr_x in _readings(a):
        for y, acr_y in _readings(b):
            if (x, y) == (a, b):
                continue
            nx, ny = analyse_name(x), analyse_name(y)
            m = compare_analysed(nx, ny, rarity, threshold)
            if m.score <= best.score:
                continue
            if (acr_x or acr_y) and not is_acronym_match(m, ny if acr_x else nx):
                continue
            best = m
    return best


PAIRS_CHUNK = 512  # pairs whose Arabic words the romaniser's model spells together


def compare_many(
    pairs: Iterable[tuple[str, str]],
    rarity: RarityModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Iterator[tuple[str, str, NameMatch]]:
    """(a, b, `compare_names(a, b)`) of each pair, in order, streamed: the Arabic-script names
    of each chunk of PAIRS_CHUNK pairs are romanised together first (`prefetch_romanisations`),
    so the words the romaniser's model must spell are decoded in batches (the same scores; on
    names never seen about twice the pairs a second of one by one: `benchmarks/run.py`)."""
    chunk: list[tuple[str, str]] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= PAIRS_CHUNK:
            yield from _compare_chunk(chunk, rarity, threshold)
            chunk = []
    yield from _compare_chunk(chunk, rarity, threshold)


def _compare_chunk(
    chunk: list[tuple[str, str]], rarity: RarityModel | None, threshold: float
) -> Iterator[tuple[str, str, NameMatch]]:
    prefetch_romanisations(name for pair in chunk for name in pair)
    for a, b in chunk:
        yield a, b, compare_names(a, b, rarity, threshold)


@lru_cache(maxsize=1 << 14)
def _readings(name: str) -> tuple[tuple[str, bool], ...]:
    """The name and its other readings (`jisr.names.readings`), each with whether it is an
    acronym read from a parenthesis. Cached: a listed name is compared again and again."""
    others, acronyms = read_apart(name)
    return ((name, False), *((r, r in acronyms) for r in others))


def is_acronym_match(m: NameMatch, query: AnalysedName) -> bool:
    """Whether a match with an acronym read from a listed name counts: the query is that acronym,
    written as one (capitals: `Sig` the person is not `SIG`), with nothing else (`AQAP Yemen`
    is not); not its sound (`IBB` is not `IIB`), nor another name's initials (AL-SHAHID
    CORPORATION is not AFGHAN SUPPORT COMMITTEE (ASC)): the name it is read from matches those."""
    return (
        query.looks_like_acronym
        and bool(m.matched)
        and all(p.how == "exact" for p in m.matched)
        and not m.missing
        and not m.extra
    )


def compare_analysed(
    na: AnalysedName,
    nb: AnalysedName,
    rarity: RarityModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    acronyms: bool = True,
    middle: bool = True,
) -> NameMatch:
    """Score two analysed names (`compare_names` on their analyses). With `acronyms` False, a
    name that looks like an acronym is compared only as a word, never as the other's initials
    (screening a person: `Ali Ahmad Hussain` is not `AAH`). With `middle` False, a longer name's
    middle parts count in full even where the shorter name is matched in full and the longer
    one at both ends (`MIDDLE_WEIGHT`: for a name known not to be a person's). A Latin name
    that a lone particle ends is also read with the particle at its front (`particle_first`:
    `Majeed Abdul` as `Abdul Majeed`), at `TURNED_FACTOR`, where that scores higher."""
    rarity = rarity or default_rarity()
    res = _compare_plain(na, nb, rarity, threshold, acronyms, middle)
    for x, y in ((particle_first(na), nb), (na, particle_first(nb))):
        if x is None or y is None or res.score >= 1.0:
            continue
        # a lone particle ending a name read at its front (`Majeed Abdul` = `Abdul Majeed`)
        alt = _compare_plain(x, y, rarity, threshold, acronyms, middle)
        score = round(alt.score * TURNED_FACTOR, 4)
        if score > res.score:
            turned = x if x is not na else y
            alt.a, alt.b, alt.score = na.text, nb.text, score
            alt.against.append(f"{TURNED_NOTE}: {turned.text} (x{TURNED_FACTOR:g})")
            res = alt
    return res


def _compare_plain(
    na: AnalysedName,
    nb: AnalysedName,
    rarity: RarityModel,
    threshold: float,
    acronyms: bool,
    middle: bool,
) -> NameMatch:
    """`compare_analysed` of the names as written."""
    if len(na.parts) == 1 and len(nb.parts) == 1:
        return _compare_single(na, nb, rarity, threshold, acronyms)
    return _compare_general(na, nb, rarity, threshold, acronyms, middle)


def _same_parts(na: AnalysedName, nb: AnalysedName) -> bool:
    """Whether two names read as the same parts, in any order: their letters are the same
    name's, not initials to weigh (`Ahmed, A` is itself, `G-9` too, and the Korean `YU CHOL U`
    is `YU, Chol U`)."""
    return len(na.parts) == len(nb.parts) and sorted(p.key for p in na.parts) == sorted(
        p.key for p in nb.parts
    )


def _compare_single(
    na: AnalysedName, nb: AnalysedName, rarity: RarityModel, threshold: float, acronyms: bool
) -> NameMatch:
    """`_compare_general` for two names of one part each (single words, mononyms), step for
    step with the steps that cannot apply left out: no joined readings, order or leftovers
    beyond the one pair. Same result (tested); a third of the time."""
    x, y = na.parts[0], nb.parts[0]
    s, how = compare_parts(x, y)
    wa, wb = _weights((x, y), rarity)
    res = NameMatch(na.text, nb.text, 0.0, threshold)
    if s >= MIN_PART_SCORE:
        if s < 0.6:  # a weak assignment: one conflict
            wa, wb = max(wa, CONFLICT_FLOOR), max(wb, CONFLICT_FLOOR)
            score = math.sqrt((s * wa) / wa * ((s * wb) / wb)) * CONFLICT_PENALTY
            res.against.append("1 conflicting part(s)")
        else:
            score = math.sqrt((s * wa) / wa * ((s * wb) / wb))
        res.matched.append(PartMatch(x.text, y.text, s, how, round(wa, 3)))
    else:  # the two parts are leftovers: one conflict, nothing covered
        score = 0.0
        res.missing, res.extra = [x.text], [y.text]
        res.against += ["1 conflicting part(s)", "coverage 0.00 / 0.00"]
    if how == INITIAL:  # a letter against a name (`A` / `A` is exact: the same name, 1.0)
        score = 0.0
        res.against.append(ONLY_INITIALS)
    return _finish(res, na, nb, score, acronyms)


def _compare_general(
    na: AnalysedName,
    nb: AnalysedName,
    rarity: RarityModel,
    threshold: float,
    acronyms: bool,
    middle: bool = True,
) -> NameMatch:
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
    people: tuple[bool, bool] | None = None  # whether each name may be a person's (initials)
    same: bool | None = None  # whether the names read as the same parts (`_same_parts`)
    for i, x in enumerate(pa):
        kx = x.key
        for j, y in enumerate(pb):
            ky = y.key
            hit = cache.get((kx, ky) if kx <= ky else (ky, kx))
            s, how = hit if hit is not None else compare_parts(x, y)
            if s >= MIN_PART_SCORE:
                if how == EXACT and is_initial(x) and same is None:
                    same = _same_parts(na, nb)
                if how == INITIAL or (how == EXACT and is_initial(x) and not same):
                    # a letter against a name or the same letter: initials, in persons' names
                    # only; the same letter in two organisations' names (`ISIL-K`) is exact
                    if people is None:
                        people = is_person_like(na), is_person_like(nb)
                    if people == (True, True):
                        if _family_name(x, i, y, j, na, nb):
                            continue
                        how = INITIAL
                    elif how == INITIAL or any(people):
                        continue
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
    not_counted = (
        _uncounted_initials(assigned, joins, wa, wb, pa, pb)
        if any(t[3] == INITIAL for t in assigned)
        else []
    )
    uncounted = [t for t, _ in not_counted]
    if uncounted:
        assigned = [t for t in assigned if t not in uncounted]
        used_a -= {t[1] for t in uncounted}
        used_b -= {t[2] for t in uncounted}
    left_a = [i for i in range(len(pa)) if i not in used_a]
    left_b = [j for j in range(len(pb)) if j not in used_b]
    # a person's initial left unmatched stands for a given name (not a company's `S.A.`)
    lone_a = [i for i in left_a if is_initial(pa[i])]
    lone_b = [j for j in left_b if is_initial(pb[j])]
    if (lone_a or lone_b) and is_person_like(na) and is_person_like(nb):
        for i in lone_a:
            wa[i] = max(wa[i], INITIAL_LEFTOVER)
        for j in lone_b:
            wb[j] = max(wb[j], INITIAL_LEFTOVER)
    # an initial left uncounted agrees with its part as far as it goes: no conflict
    conflicts = min(len(left_a) - len(uncounted), len(left_b) - len(uncounted))
    weak = [t for t in assigned if t[0] < 0.6]
    conflicts += len(weak)
    if conflicts:
        # contradicting parts count even when common: Mohamed vs Mahmoud is evidence against
        for i in left_a + [t[1] for t in weak]:
            wa[i] = max(wa[i], CONFLICT_FLOOR)
        for j in left_b + [t[2] for t in weak]:
            wb[j] = max(wb[j], CONFLICT_FLOOR)
    left_out: list[str] = []
    if middle and not conflicts and bool(left_a) != bool(left_b):
        # one name matched in full; the other's leftovers between its matched ends
        short_used, long_name, long_used, long_left, long_w = (
            (used_a, nb, used_b, left_b, wb) if left_b else (used_b, na, used_a, left_a, wa)
        )
        long_parts = long_name.parts
        if (
            len(short_used) >= 2
            and 0 in long_used
            and len(long_parts) - 1 in long_used
            and is_person_like(na)
            and is_person_like(nb)
            and not splits_a_word(
                long_name.text,
                frozenset(w for j in long_left for w in long_parts[j].text.split()),
            )
        ):
            for j in long_left:
                long_w[j] *= MIDDLE_WEIGHT
            left_out = [long_parts[j].text for j in long_left]
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
    for why in (INITIAL_ORDER, INITIAL_COMMON):
        pairs = ", ".join(f"{pa[t[1]].text} ~ {pb[t[2]].text}" for t, w in not_counted if w == why)
        if pairs:
            res.against.append(f"{why}: {pairs}")
    if left_out:
        res.against.append(f"{MIDDLE_NOTE}: {', '.join(left_out)} (weight x{MIDDLE_WEIGHT:g})")
    if left_a or left_b:
        res.against.append(f"coverage {cov_a:.2f} / {cov_b:.2f}")
    if _out_of_order([j for _, _, j, _ in by_a]):
        score -= ORDER_PENALTY
        res.against.append("parts in a different order")
    if assigned and not joins and all(t[3] == INITIAL for t in assigned):
        score = 0.0  # `M. A.` / `Mohamed Ali`: letters, no name
        res.against.append(ONLY_INITIALS)
    return _finish(res, na, nb, score, acronyms)


def _family_name(
    x: NamePart, i: int, y: NamePart, j: int, na: AnalysedName, nb: AnalysedName
) -> bool:
    """Whether an initial (x, part i of na, or y, part j of nb) would stand for the family name
    that ends the other name while the initial itself does not end its own: a given name's
    initial. Only where the other name says its last part is its family name
    (`_family_name_last`): `QADHAFI Ayesha` may be written family name first. (Two letters:
    either way round.)"""
    la, lb = len(na.parts), len(nb.parts)
    return (is_initial(x) and lb >= 2 and j == lb - 1 and i < la - 1 and _family_name_last(nb)) or (
        is_initial(y) and la >= 2 and i == la - 1 and j < lb - 1 and _family_name_last(na)
    )


def _family_name_last(name: AnalysedName) -> bool:
    """Whether a Latin name says that its last part is its family name: written `SURNAME, Given`
    (read `Given SURNAME`; not `Qadhafi Ayesha, Dr`, whose comma sets off a title), or `Given
    SURNAME` with only the family name in capitals (`Hafez AL-ASSAD`, `Nora MEJIA ARTEAGA`), as
    lists write persons. A name all in one case says nothing (the UN writes `KIM YONG CHOL`
    family name first), nor does Arabic script (its comma does not reorder the name)."""
    return name.script == "Latn" and _family_name_last_text(name.text)


@lru_cache(maxsize=1 << 14)
def _family_name_last_text(text: str) -> bool:
    if text.count(",") == 1:
        surname, given = (side.strip() for side in text.split(","))
        given_words = {w.strip(".").lower() for w in given.split()}
        if surname and given_words - LATIN_TITLES - _SUFFIXES:
            return True
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    capitals = [w.isupper() and len(w) > 1 for w in words]
    return len(words) >= 2 and capitals[-1] and not all(capitals)


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # after a comma, no given name


def _uncounted_initials(
    assigned: list[tuple[float, int, int, str]],
    joins: list[tuple[float, tuple[int, ...], tuple[int, ...], str]],
    wa: list[float],
    wb: list[float],
    pa: tuple[NamePart, ...],
    pb: tuple[NamePart, ...],
) -> list[tuple[tuple[float, int, int, str], str]]:
    """The initials' assignments that do not count, each with why. First those that put the
    written parts matched out of order (`S. Ali Hussain` / `Ali Saleh Husain`; a rotation,
    `QADHAFI A.` / `Ayesha Qadhafi`, is in order): the others are kept weightiest first, so of
    `M. S. Soleimani` / `Saleh Mohamed Soleimani` one initial counts. Then, where the written
    parts matched weigh less than `INITIAL_EVIDENCE` in rarity on either side, those that begin
    or end their name (`A. Omar`, `KHAN M.`: a given name not written; not `Mohamed E. Ali`,
    whose given and family names are there). None where nothing else matched (`ONLY_INITIALS`
    says why those names do not match)."""
    by_initial = [t for t in assigned if t[3] == INITIAL]
    written = [t for t in assigned if t[3] != INITIAL]
    if not by_initial or not (written or joins):
        return []
    out: list[tuple[tuple[float, int, int, str], str]] = []
    if _out_of_order(_order(assigned)) and not _out_of_order(_order(written)):
        # kept weightiest first; of equally weighty ones that cannot all be kept, none (so a
        # pair scores the same both ways round)
        def weight(t: tuple[float, int, int, str]) -> float:
            return wa[t[1]] + wb[t[2]]

        kept: list[tuple[float, int, int, str]] = []
        for _, group in groupby(sorted(by_initial, key=weight, reverse=True), key=weight):
            fit = [t for t in group if not _out_of_order(_order([*written, *kept, t]))]
            if not _out_of_order(_order([*written, *kept, *fit])):
                kept += fit
        out = [(t, INITIAL_ORDER) for t in by_initial if t not in kept]
        by_initial = kept
    # the rarity of the parts matched strongly (a weak assignment is a conflict, not evidence)
    got_a = sum(wa[i] for s, i, _, _ in written if s >= 0.6)
    got_b = sum(wb[j] for s, _, j, _ in written if s >= 0.6)
    for _, ia, jb, _ in joins:
        got_a += sum(wa[i] for i in ia)
        got_b += sum(wb[j] for j in jb)
    if min(got_a, got_b) < INITIAL_EVIDENCE:
        out += [(t, INITIAL_COMMON) for t in by_initial if _at_an_end(t, pa, pb)]
    return out


def _at_an_end(
    pair: tuple[float, int, int, str], pa: tuple[NamePart, ...], pb: tuple[NamePart, ...]
) -> bool:
    """Whether an initial of an assigned pair (score, i, j, how) is its name's first or last
    part."""
    _, i, j, _ = pair
    return (is_initial(pa[i]) and i in (0, len(pa) - 1)) or (
        is_initial(pb[j]) and j in (0, len(pb) - 1)
    )


def _order(assigned: list[tuple[float, int, int, str]]) -> list[int]:
    """The second name's places of assigned parts (score, i, j, how), in the first name's order."""
    return [j for _, _, j, _ in sorted(assigned, key=lambda t: t[1])]


def _out_of_order(order: list[int]) -> bool:
    """Whether matched parts lie in another order in the second name than in the first (`order`:
    their places in the second, in the first's order), a rotation apart (`SURNAME Given` /
    `Given SURNAME`)."""
    return order != sorted(order) and not _is_rotation(order)


@lru_cache(maxsize=1 << 16)
def splits_a_word(text: str, left_out: frozenset[str]) -> bool:
    """Whether words left out of a name (`left_out`) are part of a hyphenated word the rest of
    which is not: the Korean given name `Hyok-Chol` (Kim Hyok-Chol is not Kim Chol),
    `Jean-Marie`. A whole hyphenated word left out (`ABD-AL-LATIF`, the patronymic
    `SEIT-UMAROVICH`) is a middle name like any other."""
    for tok in latin_tokens(text):  # (Unicode hyphens read as '-', as the analysis reads them)
        if "-" in tok:
            pieces = set(tok.split("-")) - LATIN_ARTICLES
            if not pieces.isdisjoint(left_out) and not pieces <= left_out:
                return True
    return False


@lru_cache(maxsize=1 << 16)
def _person_like(parts: tuple[NamePart, ...], words: tuple[str, ...]) -> bool:
    return not any(p.glossed or p.glosses for p in parts) and not is_latin_organisation(words)


def is_person_like(name: AnalysedName) -> bool:
    """Whether a name may be a person's: no organisation word read in it (Arabic words read with
    the organisation glossary, a Latin organisation noun: group, front, harakat, ...)."""
    return _person_like(name.parts, name.words)


def _finish(
    res: NameMatch, na: AnalysedName, nb: AnalysedName, score: float, acronyms: bool = True
) -> NameMatch:
    """The acronym reading (`AQAP`) where it scores higher; the score rounded, in 0–1."""
    acr = (
        _acronym_score(na, nb)
        if acronyms and (na.looks_like_acronym or nb.looks_like_acronym)
        else 0.0
    )
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


ACRONYM_MIN_LETTERS = 3  # `AA` (a UN alias) is the initials of any Ahmed Aziz: no evidence


def _acronym_score(na: AnalysedName, nb: AnalysedName) -> float:
    for x, y in ((na, nb), (nb, na)):
        if x.looks_like_acronym and len(y.words) >= 2 and len(x.words[0]) >= ACRONYM_MIN_LETTERS:
            acr = x.words[0]
            full = y.acronym
            if acr == full:
                return ACRONYM_SCORE
            stripped = "".join(w[0] for w in y.words if w not in ("al", "el", "the", "of", "in"))
            if acr == stripped:
                return ACRONYM_SCORE
    return 0.0
