"""Romanisation of Arabic name parts through `arabic_name_romanizer`, cached per part.

The romaniser is dictionary-first (86k full names, 82k parts with attested Latin spellings and
counts), with a small ONNX model for unknown parts. We use its top-k with scores: attested
spellings (`source == "dictionary"`) are trusted, model/rules output only as a weak hint.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

TOP_K = 6
MIN_SCORE = 0.02  # drop the noisy tail (علي → Ammar 0.05 is kept, Chaima for أحمد 0.03 too)


@dataclass(frozen=True, slots=True)
class Romanisation:
    text: str
    score: float
    attested: bool  # from the romaniser's dictionary of attested spellings


_TRANSLITERATOR: Any = None
_MODEL_FILES = ("encoder.onnx", "decoder.onnx", "vocab.json", "meta.json")


class _LazyModel:
    """The romaniser's ONNX model, loaded on first use: most parts are dictionary hits, which
    never need it, and loading it costs ~200 ms per process."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from arabic_name_romanizer.inference import OnnxModel

                    # one ONNX Runtime thread: the romaniser's default of two makes a process
                    # held to one core (bulk screening, the benchmark) 4x slower per word
                    # (10.3 vs 2.7 ms, measured), and one thread gives identical output
                    self._model = OnnxModel(self.model_dir, intra_op_threads=1)
        return self._model

    @property
    def uses_roles(self) -> bool:
        return bool(getattr(self._load(), "uses_roles", True))

    def transliterate_units(self, *args: Any, **kwargs: Any) -> Any:
        return self._load().transliterate_units(*args, **kwargs)


def _lazy(model_dir: Path) -> _LazyModel | None:
    return _LazyModel(model_dir) if all((model_dir / f).exists() for f in _MODEL_FILES) else None


def _transliterator() -> Any:
    global _TRANSLITERATOR
    if _TRANSLITERATOR is None:
        from arabic_name_romanizer import Transliterator
        from arabic_name_romanizer.api import default_resources_dir

        res = default_resources_dir()
        model = _lazy(res)
        if model is None:  # no packaged model: let the romaniser decide (rules only)
            _TRANSLITERATOR = Transliterator()
        else:
            # without a Persian model the main one serves both scripts, as in the romaniser
            _TRANSLITERATOR = Transliterator(
                model=model, persian_model=_lazy(res / "persian"), auto_load_model=False
            )
    return _TRANSLITERATOR


# Romanisations computed earlier by this same romaniser (version and TOP_K are part of the
# analysis fingerprint of a saved index), registered by a loaded name index: a query word that a
# listed name already has is then never sent to the romaniser's model again (2-10 ms a word).
_PRECOMPUTED: dict[str, tuple[Romanisation, ...]] = {}


def add_precomputed(table: dict[str, tuple[Romanisation, ...]]) -> None:
    """Register romanisations (at `TOP_K`) made earlier, e.g. those saved with an index."""
    _PRECOMPUTED.update(table)


def romanise(part: str, top_k: int = TOP_K) -> tuple[Romanisation, ...]:
    """Latin spellings of one Arabic name part (`عبد القادر` → Abdelkader, Abdulkadir, ...)."""
    if top_k == TOP_K:
        hit = _PRECOMPUTED.get(part)
        if hit is not None:
            return hit
    return _romanise(part, top_k)


@lru_cache(maxsize=1 << 17)
def _romanise(part: str, top_k: int) -> tuple[Romanisation, ...]:
    if not part.strip():
        return ()
    cands = _transliterator().transliterate(part, top_k=top_k)
    out: list[Romanisation] = []
    for i, c in enumerate(cands):
        if i > 0 and c.score < MIN_SCORE:
            continue
        out.append(Romanisation(c.text, float(c.score), c.source in ("dictionary", "user")))
    return tuple(out)


# Letter-by-letter reading of an Arabic-script part, for what the romaniser's dictionary spells
# differently from the list: Afghan/Pakistani names written in Persian letters (آخوند → akhund,
# where the romaniser offers only Akhunzada; پ چ ژ گ), and rare names the model guesses badly.
# Long vowels are written in Arabic script (ا و ي), so the reading keeps them; short vowels are
# not, so the reading is a consonant frame with the long vowels in place (شهيد → shhid). Used as
# an extra, lower-confidence phonetic form, never on its own.
_LETTERS = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ی": "i",
}
# ض ذ ظ are read z in Persian, Urdu and Pashto names (فيض → Faiz, ذاكر → Zakir)
_Z_LETTERS = {"ض": "z", "ذ": "z", "ظ": "z"}


def letter_readings(word: str) -> tuple[str, ...]:
    """Letter-by-letter Latin readings of one Arabic-script word (no spaces): و/ي are `w`/`y`
    at the start of the word or after a long vowel, `u`/`i` elsewhere."""
    out: list[str] = []
    for table in (_LETTERS, {**_LETTERS, **_Z_LETTERS}):
        buf: list[str] = []
        prev_vowel = True  # word start behaves like "after a vowel": و → w, ي → y
        for ch in word:
            if ch in "وي":
                buf.append(
                    ("w" if ch == "و" else "y") if prev_vowel else ("u" if ch == "و" else "i")
                )
                prev_vowel = not prev_vowel
                continue
            lat = table.get(ch)
            if lat is None:
                continue
            buf.append(lat)
            prev_vowel = lat in ("a", "i", "u")
        reading = "".join(buf)
        # a medial ي after a consonant is also read as the diphthong: فيض → faiz, خيل → khail
        diphthong = reading.replace("i", "ai") if "ي" in word[1:] else ""
        for r in (reading, diphthong):
            if r and r not in out:
                out.append(r)
    return tuple(out)
