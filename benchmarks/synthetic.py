"""Synthetic watchlists and queries built from real name parts (seeded, reproducible).

Name parts come from real lists: given names and surnames of the persons on the UN and OFAC
lists, Arabic-script parts of the UN list's Arabic names (aligned with their Latin spelling when
both have the same number of parts) and the Arabic/English word pairs of
`translit/google_ar2en/ar2en-train.txt`. Parts are drawn with their real frequency (a part that
appears 40 times on the lists is 40 times as likely), so common names such as Mohammed are as
common in the synthetic list as on the real ones — the hard case for candidate retrieval.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jisr.model import Schema
from jisr.sources import read_list

UN_FILE = "un/un_consolidated_2026-02-27.xml"
OFAC_FILE = "ofac/bench_2021-07/sdn.csv"
AR2EN_TRAIN = "translit/google_ar2en/ar2en-train.txt"
AR2EN_EVAL = "translit/google_ar2en/ar2en-eval.txt"
UN_PAIRS = "derived/un_2026-02-27_arabic_latin_name_pairs.csv"

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_TOKEN = re.compile(r"^[A-Za-z][A-Za-z'\-]*$")
PART_COUNTS = (2, 3, 4)
PART_WEIGHTS = (0.45, 0.35, 0.20)
ARABIC_ALIAS_SHARE = 0.3  # share of entries drawn from cross-script parts, with an Arabic alias


@dataclass
class NameParts:
    given: list[str] = field(default_factory=list)  # with repetition = real frequency
    surnames: list[str] = field(default_factory=list)
    paired: list[tuple[str, str]] = field(default_factory=list)  # (Latin, Arabic), UN lists
    paired_ar2en: list[tuple[str, str]] = field(default_factory=list)  # from ar2en-train

    def summary(self) -> dict[str, int]:
        return {
            "given": len(set(self.given)),
            "surnames": len(set(self.surnames)),
            "latin_arabic_pairs_un": len(set(self.paired)),
            "latin_arabic_pairs_ar2en": len(set(self.paired_ar2en)),
        }


@dataclass(frozen=True, slots=True)
class ListName:
    """One real list name, for queries."""

    entity: int
    value: str
    script: str
    schema: str


def _title(tok: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in tok.split("-"))


def _latin_person_parts(value: str) -> tuple[list[str], list[str]]:
    """(given, surname) tokens of one Latin person name: `SURNAME, Given` or `Given SURNAME`."""
    if "," in value:
        sur, _, given = value.partition(",")
        g, s = given.split(), sur.split()
    else:
        toks = value.split()
        g, s = toks[:1], toks[1:]
    ok = [_title(t) for t in g if _LATIN_TOKEN.match(t) and len(t) > 1]
    oks = [_title(t) for t in s if _LATIN_TOKEN.match(t) and len(t) > 1]
    return ok, oks


def load_parts(data: Path) -> NameParts:
    parts = NameParts()
    for fname in (UN_FILE, OFAC_FILE):
        lst = read_list(data / fname)
        for rec in lst.records:
            if rec.schema != Schema.PERSON:
                continue
            names = rec.names()
            latin = [s.value for s in names if s.script == "Latn"]
            arabic = [s.value for s in names if s.script == "Arab"]
            for value in latin:
                g, s = _latin_person_parts(value)
                parts.given.extend(g)
                parts.surnames.extend(s)
            # align the primary Latin name with an Arabic name of the same length, part by part
            if latin and arabic:
                lt = [t for t in re.split(r"[\s]+", latin[0].replace(",", " ")) if t]
                for ar in arabic:
                    at = ar.split()
                    if len(at) == len(lt) and all(_LATIN_TOKEN.match(t) for t in lt):
                        parts.paired.extend((_title(a), b) for a, b in zip(lt, at, strict=True))
                        break
    for line in (data / AR2EN_TRAIN).read_text(encoding="utf-8").splitlines():
        ar, _, en = line.partition("\t")
        ar, en = ar.strip(), en.strip()
        if ar and en and _ARABIC.search(ar) and _LATIN_TOKEN.match(en) and len(en) > 1:
            parts.paired_ar2en.append((_title(en), ar))
    return parts


def synthetic_entries(parts: NameParts, n: int, seed: int = 1) -> Iterator[tuple[int, list[str]]]:
    """`n` entries (entity id, names): 2–4 parts; some with an Arabic-script alias."""
    rng = random.Random(seed)
    given, surnames = parts.given, parts.surnames
    pools = [p for p in (parts.paired, parts.paired_ar2en) if p]
    for ent in range(n):
        k = rng.choices(PART_COUNTS, PART_WEIGHTS)[0]
        if pools and rng.random() < ARABIC_ALIAS_SHARE:
            # half Arab names as the UN list writes them, half other names in Arabic script
            pool = rng.choice(pools)
            chosen = [rng.choice(pool) for _ in range(k)]
            yield ent, [" ".join(p[0] for p in chosen), " ".join(p[1] for p in chosen)]
        else:
            toks = [rng.choice(given)] + [rng.choice(surnames) for _ in range(k - 1)]
            name = " ".join(toks)
            if rng.random() < 0.3:  # list style: SURNAME, Given
                name = " ".join(t.upper() for t in toks[1:]) + ", " + toks[0]
            yield ent, [name]


def synthetic_pairs(parts: NameParts, n: int, seed: int = 1) -> Iterator[tuple[int, str]]:
    for ent, names in synthetic_entries(parts, n, seed):
        for name in names:
            yield ent, name


def list_names(data: Path, fname: str = UN_FILE) -> list[ListName]:
    out: list[ListName] = []
    for i, rec in enumerate(read_list(data / fname).records):
        for s in rec.names():
            out.append(ListName(i, s.value, s.script or "", str(rec.schema)))
    return out


# ---------------------------------------------------------------------------- perturbation
_VOWEL_SWAPS = (
    ("ou", "u"),
    ("u", "ou"),
    ("oo", "u"),
    ("ee", "i"),
    ("i", "ee"),
    ("e", "a"),
    ("a", "e"),
    ("i", "e"),
    ("o", "u"),
    ("y", "i"),
    ("ai", "ay"),
    ("kh", "h"),
    ("q", "k"),
    ("dh", "z"),
    ("mm", "m"),
    ("m", "mm"),
    ("ll", "l"),
    ("ss", "s"),
    ("sh", "ch"),
    ("j", "dj"),
)


def perturb(name: str, rng: random.Random) -> str:
    """A plausible other spelling: vowel/consonant variants, article dropped, parts reordered."""
    out = name
    for _ in range(rng.randint(1, 2)):
        op = rng.random()
        if op < 0.6:
            cands = [(a, b) for a, b in _VOWEL_SWAPS if a in out.lower()]
            if cands:
                a, b = rng.choice(cands)
                low = out.lower()
                idx = [m.start() for m in re.finditer(re.escape(a), low)]
                i = rng.choice(idx)
                repl = b.upper() if out[i : i + len(a)].isupper() else b
                out = out[:i] + repl + out[i + len(a) :]
        elif op < 0.75:
            out = re.sub(r"\b(al|el|Al|El|AL|EL)[- ]", "", out, count=1)
        elif op < 0.9:
            toks = out.replace(",", "").split()
            if len(toks) >= 2:
                toks = toks[-1:] + toks[:-1]
                out = " ".join(toks)
        else:
            out = out.title() if out.isupper() else out.upper()
    return out


def make_queries(names: list[ListName], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, query) pairs: 40% list names as written, 35% respelled, 25% Arabic script."""
    rng = random.Random(seed)
    latin = [x.value for x in names if x.script == "Latn"]
    arabic = [x.value for x in names if x.script == "Arab"]
    out: list[tuple[str, str]] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.40 or not arabic and r < 0.75:
            out.append(("exact", rng.choice(latin)))
        elif r < 0.75:
            out.append(("respelled", perturb(rng.choice(latin), rng)))
        else:
            out.append(("arabic", rng.choice(arabic)))
    return out
