"""Latin-script normalisation for names: ASCII folding, apostrophes, hyphens, name order.

Hand-written: `unicodedata` NFKD strips accents (é/è → e), but a handful of letters have no
decomposition (ß, ø, ł, đ, ı, æ, œ) and the apostrophe-like characters used for ain/hamza
(' ‘ ’ ʿ ʾ ` ´) must disappear *inside* a token (`Mas'ud` → `masud`), not split it.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
    }
)
_APOSTROPHES = re.compile("['‘’ʿʾʼʻ`´′]")
_NON_ALNUM = re.compile(r"[^a-z0-9\-\s]")
_HYPHENS = re.compile("[\u2010-\u2015\u2212]")
_WS_RE = re.compile(r"\s+")
# French elided article before a vowel or h: `l’Unification`, `l'Ouest`, `L'Houssaine` (= al-)
_ELIDED_ARTICLE = re.compile("(?i)(?<![a-z])l['‘’ʼ´`](?=[aeiouyhàâéèêëîïôöûüÀÂÉÈÊÎÔÛ])")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: accents stripped, special letters spelled out, apostrophes removed."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.lower())


def reorder_comma(text: str) -> str:
    """`SURNAME, Given` → `Given SURNAME` when the text has exactly one comma."""
    if text.count(",") == 1:
        surname, given = (p.strip() for p in text.split(","))
        if surname and given:
            return f"{given} {surname}"
    return text


def latin_tokens(text: str) -> list[str]:
    """Tokens of a Latin-script name, hyphens kept inside tokens (`al-qaida`)."""
    text = _ELIDED_ARTICLE.sub("l-", reorder_comma(text))
    text = ascii_fold(_HYPHENS.sub("-", text))
    text = _NON_ALNUM.sub(" ", text)
    out: list[str] = []
    for tok in _WS_RE.split(text):
        tok = tok.strip("-")
        if tok:
            out.append(tok)
    return out
