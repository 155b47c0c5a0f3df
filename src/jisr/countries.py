"""Countries: ISO 3166-1 alpha-2 codes for codes, names and demonyms (English, French, Arabic).

Shared by the partner-list reader (nationality columns), the matcher (country evidence) and the
evaluations. A hand-written table for the region our partners write about (with demonyms), and
every country's English, French and Arabic names (`countries.tsv`, from CLDR); anything else is
mapped in a partner's mapping file with `values = { "text" = "XX" }`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

# --- countries -------------------------------------------------------------------------------
# A small built-in table (ISO 3166-1 alpha-2 <- alpha-3, English / French names and demonyms,
# Arabic names and demonyms) for the region partners are most likely to write about. Anything
# else is mapped in the mapping file with `values = { "text" = "XX" }`.

_COUNTRIES: dict[str, tuple[str, ...]] = {
    "DZ": (
        "DZA",
        "Algeria",
        "Algérie",
        "algérien",
        "algérienne",
        "algerian",
        "الجزائر",
        "جزائري",
        "جزائرية",
        "الجزائرية",
    ),
    "TN": (
        "TUN",
        "Tunisia",
        "Tunisie",
        "tunisien",
        "tunisienne",
        "tunisian",
        "تونس",
        "تونسي",
        "تونسية",
        "التونسية",
    ),
    "MA": (
        "MAR",
        "Morocco",
        "Maroc",
        "marocain",
        "marocaine",
        "moroccan",
        "المغرب",
        "مغربي",
        "مغربية",
    ),
    "LY": ("LBY", "Libya", "Libye", "libyen", "libyenne", "libyan", "ليبيا", "ليبي", "ليبية"),
    "EG": ("EGY", "Egypt", "Égypte", "égyptien", "égyptienne", "egyptian", "مصر", "مصري", "مصرية"),
    "MR": (
        "MRT",
        "Mauritania",
        "Mauritanie",
        "mauritanien",
        "mauritanienne",
        "mauritanian",
        "موريتانيا",
        "موريتاني",
        "موريتانية",
    ),
    "ML": ("MLI", "Mali", "malien", "malienne", "malian", "مالي"),
    "NE": ("NER", "Niger", "nigérien", "nigérienne", "nigerien", "النيجر"),
    "TD": ("TCD", "Chad", "Tchad", "tchadien", "tchadienne", "chadian", "تشاد"),
    "SD": ("SDN", "Sudan", "Soudan", "soudanais", "soudanaise", "sudanese", "السودان", "سوداني"),
    "SY": ("SYR", "Syria", "Syrie", "syrien", "syrienne", "syrian", "سوريا", "سورية", "سوري"),
    "IQ": ("IRQ", "Iraq", "Irak", "irakien", "irakienne", "iraqi", "العراق", "عراقي", "عراقية"),
    "JO": ("JOR", "Jordan", "Jordanie", "jordanien", "jordanienne", "jordanian", "الأردن", "أردني"),
    "LB": ("LBN", "Lebanon", "Liban", "libanais", "libanaise", "lebanese", "لبنان", "لبناني"),
    "PS": ("PSE", "Palestine", "palestinien", "palestinienne", "palestinian", "فلسطين", "فلسطيني"),
    "SA": (
        "SAU",
        "Saudi Arabia",
        "Arabie saoudite",
        "saoudien",
        "saoudienne",
        "saudi",
        "السعودية",
        "سعودي",
    ),
    "YE": ("YEM", "Yemen", "Yémen", "yéménite", "yemeni", "اليمن", "يمني"),
    "TR": ("TUR", "Turkey", "Türkiye", "Turquie", "turc", "turque", "turkish", "تركيا", "تركي"),
    "FR": ("FRA", "France", "français", "française", "french", "فرنسا", "فرنسي", "فرنسية"),
    "BE": ("BEL", "Belgium", "Belgique", "belge", "belgian", "بلجيكا", "بلجيكي"),
    "DE": ("DEU", "Germany", "Allemagne", "allemand", "allemande", "german", "ألمانيا", "ألماني"),
    "IT": ("ITA", "Italy", "Italie", "italien", "italienne", "italian", "إيطاليا", "إيطالي"),
    "ES": ("ESP", "Spain", "Espagne", "espagnol", "espagnole", "spanish", "إسبانيا", "إسباني"),
    "GB": (
        "GBR",
        "United Kingdom",
        "Royaume-Uni",
        "britannique",
        "british",
        "UK",
        "المملكة المتحدة",
        "بريطاني",
    ),
    "US": (
        "USA",
        "United States",
        "États-Unis",
        "américain",
        "américaine",
        "american",
        "الولايات المتحدة",
        "أمريكي",
    ),
    "AF": ("AFG", "Afghanistan", "afghan", "afghane", "أفغانستان", "أفغاني"),
    "PK": ("PAK", "Pakistan", "pakistanais", "pakistanaise", "pakistani", "باكستان", "باكستاني"),
    "SO": ("SOM", "Somalia", "Somalie", "somalien", "somalienne", "somali", "الصومال", "صومالي"),
    "NG": ("NGA", "Nigeria", "nigérian", "nigériane", "nigerian", "نيجيريا"),
}

# ISO alpha-2 codes accepted as such (beyond the table above), so "NL" or "ca" resolve.
_ISO2 = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW XK""".split()  # noqa: SIM905
)


_PUNCTUATION = str.maketrans({c: " " for c in "-,().'’"})


def fold(text: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive key for matching country texts
    (`Korea, North` = `korea north`; `Côte d’Ivoire` = `cote d ivoire`)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.translate(_PUNCTUATION).split())


_COUNTRY_INDEX: dict[str, str] = {}
for _code, _texts in _COUNTRIES.items():
    for _text in (_code, *_texts):
        _COUNTRY_INDEX[fold(_text)] = _code
# every other country, and other names of these: English, French and Arabic names from the
# Unicode CLDR, alpha-3 codes, and the forms official lists write (`Iran (Islamic Republic of)`,
# `Korea, North`), generated by tools/make_countries.py. The table above wins where both name
# a text (its demonyms and spellings are the ones partners use).
for _line in (Path(__file__).with_name("countries.tsv")).read_text(encoding="utf-8").splitlines():
    if _line.startswith("#") or not _line.strip():
        continue
    _code, *_texts = _line.split("\t")
    for _text in _texts:
        if _text:
            _COUNTRY_INDEX.setdefault(fold(_text), _code)


def resolve_country(text: str, extra: dict[str, str] | None = None) -> str | None:
    """ISO 3166-1 alpha-2 code (upper case) for a code, a name or a demonym; None if unknown.

    `extra` (folded text -> code) comes from the mapping file and wins over the built-in table.
    """
    key = fold(text)
    if not key:
        return None
    if extra and key in extra:
        return extra[key]
    if key in _COUNTRY_INDEX:
        return _COUNTRY_INDEX[key]
    if len(key) == 2 and key.upper() in _ISO2:
        return key.upper()
    return None
