"""Compare a screening query with a listed entity: names plus optional evidence (date of birth,
country, document numbers), each raising or lowering the score, with an explanation."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jisr.match.names import (
    DEFAULT_THRESHOLD,
    MIDDLE_NOTE,
    TURNED_NOTE,
    NameMatch,
    compare_analysed,
    is_acronym_match,
)
from jisr.match.parts import INITIAL
from jisr.names.parts import AnalysedName, analyse_name

WEAK_ALIAS_FACTOR = 0.95  # a weak (UN "Low") alias counts a little less than a real name
DOB_EXACT, DOB_MONTH, DOB_YEAR, DOB_RANGE, DOB_CONFLICT = 0.06, 0.04, 0.03, 0.02, -0.12
DOB_FULL_CONFLICT = -0.08  # same year, both dates complete, different day and month
COUNTRY_MATCH, COUNTRY_CONFLICT = 0.03, -0.05
DOCUMENT_MATCH = 0.25
_WEAK = frozenset({"weakAlias", "Low", "low", "weak"})
# what a weak alias (UN "Low", OFAC "weak AKA": nicknames, noms de guerre, kunyas) may do:
# be a hit on its own (the default), or only confirm one, with a date of birth, country or
# document that agrees (OFAC FAQ 124: "OFAC does not expect that persons will screen for weak
# AKAs, but expects that such AKAs may be used to help determine whether a hit arising from
# other information is accurate")
WEAK_HIT, WEAK_SUPPORT = "hit", "support"
WEAK_ALIAS_POLICIES = (WEAK_HIT, WEAK_SUPPORT)
_PERSON = "Person"
_UNKNOWN = "Unknown"


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    dob: str | None = None  # ISO partial ("1971", "1971-05", "1971-05-03") or range "1968/1972"
    country: str | None = None
    documents: tuple[str, ...] = ()
    # what the query names, when known (linking listed entities): a person's name is never an
    # acronym's expansion
    schema: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    names: list[tuple[str, str]]  # (name, prop or qualifier: "name", "alias", "weakAlias", ...)
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    schema: str = "Person"
    # names among `names` that are another reading of a listed name (its acronym in
    # parentheses, `jisr.names.readings`) → that listed name
    readings: dict[str, str] = field(default_factory=dict)
    # of those, the acronyms: they match a query that is the acronym, never by sound or
    # initials (`IBB` is not `IIB`)
    acronyms: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str  # "dob", "country", "document"
    effect: float  # added to the name score
    detail: str


@dataclass(slots=True)
class EntityMatch:
    candidate_id: str
    score: float
    name_match: NameMatch
    evidence: list[Evidence]
    threshold: float = DEFAULT_THRESHOLD
    uncapped: float = 0.0  # the score before it was held to 0..1 (orders hits scored equal)

    @property
    def matched_name(self) -> str:
        return self.name_match.b

    @property
    def is_match(self) -> bool:
        return self.score >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate_id,
            "score": round(self.score, 4),
            "match": self.is_match,
            "matched_name": self.matched_name,
            "name": self.name_match.to_dict(),
            "evidence": [
                {"kind": e.kind, "effect": e.effect, "detail": e.detail} for e in self.evidence
            ],
        }

    def describe(self) -> str:
        ev = "; ".join(f"{e.kind} {e.effect:+.2f} ({e.detail})" for e in self.evidence)
        text = f"{self.score:.2f} [{self.candidate_id}] {self.name_match.describe()}"
        return text + (f"; evidence: {ev}" if ev else "")


def compare_entities(
    query: Query,
    candidate: Candidate,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    query_name: AnalysedName | None = None,
    analysed: Sequence[AnalysedName | None] | None = None,
    memo: dict[str, NameMatch] | None = None,
    consider: Sequence[bool] | None = None,
    weak_aliases: str = WEAK_HIT,
) -> EntityMatch:
    """Best name match over the candidate's names, then evidence added or subtracted.

    `query_name` (the analysed `query.name`) and `analysed` (per name of the candidate, e.g.
    from the index, None where unknown) only save the analysis: the result is the same. `memo`
    (name → match, for one query name, threshold and query schema) lets several candidates of
    one query share the scoring of a name they both have. `consider` (per name) skips the names
    marked False: a caller that knows they cannot reach its threshold (a score bound) saves
    their scoring.
    `weak_aliases` (`WEAK_ALIAS_POLICIES`): with `support`, a weak alias counts only where the
    evidence, taken together, is in its favour (a date of birth, country or document agrees,
    and what disagrees does not outweigh it)."""
    if weak_aliases not in WEAK_ALIAS_POLICIES:
        raise ValueError(f"weak_aliases {weak_aliases!r}: expected one of {WEAK_ALIAS_POLICIES}")
    qa = query_name if query_name is not None else analyse_name(query.name)
    # initials count only for a query that is the acronym (`AAH`), found in an organisation's
    # name: a person's name whose initials spell a listed acronym (`Ali Ahmad Hussain`, AAH of
    # Asa'ib Ahl al-Haq) is a coincidence, and one in a few dozen names screened has one
    acronym_query = qa.looks_like_acronym and query.schema != _PERSON
    initials_count = acronym_query and candidate.schema != _PERSON
    # a longer name's middle parts weigh less (`MIDDLE_WEIGHT`) between persons' names only: not
    # where the list or the query says the name is an organisation's, a vessel's, an aircraft's
    middle = candidate.schema in (_PERSON, _UNKNOWN) and query.schema in (None, _PERSON, _UNKNOWN)
    best: NameMatch | None = None
    best_score = -1.0
    weak: NameMatch | None = None  # the best weak alias, kept apart under `support`
    weak_score = -1.0
    apart = weak_aliases == WEAK_SUPPORT
    done = memo if memo is not None else {}  # a name listed twice (name + alias) is scored once

    def score(i: int, name: str, acronyms: bool) -> NameMatch:
        na = analysed[i] if analysed is not None else None
        listed = na if na is not None else analyse_name(name)
        return compare_analysed(qa, listed, None, threshold, acronyms=acronyms, middle=middle)

    for i, (name, prop) in enumerate(candidate.names):
        if consider is not None and not consider[i]:
            continue
        memo_key = name if middle else "\x00" + name  # (a person's name scores otherwise)
        m = done.get(memo_key)
        if m is None:
            m = done[memo_key] = score(i, name, acronym_query)
        if not initials_count and m.matched and m.matched[0].how == "acronym":
            m = score(i, name, False)
        if name in candidate.acronyms and not is_acronym_match(m, qa):
            continue
        is_weak = prop in _WEAK
        s = m.score * (WEAK_ALIAS_FACTOR if is_weak else 1.0)
        if apart and is_weak:
            if s > weak_score:
                weak, weak_score = m, s
        elif s > best_score or (
            s == best_score and best and not is_weak and guesses(m) < guesses(best)
        ):
            # of names scored equal, the one read with fewest guesses (never a weak alias)
            best, best_score = m, s
    evidence: list[Evidence] = []
    if query.dob and candidate.birth_dates:
        evidence.append(_dob_evidence(query.dob, candidate.birth_dates))
    if query.country and candidate.countries:
        evidence.append(_country_evidence(query.country, candidate.countries))
    if query.documents and candidate.documents:
        ev = _document_evidence(query.documents, candidate.documents)
        if ev:
            evidence.append(ev)
    if weak is not None and weak_score > best_score and sum(e.effect for e in evidence) > 0:
        best, best_score = weak, weak_score  # a weak alias, confirmed by the evidence
    if best is None:
        best, best_score = compare_analysed(qa, analyse_name(""), None, threshold), 0.0
    score = best_score + sum(e.effect for e in evidence)
    held = round(max(0.0, min(1.0, score)), 4)
    return EntityMatch(candidate.id, held, best, evidence, threshold, round(score, 4))


def guesses(m: NameMatch) -> int:
    """How many readings that are guesses a name match rests on: initials, middle names left
    out, a particle read at a name's front (of two names scoring the same, the other is the
    better evidence: `Raed M. Hijazi` = `HIJAZI, Raed M` as written, rather than by the
    initial against `RAED MUHAMMAD HASAN MUHAMMAD HIJAZI`)."""
    return sum(p.how == INITIAL for p in m.matched) + sum(
        t.startswith((TURNED_NOTE, MIDDLE_NOTE)) for t in m.against
    )


def max_evidence(query: Query) -> float:
    """The most the query's evidence can add to a name score (a date of birth, a country and
    document numbers each raise it by at most their exact-match effect): an entity none of whose
    names scores at least `threshold - max_evidence(query)` cannot reach `threshold`."""
    return (
        (DOB_EXACT if query.dob else 0.0)
        + (COUNTRY_MATCH if query.country else 0.0)
        + (DOCUMENT_MATCH if query.documents else 0.0)
    )


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _parse(value: str) -> tuple[int, int, int | None, int | None] | None:
    """(first year, last year, month, day) of a partial date or a `YYYY/YYYY` range; None for
    what is not one, a month or day that does not exist included (`1971-13-45` is no date, and
    must not count against a listed one)."""
    value = value.strip()
    if value.count("/") > 1:
        return None
    if "/" in value:
        a, _, b = value.partition("/")
        pa, pb = _parse(a), _parse(b)
        if not (pa and pb):
            return None
        return (min(pa[0], pb[0]), max(pa[1], pb[1]), None, None)  # 1972/1968 is 1968/1972
    m = _DATE_RE.match(value)
    if not m:
        return None
    y = int(m.group(1))
    if y < 1000:  # `0000`: a placeholder, no year
        return None
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            datetime.date(y, month or 1, day)
        except ValueError:
            return None
    return y, y, month, day


def readable_date(value: str) -> bool:
    """Whether a date of birth is one that screening reads (`1971`, `1971-05`, `1971-05-03`,
    a range `1968/1972`); one that is not is no evidence either way."""
    return _parse(value) is not None


def known_country(value: str) -> bool:
    """Whether a country or nationality is one jisr recognises (code, name or demonym, in
    English, French or Arabic); one it does not is compared as written, never counted against."""
    return _country_code(value) is not None


def _dob_evidence(dob: str, dates: list[str]) -> Evidence:
    q = _parse(dob)
    if q is None:
        return Evidence("dob", 0.0, f"cannot read {dob!r}")
    listed = [(d, c) for d in dates if (c := _parse(d)) is not None]
    if not listed:  # a listed date that is no date counts neither way
        return Evidence("dob", 0.0, f"cannot read the listed {', '.join(dates)}")
    best = Evidence("dob", DOB_CONFLICT, f"{dob} not in {', '.join(dates)}")
    for d, c in listed:
        if q[0] == q[1] == c[0] == c[1]:
            if q[2] is not None and q[3] is not None and q[2:] == c[2:]:
                return Evidence("dob", DOB_EXACT, f"same date {d}")
            if q[2] is not None and c[2] is not None and q[2] != c[2]:
                if q[3] is not None and (q[3], q[2]) == (c[2], c[3]):
                    ev = Evidence("dob", 0.0, f"day and month swapped {d}")
                elif q[3] is not None and c[3] is not None:
                    # two full dates in the same year: usually two different people
                    ev = Evidence("dob", DOB_FULL_CONFLICT, f"other full date {d}")
                else:
                    ev = Evidence("dob", 0.0, f"same year, other month {d}")
            else:
                same_month = q[2] is not None and q[2] == c[2]
                ev = Evidence("dob", DOB_MONTH if same_month else DOB_YEAR, f"same year {d}")
        elif q[0] <= c[1] and c[0] <= q[1]:
            ev = Evidence("dob", DOB_RANGE, f"overlapping {d}")
        elif min(abs(q[0] - c[1]), abs(c[0] - q[1])) <= 1:
            ev = Evidence("dob", 0.0, f"one year apart from {d}")
        else:
            continue
        if ev.effect > best.effect:
            best = ev
    return best


def _norm(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.casefold())


def _country_code(text: str) -> str | None:
    """ISO code of a country written as a code, a name or a demonym ("nationality Iraq" too)."""
    from jisr.countries import resolve_country

    words = text.replace(",", " ").split()
    for k in range(len(words)):
        code = resolve_country(" ".join(words[k:]))
        if code:
            return code
    return None


def _country_evidence(country: str, countries: list[str]) -> Evidence:
    """`DZ`, `Algeria`, `algérienne` and `الجزائر` are one country. A conflict is only said when
    both sides are known countries; an unknown spelling is compared as written, never counted
    against."""
    q = _norm(country)  # (empty for a text in another script: `Чечня`, `روسيا`)
    if q and any(_norm(c) == q for c in countries):
        return Evidence("country", COUNTRY_MATCH, f"{country} listed")
    code = _country_code(country)
    listed = {c for c in (_country_code(x) for x in countries) if c}
    if code and code in listed:
        return Evidence("country", COUNTRY_MATCH, f"{country} ({code}) listed")
    if code and listed and len(listed) == len(countries):
        return Evidence("country", COUNTRY_CONFLICT, f"{country} not in {', '.join(countries)}")
    return Evidence("country", 0.0, f"{country}: cannot compare with {', '.join(countries)}")


def _document_evidence(docs: tuple[str, ...], listed: list[str]) -> Evidence | None:
    known = {_norm(d): d for d in listed if len(_norm(d)) >= 5}
    for d in docs:
        if _norm(d) in known:
            return Evidence("document", DOCUMENT_MATCH, f"document {known[_norm(d)]} listed")
    return None
