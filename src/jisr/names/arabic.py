"""Arabic-script normalisation for names.

Hand-written (a few regexes and tables) rather than pyarabic: pyarabic's `strip_tashkeel` and
`strip_tatweel` do the same as the first two steps here, and its default `normalize_hamza`
turns `أبو` into `ءبو`, which breaks particle detection. We need the article `ال` detected on
the *unfolded* text (so `ألينا` keeps its hamza and is not read as `al-ينا`), which no library
offers as a step.
"""

from __future__ import annotations

import re
import unicodedata

# harakat, Quranic marks, superscript alef, small high marks
_TASHKEEL_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u061c\ufeff\u2066-\u2069]")
_TATWEEL = "\u0640"
_ARABIC_LETTER_RE = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")
# the Arabic script's blocks (Arabic, Supplement, Extended-A, presentation forms A and B), as a
# character-class body: what the Latin reading leaves alone and what marks a token as Arabic
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# Persian/Urdu letter shapes folded to their Arabic equivalents
_SHAPES = str.maketrans({"ک": "ك", "ی": "ي", "ہ": "ه", "ۀ": "ه", "ٱ": "ا"})
_PUNCT_RE = re.compile(r"[^\w\s]|_")
_WS_RE = re.compile(r"\s+")
# aggressive folding used for comparison keys: hamza carriers, alef forms, ta marbuta, maqsura
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ء": None}
)
ARTICLE = "ال"
# particles that form one name part with the next token (عبد القادر, أبو بكر, بن علي, ولد)
PARTICLES: dict[str, str] = {
    "عبد": "abd",
    "أبو": "abu",
    "ابو": "abu",
    "أبي": "abu",
    "ابي": "abu",
    "أبا": "abu",
    "بو": "abu",
    "بن": "bn",
    "ابن": "bn",
    "إبن": "bn",
    "بنت": "bnt",
    "ولد": "uld",
}
# standalone tokens dropped like the article: the family marker آل (Latin "Al Saud" drops "Al")
DROPPED = frozenset({"آل", "ال"})


def has_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTER_RE.search(text))


def normalize_arabic(text: str) -> str:
    """Conservative normalisation: NFKC, no tashkeel/tatweel/invisibles/punctuation.

    Keeps hamza forms, ta marbuta and alef maqsura (needed for article detection and for the
    romaniser, whose dictionary keys are built from this form).
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text).replace(_TATWEEL, "")
    text = _TASHKEEL_RE.sub("", text).translate(_SHAPES)
    text = _PUNCT_RE.sub(" ", text)
    return _WS_RE.sub(" ", text).strip()


def fold_arabic(text: str) -> str:
    """Aggressive fold for comparison: أ/إ/آ/ٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي, ء dropped."""
    return text.translate(_FOLD)


def split_article(token: str) -> tuple[bool, str]:
    """`(has_article, rest)` for one normalised (unfolded) token.

    Only a bare alef + lam counts: `ألينا` (hamza on the alef) is a name, not `al-` + `ينا`.
    `الله` is a word of its own, never article + `له`.
    """
    if token.startswith(ARTICLE) and len(token) >= 4 and token != "الله":
        return True, token[2:]
    return False, token


def split_attached(token: str) -> list[str]:
    """Split particles written attached: `عبدالقادر` → `عبد` `القادر`, `ابوبكر` stays."""
    if token.startswith("عبدال") and len(token) >= 7:
        return ["عبد", token[3:]]
    if token.endswith("الله") and len(token) >= 6:  # نصرالله, عبیدالله
        return [token[:-4], "الله"]
    if token.endswith("عبد") and len(token) >= 6:  # a lost space: محمدعبد البصير
        return [token[:-3], "عبد"]
    return [token]
