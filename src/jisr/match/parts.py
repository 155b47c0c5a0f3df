"""Similarity of two name parts, with how they matched (exact / same key / transliteration /
fuzzy / same skeleton). Cached per pair of parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from jisr.names.arabic import ARTICLE
from jisr.names.lexicon import (
    LATIN_ARTICLES,
    VOWEL_LETTERS,
    arabic_key,
    arabic_readings,
    dominant_reading,
    glued_on_name,
    latin_key,
    latin_spellings,
    same_arabic_name,
)
from jisr.names.parts import (
    PREFIX_SKELETON,
    NamePart,
    dictionary_key,
    glued_l,
    is_lone_particle,
)
from jisr.names.phonetic import latin_phonetic

EXACT = "exact"
SAME_KEY = "same key"
TRANSLIT = "transliteration"
FUZZY = "fuzzy"
SKELETON = "same skeleton"
PARTIAL = "partial"
TRANSLATION = "translation"  # an organisation word and its translation (جماعة = group)
NONE = "none"
INITIAL = "initial"
# an initial (`M.` in `M. Ali Hassan`, as payments and forms abbreviate given names) against a
# part that starts with its letter: compatible, not the same name
INITIAL_SCORE = 0.8
ATTESTED_SAME = "same Arabic name"
ATTESTED_DIFFERENT = "different names"
GLUED_ARTICLE = "article glued on"  # `glued_reading`: الأسمر / Lasmar
DISTINCT_CAP = 0.3  # two well-attested spellings of different Arabic names
# a Latin spelling is another name than an Arabic word it is attested for this rarely (`Karima`
# is كريمة 95% of the time, never كريم; `Yahya` is يحي 1.8% of the time, a spelling of the
# same name, which is why the word's own readings are asked too)
ATTESTED_SHARE = 0.01
# ... unless the Arabic word is written that way at least this often (يحي is `Yahya` 45% of the
# time; عمار is `Omar` 1.3%: 3 of 233, noise beside the 75% `Ammar`)
SPELLING_SHARE = 0.05
# a glossary translation is sure of the meaning but not that the list meant this word
TRANSLATION_SCORE = 0.95
ATTESTED_SAME_SHARE = 0.3  # a Latin spelling written for an Arabic word this often is its
# a Latin word read as an Arabic word with the article glued on (`glued_reading`): a reading
# by the dictionary's attestations (as `Elmasry` for المصري), not a spelling it attests
GLUED_SCORE = 0.9
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")  # the article's l takes them: الطيب, `Ettayeb`
_VOWEL_SPELLINGS = frozenset("aeiouy")  # Latin letters a glued `l` may stand before

# below this a pair of parts is not considered a match at all
MIN_PART_SCORE = 0.35
_CACHE: dict[tuple[str, str], tuple[float, str]] = {}
_CACHE_MAX = 1 << 20
_VOWELS = frozenset("aiu")
_PATRONYMIC = frozenset({"bn", "bnt", "uld"})


def _first_vowel(form: str) -> str:
    """The first vowel if it starts the word or follows the first consonant (`umar` → u,
    `muhamad` → u); "" for a cluster (`mhamad`: Maghreb spelling with the first vowel dropped)."""
    if form[:1] in _VOWELS:
        return form[0]
    return form[1] if len(form) > 1 and form[1] in _VOWELS else ""


def _vowel_conflict(a: str, b: str) -> bool:
    """`hasan`/`husain`, `umar`/`amar`, `muhamad`/`mahmud`: first vowel u against a or i.

    Only u is contrasted: a and i are not, because Latin `e` stands for either (Emad = Imad)."""
    va, vb = _first_vowel(a), _first_vowel(b)
    return bool(va and vb and va != vb and "u" in (va + vb))


def _fuzzy(r: float) -> float:
    return min(1.0, max(0.0, (r - 0.6) / 0.3))


def _forms_score(
    fa: tuple[str, ...], ca: tuple[float, ...], fb: tuple[str, ...], cb: tuple[float, ...]
) -> tuple[float, bool]:
    """Best score over form pairs and whether it was an exact form match."""
    best, exact = 0.0, False
    for x, cx in zip(fa, ca, strict=False):
        for y, cy in zip(fb, cb, strict=False):
            conf = min(cx, cy)
            if x == y:
                if conf > best or not exact:
                    best, exact = max(best, conf), True
                continue
            r = Levenshtein.normalized_similarity(x, y)
            s = _fuzzy(r)
            if r >= 0.8 and _skeleton_of(x) == _skeleton_of(y):
                s = 0.5 + 0.5 * s  # only vowels differ: kadar/kadir, husin/husain
            if x[:1] != y[:1] and _skeleton_of(x)[:1] != _skeleton_of(y)[:1]:
                s *= 0.6  # a different first consonant: Nezzar/Mezzar
            if _vowel_conflict(x, y):
                s *= 0.5 if min(len(x), len(y)) <= 4 else 0.8
            s *= conf
            if s > best and not (exact and s <= best):
                best, exact = s, False
    return best, exact


@lru_cache(maxsize=1 << 16)
def _skeleton_of(form: str) -> str:
    return "".join(c for c in form if c not in _VOWELS)


def _strip_prefix(text: str) -> str:
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 else text


class ScoreTable:
    """Part scores alone, by query part key then listed part key, as `jisr.match.bounds` reads
    them: one query part's scores against many listed parts are one `map` over their keys, no
    Python loop per pair. It also records the pairs it found cannot score, without comparing
    them; `compare_parts` reads those zeros. Holds at most `max_pairs`: past that, the rows of
    the query parts used longest ago go first (a bulk file's common names keep theirs)."""

    def __init__(self, max_pairs: int = 1 << 21) -> None:
        self.rows: dict[str, dict[str, float]] = {}  # least recently used first
        self.held = 0
        self.max_pairs = max_pairs

    def row(self, key: str) -> dict[str, float]:
        got = self.rows.pop(key, None)
        if got is None:
            got = {}
        self.rows[key] = got  # now the most recently used
        return got

    def add(self, key: str, scores: Iterable[tuple[str, float]]) -> None:
        row = self.row(key)
        before = len(row)
        row.update(scores)
        self.held += len(row) - before
        if self.held > self.max_pairs:
            for old in list(self.rows)[: max(1, len(self.rows) // 2)]:
                if self.held <= self.max_pairs // 2:
                    break
                self.held -= len(self.rows.pop(old))

    def clear(self) -> None:
        self.rows.clear()
        self.held = 0

    def is_zero(self, ka: str, kb: str) -> bool:
        row = self.rows.get(ka)
        return row is not None and row.get(kb) == 0.0


SCORES = ScoreTable()


def clear_caches() -> None:
    """Forget every part comparison this module has cached (for timing cold screening)."""
    _CACHE.clear()
    SCORES.clear()
    _CLOSE.clear()
    _JOINED.clear()
    join_parts.cache_clear()
    _skeleton_of.cache_clear()


def compare_parts(a: NamePart, b: NamePart) -> tuple[float, str]:
    """(score in 0–1, how) for two parts; symmetric."""
    ka, kb = a.key, b.key
    ck = (ka, kb) if ka <= kb else (kb, ka)
    hit = _CACHE.get(ck)
    if hit is not None:
        return hit
    if SCORES.is_zero(ka, kb) or SCORES.is_zero(kb, ka):
        return 0.0, NONE
    res = _compare(a, b) if ka <= kb else _compare(b, a)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[ck] = res
    return res


def is_initial(part: NamePart) -> bool:
    """Whether a part is one Latin letter (`M.`, `A` in `Mohamed A Ali`)."""
    return part.script == "Latn" and len(part.text) == 1 and not part.prefix


# the Latin initials an Arabic word's first letter is written with (its romanisations start so;
# a vowel letter or ع with any vowel)
_ARABIC_INITIALS = {
    **dict.fromkeys("اأإآعءى", "aeiou"),
    **{"و": "wou", "ي": "yie", "ی": "yie", "ب": "b", "پ": "p", "ت": "t", "ث": "ts", "ج": "jgd"},
    **{"چ": "c", "ح": "h", "خ": "kh", "د": "d", "ذ": "dzt", "ر": "r", "ز": "z", "ژ": "zj"},
    **{"س": "s", "ش": "sc", "ص": "s", "ض": "dz", "ط": "t", "ظ": "zd", "غ": "g", "ف": "f"},
    **{"ڤ": "v", "ق": "qkg", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h"},
}
# the first letters of a Latin name an initial stands for: its own, and o/u, e/i (`O.` for Osama
# and Usama, `E.` for Emad and Imad)
_LATIN_INITIALS = {"o": "ou", "u": "uo", "e": "ei", "i": "ie"}


def initial_agrees(initial: NamePart, part: NamePart) -> bool:
    """Whether `part` may be what the initial abbreviates: a Latin part that starts with its
    letter (after an article: `K.` for `al-Kheir`), an Arabic one whose first letter is written
    with it (`O.` for أسامة, `K.` or `Q.` for قاسم). Never a particle alone or a joined reading."""
    letter = initial.text
    if is_lone_particle(part) or "+" in part.text:
        return False
    if part.script == "Arab":
        return letter in _ARABIC_INITIALS.get(part.arabic[:1], "")
    article, _, rest = part.text.partition(" ")  # `al kheir`: an initial stands for Kheir
    word = rest if rest and article in LATIN_ARTICLES else part.text
    return word[:1] in _LATIN_INITIALS.get(letter, letter)


def _compare(a: NamePart, b: NamePart) -> tuple[float, str]:
    cross = a.script != b.script
    if a.script == b.script == "Arab" and a.arabic == b.arabic:
        return 1.0, EXACT
    if a.script == b.script == "Latn" and a.text == b.text:
        return 1.0, EXACT  # (two equal letters: `compare_analysed` reads them as initials)
    if is_initial(a) or is_initial(b):
        if is_initial(a) and is_initial(b):
            return 0.0, NONE  # two different letters
        ini, full = (a, b) if is_initial(a) else (b, a)
        return (INITIAL_SCORE, INITIAL) if initial_agrees(ini, full) else (0.0, NONE)
    if a.script == b.script == "Arab":
        # both in Arabic script: the letters decide; romanisations only confirm the top reading
        r = Levenshtein.normalized_similarity(a.arabic, b.arabic)
        score, how = min(1.0, max(0.0, (r - 0.8) / 0.2)) * 0.9, FUZZY
        if a.forms and b.forms and a.forms[0] == b.forms[0] and score < 0.9:
            score, how = 0.9, SAME_KEY
    else:
        score, exact = _forms_score(a.forms, a.confidence, b.forms, b.confidence)
        how = (TRANSLIT if cross else SAME_KEY) if exact else FUZZY
    if a.script == b.script == "Latn" and score > 0.0:
        ka, kb = dictionary_key(a.text), dictionary_key(b.text)
        # `bin Muhammad` against `Mohammad` is a patronymic left out (below), not another name
        same_particle = (a.prefix in _PATRONYMIC) == (b.prefix in _PATRONYMIC)
        if same_arabic_name(ka, kb, by_sound=False) is None and a.prefix and a.prefix == b.prefix:
            # bin Said / bin Saad: compare the names after the particle
            ta, tb = _strip_prefix(a.text), _strip_prefix(b.text)
            if ta != a.text and tb != b.text:
                ka, kb = dictionary_key(ta), dictionary_key(tb)
        # a spelling the dictionary does not know reads as those that sound like it (Qadhafi
        # as Kadhafi: the same as Gaddafi; Karimah as Karima: not Karim); two spellings of one
        # sound (`Ghada` and `Qaeda` both sound `kada`) only by their own attestations
        overlap = same_arabic_name(ka, kb, by_sound=score < 1.0)
        if overlap is not None and overlap < 0.1 and score > DISTINCT_CAP and same_particle:
            known = same_arabic_name(ka, kb, by_sound=False) is not None
            if (
                known
                or _sounds_apart(a.forms[0], b.forms[0])
                or _sounds_apart(_looked_up(a, ka), _looked_up(b, kb))
            ):
                return DISTINCT_CAP, ATTESTED_DIFFERENT  # Karim/Karima, Said/Saad, Hamdi/Hamadi
        if overlap is not None and overlap >= 0.3 and score < 0.95:
            score, how = 0.95, ATTESTED_SAME  # Youcef/Youssouf, Kais/Qais, Gaddafi/Qadhafi
    elif a.script == b.script == "Latn" and same_dominant(a, b):
        # spellings that sound apart, each mostly written for one Arabic name: Amor / Omar
        # (Tunisian and English for عمر), Mohd / Mohammed, Syed / Sayyid, Smain / Ismail
        score, how = 0.95, ATTESTED_SAME
    elif cross and score > DISTINCT_CAP and (_attested_apart(a, b) or _q_apart(a, b)):
        return DISTINCT_CAP, ATTESTED_DIFFERENT  # كريم/Karima, سميرة/Samir, محمود/Mohamed
    elif cross and 0.0 < score < 0.95 and _attested_same(a, b):
        score, how = 0.95, ATTESTED_SAME  # فضل/Fazl: the romaniser offers Fadel, Fadl
    elif cross and score < GLUED_SCORE and glued_reading(a, b):
        score, how = GLUED_SCORE, GLUED_ARTICLE  # الأسمر/Lasmar, الأطرش/Latrech
    if (a.prefix in _PATRONYMIC and not b.prefix) or (b.prefix in _PATRONYMIC and not a.prefix):
        # `bin Ali` vs `Ali`: the patronymic particle is missing on one side
        ca = a.cores if a.prefix else a.forms
        cb = b.cores if b.prefix else b.forms
        s, _ = _forms_score(ca, a.confidence, cb, b.confidence)
        s *= 0.75
        if s > score:
            score, how = s, PARTIAL
    if score < TRANSLATION_SCORE and (a.glosses or b.glosses) and (cross or a.script == "Latn"):
        # an organisation word against its translation: الجماعة = Group; in Latin script its
        # word in the other of French and English, as spelt (Etat = State; not `Pays` = Bays)
        for x, y in ((a, b), (b, a)):
            if not x.glosses:
                continue
            g, exact = _forms_score(x.glosses, (1.0,) * len(x.glosses), y.forms, y.confidence)
            g = TRANSLATION_SCORE * (1.0 if exact else min(1.0, g))
            if g > score and (exact or (cross and g >= 0.7)):
                score, how = round(g, 4), TRANSLATION
    if score < 0.8 and (not a.attested or not b.attested):
        # an unknown Arabic part (the romaniser's model guessed): its consonants are a real but
        # weaker signal than an attested spelling
        sa, sb = a.own_skeletons, b.own_skeletons
        sims = [Levenshtein.normalized_similarity(x, y) for x in sa for y in sb]
        r = max(sims, default=0.0)
        n = min(len(a.skeleton), len(b.skeleton))
        s = 0.8 if r == 1.0 and n >= 3 else 0.7 if r >= 0.75 and n >= 4 else 0.0
        if s > score:
            score, how = s, SKELETON
    elif (
        cross
        and score < 0.5
        and len(a.skeleton) >= 3
        and set(a.own_skeletons) & set(b.own_skeletons)
    ):
        # attested but differently spelt (آخوند / Akhund): same consonants, weak evidence only
        score, how = 0.5, SKELETON
    return round(score, 4), how if score > 0 else NONE


_VOWEL_GROUPS = re.compile("[aiu]+")


def _looked_up(part: NamePart, key: str) -> str:
    """How the name the dictionary was asked about sounds (`key`: its `dictionary_key`, or
    that of the word after a particle), a word read with the Maghreb article glued on as the
    name after it (`Lemine`, known as itself, sounds `amin`: apart from `Emina` as `Amine` is;
    `Ould Lemine` too; `Elbachir` is looked up as `bachir`), else as the part's first form.
    (The spellings as written are compared too: `Lameri` and `Lamri`, both glued, sound apart
    as written, not `lamari` against `amri`.)"""
    bare = glued_l(key)
    if bare is not None:
        return latin_phonetic(bare)
    return part.forms[0] if key == latin_key(part.text) else latin_phonetic(key)


def _sounds_apart(x: str, y: str) -> bool:
    """Whether two phonetic forms, one of a spelling the dictionary knows only by how it sounds,
    differ as two Arabic names do and two spellings of one do not: a feminine ending (`karim` /
    `karima`), a u against another vowel (`hamad` / `hamud`), a diphthong (`umair` / `umar`).
    Not consonants alone, nor a against i: Latin `e` stands for either (`Sajid` / `Sajed`,
    `Javed` / `Jawed` are one name each)."""
    if _skeleton_of(x) != _skeleton_of(y):
        return False
    if (x[-1:] in _VOWELS) != (y[-1:] in _VOWELS):
        return True
    gx, gy = _VOWEL_GROUPS.findall(x), _VOWEL_GROUPS.findall(y)
    if len(gx) != len(gy):
        return True
    return any(len(p) != len(q) or ("u" in p) != ("u" in q) for p, q in zip(gx, gy, strict=True))


# a Latin q is ق (or ك): never غ nor خ, which the phonetic forms fold with it (gh, kh, q, k all
# read `k`, for the Latin spellings of ق: Gaddafi, Ghadafi, Khadafi, Qadhafi)
_Q_NEVER = frozenset("غخ")


def _q_apart(a: NamePart, b: NamePart) -> bool:
    """Across scripts: a Latin part starting with q against an Arabic one starting with غ or خ
    (`Qaeda` is not غادة, Ghada)."""
    ar, la = (a, b) if a.script == "Arab" else (b, a)
    if ar.script != "Arab" or la.script != "Latn":
        return False
    return latin_key(la.text)[:1] == "q" and ar.arabic[:1] in _Q_NEVER


def dominant(part: NamePart) -> str:
    """The Arabic name a Latin part's spelling is mostly written for (`dominant_reading`), ""
    for none, for an Arabic part and for a joined reading (no attestation of its own)."""
    if part.script != "Latn" or "+" in part.text:
        return ""
    return dominant_reading(dictionary_key(part.text)) or ""


def same_dominant(a: NamePart, b: NamePart) -> bool:
    """Whether two Latin parts are spellings mostly written for one Arabic name, with the same
    particle, first consonant and, give or take one, number of consonants: the dictionary's
    noise apart (it files `France` under يوسف, `Shahzaib` under شاه, `Farmanfarmaian` under
    one name with `Farmaian`); nor two that end in different vowels (`Lily` / `Leila`, both
    ليلي once ى and ي are folded)."""
    name = dominant(a)
    if not name or name != dominant(b) or a.prefix != b.prefix:
        return False
    ea, eb = a.forms[0][-1:], b.forms[0][-1:]
    return (
        a.skeleton[:1] == b.skeleton[:1]
        and abs(len(a.skeleton) - len(b.skeleton)) <= 1
        and not (ea in _VOWELS and eb in _VOWELS and ea != eb)
    )


def _attested_same(a: NamePart, b: NamePart) -> bool:
    """Across scripts: whether the dictionary gives the Latin part (or, for a spelling it
    does not know, those that sound like it) as a spelling written for the Arabic one (`Fazl`
    sounds like spellings of فضل, 92%), which the romaniser's top spellings may leave out (it
    offers فضل as Fadel, Fadl, Fadhl). Only raises a score already above 0."""
    ar, la = (a, b) if a.script == "Arab" else (b, a)
    if ar.script != "Arab" or la.script != "Latn" or "+" in ar.text or "+" in la.text:
        return False
    readings = arabic_readings(dictionary_key(la.text))
    return readings is not None and readings.get(arabic_key(ar.text), 0.0) >= ATTESTED_SAME_SHARE


def _attested_apart(a: NamePart, b: NamePart) -> bool:
    """Across scripts: whether the Latin part is a well-attested spelling of other Arabic names
    than the Arabic part, which the dictionary knows too (its own readings do not give that
    spelling either). The model's fuzzy closeness of `karim` and `karima` says nothing of
    whether كريم (Karim) is Karima (كريمة), the attestations do; hand-written because no
    library knows which Arabic names a Latin spelling stands for."""
    ar, la = (a, b) if a.script == "Arab" else (b, a)
    if ar.script != "Arab" or la.script != "Latn" or not ar.attested:
        return False
    if "+" in ar.text or "+" in la.text:  # a joined reading: no attestation of its own
        return False
    if la.forms and la.forms[0] in ar.forms[: _sure_forms(ar)]:
        return False  # one of the word's sure readings (سالم: salim, salem)
    key, arabic = dictionary_key(la.text), arabic_key(ar.text)  # as the dictionary keys them
    readings = arabic_readings(key, by_sound=False)
    if readings is None or readings.get(arabic, 0.0) >= ATTESTED_SHARE:
        return False
    spellings = latin_spellings(arabic)  # كريم is written karim, kareem: never karima
    # (a word written too rarely to say is apart on the readings above)
    return spellings is None or spellings.get(key, 0.0) < SPELLING_SHARE


def glued_reading(a: NamePart, b: NamePart) -> bool:
    """Across scripts: whether a Latin word that starts with `l` writes an Arabic word written
    with the article, before a moon letter, with the article glued on as Maghreb civil status
    writes it (الأسمر: `Lasmar`, الأطرش: `Latrech`, الوسلاتي: `Loueslati`, الأزهري: `Lazhari`),
    by the dictionary's attestations: the spelling attested mostly for that name with the
    article, if only a few times (`Lahbib`: الحبيب; `lexicon.glued_on_name`); read by sound,
    the Latin word itself reads as that name (`Lamine`: امين; with the lam glued on, most
    often: `Latrech`: لطرش), or, when
    the dictionary does not know the word, it attests the rest as written for it: after the
    `l` before a vowel (`asmar`: اسمر), after `la`/`le` before two consonants (`mbarki` of
    `Lambarki`: مباركي), in at least ATTESTED_SAME_SHARE of the attestations. Not `Lamine` for
    المعين, `Lassad` (known as الأسعد) for الاسد, `Lahore` for الحر, nor words the dictionary
    knows nothing of: reading the article into every spelling of the Arabic word found two
    false matches for each true one, reading the rest by sound one for every two (two reviews
    of 20,000 pairs, 2026-12-05). Hand-written: no library knows Maghreb spellings."""
    ar, la = (a, b) if a.script == "Arab" else (b, a)
    if ar.script != "Arab" or la.script != "Latn" or "+" in ar.text or "+" in la.text:
        return False
    if " " in ar.text or not ar.text.startswith(ARTICLE) or ar.text[2:3] in _SUN_LETTERS:
        return False  # (not a compound: عبد الكريم)
    key = latin_key(la.text)
    if key[:1] != "l" or len(key) < 5:
        return False
    name = arabic_key(ar.text)
    if glued_on_name(key) == name:
        return True  # the spelling itself, attested mostly for the name with the article
    whole = arabic_readings(key, by_sound=True)
    if whole is not None:
        # the name; or, as the word's most attested reading, the name with the lam glued on
        # where it starts with a vowel letter (ا also left out: لطرش; لعيساوي): not a name of
        # its own that starts with ل (لميس is Lamees, not الميس; `Leyla` is ليلي more than ليلا,
        # and at a third of its readings by sound, ليلا would make it الايلا; `Lakah` الآغا)
        glued = {"ل" + name} if name[:1] and name[:1] in VOWEL_LETTERS else set()
        if name[:1] == "ا":
            glued.add("ل" + name[1:])
        top = max(whole, key=whole.__getitem__)
        return whole.get(name, 0.0) >= ATTESTED_SAME_SHARE or top in glued
    rests = [key[1:]] if key[1] in _VOWEL_SPELLINGS else []
    if key[1] in "ae" and _cluster(key[2:]):
        rests.append(key[2:])
    for rest in rests:
        # the rest as written: read by sound, `Lahore`, `Lacan`, `Lebedyn` were الحر, الخان,
        # العابدين (hore, can, ebedyn; reviewed)
        readings = arabic_readings(rest, by_sound=False)
        if readings is not None and readings.get(name, 0.0) >= ATTESTED_SAME_SHARE:
            return True
    return False


_DIGRAPHS = ("kh", "gh", "ch", "sh", "th", "dh", "dj")


def _cluster(rest: str) -> bool:
    """Whether a word starts with two consonants (a digraph counting as one), as Maghreb
    spellings drop the short vowel after a glued `la`: `Lambarki` (mbarki), `Lakhdar`; not
    `Lacan`, `Lemos`, `Laffer`, whose `la`/`le` is their own."""
    head = rest[:2] if rest[:2] in _DIGRAPHS else rest[:1]
    nxt = rest[len(head) : len(head) + 1]
    return (
        bool(head)
        and head[0] not in _VOWEL_SPELLINGS
        and bool(nxt)
        and (nxt not in _VOWEL_SPELLINGS and nxt != head[-1])
    )


def _sure_forms(part: NamePart) -> int:
    """How many of an Arabic part's first forms are sure readings (attested, confidence 0.9 or
    more), not the model's guesses (حسن is guessed `ehsan` at 0.63)."""
    n = 0
    for c in part.confidence:
        if c < 0.9:
            break
        n += 1
    return n


# ---------------------------------------------------------------------------------------------
# Names split differently in the two scripts: `علي ما يشو` / `ALI MAYCHOU`, `ولی جان` / `WALIJAN`,
# `شهيد خيل` / `SHAHIDKHEL`, `عزیز الرحمان` / `AZIZIRAHMAN`, `ظاهرعويس` / `DAHIR AWEYS` (a lost
# space). Word boundaries are a spelling choice, not part of the name: two *adjacent* parts of one
# side that found no good counterpart are read as one word and compared with a part of the other
# side that found none either. Only adjacent pairs and only leftovers, so a joined reading never
# takes a part away from a direct match (`Mohamed Ali` vs `Mohamed Salah` is unaffected).

JOIN_MIN_SCORE = 0.7  # a joined reading must be a good match to count at all
JOIN_MIN_FRAME = 0.6  # consonant frames of a joined reading and its counterpart this similar
JOIN_MIN_SKELETON = 4  # a joined reading matched by consonants only needs this many of them
# a joined reading within one script needs this many consonants: `Kai De` is not `AL-QAIDA`
# (kd), while across scripts word boundaries are a transliteration choice even for short words
# (`ما يشو` / `MAYCHOU`, mx)
JOIN_MIN_SAME_SCRIPT = 3
_WEAK = 0.6  # assignments below this are treated as unmatched (they count as conflicts anyway)


def joined_text(parts: Sequence[NamePart]) -> str:
    """The text of a joined reading: "+" (never in the key of a real part) between the parts,
    each as in its key (a word read with the organisation glossary is marked: its forms differ,
    so must the joined reading's key)."""
    return "+".join(p.key[len(p.script) + 1 :] for p in parts)


@lru_cache(maxsize=1 << 15)
def join_parts(parts: tuple[NamePart, ...]) -> NamePart:
    """Adjacent parts of one name read as one word (forms and skeletons concatenated)."""
    combos: list[tuple[str, float]] = [("", 1.0)]
    for p in parts:
        combos = [
            (f + g, min(c, d))
            for f, c in combos
            for g, d in zip(p.forms[:3], p.confidence[:3], strict=False)
        ][:9]
    forms = tuple(dict.fromkeys(f for f, _ in combos))
    conf = tuple(max(c for f2, c in combos if f2 == f) for f in forms)
    skeleton = "".join(p.skeleton for p in parts)
    return NamePart(
        joined_text(parts),
        parts[0].script,
        parts[0].prefix,
        forms,
        conf,
        forms,
        (skeleton,),
        "".join(p.arabic for p in parts),
        all(p.attested for p in parts),
    )


_CLOSE: dict[tuple[str, str], bool] = {}


def _frames_close(joined_skeleton: str, part: NamePart) -> bool:
    """Whether a joined reading's skeleton is `JOIN_MIN_FRAME`-similar to one of the part's own
    skeletons (cached: parts recur in many names)."""
    ck = (joined_skeleton, part.key)
    hit = _CLOSE.get(ck)
    if hit is None:
        hit = any(
            Levenshtein.normalized_similarity(joined_skeleton, sk, score_cutoff=JOIN_MIN_FRAME)
            for sk in part.own_skeletons
        )
        if len(_CLOSE) >= _CACHE_MAX:
            _CLOSE.clear()
        _CLOSE[ck] = hit
    return hit


_JOINED: dict[tuple[str, str, str], float] = {}


def join_score(first: NamePart, second: NamePart, part: NamePart) -> float:
    """The score of `first` and `second` read as one word (`join_parts`) against `part`, 0 unless
    it counts: at least JOIN_MIN_SCORE, not by consonants alone on a short frame
    (sheikh+aweys), and within one script not on fewer than JOIN_MIN_SAME_SCRIPT consonants. By
    consonants alone it is at most JOIN_MIN_SCORE: two words read as one whose consonants agree
    with a word of the other side (`فيراري كين` / `AL FURQAN`, frkn) are weak evidence, no hit by
    themselves. Cached by the three parts' keys."""
    ck = (first.key, second.key, part.key)
    got = _JOINED.get(ck)
    if got is None:
        frame = len(first.skeleton) + len(second.skeleton)  # the joined reading's skeleton
        if first.script == part.script and frame < JOIN_MIN_SAME_SCRIPT:
            got = 0.0  # not compared at all
        else:
            s, how = compare_parts(join_parts((first, second)), part)
            short = how == SKELETON and frame < JOIN_MIN_SKELETON
            got = 0.0 if s < JOIN_MIN_SCORE or short else s
            if how == SKELETON:
                got = min(got, JOIN_MIN_SCORE)
        if len(_JOINED) >= _CACHE_MAX:
            _JOINED.clear()
        _JOINED[ck] = got
    return got


def _adjacent(idx: list[int]) -> bool:
    return any(b == a + 1 for a, b in zip(idx, idx[1:], strict=False))


def split_matches(
    pa: tuple[NamePart, ...],
    pb: tuple[NamePart, ...],
    assigned: list[tuple[float, int, int, str]],
) -> list[tuple[float, tuple[int, ...], tuple[int, ...], str]]:
    """Matches between two adjacent leftover parts of one side and one leftover of the other.

    `assigned` is the one-to-one assignment (score, i, j, how); parts in it with a score below
    `_WEAK` count as leftovers. Returns (score, parts of a, parts of b, how), best first, no part
    used twice; the caller drops the weak assignments these replace."""
    strong_a = {i for s, i, _, _ in assigned if s >= _WEAK}
    strong_b = {j for s, _, j, _ in assigned if s >= _WEAK}
    # a letter is never read as part of a word (`B. Ibrahim` is not `Abu Ibraheem`; the length
    # first: this runs for every other pair of names compared)
    left_a = [
        i
        for i in range(len(pa))
        if i not in strong_a and not (len(pa[i].text) == 1 and is_initial(pa[i]))
    ]
    left_b = [
        j
        for j in range(len(pb))
        if j not in strong_b and not (len(pb[j].text) == 1 and is_initial(pb[j]))
    ]
    if not left_a or not left_b or len(left_a) + len(left_b) < 3:
        return []
    if not _adjacent(left_a) and not _adjacent(left_b):
        return []
    found: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    for xs, ys, lx, ly, a_side in ((pa, pb, left_a, left_b, True), (pb, pa, left_b, left_a, False)):
        free = set(lx)
        for i in lx:
            if i + 1 not in free:
                continue
            jsk = xs[i].skeleton + xs[i + 1].skeleton  # the joined reading's skeleton
            # only where the consonant frames are close enough for any reading to match
            close = [j for j in ly if _frames_close(jsk, ys[j])]
            if not close:
                continue
            for j in close:
                s = join_score(xs[i], xs[i + 1], ys[j])
                if s:
                    pair = ((i, i + 1), (j,)) if a_side else ((j,), (i, i + 1))
                    found.append((s, pair[0], pair[1], "joined"))
    found.sort(key=lambda t: -t[0])
    out: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    for s, ia, jb, how in found:
        if used_a.intersection(ia) or used_b.intersection(jb):
            continue
        used_a.update(ia)
        used_b.update(jb)
        out.append((s, ia, jb, how))
    return out


__all__ = [
    "compare_parts",
    "join_parts",
    "split_matches",
    "JOIN_MIN_SCORE",
    "MIN_PART_SCORE",
    "PREFIX_SKELETON",
]
