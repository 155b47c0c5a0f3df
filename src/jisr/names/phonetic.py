"""Phonetic forms and consonant skeletons that Arabic and Latin spellings reduce to.

Hand-written: no library knows the French (Maghreb) and English conventions for romanised Arabic
(ou/u, ch/sh, dj/j, kh/gh/q/k, mute final e, ta marbuta as -a/-ah/-at). Two levels:

* `latin_phonetic` keeps vowels in three classes (a/e → a, i/y/ee → i, o/u/ou/w → u), so
  `Mohamed` = `Muhammad` = `muhamad` while `Mahmoud` = `mahmud` stays different;
* `skeleton` drops the vowels and groups consonant classes (k/q/g, s/c/z, sh/ch, j/dj, t/th, d/dh),
  so both scripts meet on keys like `mhmd`. The skeleton is only used for candidate retrieval and
  as a weak signal: it cannot tell `محمد` from `محمود`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Latin digraphs first (order matters), then single letters
_DIGRAPHS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"x"), "ks"),
    (re.compile(r"wsk|wicz"), lambda m: "fsk" if m.group(0) == "wsk" else "fitz"),
    (re.compile(r"tch|tsch"), "x"),
    (re.compile(r"sch|sh|ch"), "x"),
    (re.compile(r"dj|dzh|zh"), "j"),
    (re.compile(r"kh|gh|ck|q"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"ou|oo|ow|o|w"), "u"),
    (re.compile(r"ee|ie(?=[^aeiou]|$)|iy|yi"), "i"),
    (re.compile(r"ay|ai|ey|ei"), "ai"),
    (re.compile(r"y"), "i"),
    (re.compile(r"e"), "a"),
    (re.compile(r"p"), "b"),
    (re.compile(r"v"), "f"),
]
# Russian surnames and names in -ev/-eva: the y of `Basayev`, `Aliyev`, `Yevloyev` is written
# or not (`Basaev`, `Aliev`, `Evloev`: the UN and OFAC spell the North Caucasus both ways); left
# in, the digraph rules read `basaiaf` against `basaf`. Only before `ev`, so `Sayed`, `Ayub` keep
# theirs.
_SLAVIC_Y = re.compile(r"(?:(?<=[aeiou])|^)y(?=ev)")
_MUTE_E = re.compile(r"(?<=[^aeiouy])e$")
# a final `ce` / `ge` is read s / j before its mute e goes (`Maurice` موريس, `Fabrice`, `Serge`
# سيرج, `George` جورج): without the e, the c and g were read k and g (`maurik`)
_FINAL_CE_GE = re.compile(r"(?<=.[a-z])([cg])e$")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aiu]")
_FINAL_AH = re.compile(r"(?<=[^aeiou]a)h$")

_ARABIC_SKELETON = str.maketrans(
    {
        "ب": "b",
        "پ": "b",
        "ت": "t",
        "ث": "t",
        "ط": "t",
        "ج": "j",
        "ژ": "j",
        "ح": "h",
        "ه": "h",
        "خ": "k",
        "غ": "k",
        "ق": "k",
        "ك": "k",
        "گ": "k",
        "د": "d",
        "ذ": "d",
        "ض": "d",
        "ر": "r",
        "ز": "s",
        "ظ": "s",
        "س": "s",
        "ص": "s",
        "ش": "x",
        "چ": "x",
        "ف": "f",
        "ڤ": "f",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ا": None,
        "أ": None,
        "إ": None,
        "آ": None,
        "ٱ": None,
        "ى": None,
        "ي": None,
        "ئ": None,
        "و": None,
        "ؤ": None,
        "ع": None,
        "ء": None,
        "ة": None,
    }
)
_Z_READING = str.maketrans({"ض": "ز", "ذ": "ز", "ظ": "ز"})
_NON_SKELETON = re.compile(r"[^bdfhjklmnrstx]")


@lru_cache(maxsize=1 << 16)
def latin_phonetic(token: str) -> str:
    """Phonetic form of one ASCII lower-case token (see module docstring)."""
    if "yev" in token:
        token = _SLAVIC_Y.sub("", token)
    if len(token) > 3:
        token = _FINAL_CE_GE.sub(lambda m: "s" if m.group(1) == "c" else "j", token)
        token = _MUTE_E.sub("", token)
        token = _FINAL_AH.sub("", token)  # ta marbuta as -ah: Fatimah → fatima, Abdallah
    for pattern, repl in _DIGRAPHS:
        token = pattern.sub(repl, token)
    return _DOUBLE.sub(r"\1", token)


def phonetic_skeleton(phonetic: str) -> str:
    """Consonant skeleton of a phonetic form: vowels dropped, classes grouped, no doubles."""
    sk = _VOWELS.sub("", phonetic).replace("g", "k").replace("v", "f").replace("z", "s")
    sk = _NON_SKELETON.sub("", sk)
    return _DOUBLE.sub(r"\1", sk)


def latin_skeletons(raw: str, phonetic: str) -> tuple[str, ...]:
    """Skeleton plus variants for ambiguous endings of the raw token.

    A written ta marbuta (`asbat` → `sbt` and `sb`); a final vowel + h that may be ح or nothing
    (`saleh` → `slh` and `sl`, `fatimah` → `ftm` and `ftmh`).
    """
    sk = phonetic_skeleton(phonetic)
    out = [sk]
    if phonetic.endswith("at") and len(sk) > 1:
        out.append(sk[:-1])
    if len(raw) > 3 and raw[-1] == "h" and raw[-2] in "aeiou":
        out.append(sk[:-1] if sk.endswith("h") else sk + "h")
    return tuple(dict.fromkeys(s for s in out if s))


def arabic_skeletons(folded_unfolded: str) -> tuple[str, ...]:
    """Skeletons of one Arabic token (unfolded: ta marbuta still visible).

    A final ة may be read (`عصبة` → Asbat) or not (Fatima); a final ه after 3+ letters is often
    silent in Latin (`عبده` → Abdou). Both readings are returned.
    """
    token = folded_unfolded
    sk = _DOUBLE.sub(r"\1", token.translate(_ARABIC_SKELETON))
    sk = _NON_SKELETON.sub("", sk)
    out = [sk]
    if any(c in token for c in "ضذظ"):  # read as z in Persian/Urdu/Turkish names: فيض → Faiz
        alt = token.translate(_Z_READING).translate(_ARABIC_SKELETON)
        out.append(_NON_SKELETON.sub("", _DOUBLE.sub(r"\1", alt)))
    if "تش" in token:  # ch as Arabic script writes it (ميلوسيفيتش: Milosevich), or t + sh
        out.append(
            _NON_SKELETON.sub(
                "", _DOUBLE.sub(r"\1", token.replace("تش", "ش").translate(_ARABIC_SKELETON))
            )
        )
    if token.endswith("ة"):
        out.append(sk + "t")
    elif token.endswith("ه") and len(token) >= 3 and len(sk) > 1:
        out.append(sk[:-1])
    return tuple(dict.fromkeys(out))
