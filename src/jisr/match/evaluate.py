"""Measured quality of the matcher on real data (pure functions, no database).

Run all: `uv run python -m jisr.match.evaluate [DATA_DIR]` (default ../shared/data).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jisr.match.index import NameIndex
from jisr.match.names import DEFAULT_THRESHOLD, compare_many
from jisr.names.readings import acronym_readings, parenthesised_acronyms

HARD_NEGATIVES = Path(__file__).with_name("hard_negatives.tsv")
FRENCH_ORGANISATIONS = Path(__file__).with_name("french_organisations.tsv")
# written without seeing the word list, never used to extend it
FRENCH_HELD_OUT = Path(__file__).with_name("french_organisations_held_out.tsv")
UN_FILE = "un/un_consolidated_2026-02-27.xml"
AR2EN_EVAL = "translit/google_ar2en/ar2en-eval.txt"


@dataclass(slots=True)
class UnName:
    entity: int
    reference: str
    prop: str
    qualifier: str
    script: str
    value: str


@dataclass(slots=True)
class Recall:
    """Top-1 recall of a set of queries that must each find their own entry.

    A *tie* is a query whose own entry scores exactly as high as the best other entry (the same
    name listed for several people, e.g. `Abdul Rahman`, or two branches of one organisation):
    the analyst sees both at the same rank, so `recall` counts it as a hit; `strict_recall`
    counts it as a miss. Ties are listed in `tied` so they can be checked by hand.
    """

    name: str
    total: int = 0
    hits: int = 0  # own entry strictly first, or tied first
    ties: int = 0  # of `hits`, how many were ties
    seconds: float = 0.0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # query, wanted, got
    tied: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.total if self.total else 0.0

    @property
    def strict_recall(self) -> float:
        return (self.hits - self.ties) / self.total if self.total else 0.0

    def __str__(self) -> str:
        per = self.seconds / self.total * 1000 if self.total else 0.0
        return (
            f"{self.name}: top-1 recall {self.recall:.4f} ({self.hits}/{self.total}, ties as hits;"
            f" {self.ties} ties; strict {self.strict_recall:.4f}), {per:.2f} ms/query"
        )


def load_un_names(path: Path) -> list[UnName]:
    """Every name statement of the UN list (primary names, aliases, original script)."""
    from jisr.sources import read_list

    out: list[UnName] = []
    for ent, rec in enumerate(read_list(path).records):
        for st in rec.names():
            out.append(
                UnName(ent, rec.reference, st.prop, st.qualifier or "", st.script or "", st.value)
            )
    return out


def _top1_recall(
    label: str,
    names: list[UnName],
    is_query: Callable[[UnName], bool],
    index: NameIndex,
    leave_one_out: bool = False,
) -> Recall:
    res = Recall(label)
    primary: dict[int, str] = {}
    for m in names:
        if m.prop == "name":
            primary.setdefault(m.entity, m.value)
    t0 = time.perf_counter()
    for n in names:
        if not is_query(n):
            continue
        res.total += 1
        exclude = {(n.entity, n.value)} if leave_one_out else None
        hits = index.screen(n.value, top=10, exclude=exclude)
        best = hits[0].score if hits else -1.0
        own = next((h for h in hits if h.entity == n.entity and h.score > 0), None)  # 0: none
        row = (n.value, primary.get(n.entity, ""), hits[0].name if hits else "")
        if own is not None and own is hits[0]:
            res.hits += 1
        elif own is not None and own.score == best:
            res.hits += 1
            res.ties += 1
            res.tied.append(row)
        else:
            res.failures.append(row)
    res.seconds = time.perf_counter() - t0
    return res


def un_index(names: list[UnName], readings: bool = True) -> NameIndex:
    """The UN names indexed as screening indexes them: with the other readings of a name that
    gives its acronym in parentheses (`jisr.names.readings`, as `screen.candidates` adds them)."""
    pairs = [(n.entity, n.value) for n in names]
    if readings:
        pairs += [(n.entity, r) for n in names for r in acronym_readings(n.value)]
    return NameIndex.build(pairs)


def un_acronyms(path: Path, names: list[UnName] | None = None, readings: bool = True) -> Recall:
    """Each acronym a UN name gives in parentheses (`AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)`)
    as a query must find its own entry as top-1 among all UN names. `readings=False` indexes
    the names as written only (how screening read them before `jisr.names.readings`)."""
    names = names if names is not None else load_un_names(path)
    queries = [
        UnName(n.entity, n.reference, "acronym", "in parentheses", n.script, a)
        for n in names
        for a in parenthesised_acronyms(n.value)
    ]
    index = un_index(names, readings)
    label = "UN acronyms in parentheses" + ("" if readings else " (names as written)")
    return _top1_recall(label, names + queries, lambda n: n.prop == "acronym", index)


def un_cross_script(
    path: Path, names: list[UnName] | None = None, all_arabic: bool = False
) -> Recall:
    """Each Arabic NAME_ORIGINAL_SCRIPT as a query must find its own entry as top-1 among all
    UN names *not* in Arabic script (so the match has to cross scripts).

    With `all_arabic`, every Arabic-script name is a query (also the Arabic Good/a.k.a./Low
    aliases, some of which are translations rather than transliterations)."""
    names = names if names is not None else load_un_names(path)
    index = un_index([n for n in names if n.script != "Arab"])
    if all_arabic:
        return _top1_recall(
            "UN cross-script (all Arabic names)", names, lambda n: n.script == "Arab", index
        )
    return _top1_recall("UN cross-script", names, _is_original_arabic, index)


def un_cyrillic(path: Path, names: list[UnName] | None = None) -> Recall:
    """Each Cyrillic UN name (original script and aliases of persons and groups of the North
    Caucasus and Central Asia) as a query must find its own entry as top-1 among all UN names
    *not* in Cyrillic: read in Latin letters (`jisr.names.latin.ascii_fold`, anyascii), so
    `Умаров Доку Хаматович` must find DOKU KHAMATOVICH UMAROV."""
    names = names if names is not None else load_un_names(path)
    index = un_index([n for n in names if n.script != "Cyrl"])
    return _top1_recall("UN Cyrillic names", names, lambda n: n.script == "Cyrl", index)


def _is_original_arabic(n: UnName) -> bool:
    return n.script == "Arab" and n.qualifier == "original script"


def un_latin_names(path: Path, names: list[UnName] | None = None) -> Recall:
    """Every Latin-script name (primary names and all aliases) must find its entry as top-1
    among all UN names. The name itself is indexed, so a miss means another entry scores higher
    than an exact match, and a tie means another entry holds the same name."""
    names = names if names is not None else load_un_names(path)
    return _top1_recall("UN Latin names", names, lambda n: n.script == "Latn", un_index(names))


def un_good_aliases(
    path: Path, names: list[UnName] | None = None, leave_one_out: bool = False
) -> Recall:
    """Each Latin `Good` alias as a query must find its own entry as top-1 among all UN names.

    With `leave_one_out` the alias itself is not in the index, so it must be found through the
    entry's other names (hard: many aliases are unrelated noms de guerre)."""
    names = names if names is not None else load_un_names(path)
    label = "UN Good aliases" + (" (leave-one-out)" if leave_one_out else "")
    return _top1_recall(
        label,
        names,
        lambda n: n.script == "Latn" and n.qualifier.startswith("Good"),
        un_index(names),
        leave_one_out,
    )


def short_forms(names: list[UnName]) -> list[UnName]:
    """A passport's form of each UN person's name: the first and the last part of its primary
    Latin name of three parts or more (`QUSAY SADDAM HUSSEIN AL-TIKRITI` → `QUSAY AL-TIKRITI`),
    where the list does not give that form itself. Parts as the matcher reads them, so
    `SAIF-AL-DIN ... AL-RAWI` keeps its compound given name; none from a name whose first or
    last part is half of a hyphenated word (`RI HONG-SOP`)."""
    from jisr.match.names import splits_a_word
    from jisr.names.parts import analyse_name

    def form(text: str) -> str:  # as the matcher reads it: `Qasim Al-Rimi` = `qasim al rimi`
        return " ".join(p.text for p in analyse_name(text).parts)

    listed = {(n.entity, form(n.value)) for n in names if n.script == "Latn"}
    out: list[UnName] = []
    seen: set[int] = set()
    for n in names:
        person = n.reference[2:3] == "i"  # UN references: QDi.299 (individual), QDe.004 (entity)
        if n.prop != "name" or n.script != "Latn" or not person or n.entity in seen:
            continue
        analysed = analyse_name(n.value)
        parts = analysed.parts
        if len(parts) < 3:
            continue
        seen.add(n.entity)
        middle = frozenset(w for p in parts[1:-1] for w in p.text.split())
        if splits_a_word(analysed.text, middle):
            continue  # RI HONG-SOP: `RI SOP` is no form of the name
        short = f"{parts[0].text} {parts[-1].text}"
        if (n.entity, form(short)) not in listed:
            out.append(UnName(n.entity, n.reference, "short", "first and last", "Latn", short))
    return out


def un_short_forms(
    path: Path, names: list[UnName] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Recall:
    """Each UN person's name as a passport or a payment writes it, given name and family name
    (`short_forms`), must find its own entry at or above the threshold: the alert an analyst
    sees. `recall` counts it found (also where another entry scores as high or higher: `ALI
    AL-TIKRITI` names several listed persons), `strict_recall` only where it ranks first alone."""
    names = names if names is not None else load_un_names(path)
    return _found("UN short forms (first + last name)", short_forms(names), names, threshold)


def particle_last_forms(names: list[UnName]) -> list[UnName]:
    """Each UN person's Latin name whose first word is `Abdul` (`Abd`, `Abdel`, …, written
    apart) with that word moved to its end, as a record that split the name at its first space
    (given name `Abdul`) writes it family name first: `ABDUL MAJEED` → `MAJEED ABDUL`, `ABDUL
    HAKIM MURAD` → `HAKIM MURAD ABDUL` (the UN itself gives `Majeed Chaudhry Abdul`)."""
    from jisr.names.parts import LATIN_PARTICLES

    out: list[UnName] = []
    seen: set[tuple[int, str]] = set()
    for n in names:
        words = n.value.split()
        person = n.reference[2:3] == "i"
        if n.script != "Latn" or not person or len(words) < 2:
            continue
        if LATIN_PARTICLES.get(words[0].lower()) != "abd" or (n.entity, n.value) in seen:
            continue
        seen.add((n.entity, n.value))
        turned = " ".join(words[1:] + words[:1])
        out.append(UnName(n.entity, n.reference, "turned", "particle last", "Latn", turned))
    return out


def un_particle_last(
    path: Path, names: list[UnName] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Recall:
    """Each `particle_last_forms` query must find its own entry at or above the threshold."""
    names = names if names is not None else load_un_names(path)
    label = "UN `Abdul X Y` names written `X Y Abdul`"
    return _found(label, particle_last_forms(names), names, threshold)


def initialled(name: str, at: int = 0) -> str | None:
    """`name` with its part `at` (as the matcher reads parts) written as its first letter and a
    dot, as payments and forms abbreviate names (`OSAMA BIN LADEN` → `O. bin laden`); None where
    the name has too few parts for that or the part does not start with a letter."""
    from jisr.names.parts import analyse_name

    parts = [p.text for p in analyse_name(name).parts]
    if len(parts) < max(2, at + 2) or not parts[at][:1].isalpha():
        return None
    parts[at] = parts[at][0].upper() + "."
    return " ".join(parts)


def initial_forms(names: list[UnName], at: int = 0) -> list[UnName]:
    """Each UN person's primary Latin name of three parts or more with its given name (`at` 0)
    or its second part (`at` 1) as an initial (`initialled`): `OSAMA BIN LADEN` → `O. BIN
    LADEN`, `AIMAN MUHAMMED RABI AL-ZAWAHIRI` → `A. MUHAMMED RABI AL-ZAWAHIRI`. Parts as the
    matcher reads them (`ABDUL MAJEED CHAUDHRY` → `A. CHAUDHRY`: Abdul Majeed is one given
    name)."""
    from jisr.names.parts import analyse_name

    kind = "given name as initial" if at == 0 else "middle initial"
    out: list[UnName] = []
    seen: set[int] = set()
    for n in names:
        person = n.reference[2:3] == "i"
        if n.prop != "name" or n.script != "Latn" or not person or n.entity in seen:
            continue
        parts = analyse_name(n.value).parts
        if len(parts) < 3 or not parts[0].text[:1].isalpha():
            continue
        seen.add(n.entity)
        short = initialled(n.value, at)
        if short is not None:
            out.append(UnName(n.entity, n.reference, "initial", kind, "Latn", short))
    return out


def un_initials(
    path: Path, names: list[UnName] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Recall:
    """Each `initial_forms` query must find its own entry at or above the threshold."""
    names = names if names is not None else load_un_names(path)
    label = "UN names with the given name as an initial (`O. BIN LADEN`)"
    return _found(label, initial_forms(names), names, threshold)


def _found(label: str, queries: list[UnName], names: list[UnName], threshold: float) -> Recall:
    """How many `queries` find their own entry among `names` at or above the threshold."""
    index = un_index(names)
    res = Recall(label)
    primary = {n.entity: n.value for n in reversed(names) if n.prop == "name"}
    t0 = time.perf_counter()
    for q in queries:
        res.total += 1
        hits = index.screen(q.value, top=10, threshold=threshold, min_score=threshold)
        own = next((h for h in hits if h.entity == q.entity and h.score >= threshold), None)
        row = (q.value, primary.get(q.entity, ""), hits[0].name if hits else "")
        if own is None:
            res.failures.append(row)
            continue
        res.hits += 1
        if own is not hits[0] or (len(hits) > 1 and hits[1].score == own.score):
            res.ties += 1
            res.tied.append(row)
    res.seconds = time.perf_counter() - t0
    return res


@dataclass(slots=True)
class PairStats:
    name: str
    threshold: float
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    pos_scores: list[float] = field(default_factory=list)
    neg_scores: list[float] = field(default_factory=list)
    errors: list[tuple[str, str, float, int]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, a: str, b: str, label: int, score: float) -> None:
        hit = score >= self.threshold
        (self.pos_scores if label else self.neg_scores).append(score)
        if label and hit:
            self.tp += 1
        elif label:
            self.fn += 1
            self.errors.append((a, b, score, label))
        elif hit:
            self.fp += 1
            self.errors.append((a, b, score, label))
        else:
            self.tn += 1

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def __str__(self) -> str:
        n = len(self.pos_scores) + len(self.neg_scores)
        rate = n / self.seconds if self.seconds else 0.0
        return (
            f"{self.name} @ {self.threshold}: recall {self.recall:.4f} precision "
            f"{self.precision:.4f} F1 {self.f1:.4f} FPR {self.false_positive_rate:.4f} "
            f"(pos {len(self.pos_scores)}, neg {len(self.neg_scores)}; {rate:,.0f} pairs/s)\n"
            f"  positive scores {_quantiles(self.pos_scores)}\n"
            f"  negative scores {_quantiles(self.neg_scores)}"
        )


def _quantiles(xs: list[float]) -> str:
    if not xs:
        return "-"
    s = sorted(xs)
    q = [s[min(len(s) - 1, int(p * len(s)))] for p in (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)]
    return "p1/5/25/50/75/95/99 = " + " ".join(f"{v:.2f}" for v in q)


def score_pairs(
    name: str, pairs: Iterable[tuple[str, str, int]], threshold: float = DEFAULT_THRESHOLD
) -> PairStats:
    """Every pair scored as `jisr match --pairs` scores them (`compare_many`)."""
    stats = PairStats(name, threshold)
    labelled = list(pairs)
    t0 = time.perf_counter()
    scored = compare_many((a, b) for a, b, _ in labelled)
    for (a, b, m), (_, _, label) in zip(scored, labelled, strict=True):
        stats.add(a, b, label, m.score)
    stats.seconds = time.perf_counter() - t0
    return stats


def ar2en_pairs(path: Path, seed: int = 13) -> list[tuple[str, str, int]]:
    """The ar2en pairs as positives plus the same Arabic names against shuffled Latin names."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        ar, _, lat = line.partition("\t")
        if ar.strip() and lat.strip():
            rows.append((ar.strip(), lat.strip()))
    latins = [lat for _, lat in rows]
    random.Random(seed).shuffle(latins)
    pairs = [(ar, lat, 1) for ar, lat in rows]
    pos = {(ar, lat.casefold()) for ar, lat in rows}
    for (ar, _), other in zip(rows, latins, strict=True):
        if (ar, other.casefold()) not in pos:
            pairs.append((ar, other, 0))
    return pairs


def ar2en(path: Path, threshold: float = DEFAULT_THRESHOLD) -> PairStats:
    return score_pairs("ar2en-eval", ar2en_pairs(path), threshold)


def _tsv_rows(path: Path) -> list[list[str]]:
    """The tab-separated fields of each line of one of the eval's own files, blank lines and
    `#` comments left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def hard_negative_pairs(path: Path = HARD_NEGATIVES) -> list[tuple[str, str, int]]:
    return [(a, b, int(label)) for label, a, b, *_ in _tsv_rows(path)]


def hard_negatives(path: Path = HARD_NEGATIVES, threshold: float = DEFAULT_THRESHOLD) -> PairStats:
    return score_pairs("hard negatives", hard_negative_pairs(path), threshold)


def french_organisations(
    path: Path = FRENCH_ORGANISATIONS,
    threshold: float = DEFAULT_THRESHOLD,
    name: str = "French organisation names",
) -> PairStats:
    """French names of listed organisations against the list's (English) names: positives
    only, a recall (the hard negatives hold organisations that are not one another)."""
    pairs = [(a, b, 1) for a, b, *_ in _tsv_rows(path)]
    return score_pairs(name, pairs, threshold)


def french_held_out(threshold: float = DEFAULT_THRESHOLD) -> PairStats:
    """`french_organisations` on the held-out set (`FRENCH_HELD_OUT`)."""
    return french_organisations(FRENCH_HELD_OUT, threshold, "French organisation names, held out")


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    data = Path(args[0]) if args else Path(__file__).resolve().parents[3].parent / "shared/data"
    names = load_un_names(data / UN_FILE)
    runs = (
        un_cross_script(data, names),
        un_cross_script(data, names, all_arabic=True),
        un_cyrillic(data, names),
        un_good_aliases(data, names),
        un_latin_names(data, names),
        un_good_aliases(data, names, leave_one_out=True),
    )
    for res in runs:
        print(res)
        for q, want, got in res.failures[:30]:
            print(f"    miss: {q!r} wanted {want!r} got {got!r}")
        for q, want, got in res.tied[:10]:
            print(f"    tie:  {q!r} wanted {want!r} tied with {got!r}")
    for stats in (
        ar2en(data / AR2EN_EVAL),
        hard_negatives(),
        french_organisations(),
        french_held_out(),
    ):
        print(stats)
        for a, b, s, label in stats.errors[:25]:
            print(f"    {'FN' if label else 'FP'} {s:.2f} {a!r} vs {b!r}")


if __name__ == "__main__":
    main()
