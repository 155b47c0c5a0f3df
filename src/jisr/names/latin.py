"""Latin-script normalisation for names: ASCII folding, apostrophes, hyphens, name order.

Hand-written: `unicodedata` NFKD strips accents (é/è → e), but a handful of letters have no
decomposition (ß, ø, ł, đ, ı, æ, œ) and the apostrophe-like characters used for ain/hamza
(' ‘ ’ ʿ ʾ ` ´) must disappear *inside* a token (`Mas'ud` → `masud`), not split it.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from jisr.names.arabic import ARABIC_SCRIPT

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


# Scripts, as `ascii_fold` treats them. Arabic script is read by `jisr.names.arabic` and the
# romaniser, never letter by letter: left alone. Alphabets and abugidas that `anyascii` spells
# in Latin letters are read so (`_OTHER`), a run at a time, before accents are stripped (an Indic
# vowel sign or a Cyrillic ё is a mark or carries one). Chinese, Japanese and Korean characters
# (their letter-by-letter reading, `金正恩` → `JinZhengEn`, is Mandarin, not how such names are
# listed: `KIM JONG UN`) and Hebrew (written without vowels: anyascii reads `אבו בכר` as
# `vv vkhr`) are not read: dropped, and said so (`unread_letters`), never guessed.
_LATIN_SCRIPT = (  # with the combining marks its accents decompose to
    "\u00c0-\u024f\u0250-\u02ff\u0300-\u036f\u1d00-\u1dbf\u1e00-\u1eff\u2c60-\u2c7f"
    "\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06"
)
_OTHER = (
    "\u0370-\u03ff\u1f00-\u1fff"  # Greek
    "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"  # Cyrillic
    "\u0530-\u058f"  # Armenian
    "\u0900-\u0dff"  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil … Sinhala
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f"  # Georgian
    "\u1200-\u139f"  # Ethiopic (Amharic, Tigrinya: Horn of Africa names)
)
_OTHER_RUN = re.compile(f"[{_OTHER}]+")
_READ = re.compile(f"[A-Za-z{_LATIN_SCRIPT}{ARABIC_SCRIPT}{_OTHER}]")
# spellings anyascii gets wrong for names: Russian ё is yo (Пётр, Семён: Pyotr, Semyon), дж the
# j of Arabic names (Джихад: Jihad; `dj` as in French Maghreb spellings); modern Greek writes b,
# d, g as μπ, ντ, γκ at the start of a word (`μπιν Λάντεν`: bin Laden) and mb, nd, ng within
_NAME_SPELLINGS = (
    (re.compile("ё"), "йо"),
    (re.compile("дж"), "dj"),
    (re.compile(r"(?<![^\W\d_])μπ"), "b"),
    (re.compile(r"(?<![^\W\d_])ντ"), "d"),
    (re.compile(r"(?<![^\W\d_])γκ"), "g"),
    (re.compile("μπ"), "mb"),
    (re.compile("ντ"), "nd"),
    (re.compile("γκ"), "ng"),
)
_LATIN_LEFT = re.compile(f"[{_LATIN_SCRIPT}]")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: accents stripped, special letters spelled out, apostrophes removed;
    letters of other alphabets (`_OTHER`: Cyrillic, Greek, Armenian, Georgian, Indic, …) spelled
    in Latin letters by `anyascii`: `Умаров Доку` → `umarov doku`. Arabic-script letters stay
    as they are, for their own reading; Chinese, Japanese, Korean and Hebrew ones too (not read:
    `unread_letters`)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    if not text.isascii():
        text = _OTHER_RUN.sub(_read_other, text)
    text = _APOSTROPHES.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text.lower())
    if not text.isascii():  # Latin letters with no decomposition: ə, ħ, ŋ, ɛ
        text = "".join(anyascii(c).lower() if _LATIN_LEFT.match(c) else c for c in text)
        text = _APOSTROPHES.sub("", text)
    return text


def _read_other(run: re.Match[str]) -> str:
    # (a Cyrillic ь becomes an apostrophe: removed after, as apostrophes are in Latin names)
    text = run.group()
    for pattern, spelling in _NAME_SPELLINGS:
        text = pattern.sub(spelling, text)
    return anyascii(text).lower()


def readable(text: str) -> bool:
    """Whether a name has a letter some reading of jisr uses: one that has not (`12345`, `🙂`,
    `金正恩`, `אבו בכר`) has nothing to screen."""
    return any(_READ.match(ch) for ch in text if ch.isalpha())


def unread_letters(text: str) -> str:
    """The letters of a name that no reading of jisr uses (Chinese, Japanese, Korean, Hebrew,
    and scripts anyascii is not used for), as space-separated runs; "" when there are none."""
    runs: list[str] = []
    run = ""
    for ch in text:
        if ch.isalpha() and not _READ.match(ch):
            run += ch
            continue
        if run:
            runs.append(run)
        run = ""
    return " ".join(runs + ([run] if run else []))


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
