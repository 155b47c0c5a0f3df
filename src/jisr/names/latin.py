"""Latin-script normalisation for names: ASCII folding, apostrophes, hyphens, name order.

Hand-written: `unicodedata` NFKD strips accents (é/è → e), but a handful of letters have no
decomposition (ß, ø, ł, đ, ı, æ, œ) and the apostrophe-like characters used for ain/hamza
(' ‘ ’ ʿ ʾ ` ´) must disappear *inside* a token (`Mas'ud` → `masud`), not split it.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

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


# Letters left alone by `ascii_fold`: Arabic script (read by `jisr.names.arabic` and the
# romaniser, never letter by letter) and Chinese, Japanese and Korean characters, whose
# letter-by-letter Latin reading (`金正恩` → `JinZhengEn`, Mandarin) is not how such names are
# listed (`KIM JONG UN`): dropped there, and said so (`unread_letters`), never guessed.
_ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003134f"
)
_KEEP = re.compile(f"[{_ARABIC_SCRIPT}{_CJK}]")
_CJK_RE = re.compile(f"[{_CJK}]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: accents stripped, special letters spelled out, apostrophes removed;
    letters of other alphabets (Cyrillic, Greek, Armenian, Georgian, Hebrew, Devanagari…)
    spelled in Latin letters by `anyascii`: `Умаров Доку` → `umarov doku`. Arabic script and
    CJK characters are left as they are (see `_KEEP`)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text.lower())
    if not text.isascii():
        text = _other_alphabets(text)
    return text


def _other_alphabets(text: str) -> str:
    # anyascii's tables are per character (a Cyrillic ь becomes an apostrophe: removed, as
    # apostrophes are in Latin names); Arabic and CJK characters stay for their own paths
    out = [anyascii(ch).lower() if ch.isalpha() and not _KEEP.match(ch) else ch for ch in text]
    return _APOSTROPHES.sub("", "".join(out))


def readable(text: str) -> bool:
    """Whether a name has a letter some reading of jisr uses (any script but CJK): one that has
    not (`12345`, `🙂`, `金正恩`) gives no name parts, so nothing to screen."""
    return any(ch.isalpha() and not _CJK_RE.match(ch) for ch in text)


def unread_letters(text: str) -> str:
    """The characters of a name that no reading of jisr uses (Chinese, Japanese, Korean),
    space-separated runs; "" when there are none."""
    return " ".join(_CJK_RE.findall(text))


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
