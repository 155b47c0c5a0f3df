"""Analysis of a name into comparable parts, for both scripts (cached per name).

A *part* is one name element after particles are joined to what follows (`Abd al-Qadir`,
`Abdelkader`, `عبد القادر` are one part each; `Ben Ali` = `Benali`) and articles dropped
(`al-Tikriti` = `Tikriti`). Each part carries phonetic forms (Latin, vowel classes kept),
consonant skeletons (for retrieval) and, for Arabic, the folded Arabic text.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jisr.model import detect_script
from jisr.names.arabic import (
    ARABIC_SCRIPT,
    ARTICLE,
    DROPPED,
    PARTICLES,
    fold_arabic,
    has_arabic,
    normalize_arabic,
    split_article,
    split_attached,
)
from jisr.names.glossary import (
    ARABIC_FUNCTION_WORDS,
    LATIN_FUNCTION_WORDS,
    gloss,
    is_latin_organisation,
    is_organisation,
    latin_translations,
)
from jisr.names.latin import latin_tokens
from jisr.names.lexicon import (
    LATIN_ARTICLES,
    VOWEL_LETTERS,
    arabic_readings,
    dominant_reading,
    glued_article,
    glued_before_vowel,
    latin_key,
    latin_spellings,
    takes_article,
    unglued,
)
from jisr.names.phonetic import arabic_skeletons, latin_phonetic, latin_skeletons
from jisr.names.romanize import letter_readings, romanise, romanise_many

# Latin articles (`LATIN_ARTICLES`, from the lexicon, which keys spellings without them):
# standalone tokens, or hyphenated prefixes incl. sun-letter assimilation
# South Asian / Afghan spellings write the article as `-ur-`, `-ud-`, `-us-` (Mati-ur-Rehman,
# Aziz-ur-Rahman, Saif-ud-Din = مطيع الرحمن, عزيز الرحمن, سيف الدين): the same ال, only when
# hyphenated to the next word (a standalone `Ur` is left alone).
HYPHEN_ARTICLES = LATIN_ARTICLES | frozenset(
    {"ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en", "ag"}
    | {"ur", "ud", "us", "uz", "ut", "un", "ush"}
)
# titles written before a name (`Haji Khairullah`, `Mullah Omar`, `Maulavi Abdul Kabir`, `الحاج`):
# one list writes them, the other not, so they are no name part; dropped from the front of a
# name only (`Ali al-Hajj`, `Elsheikh` are names), and only where two name parts or more are
# left: with one they make a nom de guerre (`Haji Sahib` is not `Shaykh Sahib`, `Haji Abdul
# Bari` not `Abdul Bari`). Not `Hafiz`, `Sayed`, `Amir`, `Imam`: names too; not `Eng`, a
# surname
LATIN_TITLES = frozenset(
    {"haji", "hajji", "hadji", "haj", "hajj", "hadj", "alhaji", "alhaj", "al-haj", "al-hajj"}
    | {"el-hadj", "mullah", "mulla", "molla", "mollah", "maulavi", "mawlawi", "maulvi"}
    | {"moulavi", "molvi", "mawlavi", "maulawi", "mowlawi", "maulana", "mawlana", "qari", "qary"}
    | {"mufti", "sheikh", "shaikh", "sheik", "shaykh", "cheikh", "dr", "engineer", "ustad"}
    | {"ustaz", "ustadh"}
    # the article written onto the title, as Maghreb and West African spellings do (`Lhadj`)
    | {"elhadj", "elhaj", "elhajj", "lhadj", "lhaj", "lhajj", "elhadji", "elhaji"}
    # forms of address, as customer files and payments write them (`MR MOHAMED ALI`; not `M.`,
    # an initial as often as Monsieur)
    | {"mr", "mrs", "ms", "mme", "mlle", "mister", "madame", "monsieur", "mademoiselle"}
)
ARABIC_TITLES = frozenset(
    {"الحاج", "حاج", "حاجي", "حاجی", "ملا", "الملا", "مولوي", "مولوی", "مولوى", "مولانا"}
    | {"قاري", "قاری", "قارى", "مفتي", "مفتی", "المفتي", "الشيخ", "شيخ", "الدكتور", "دكتور"}
    | {"المهندس", "مهندس"}
)

LATIN_PARTICLES: dict[str, str] = {
    "abd": "abd",
    "abdel": "abd",
    "abdal": "abd",
    "abdul": "abd",
    "abdoul": "abd",
    "abdol": "abd",
    "abdil": "abd",
    "abdur": "abd",
    "abdus": "abd",
    "abduz": "abd",
    "abdush": "abd",
    "abder": "abd",
    "abdes": "abd",
    "abdar": "abd",
    "abdas": "abd",
    "abu": "abu",
    "abou": "abu",
    "abo": "abu",
    "aboo": "abu",
    "abi": "abu",
    "bou": "abu",
    "bu": "abu",
    "ben": "bn",
    "bin": "bn",
    "ibn": "bn",
    "ibnu": "bn",
    "bent": "bnt",
    "bint": "bnt",
    "ould": "uld",
    "uld": "uld",
    "wuld": "uld",
}
PREFIX_SKELETON = {"abd": "bd", "abu": "b", "bn": "bn", "bnt": "bnt", "uld": "ld"}
_ABD_ARTICLE = re.compile(r"^(?:ou|[aeiou])l(?=[a-z]{3})")
_ABD_ASSIMILATED = re.compile(r"^(?:ou|[aeiou])(?=([rsntdz])\1)")
_ATTACHED = re.compile(r"^(abou|abu|bou|ben|bin)(?=[a-z]{3})")
# the article written as one word with the name, as Gulf and Egyptian spellings do
# (`Alzahrani`, `Elmasry`, `Elshafee`): the word is also read without it. Not before `l`
# (`Allawi` is علاوي) nor, unless the dictionary knows the rest as a name (`Alotaibi`), before
# a vowel (`Aliyev`, `Alexander`, `Elena`)
_JOINED_ARTICLE = re.compile(r"^(?:al|el)(?=[a-z]{4})(?!l)")
_VOWEL_START = re.compile(r"^[aeiouy]")
_ELIDED_DE = re.compile("(?i)(?<![a-z])d['‘’ʼ´`](?=[aeiouyhàâéèêëîïôöûü])")
JOINED_ARTICLE_CONFIDENCE = 0.9  # `Albert` is not al-Bert: a reading, not the spelling
# an Arabic word's attested spelling with the article's l glued on, read without it (العروسي:
# `Laroussi`, `Aroussi`): a reading, not a sure spelling (under 0.9), so the dictionary is still
# asked whether a Latin spelling it reads like is another name's (`Ansar`, أنصار, is not العنصر);
# alone it reaches the threshold (`العروسي` / `Aroussi` 0.75), and spellings one letter off
# do not (`Arous`, `Aribi` for العربي: 0.78-0.79 at 0.85, reviewed)
GLUED_VOWEL_CONFIDENCE = 0.75
SLAVIC_IC_CONFIDENCE = 0.9  # `Milosevic` read `Milosevich`: a reading, not the spelling
# name + الله / الدين written as one Latin word: Nasrallah, Hidayatullah, Jalaluddin, Kheireddine
_SUFFIX_ALLAH = re.compile(r"(?<=[a-z]{3})(?:[aeiou]|ou)?ll?ah?$")
_SUFFIX_DIN = re.compile(r"(?<=[a-z]{3})(?:[aeiou]|ou)?[dt]?dd?ine?$")
# standalone Latin suffix words and the canonical form they contribute to the previous part
LATIN_SUFFIXES = {
    "allah": "ala",
    "ullah": "ala",
    "ollah": "ala",
    "llah": "ala",
    "din": "din",
    "deen": "din",
    "dine": "din",
    "eddine": "din",
    "uddin": "din",
    "eddin": "din",
    "eldin": "din",  # Nor Eldin, Salah Eldine (article + din written as one word)
    "eldine": "din",
    "aldin": "din",
    "addin": "din",
    "iddin": "din",
}
SUFFIX_SKELETON = {"ala": "l", "din": "dn"}


@dataclass(frozen=True, slots=True)
class NamePart:
    text: str  # as written (particles joined: "Abd al-Qadir", "عبد القادر")
    script: str  # "Latn" or "Arab"
    prefix: str  # "", "abd", "abu", "bn", "bnt", "uld"
    forms: tuple[str, ...]  # phonetic forms (prefix + core), best first
    confidence: tuple[float, ...]  # per form: 1.0 written/attested, lower for model guesses
    cores: tuple[str, ...]  # phonetic forms without the prefix
    skeletons: tuple[str, ...]
    arabic: str = ""  # folded Arabic (prefix + core) for Arabic-Arabic comparison
    attested: bool = True  # Latin parts, or Arabic parts the romaniser's dictionary knows
    # translations of an organisation word (جماعة → group, groupe, jamaat), as phonetic forms;
    # their skeletons are appended to `skeletons` (for retrieval) and listed in `gloss_skeletons`
    glosses: tuple[str, ...] = ()
    gloss_skeletons: tuple[str, ...] = ()
    # read with the organisation glossary (`_with_glosses` added spellings or translations): the
    # same word in a person's name is a different part, with a different key
    glossed: bool = False
    # the forms of the other ways this part is read (a Cyrillic name read as Russian and as an
    # Arabic name, `_with_reading`): the same text read one way only is a different part, with a
    # different key
    variant: str = ""
    # derived once (read millions of times when screening): the cache key of the part (the same
    # word with and without translations, organisation / person name, differs) and the skeleton
    key: str = field(init=False, repr=False, compare=False)
    skeleton: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "key",
            self.script
            + ":"
            + self.text
            + ("\u2020" if self.glossed else "")
            + ("\u2021" + self.variant if self.variant else ""),
        )
        object.__setattr__(self, "skeleton", self.skeletons[0] if self.skeletons else "")

    @property
    def own_skeletons(self) -> tuple[str, ...]:
        """Skeletons of the name as written (without those of its translations)."""
        n = len(self.gloss_skeletons)
        return self.skeletons[: len(self.skeletons) - n] if n else self.skeletons


@dataclass(frozen=True, slots=True)
class AnalysedName:
    text: str
    script: str
    parts: tuple[NamePart, ...]
    words: tuple[str, ...]  # folded Latin words (for acronyms), articles kept

    @property
    def acronym(self) -> str:
        """Initials of the significant words: `Al-Qaida in the Arabian Peninsula` → `aqap`."""
        return "".join(w[0] for w in self.words if w not in ACRONYM_STOP)

    @property
    def looks_like_acronym(self) -> bool:
        return len(self.words) == 1 and 2 <= len(self.words[0]) <= 7 and self.text.isupper()


ACRONYM_STOP = frozenset(
    {"in", "the", "of", "and", "for", "de", "du", "la", "le", "les", "des", "et", "en", "au", "aux"}
    | {"pour", "d"}
)


def _split_latin_token(tok: str) -> list[tuple[str, bool]]:
    """(word, is_article) pieces of one token: `al-qaida` → (al, True), (qaida, False)."""
    pieces = [p for p in tok.split("-") if p]
    out: list[tuple[str, bool]] = []
    for i, p in enumerate(pieces):
        hyphenated = len(pieces) > 1 and i < len(pieces) - 1
        ezafe = p in _EZAFE and i > 0  # `Tehrik-e-Taliban`, `Hezb-e Islami`
        # a lone `l` is an initial (`L. Naqdi`): the article `l` is elided (`L'Houari`)
        lone_l = p == "l" and len(pieces) == 1
        is_article = (p in LATIN_ARTICLES and not lone_l) or ezafe
        is_article = is_article or (hyphenated and p in HYPHEN_ARTICLES)
        out.append((p, is_article))
    return out


def _expand_attached(word: str) -> list[str]:
    """`abdelkader` → `abd` `kader`; `benali` → `ben` `ali`; `abderrahmane` → `abd` `rrahmane`."""
    if word.startswith("abd") and len(word) > 4 and word not in LATIN_PARTICLES:
        rest = word[3:]
        rest = _ABD_ARTICLE.sub("", rest)
        rest = _ABD_ASSIMILATED.sub("", rest)
        return ["abd", rest]
    m = _ATTACHED.match(word)
    if m and word not in LATIN_PARTICLES:
        return [m.group(1), *_split_suffix(word[m.end() :])]
    return _split_suffix(word)


def _split_suffix(word: str) -> list[str]:
    if word in LATIN_SUFFIXES:
        return [word]
    for pattern, canon in ((_SUFFIX_ALLAH, "allah"), (_SUFFIX_DIN, "din")):
        m = pattern.search(word)
        if m and m.start() >= 3:
            return [word[: m.start()], canon]
    return [word]


def _make_part(
    text: str,
    script: str,
    prefixes: list[str],
    cores: list[tuple[str, str]],
    arabic: str = "",
) -> NamePart:
    """Build a Latin-analysed part from particles + (raw, phonetic) core words."""
    prefix = prefixes[0] if prefixes else ""
    extra = "".join(prefixes[1:])
    core = extra + "".join(ph for _, ph in cores)
    form = prefix + core
    sk_prefix = "".join(PREFIX_SKELETON[p] for p in prefixes)
    if cores:
        raw, ph = cores[-1]
        head = "".join(latin_skeletons(r, p)[0] for r, p in cores[:-1])
        sks = tuple(sk_prefix + head + s for s in latin_skeletons(raw, ph))
    else:
        sks = (sk_prefix,)
    return NamePart(text, script, prefix, (form,), (1.0,), (core,), sks, arabic, True)


# Russian х and в stand for the kh and v of Russian names (Хаматович: KHAMATOVICH, as the UN
# writes them) and for the h and w of Arabic ones (Хасан: Hasan, Абу Ханифа: Abu Hanifa, Валид:
# Walid): a name with them is read both ways, the Arabic reading added to each part's forms and
# skeletons
_CYRILLIC_ARABIC = {"х": "h", "Х": "H", "в": "w", "В": "W"}
_CYRILLIC_ARABIC_RE = re.compile("[хХвВ]")


@lru_cache(maxsize=1 << 18)
def analyse_latin(text: str) -> tuple[tuple[NamePart, ...], tuple[str, ...]]:
    parts, words = _analyse_latin(text)
    if _CYRILLIC_ARABIC_RE.search(text):
        alt, _ = _analyse_latin(_CYRILLIC_ARABIC_RE.sub(lambda m: _CYRILLIC_ARABIC[m[0]], text))
        if len(alt) == len(parts):
            parts = tuple(_with_reading(p, q) for p, q in zip(parts, alt, strict=True))
    return parts, words


def _with_reading(part: NamePart, other: NamePart, confidence: float = 1.0) -> NamePart:
    """`part` that also reads as `other` (the same word spelt another way): its forms (with
    `confidence`), cores and own skeletons added after part's own."""
    forms = tuple(f for f in other.forms if f not in part.forms)
    if not forms:
        return part
    n = len(part.gloss_skeletons)
    own = part.own_skeletons
    extra = tuple(x for x in other.own_skeletons if x not in own)
    return dataclasses.replace(
        part,
        forms=part.forms + forms,
        confidence=part.confidence + tuple(confidence for _ in forms),
        cores=part.cores + tuple(c for c in other.cores if c not in part.cores),
        skeletons=own + extra + (part.skeletons[len(part.skeletons) - n :] if n else ()),
        variant=",".join(forms),
    )


def _drop_titles(tokens: list[str], titles: frozenset[str]) -> list[str]:
    """`tokens` without the titles at their front (`el hadj` too), if any word is left."""
    while len(tokens) > 1:
        if tokens[0] in titles:
            tokens = tokens[1:]
        elif len(tokens) > 2 and tokens[0] in LATIN_ARTICLES and tokens[1] in titles:
            tokens = tokens[2:]  # `El Hadj Omar`
        else:
            break
    return tokens


# assimilated articles (`ur` in `Fazl-ur-Rahman`, `ud` in `Bashir-ud-Din`), which are read as
# articles when hyphenated; written apart (`Fazl ur Rahman`, as Pakistani and Afghan names
# often are) they were read as name parts of their own
# (not `an`, `en`, `un`: `Nguyen An Nam`, `Kim Un Nam` are names)
_ASSIMILATED = frozenset(
    a
    for a in HYPHEN_ARTICLES - LATIN_ARTICLES
    if a[0] in "aeu" and a not in ("ag", "an", "en", "un")
)


# the Persian and Urdu ezafe, which joins two words of a name (`Tehrik-e-Taliban`, `Lashkar-e-
# Taiba`, `Hizb-i-Islami`): no name part, as an article is none (it had been read as a name part,
# and as an initial since initials count)
_EZAFE = frozenset({"e", "i"})


def _join_spaced_articles(tokens: list[str]) -> list[str]:
    """An assimilated article written apart between two words, before a word that starts with
    its consonant (`ur rahman`, `ud din`, `us saeed`), joined to that word with a hyphen, as
    `ur-rahman` is written; in an organisation's name, an ezafe `e` written apart (`Jaish e
    Mohammed`) to the word before it, as `Jaish-e` is (in a person's, `Mohamed E. Ali`, it is
    an initial)."""
    out: list[str] = []
    i = 0
    org = "e" in tokens and is_latin_organisation([p for t in tokens for p in t.split("-") if p])
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "e" and org and out and len(nxt) > 1:
            out[-1] += "-e"  # as `Jaish-e` is written
            i += 1
            continue
        if tok in _ASSIMILATED and out and nxt.startswith(tok[1:]) and len(nxt) > len(tok):
            out.append(f"{tok}-{nxt}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _analyse_latin(
    text: str, keep_titles: bool = False
) -> tuple[tuple[NamePart, ...], tuple[str, ...]]:
    parts: list[NamePart] = []
    words: list[str] = []
    prefixes: list[str] = []
    shown: list[str] = []
    suffixed = False  # the last part already took `Allah`/`al-Din` (Hamdullah Allah Noor)
    written = _join_spaced_articles(latin_tokens(text))
    if _ELIDED_DE.search(text):
        # French `d'` before a vowel in an organisation's name is `de` (`Etat islamique d'Irak`),
        # not part of the next word; in a person's it stays (`D'Souza`, `D'Alema`)
        apart = _join_spaced_articles(latin_tokens(_ELIDED_DE.sub("de ", text)))
        if is_latin_organisation([p for t in apart for p in t.split("-") if p]):
            written = apart
    tokens = written if keep_titles else _drop_titles(written, LATIN_TITLES)
    # an organisation name's function words (`of`, `in the`, `pour l'`) are not name parts
    skip = (
        LATIN_FUNCTION_WORDS
        if is_latin_organisation([p for t in tokens for p in t.split("-") if p])
        else frozenset()
    )
    for tok in tokens:
        for piece, is_article in _split_latin_token(tok):
            words.append(piece)
            if piece in skip and not prefixes:
                continue
            shown.append(piece)
            if is_article:
                continue
            if prefixes == ["abd"]:
                # `Abd Allah`, `Abd Ellatif` written apart: drop the article glued to the word as
                # `Abdallah`/`Abdellatif` do, so all spellings reach `abdlah`, `abdlatif`
                piece = _ABD_ARTICLE.sub("", piece)
                piece = _ABD_ASSIMILATED.sub("", piece)
            for word in _expand_attached(piece):
                if word in LATIN_SUFFIXES and parts and not prefixes and not suffixed:
                    parts[-1] = _with_suffix(parts[-1], LATIN_SUFFIXES[word], " ".join(shown))
                    shown = []
                    suffixed = True
                    continue
                suffixed = False
                if word in LATIN_PARTICLES:
                    prefixes.append(LATIN_PARTICLES[word])
                    continue
                ph = latin_phonetic(word)
                part = _make_part(" ".join(shown), "Latn", prefixes, [(word, ph)])
                bare = _JOINED_ARTICLE.sub("", word)
                known = (
                    bare != word and arabic_readings(latin_key(bare), by_sound=False) is not None
                )
                if bare != word and (known or not _VOWEL_START.match(bare)):
                    alone = _make_part(part.text, "Latn", prefixes, [(bare, latin_phonetic(bare))])
                    # as sure as the spelling where the dictionary knows the name without it
                    part = _with_reading(part, alone, 1.0 if known else JOINED_ARTICLE_CONFIDENCE)
                elif (bare := _glued_lam(word) or glued_l(word)) is not None:
                    alone = _make_part(part.text, "Latn", prefixes, [(bare, latin_phonetic(bare))])
                    part = _with_reading(part, alone)
                if len(word) >= 5 and word.endswith("ic"):
                    # Slavic `-ić`/`-ič` (folded to -ic) is `ich`, as Arabic script writes it
                    # (ميلوسيفيتش / Milosevic): read both ways
                    ich = word + "h"
                    alt = _make_part(part.text, "Latn", prefixes, [(ich, latin_phonetic(ich))])
                    part = _with_reading(part, alt, SLAVIC_IC_CONFIDENCE)
                parts.append(part)
                prefixes, shown = [], []
    if prefixes:  # a trailing particle ("Abu") stands alone
        form = "".join(prefixes)
        sk = "".join(PREFIX_SKELETON[p] for p in prefixes)
        parts.append(NamePart(" ".join(shown), "Latn", "", (form,), (1.0,), (form,), (sk,)))
    if len(parts) < 2 and tokens != written:
        return _analyse_latin(text, keep_titles=True)  # a title and one name: a nom de guerre
    if skip:  # an organisation: its words also read in the glossary's other language
        parts = [_with_latin_glosses(p) for p in parts]
    return tuple(parts), tuple(words)


def _with_latin_glosses(part: NamePart) -> NamePart:
    """An organisation name's Latin word with the glossary's other English and French words for
    it as `glosses` (`etat`: state; `groupe`: group; `predication`: call), as Arabic words get
    their translations (`_with_glosses`)."""
    if part.prefix or " " in part.text:
        return part
    translations = latin_translations(part.text)
    if not translations:
        return part
    tr_forms, tr_sks = _phonetic_readings(translations)
    extra = tuple(x for x in tr_sks if x not in part.skeletons)
    return dataclasses.replace(
        part,
        glosses=tuple(f for f in tr_forms if f not in part.forms),
        gloss_skeletons=extra,
        glossed=True,
        skeletons=part.skeletons + extra,
    )


# The Maghreb article glued on (`Lahcen`, `Lmokhtar`, `Laroussi`; لحسن): each reading is decided
# by the romaniser's dictionary, never by the spelling alone (reading every `l` so made false
# hits: `Lahsen` / `Helen`, `Labid` / `Abid`):
# - `_glued_lam`: a Latin spelling mostly written for an Arabic name the dictionary itself files
#   with a glued lam (لحسن, `lexicon.glued_article`), read as that name's usual spelling;
# - `glued_l`: `l` + consonant before a name the dictionary writes with the article (`Lmokhtar`),
#   `l` + vowel where the dictionary writes the word for an ا/ع name with the article (`Laroussi`);
# - in Arabic script, `_unglued_core` (لحسن read as الحسن) and `analyse_arabic_part` (العروسي
#   also read as its attested `Laroussi` without the l);
# - `dictionary_key`: such a word is looked up in the dictionary by the name after the article.
def _glued_lam(word: str) -> str | None:
    """The usual spelling of the name a Latin word mostly writes with the Maghreb article glued
    on (`Lahcen`, لحسن: al-Hasan, `hassan`; `lexicon.glued_article`), else None (`Latif`,
    `Leila`, `Lotfi`; a word the dictionary does not know: its own attestations decide)."""
    if not word.startswith("l"):
        return None
    name = glued_article(latin_key(word))
    spellings = latin_spellings(name) if name else None
    # its most usual spelling that is mostly written for it (for اسعد `asaad`, not `asad`: اسد)
    bare = {
        k: v
        for k, v in (spellings or {}).items()
        if not k.startswith("l") and dominant_reading(k) == name
    }
    return max(bare, key=bare.__getitem__) if bare else None


# the article's `l` glued onto a name that starts with a consonant, as Moroccan civil status
# writes it (`Lmokhtar`, `Lmahdi`, `Lhoussaine`, `Lbachir`); no Arabic name's Latin spelling
# starts so otherwise (not `Lloyd`, `Lyes`: `l` and `y` are left out)
_GLUED_L = re.compile(r"^l(?=[bcdfghjkmnpqrstvwxz][a-z]{2})")
_GLUED_L_VOWEL = re.compile(r"^l(?=[aeiou][a-z]{2})")  # (before a vowel: `glued_before_vowel`)


def glued_l(word: str) -> str | None:
    """The name after the Maghreb article's `l` glued on: before a consonant (`Lmokhtar`:
    `mokhtar`) where the dictionary attests that name written with the article
    (`lexicon.takes_article`: المختار); before a vowel where the dictionary writes the word
    itself mostly for a name that starts with ا or ع with the article (`Laroussi`: العروسي;
    `Lazhar`, `Layachi`: `lexicon.glued_before_vowel`). Else None (`Lhamo`, `Leila`: ليلى,
    `Labid`: لبيد, `Lassi`: unknown)."""
    if _GLUED_L.match(word):
        return word[1:] if takes_article(latin_key(word[1:])) else None
    key = latin_key(word)
    name = glued_before_vowel(key) if _GLUED_L_VOWEL.match(word) else None
    if name is None:
        return None
    # the word well attested, or the word after the l, mostly written for that same name
    # (`dictionary_key` asks the dictionary by it: what tells `Layachi` from other names);
    # not `Lalaoui` (لعلاوي), whose `alaoui` is mostly علوي
    if arabic_readings(key, by_sound=False) is not None:
        return word[1:]
    bare = arabic_readings(latin_key(word[1:]), by_sound=False)
    return word[1:] if bare and max(bare, key=bare.__getitem__) == name else None


@lru_cache(maxsize=1 << 16)
def dictionary_key(text: str) -> str:
    """The `latin_key` by which the dictionary knows a Latin word: as written, else without the
    article glued on where it knows the name after it (`Elmokhtar`, `Lmokhtar`: `mokhtar`), so
    that the attestations telling names apart (`Mokhtar` is not `Munther`) hold for those
    spellings too."""
    key = latin_key(text)
    if arabic_readings(key, by_sound=False) is not None:
        return key
    bare = _JOINED_ARTICLE.sub("", key)
    if bare != key:
        # only a name the dictionary writes with the article: `Elhami` is إلهامي, not
        # al-حامي; `Alsafar` is الصفار, while `safar` is mostly صفر
        return bare if takes_article(bare) else key
    # the glued l: its rules have asked the dictionary already (`glued_l`)
    bare = glued_l(key) or key
    return bare if arabic_readings(bare, by_sound=False) is not None else key


def _with_suffix(part: NamePart, canon: str, shown: str) -> NamePart:
    """`Nasr` + `Allah` → one part `nasrala` (skeleton + `l`); `Khair` + `al-Din` → `kairdin`."""
    sk = SUFFIX_SKELETON[canon]
    return NamePart(
        (part.text + " " + shown).strip(),
        part.script,
        part.prefix,
        tuple(f + canon for f in part.forms),
        part.confidence,
        tuple(c + canon for c in part.cores),
        tuple(x + sk for x in part.skeletons),
        part.arabic,
        part.attested,
    )


def _latin_form(text: str) -> tuple[str, str, tuple[str, ...]]:
    """(prefix, joined phonetic form, skeletons) of a romanised Arabic part."""
    parts, _ = analyse_latin(text)
    if not parts:
        return "", "", ()
    prefix = parts[0].prefix
    form = "".join(p.forms[0] for p in parts)
    sks = tuple("".join(p.skeleton for p in parts[:-1]) + s for s in parts[-1].skeletons)
    return prefix, form, sks


@lru_cache(maxsize=1 << 17)
def analyse_arabic_part(text: str, prefixes: tuple[str, ...], core: str) -> NamePart:
    """One Arabic part: `text` as written (with particles/article), `core` without them."""
    prefix = prefixes[0] if prefixes else ""
    sk_prefix = "".join(PREFIX_SKELETON[p] for p in prefixes)
    head, _, suffix = core.partition(" ")
    sk_suffix = {"الله": "l", "الدين": "dn"}.get(suffix, "")
    skeletons = [sk_prefix + s + sk_suffix for s in arabic_skeletons(head)]
    letter_skeletons = set(skeletons)
    core = head + suffix
    forms: list[str] = []
    conf: list[float] = []
    cores: list[str] = []
    roms = romanise(text)
    attested = bool(roms) and roms[0].attested
    sure: list[bool] = []  # per form: a spelling the dictionary attests for this word
    for r in roms:
        rp, form, sks = _latin_form(r.text)
        if not form or form in forms:
            continue
        forms.append(form)
        sure.append(r.attested)
        # attested spellings are trusted; model guesses get less credit when they match
        # attested spellings are trusted in proportion to their share of the attestations
        share = min(1.0, r.score / (0.25 * roms[0].score)) if roms[0].score > 0 else 1.0
        conf.append((0.5 + 0.5 * share) * (1.0 if r.attested else 0.9))
        cores.append(form[len(rp) :] if rp == prefix and rp else form)
        for s in sks[:1]:
            if s not in skeletons and r.score >= 0.1:
                skeletons.append(s)
    if fold_arabic(head[:1]) in VOWEL_LETTERS and text.split()[-1].startswith(ARTICLE):
        # the article's l glued on, as Maghreb spellings write a name that starts with a vowel
        # (العروسي: Laroussi; the model spells the word alone `Rousi`): an attested spelling
        # also without it (not the model's guesses: العارم `Laram` is not `Aram`)
        for i in range(len(sure)):
            bare = forms[i][1:]
            if not sure[i] or forms[i][:1] != "l" or bare[:1] not in "aeiou":
                continue
            c = conf[i] * GLUED_VOWEL_CONFIDENCE
            if bare in forms:  # as sure as that (الأزهر: `Lazhar`; `Azhar` guessed at 0.6)
                j = forms.index(bare)
                conf[j] = max(conf[j], c)
            else:
                forms.append(bare)
                conf.append(c)
                cores.append(bare)
    # letter-by-letter readings (آخوند → akhund when the romaniser only knows Akhunzada):
    # weaker than any romaniser spelling, and only added where the romaniser may have missed
    # the list's spelling: an unknown part, Persian letters or ض/ذ/ظ (read z), or a top
    # spelling whose consonants are not the written ones (Akhunzada has z, d more than آخوند)
    latin_prefix = _PREFIX_LATIN.get(prefix, "")
    latin_suffix = {"الله": "allah", "الدين": "din"}.get(suffix, "")
    top_skeletons = _latin_form(roms[0].text)[2] if roms else ()
    need_letters = (
        not attested
        or any(c in head for c in "پچژگضذظ")
        or (bool(top_skeletons) and top_skeletons[0] not in letter_skeletons)
    )
    readings = letter_readings(head) if need_letters else ()
    if not attested and "ج" in head:
        # a word the romaniser's dictionary does not know is most often a foreign name, and
        # Arabic script writes a foreign g as ج (جالينا: Gallina, جرانفيل: Granville): also
        # read as g, in the letter readings and the consonant skeleton (where Latin g meets
        # k and q, as ق does); the romaniser's own guesses rarely do
        g_head = head.replace("ج", "گ")
        readings += tuple(r for r in letter_readings(g_head) if r not in readings)
        for sk in arabic_skeletons(g_head):
            if sk_prefix + sk + sk_suffix not in skeletons:
                skeletons.append(sk_prefix + sk + sk_suffix)
    for reading in readings:
        rp, form, _ = _latin_form(" ".join(x for x in (latin_prefix, reading, latin_suffix) if x))
        if form and form not in forms:
            forms.append(form)
            conf.append(LETTER_CONFIDENCE)
            cores.append(form[len(rp) :] if rp == prefix and rp else form)
    if core.endswith("ة"):  # ta marbuta read as -t in construct state: عصبة → Asbat
        for i in range(len(forms)):
            if forms[i].endswith("a") and forms[i] + "t" not in forms:
                forms.append(forms[i] + "t")
                conf.append(conf[i])
                cores.append(cores[i] + "t")
    folded_prefix = "".join(fold_arabic(p) for p in _PREFIX_ARABIC.get(prefix, ("",)))
    arabic = folded_prefix + fold_arabic(core)
    return NamePart(
        text,
        "Arab",
        prefix,
        tuple(forms),
        tuple(conf),
        tuple(cores),
        tuple(skeletons),
        arabic,
        attested,
    )


ARABIC_SUFFIXES = frozenset({"الله", "الدين"})
_PREFIX_LATIN = {"abd": "abd", "abu": "abu", "bn": "bin", "bnt": "bint", "uld": "ould"}
LETTER_CONFIDENCE = 0.8
_PREFIX_ARABIC = {"abd": ("عبد",), "abu": ("ابو",), "bn": ("بن",), "bnt": ("بنت",), "uld": ("ولد",)}


def analyse_arabic(text: str) -> tuple[tuple[NamePart, ...], tuple[str, ...]]:
    specs, organisation = _arabic_specs(text)
    # the parts' spellings in one call: the words the romaniser's model must spell are decoded
    # together (one batch, each word as if alone), not one model run per part
    romanise_many([part_text for part_text, _, _, _ in specs])
    parts = [analyse_arabic_part(t, pre, core) for t, pre, core, _ in specs]
    # a word read with the Maghreb article glued on is shown as written (`لحسن`)
    parts = [
        p if shown == p.text else dataclasses.replace(p, text=shown)
        for p, (_, _, _, shown) in zip(parts, specs, strict=True)
    ]
    if organisation:
        parts = [_with_glosses(p) for p in parts]
    return tuple(parts), ()


# a letter of any script but Arabic: read on the Latin side (other alphabets in Latin letters)
_NON_ARABIC_LETTER = re.compile(rf"[^\W\d_{ARABIC_SCRIPT}]")


def _has_latin(text: str) -> bool:
    return text.isascii() or _NON_ARABIC_LETTER.search(text) is not None


def prefetch_romanisations(names: Iterable[str]) -> None:
    """Romanise the parts of many Arabic-script names in one call (`romanise_many`), before
    they are analysed one by one: the words the romaniser's model must spell are then decoded
    in batches (an index build, a chunk of a bulk file). Names in Latin or mixed script are
    left to `analyse_name`."""
    texts: list[str] = []
    for name in names:
        text = " ".join(name.split())
        if has_arabic(text) and not _has_latin(text):
            texts.extend(part_text for part_text, _, _, _ in _arabic_specs(text)[0])
    if texts:
        romanise_many(list(dict.fromkeys(texts)))


@lru_cache(maxsize=1 << 12)
def _arabic_specs(
    text: str, keep_titles: bool = False
) -> tuple[tuple[tuple[str, tuple[str, ...], str, str], ...], bool]:
    """The arguments of `analyse_arabic_part` for each part of an Arabic-script name, with the
    part's text as written (`لحسن`, analysed as `الحسن`: `_unglued_core`), and whether the name
    reads as an organisation."""
    tokens: list[str] = []
    for tok in normalize_arabic(text).split():
        tokens.extend(split_attached(tok))
    # الله / الدين after a name belong to it: نصر الله, جلال الدين (one part, as in Latin)
    merged: list[str] = []
    for tok in tokens:
        if (
            tok in ARABIC_SUFFIXES
            and merged
            and merged[-1] not in PARTICLES
            and " " not in merged[-1]
        ):
            merged[-1] = merged[-1] + " " + tok
        else:
            merged.append(tok)
    written = _join_split_words(merged)
    tokens = written if keep_titles else _drop_titles(written, ARABIC_TITLES)
    titled = tokens != written  # (before function words are dropped below)
    organisation = is_organisation(tokens)
    if organisation:  # في, و, من: function words of an organisation name are not name parts
        tokens = [t for t in tokens if t not in ARABIC_FUNCTION_WORDS] or tokens
    specs: list[tuple[str, tuple[str, ...], str, str]] = []  # analyse_arabic_part's, as written
    prefixes: list[str] = []
    shown: list[str] = []
    for tok in tokens:
        shown.append(tok)
        if tok in DROPPED:
            continue
        if tok in PARTICLES:
            prefixes.append(PARTICLES[tok])
            continue
        head, _, suffix = tok.partition(" ")
        has_article, core = split_article(head)
        written = " ".join(shown)
        if not has_article and (bare := _unglued_core(core)) != core:
            # read, and romanised, with the article as written elsewhere (`الحسن`)
            core = bare
            shown[-1] = " ".join(filter(None, (ARTICLE + bare, suffix)))
        if suffix:
            core = core + " " + suffix
        if not has_arabic(core):
            prefixes, shown = [], []
            continue
        specs.append((" ".join(shown), tuple(prefixes), core, written))
        prefixes, shown = [], []
    if prefixes:
        specs.append((" ".join(shown), (), shown[-1], " ".join(shown)))
    if len(specs) < 2 and titled:
        return _arabic_specs(text, keep_titles=True)  # a title and one name: a nom de guerre
    return tuple(specs), organisation


def _unglued_core(token: str) -> str:
    """An Arabic word written with the Maghreb article glued on, read as the name without it:
    `لحسن` → `حسن`, `لخضر` → `اخضر` (the alef of الأخضر dropped with the article's), where the
    dictionary says the word is so written (`lexicon.unglued`); every other word as it is
    (`لطيف`, Latif)."""
    name = unglued(fold_arabic(token)) if token.startswith("ل") else None
    if name is None:
        return token
    return token[1:] if name == fold_arabic(token[1:]) else "ا" + token[1:]


def _join_split_words(tokens: list[str]) -> list[str]:
    """A glossary word written with a stray space (`القا عدة`) is read as one word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and not any(gloss(tokens[i])) and not any(gloss(tokens[i + 1])):
            joined = tokens[i] + tokens[i + 1]
            if any(gloss(joined)):
                out.append(joined)
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return out


@lru_cache(maxsize=1 << 12)
def _phonetic_readings(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phonetic forms, first skeletons) of Latin words, in order, without repeats."""
    forms: list[str] = []
    sks: list[str] = []
    for latin in words:
        _, form, s = _latin_form(latin)
        if form and form not in forms:
            forms.append(form)
        sks.extend(x for x in s[:1] if x and x not in sks)
    return tuple(forms), tuple(sks)


def _with_glosses(part: NamePart) -> NamePart:
    """An organisation name's part with the glossary's readings (plain words only, no `Abu`):
    its transliterations join the part's forms, its translations go to `glosses`."""
    if part.prefix or " " in part.text:
        return part
    translations, spellings = gloss(part.text)
    if not translations and not spellings:
        return part
    sp_forms, sp_sks = _phonetic_readings(spellings)
    new = [f for f in sp_forms if f not in part.forms]
    own = part.skeletons + tuple(s for s in sp_sks if s not in part.skeletons)
    tr_forms, tr_sks = _phonetic_readings(translations)
    extra = tuple(s for s in tr_sks if s not in own)
    return dataclasses.replace(
        part,
        forms=part.forms + tuple(new),
        confidence=part.confidence + (1.0,) * len(new),
        cores=part.cores + tuple(new),
        glosses=tr_forms,
        gloss_skeletons=extra,
        glossed=True,
        skeletons=own + extra,
    )


_SCRIPT_RUN = re.compile(f"[{ARABIC_SCRIPT}]")


# Unicode format characters (category Cf): invisible, and carried into names by copy and paste
# and by forms: soft hyphen, zero-width space / (non-)joiner, direction marks and embeddings
# (LRE…RLO, isolates), word joiner, BOM, Arabic number signs, tags. `Bagh\u00addadi` is
# `Baghdadi`; without this, a soft hyphen or a zero-width space split a word in two (the Latin
# reading keeps letters and digits only), so the name no longer matched. The ranges are the
# Cf code points of Unicode 15, a test checks them against Python's (listed, not computed: computing them at import costs ~0.3 s).
_FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
    # and the invisible marks that are not Cf: the combining grapheme joiner, variation selectors
    "\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)


@lru_cache(maxsize=1 << 18)
def analyse_name(text: str) -> AnalysedName:
    """Parts of a name in either script (mixed names are split into script runs); invisible
    characters are dropped first, and compatibility forms folded (NFKC)."""
    if not text.isascii():
        # NFKC before the script is told: Arabic presentation forms (`ﺃﺑﻮ ﺑﻜﺮ`, as text copied
        # from a PDF comes) are the Arabic letters; both readings apply NFKC anyway
        text = unicodedata.normalize("NFKC", _FORMAT_CHARS.sub("", text))
    text = " ".join(text.split())
    if not has_arabic(text):
        parts, words = analyse_latin(text)
        return AnalysedName(text, "Latn", parts, words)
    if not _has_latin(text):
        parts, words = analyse_arabic(text)
        return AnalysedName(text, "Arab", parts, words)
    # mixed: analyse runs of tokens of the same script separately
    all_parts: list[NamePart] = []
    all_words: list[str] = []
    run: list[str] = []
    run_arabic: bool | None = None
    for tok in text.split() + [""]:
        is_ar = bool(_SCRIPT_RUN.search(tok)) if tok else None
        if tok and (run_arabic is None or is_ar == run_arabic):
            run.append(tok)
            run_arabic = is_ar
            continue
        if run:
            p, w = analyse_arabic(" ".join(run)) if run_arabic else analyse_latin(" ".join(run))
            all_parts.extend(p)
            all_words.extend(w)
        run, run_arabic = [tok], is_ar
    return AnalysedName(text, detect_script(text), tuple(all_parts), tuple(all_words))


_PARTICLE_FORMS = frozenset(PREFIX_SKELETON)


def is_lone_particle(part: NamePart) -> bool:
    """Whether `part` is a particle that ended its name with nothing after it to join (`abdul`
    in `Majeed Abdul`): a part of the particle's form alone."""
    first = part.forms[:1]
    return (
        not part.prefix and bool(first) and first[0] in _PARTICLE_FORMS and first == part.cores[:1]
    )


def particle_first(name: AnalysedName) -> AnalysedName | None:
    """A Latin name that a lone particle ends (`is_lone_particle`), read with that particle
    moved to its front: `Majeed Abdul` → `Abdul Majeed`, `Hakim Murad Abdul` → `Abdul Hakim
    Murad`. Records that split a name at its first space (given name `Abdul`, family name
    `Hakim Murad`) and print the family name first write it so; the UN gives QDi.054 as
    `Majeed Chaudhry Abdul` beside `ABDUL MAJEED CHAUDHRY`'s other forms. None for every
    other name (and where the reading would leave the particle alone still)."""
    ps = name.parts
    if len(ps) < 2 or name.script != "Latn" or not is_lone_particle(ps[-1]):
        return None
    return _particle_first(name.text, len(ps))


@lru_cache(maxsize=1 << 14)
def _particle_first(text: str, n_parts: int) -> AnalysedName | None:
    tokens = _drop_titles(latin_tokens(text), LATIN_TITLES)
    k = len(tokens)  # (not `Al-Abdul`: a family name with its article, not a given name)
    while k and all(not a and w in LATIN_PARTICLES for w, a in _split_latin_token(tokens[k - 1])):
        k -= 1
    # the particle goes after the initials that start the name (`M. Majeed Abdul` is `M. Abdul
    # Majeed`), never onto an initial (`A. Ben` is not `Ben A`, one part `bena`)
    lead = next((n for n, tok in enumerate(tokens) if len(tok) > 1), len(tokens))
    if not lead < k < len(tokens):
        return None
    turned = analyse_name(" ".join(tokens[:lead] + tokens[k:] + tokens[lead:k]))
    if len(turned.parts) != n_parts - 1 or is_lone_particle(turned.parts[-1]):
        return None
    return turned
