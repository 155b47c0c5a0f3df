"""Measure cross-list unification on real lists: the UN Security Council list against OFAC SDN.

The truth set comes from evidence that is *not* a name, so it does not inherit the matcher's
blind spots:

1. **Same document number.** Passport and national-id numbers (OFAC types that name a passport,
   a national/personal/identity/citizen card, cedula, DNI, tazkira, travel or residency document;
   every UN ``idNumber``, which are all passports or national identification numbers). Numbers are
   upper-cased and stripped of spaces, dashes, dots and slashes; when a value is a sentence
   ("CAR diplomatic passport no. D00000898") its tokens holding a digit are used instead. Numbers
   shorter than 5 characters or without a digit are ignored, and so are numbers held by more than
   two entities across both lists (shared placeholders, family documents).
2. **Same full date of birth and a shared nationality.** A ``YYYY-MM-DD`` birth date held by both
   entries (partial dates and ranges never count) together with a nationality or citizenship in
   common, country names normalised (UN "Russian Federation" = OFAC "Russia", "Democratic
   People's Republic of Korea" = "Korea, North", "Türkiye" = "Turkey", ...).

Both entries must have the same schema. Each truth pair is ``(un_sc:REF, us_ofac_sdn:ENTNUM)``.

The 2026 UN list and the 2021 OFAC snapshot differ in time: UN persons listed after mid-2021 are
not on this OFAC file, so recall is measured over the truth pairs only. Precision has no complete
truth (organisations and people without documents or full birth dates have no evidence), so it is
given as bounds: the *lower* bound counts every automatic ``same`` outside the truth set as wrong;
the *upper* bound counts only the pairs known to be wrong, which are

- ``schema``: entries of different kinds (a person and an organisation, vessel or aircraft);
- ``birth years``: both entries give birth years and none of them agree;
- ``other partner``: one entry's truth partner is a different entry (the truth is one-to-one);

and ``precision_decided`` is the precision over the pairs whose status is known either way
(in the truth set, or known wrong). A crowded birth key (a date + country held by more than two
entries) is ignored like a shared document number.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jisr.model import Prop
from jisr.store import Store, StoredEntity

LEFT = "un_sc"
RIGHT = "us_ofac_sdn"
UN_FILE = Path("un") / "un_consolidated_2026-02-27.xml"
OFAC_FILE = Path("ofac") / "bench_2021-07" / "sdn.csv"

MIN_DOC_LEN = 5
MAX_DOC_HOLDERS = 2
# score bins of the histogram: lower bounds; the first bin holds pairs never scored at all
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)

_ID_TYPE = re.compile(
    r"passport|national|personal|identi|\bid\b|citizen|cedula|c[ée]dula|d\.?n\.?i|tazkira|"
    r"travel document|residen|laissez|n[uú]mero de pasaporte|num[ée]ro de passeport",
    re.IGNORECASE,
)
_NOT_ID_TYPE = re.compile(r"\btax\b|driver|vessel|aircraft|company|imo\b|mmsi", re.IGNORECASE)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\b(\d{4})\b")
_DOC_STRIP = re.compile(r"[\s\-./]")

# spellings of the same country on the two lists (after lower-casing); others compare as written
COUNTRY_ALIASES = {
    "democratic people's republic of korea": "north korea",
    "korea, north": "north korea",
    "korea, democratic people's republic of": "north korea",
    "democratic republic of the congo": "dr congo",
    "congo, democratic republic of the": "dr congo",
    "iran (islamic republic of)": "iran",
    "russian federation": "russia",
    "syrian arab republic": "syria",
    "türkiye": "turkey",
    "turkiye": "turkey",
    "united kingdom of great britain and northern ireland": "united kingdom",
    "united republic of tanzania": "tanzania",
    "united states of america": "united states",
    "state of palestine": "palestine",
    "palestinian": "palestine",
    "possibly palestinian": "palestine",
    "the gambia": "gambia",
    "libyan arab jamahiriya": "libya",
    "viet nam": "vietnam",
    "myanmar": "burma",
    "lao people's democratic republic": "laos",
    "republic of moldova": "moldova",
    "bolivia (plurinational state of)": "bolivia",
    "venezuela (bolivarian republic of)": "venezuela",
    "north macedonia": "macedonia",
    "macedonia, the former yugoslav republic of": "macedonia",
}
NO_COUNTRY = {"", "na", "n/a", "unknown", "stateless", "former soviet union"}


def default_data_dir() -> Path:
    """``../shared/data`` beside the repository (src/jisr/unify/ → repo root → its parent)."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


# ---------------------------------------------------------------------- normalisation
def norm_country(value: str) -> str | None:
    v = " ".join(value.lower().split())
    v = v.removeprefix("of registration ")  # OFAC "Nationality of Registration X" (vessels)
    if v in NO_COUNTRY:
        return None
    return COUNTRY_ALIASES.get(v, v)


def norm_doc_numbers(value: str) -> set[str]:
    """The comparable forms of one document number (empty when it is too short to trust)."""
    whole = _DOC_STRIP.sub("", value.upper())
    if whole.isalnum() and len(whole) <= 20:
        candidates = [whole]
    else:  # a sentence around the number: keep its tokens that hold a digit
        candidates = [_DOC_STRIP.sub("", t) for t in re.split(r"[\s,;:()]+", value.upper())]
    return {
        c
        for c in candidates
        if len(c) >= MIN_DOC_LEN and c.isalnum() and any(ch.isdigit() for ch in c)
    }


def is_id_document(type_label: str | None, dataset: str) -> bool:
    if dataset == LEFT:
        return True  # every UN idNumber is a passport or a national identification number
    label = type_label or ""
    return bool(_ID_TYPE.search(label)) and not _NOT_ID_TYPE.search(label)


@dataclass
class Evidence:
    """What an entry says about itself that is not a name."""

    id: str
    schema: str
    caption: str
    docs: set[str] = field(default_factory=set)
    full_dobs: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


def evidence_of(entity: StoredEntity) -> Evidence:
    ev = Evidence(entity.id, entity.schema, entity.caption)
    for st in entity.statements:
        if st.prop == Prop.DOCUMENT:
            label = (st.extra or {}).get("type") or st.qualifier
            if is_id_document(label, entity.dataset):
                ev.docs |= norm_doc_numbers(st.value)
        elif st.prop == Prop.BIRTH_DATE:
            if _FULL_DATE.match(st.value):
                ev.full_dobs.add(st.value)
            years = [int(y) for y in _YEAR.findall(st.value)]
            if len(years) == 2 and years[0] <= years[1] <= years[0] + 15:  # a range "1968/1972"
                ev.years.update(range(years[0], years[1] + 1))
            else:
                ev.years.update(years)
        elif st.prop in (Prop.NATIONALITY, Prop.CITIZENSHIP):
            c = norm_country(st.value)
            if c:
                ev.countries.add(c)
    return ev


# ---------------------------------------------------------------------- the truth set
@dataclass
class TruthPair:
    left: str  # un_sc:REF
    right: str  # us_ofac_sdn:ENTNUM
    evidence: list[str]  # "passport/id 12345678", "born 1961-05-01, nationality iraq"

    @property
    def key(self) -> tuple[str, str]:
        return (self.left, self.right)


def build_truth(
    left: Iterable[Evidence], right: Iterable[Evidence]
) -> tuple[list[TruthPair], dict[str, int]]:
    """Truth pairs between the two lists from shared document numbers or (full birth date +
    nationality). Returns the pairs (sorted) and counts per rule."""
    lefts, rights = list(left), list(right)
    holders: dict[str, set[str]] = defaultdict(set)
    born: dict[tuple[str, str], set[str]] = defaultdict(set)  # (date, country) -> holders
    for ev in (*lefts, *rights):
        for d in ev.docs:
            holders[d].add(ev.id)
        for dob in ev.full_dobs:
            for c in ev.countries:
                born[(dob, c)].add(ev.id)
    ambiguous = {d for d, ids in holders.items() if len(ids) > MAX_DOC_HOLDERS}
    crowded = {k for k, ids in born.items() if len(ids) > MAX_DOC_HOLDERS}
    by_doc: dict[str, list[Evidence]] = defaultdict(list)
    by_born: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for ev in rights:
        for d in ev.docs - ambiguous:
            by_doc[d].append(ev)
        for dob in ev.full_dobs:
            for c in ev.countries:
                if (dob, c) not in crowded:
                    by_born[(dob, c)].append(ev)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    schemas: dict[tuple[str, str], bool] = {}
    for ev in lefts:
        for d in sorted(ev.docs - ambiguous):
            for other in by_doc.get(d, []):
                found[(ev.id, other.id)].append(f"document {d}")
                schemas[(ev.id, other.id)] = ev.schema == other.schema
        for dob in sorted(ev.full_dobs):
            for c in sorted(ev.countries):
                for other in by_born.get((dob, c), []):
                    found[(ev.id, other.id)].append(f"born {dob}, nationality {c}")
                    schemas[(ev.id, other.id)] = ev.schema == other.schema
    pairs = [TruthPair(a, b, sorted(set(why))) for (a, b), why in found.items() if schemas[(a, b)]]
    pairs.sort(key=lambda p: p.key)
    counts = {
        "document": sum(1 for p in pairs if any(w.startswith("document") for w in p.evidence)),
        "birth_date_and_nationality": sum(
            1 for p in pairs if any(w.startswith("born") for w in p.evidence)
        ),
        "both_rules": sum(
            1
            for p in pairs
            if any(w.startswith("document") for w in p.evidence)
            and any(w.startswith("born") for w in p.evidence)
        ),
        "ambiguous_documents_ignored": len(ambiguous),
        "crowded_birth_keys_ignored": len(crowded),
        "schema_mismatch_dropped": sum(1 for ok in schemas.values() if not ok),
    }
    return pairs, counts


def truth_from_store(
    store: Store, left: str = LEFT, right: str = RIGHT
) -> tuple[list[TruthPair], dict[str, int], dict[str, Evidence]]:
    evs = {e.id: evidence_of(e) for e in store.iter_current([left, right])}
    lefts = [ev for i, ev in evs.items() if i.startswith(left + ":")]
    rights = [ev for i, ev in evs.items() if i.startswith(right + ":")]
    pairs, counts = build_truth(lefts, rights)
    return pairs, counts, evs


def contradicted(a: Evidence, b: Evidence) -> bool:
    """Both entries give birth years and none of them agree: not the same person (or a list
    error), whatever the names say."""
    return bool(a.years) and bool(b.years) and not (a.years & b.years)


_SCHEMA_FREE = {"Unknown", "LegalEntity", ""}


def wrong_reasons(a: Evidence, b: Evidence, partner: dict[str, str]) -> list[str]:
    """Why an (a, b) pair outside the truth set is known to be wrong; empty when unknown."""
    why = []
    if a.schema != b.schema and a.schema not in _SCHEMA_FREE and b.schema not in _SCHEMA_FREE:
        why.append("schema")
    if contradicted(a, b):
        why.append("birth years")
    if partner.get(a.id, b.id) != b.id or partner.get(b.id, a.id) != a.id:
        why.append("other partner")
    return why


# ---------------------------------------------------------------------- the evaluation
@dataclass
class HistogramRow:
    low: float
    high: float
    truth: int
    others: int | None  # None: pairs below the keep floor are not kept by resolve, so not counted

    @property
    def label(self) -> str:
        return f"{self.low:.2f}–{self.high:.2f}"


@dataclass
class ScreenRecall:
    queries: str  # the list whose primary names are screened
    against: str  # the list they are screened against
    pairs: int
    found: int  # the truth partner is a hit (at or above the default threshold)
    top1: int  # ... the best one
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.pairs)


def screen_recall(
    store: Store, truth: list[TruthPair], evs: dict[str, Evidence], queries: str, against: str
) -> ScreenRecall:
    """Screen the primary name of each truth pair's `queries`-side entry against the `against`
    list alone, with its earliest full birth date, a nationality and its schema."""
    from jisr.screen.screener import Screener

    screener = Screener.open(store, [against])
    out = ScreenRecall(queries, against, len(truth), 0, 0)
    for tp in truth:
        q, want = (tp.left, tp.right) if tp.left.startswith(queries + ":") else (tp.right, tp.left)
        ev = evs[q]
        got = screener.screen(
            ev.caption,
            dob=min(ev.full_dobs, default=None),
            country=min(ev.countries, default=None),
            schema=ev.schema,
            audit=False,
        )
        ids = [h.meta.id for h in got.hits]
        out.found += want in ids
        out.top1 += ids[:1] == [want]
        if want not in ids:
            out.missed.append(
                {"query": ev.caption, "entry": want, "name": evs[want].caption,
                 "hits": [h.meta.caption for h in got.hits[:3]]}
            )  # fmt: skip
    return out


@dataclass
class UnifyEval:
    un_file: str
    ofac_file: str
    entities: dict[str, int]
    truth_pairs: int
    truth_rules: dict[str, int]
    auto_same: int  # pairs decided `same` automatically
    auto_same_in_truth: int
    auto_same_known_wrong: int  # `same` pairs known to be wrong (see the module doc)
    known_wrong_reasons: dict[str, int]
    precision: float  # auto_same_in_truth / auto_same (a lower bound: see the module doc)
    precision_upper: float  # 1 - known wrong / auto_same
    precision_decided: float  # in truth / (in truth + known wrong)
    recall_same: float  # truth pairs decided `same` / truth pairs
    review: int  # pairs queued for review
    review_in_truth: int
    recall_with_review: float  # truth pairs `same` or queued / truth pairs
    recall_clusters: float  # truth pairs ending in one unified entity (through chains too)
    truth_not_proposed: int  # truth pairs the name index never proposed as candidates
    pairs_scored: int
    thresholds: dict[str, float]
    histogram: list[HistogramRow]
    timings: dict[str, float]
    sample: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)  # automatic `same`, known wrong
    unverified: list[dict[str, Any]] = field(default_factory=list)  # `same`, no evidence either way
    # screening one list's entry by its primary name (with its earliest full birth date and
    # nationality, as a bank or a border post would) against the other list alone: per
    # direction, how often the truth partner is a hit (`ScreenRecall`)
    screening: list[ScreenRecall] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["histogram"] = [
            {"scores": r.label, "low": r.low, "high": r.high, "truth": r.truth, "others": r.others}
            for r in self.histogram
        ]
        for k in (
            "precision",
            "precision_upper",
            "precision_decided",
            "recall_same",
            "recall_with_review",
            "recall_clusters",
        ):
            out[k] = round(out[k], 4)
        out["timings"] = {k: round(v, 2) for k, v in self.timings.items()}
        for row, sr in zip(out["screening"], self.screening, strict=True):
            row["recall"] = round(sr.recall, 4)
        return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _histogram(
    truth_scores: list[float], other_scores: list[float], edges: list[float]
) -> list[HistogramRow]:
    rows = []
    for k, low in enumerate(edges):
        high = edges[k + 1] if k + 1 < len(edges) else 1.0
        last = k + 1 == len(edges)

        def inside(s: float, low: float = low, high: float = high, last: bool = last) -> bool:
            return low <= s < high or (last and s == high)

        rows.append(
            HistogramRow(
                low,
                high,
                sum(1 for s in truth_scores if inside(s)),
                None if k == 0 else sum(1 for s in other_scores if inside(s)),
            )
        )
    return rows


def evaluate_unify(
    data_dir: Path | None = None,
    *,
    home: Path | None = None,
    sample: int = 20,
    progress: bool = False,
) -> UnifyEval:
    """Import the UN and OFAC files into a fresh store, build the truth set, resolve the two
    lists against each other and measure the automatic decisions."""
    from jisr.ingest import import_file
    from jisr.screen.screener import Screener
    from jisr.unify.link import LinkParams, pair_score, query_names
    from jisr.unify.resolve import AUTO_SAME, REVIEW, resolve

    data_dir = data_dir or default_data_dir()
    un_path, ofac_path = data_dir / UN_FILE, data_dir / OFAC_FILE
    for p in (un_path, ofac_path):
        if not p.exists():
            raise FileNotFoundError(f"{p}: missing (see ../shared/data/SOURCES.md)")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jisr-eval-", dir=home) as tmp:
        store = Store(home=Path(tmp))
        try:
            t = time.perf_counter()
            import_file(store, un_path)
            import_file(store, ofac_path)
            timings["import"] = time.perf_counter() - t

            t = time.perf_counter()
            truth, rules, evs = truth_from_store(store)
            timings["truth_set"] = time.perf_counter() - t
            truth_keys = {p.key for p in truth}

            datasets = [LEFT, RIGHT]
            t = time.perf_counter()
            screener = Screener.open(store, datasets)
            timings["index_build"] = time.perf_counter() - t

            t = time.perf_counter()
            res = resolve(store, datasets, cross_only=True, progress=progress)
            timings["resolve"] = time.perf_counter() - t

            t = time.perf_counter()
            # the pairs come back (smaller id, larger id): "un_sc:" sorts before "us_ofac_sdn:"
            by_pair = {(p.left, p.right): p for p in res.pairs}
            same = {k for k, p in by_pair.items() if p.outcome == "same"}
            queued = {k for k, p in by_pair.items() if p.outcome == "review"}
            unified_of = {m: uid for uid, ms in res.clusters.items() for m in ms}
            pos = {m.id: i for i, m in enumerate(screener.metas)}

            params = LinkParams(min_score=REVIEW * 0.8)  # as resolve() links

            def proposed(a: str, b: str) -> bool:
                ia, ib = pos[a], pos[b]
                for x, y in ((ia, ib), (ib, ia)):
                    for name, _label in query_names(screener.candidates[x], params):
                        found = screener.index.candidates(name, limit=params.candidates_per_name)
                        if y in found:
                            return True
                return False

            truth_scores: dict[tuple[str, str], float] = {}
            not_proposed = 0
            for tp in truth:
                if tp.key in by_pair:
                    truth_scores[tp.key] = by_pair[tp.key].score
                    continue
                a = screener.candidates[pos[tp.left]]
                b = screener.candidates[pos[tp.right]]
                truth_scores[tp.key] = pair_score(a, b, params).score
                if not proposed(tp.left, tp.right):
                    not_proposed += 1
            other_scores = [p.score for k, p in by_pair.items() if k not in truth_keys]
            floor = params.min_score
            edges = sorted({0.0, floor, REVIEW, 0.8, AUTO_SAME, 0.95})
            hist = _histogram(list(truth_scores.values()), other_scores, edges)

            partner = {x: y for tp in truth for x, y in (tp.key, tp.key[::-1])}
            outside = sorted(same - truth_keys)
            why = {k: wrong_reasons(evs[k[0]], evs[k[1]], partner) for k in outside}
            known_wrong = [k for k in outside if why[k]]
            reasons: dict[str, int] = defaultdict(int)
            for k in known_wrong:
                for w in why[k]:
                    reasons[w] += 1
            tp_same = len(same & truth_keys)

            def brief(key: tuple[str, str], score: float | None = None) -> dict[str, Any]:
                a, b = key
                row: dict[str, Any] = {
                    "un": a,
                    "un_name": evs[a].caption,
                    "ofac": b,
                    "ofac_name": evs[b].caption,
                }
                if score is not None:
                    row["score"] = round(score, 3)
                return row

            samples = _spread(truth, sample)
            report = UnifyEval(
                un_file=str(un_path),
                ofac_file=str(ofac_path),
                entities={LEFT: len(evs) - len(_of(evs, RIGHT)), RIGHT: len(_of(evs, RIGHT))},
                truth_pairs=len(truth),
                truth_rules=rules,
                auto_same=len(same),
                auto_same_in_truth=tp_same,
                auto_same_known_wrong=len(known_wrong),
                known_wrong_reasons=dict(sorted(reasons.items())),
                precision=_ratio(tp_same, len(same)),
                precision_upper=1.0 - _ratio(len(known_wrong), len(same)) if same else 0.0,
                precision_decided=_ratio(tp_same, tp_same + len(known_wrong)),
                recall_same=_ratio(tp_same, len(truth)),
                review=len(queued),
                review_in_truth=len(queued & truth_keys),
                recall_with_review=_ratio(len((same | queued) & truth_keys), len(truth)),
                recall_clusters=_ratio(
                    sum(
                        1
                        for a, b in truth_keys
                        if a in unified_of and unified_of.get(a) == unified_of.get(b)
                    ),
                    len(truth),
                ),
                truth_not_proposed=not_proposed,
                pairs_scored=len(res.pairs),
                thresholds={"auto_same": AUTO_SAME, "review": REVIEW, "kept_from": floor},
                histogram=hist,
                timings=timings,
                sample=[
                    {**brief(tp.key, truth_scores[tp.key]), "evidence": tp.evidence}
                    for tp in samples
                ],
                missed=[
                    {**brief(k, truth_scores[k]), "evidence": tp.evidence}
                    for tp in truth
                    if (k := tp.key) not in same and k not in queued
                ],
                wrong=[
                    {
                        **brief(k, by_pair[k].score),
                        "why": why[k],
                        "matched": _matched(by_pair[k].explanation),
                    }
                    for k in known_wrong
                ],
                unverified=[
                    {**brief(k, by_pair[k].score), "matched": _matched(by_pair[k].explanation)}
                    for k in outside
                    if not why[k]
                ],
            )
            timings["measure"] = time.perf_counter() - t
            t = time.perf_counter()
            report.screening = [
                screen_recall(store, truth, evs, RIGHT, LEFT),
                screen_recall(store, truth, evs, LEFT, RIGHT),
            ]
            timings["screening"] = time.perf_counter() - t
        finally:
            store.close()
    timings["total"] = time.perf_counter() - started
    return report


def _matched(explanation: dict[str, Any]) -> str:
    name = explanation.get("name") if isinstance(explanation, dict) else None
    if isinstance(name, dict):
        return f"{name.get('a', '')} = {name.get('b', '')}"
    return ""


def _of(evs: dict[str, Evidence], dataset: str) -> list[str]:
    return [i for i in evs if i.startswith(dataset + ":")]


def _spread(pairs: list[TruthPair], n: int) -> list[TruthPair]:
    """``n`` pairs spread evenly over the (sorted) truth set: a deterministic hand-check sample."""
    if n <= 0 or not pairs:
        return []
    if n >= len(pairs):
        return list(pairs)
    step = len(pairs) / n
    return [pairs[int(k * step)] for k in range(n)]
