"""Name normalisation, analysis into parts, romanisation and rarity, for Arabic and Latin."""

from jisr.names.arabic import fold_arabic, normalize_arabic, split_article
from jisr.names.latin import ascii_fold, latin_tokens, reorder_comma
from jisr.names.parts import AnalysedName, NamePart, analyse_name
from jisr.names.phonetic import latin_phonetic, phonetic_skeleton
from jisr.names.rarity import RarityModel, default_rarity
from jisr.names.romanize import romanise

__all__ = [
    "AnalysedName",
    "NamePart",
    "RarityModel",
    "analyse_name",
    "ascii_fold",
    "default_rarity",
    "fold_arabic",
    "latin_phonetic",
    "latin_tokens",
    "normalize_arabic",
    "phonetic_skeleton",
    "reorder_comma",
    "romanise",
    "split_article",
]
