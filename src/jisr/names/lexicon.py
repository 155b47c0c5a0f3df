"""Which Arabic names a Latin spelling is attested for (reverse of the romaniser's dictionary).

`Karim` is written كريم and `Karima` كريمة; `Said` سعيد and `Saad` سعد; `Youcef` and `Youssouf`
both يوسف. One edit apart in Latin, the first pairs are different names and the last one is the
same: only attestations tell. Built lazily from the romaniser's `names.sqlite3` (57k
spelling → Arabic rows), read-only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from jisr.names.arabic import fold_arabic, normalize_arabic, split_article
from jisr.names.latin import latin_tokens
from jisr.names.phonetic import latin_phonetic

MIN_ATTESTATIONS = 5
# Latin articles as standalone tokens (`names.parts` reads them too)
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "l"})


@lru_cache(maxsize=1 << 17)
def latin_key(text: str) -> str:
    """`Ben Ali` = `Benali` = `ben-ali`; `al-Tikriti` = `Tikriti`."""
    words = [w for tok in latin_tokens(text) for w in tok.split("-") if w]
    return "".join(w for w in words if w not in LATIN_ARTICLES)


def _raw_arabic_key(text: str) -> str:
    # (the article written apart, `ال سيف`, is the article too, and so is `آل` written apart,
    # which the dictionary holds folded as `ال`: `آل سعود`, Alsaud)
    tokens = [split_article(t)[1] for t in normalize_arabic(text).split() if not _apart(t)]
    return fold_arabic("".join(tokens))


def _apart(token: str) -> bool:
    """Whether a (normalised) word is the article or `آل` written apart from the name."""
    return fold_arabic(token) == _ARTICLE


def arabic_key(text: str) -> str:
    """How the dictionary's tables key an Arabic name: folded, without the article, and a name
    written with the Maghreb article glued on as the name (`لحسن` → `حسن`: `_glued_names`)."""
    key = _raw_arabic_key(text)
    return _table()[4].get(key, key) if key.startswith(_LAM) else key


# by spelling, sound, Arabic name; glued article: spellings, names; dominant; names written
# with the article, by spelling; spellings with the article's l glued on before a vowel
TABLE_FORMAT = 10
Table = dict[str, dict[str, float]]
Tables = tuple[
    Table,
    Table,
    Table,
    dict[str, str],
    dict[str, str],
    dict[str, str],
    frozenset[str],
    dict[str, str],
]


def _cache_file(db: Path) -> Path | None:
    """Where the built table is cached: keyed on the romaniser's and anyascii's versions, the
    dictionary and the code that builds it (this module, the Latin and Arabic key functions)."""
    try:
        import platformdirs

        # the romaniser's dictionary, and anyascii, which `latin_key` reads spellings with
        version = metadata.version("arabic-name-romanizer") + "|" + metadata.version("anyascii")
    except (ImportError, metadata.PackageNotFoundError):  # pragma: no cover - dependencies
        return None
    h = hashlib.blake2b(digest_size=10)
    st = db.stat()
    h.update(f"{TABLE_FORMAT}|{MIN_ATTESTATIONS}|{version}|{st.st_size}|{st.st_mtime_ns}".encode())
    here = Path(__file__).parent
    for name in ("lexicon.py", "latin.py", "arabic.py", "phonetic.py"):
        h.update((here / name).read_bytes())
    return Path(platformdirs.user_cache_dir("jisr")) / f"lexicon-{h.hexdigest()}.pickle"


def dictionary_path() -> Path:
    """The romaniser's dictionary of attested spellings (`names.sqlite3`, shipped with
    `arabic-name-romanizer`)."""
    import arabic_name_romanizer

    return Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"


def connect_dictionary(db: Path | None = None) -> sqlite3.Connection:
    """A read-only connection to the romaniser's dictionary (`dictionary_path`, or `db`)."""
    return sqlite3.connect(f"file:{db or dictionary_path()}?mode=ro", uri=True)


@lru_cache(maxsize=1)
def _table() -> Tables:
    """The tables (`_build_table`: readings by spelling, by sound, spellings by Arabic name; the
    Maghreb article glued on, by spelling and by Arabic name; dominant readings; spellings of
    names written with the article; spellings with its `l` glued on before a vowel), from the
    on-disk cache when there is one; else built (~1 s) and cached. A read-only or missing cache
    directory only means building them in memory each time."""
    db = dictionary_path()
    if not db.exists():
        return {}, {}, {}, {}, {}, {}, frozenset(), {}
    cache: Path | None = None
    try:
        cache = _cache_file(db)
        if cache is not None and cache.exists():
            with open(cache, "rb") as fh:
                table = pickle.load(fh)  # our own file, written below
            if isinstance(table, tuple) and len(table) == 8:
                return table
    except Exception:  # a damaged or unreadable cache is rebuilt, never trusted
        pass
    table = _build_table(db)
    if cache is not None:
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
            _prune(cache)
        except OSError:  # read-only home: keep the table in memory only
            tmp.unlink(missing_ok=True) if tmp.parent.is_dir() else None
    return table


KEEP_TABLES = 3  # cached tables kept: older ones were built by earlier versions of this code


def _prune(cache: Path) -> None:
    """Remove all but the KEEP_TABLES most recently written cached tables beside `cache` (each
    change of the name code writes a new one; several installs sharing a home keep theirs)."""
    old = sorted(cache.parent.glob("lexicon-*.pickle"), key=lambda p: p.stat().st_mtime)
    for path in old[:-KEEP_TABLES]:
        if path != cache:
            path.unlink(missing_ok=True)


def _build_table(db: Path) -> Tables:
    """P(Arabic name | Latin spelling), the same over every spelling that sounds alike
    (`sound_key`: `Qadhafi` is not attested, `Kadhafi` is, and both sound `kadafi`), and
    P(Latin spelling | Arabic name), with the Arabic names written with the Maghreb article
    glued on read as the name (`_glued_names`); then those names, and the Latin spellings that
    mostly write them (`glued_article`); the spellings that mostly write a name the dictionary
    also writes with the article (`takes_article`); and the spellings `l` + vowel that write a
    name with the article's `l` glued on (`glued_on_name`; `glued_before_vowel` for names that
    start with ا or ع)."""
    con = connect_dictionary(db)
    rows = con.execute("SELECT latin, arabic_key, SUM(count) FROM units GROUP BY latin, arabic_key")
    raw: list[tuple[str, str, float]] = []
    with_article: dict[str, float] = {}  # by Arabic name: attestations written with ال
    # Latin spellings `l` + vowel: all their attestations, and those of a name written with the
    # article (العروسي: `Laroussi`, الحبيب: `Lahbib`, the l is the article's)
    l_vowel: dict[str, dict[str, float]] = {}  # by spelling: counts by name ("": all)
    for latin, arabic, count in rows:
        lk, ak = latin_key(latin), _raw_arabic_key(arabic)
        if lk and ak:
            raw.append((lk, ak, float(count)))
            first = normalize_arabic(arabic).split()[:1]
            with_al = bool(first) and (_apart(first[0]) or split_article(first[0])[0])
            if with_al:
                with_article[ak] = with_article.get(ak, 0.0) + float(count)
            if lk[:1] == "l" and lk[1:2] in _LATIN_VOWELS:
                # the name the article is written on (or glued on in Arabic script too:
                # لعيساوي; no name starts with لع otherwise)
                name = ak[1:] if ak.startswith(_LAM + "ع") else ak if with_al else ""
                seen = l_vowel.setdefault(lk, {"": 0.0})
                seen[""] += count
                if name:
                    seen[name] = seen.get(name, 0.0) + count
    con.close()

    def count(pairs: list[tuple[str, str, float]]) -> Table:
        table: Table = {}
        for key, value, c in pairs:
            d = table.setdefault(key, {})
            d[value] = d.get(value, 0.0) + c
        return table

    def shares(table: Table) -> Table:
        out: Table = {}
        for k, d in table.items():
            total = sum(d.values())
            if total >= MIN_ATTESTATIONS:
                out[k] = {ak: c / total for ak, c in d.items()}
        return out

    raw_counts = count(raw)
    glued = _glued_names(raw_counts, shares(count([(ak, lk, c) for lk, ak, c in raw])))
    folded = [(lk, glued.get(ak, ak), c) for lk, ak, c in raw]
    by_spelling = shares(count(folded))
    # Latin spellings mostly written for such a name (`lahcen`: 92% لحسن): its name
    written = shares(raw_counts)
    glued_spellings = {
        lk: glued[top]
        for lk, d in written.items()
        if (top := max(d, key=d.__getitem__)) in glued and d[top] >= GLUED_SHARE
    }
    # the name each spelling mostly writes (DOMINANT_SHARE of its readings), if any
    mostly = {
        lk: top
        for lk, d in by_spelling.items()
        if d[top := max(d, key=d.__getitem__)] >= DOMINANT_SHARE
    }
    # ... where that name is well attested (`dominant_reading`)
    written_for = count([(ak, lk, c) for lk, ak, c in folded])
    dominant = {
        lk: top for lk, top in mostly.items() if sum(written_for[top].values()) >= DOMINANT_MIN_NAME
    }
    # ... where the dictionary also attests that name with the article (`mokhtar`: مختار,
    # written المختار 19 times; `takes_article`)
    articled = frozenset(
        lk for lk, top in mostly.items() if with_article.get(top, 0.0) >= MIN_ATTESTATIONS
    )
    # spellings `l` + vowel written more often than not for one name with the article,
    # at least twice (`layachi`, 3 times: العياشي; `laissaoui`: العيساوي, لعيساوي; never
    # `labid`, لبيد, `lali`, لالي, nor `lakli`, once العقلي and once لكلي, or `latef`, once
    # العاطف)
    glued_vowel: dict[str, str] = {}  # spelling → that name
    for lk, seen in l_vowel.items():
        total = seen.pop("")
        top = max(seen, key=seen.__getitem__, default="")
        if top and seen[top] > DOMINANT_SHARE * total and seen[top] >= _GLUED_VOWEL_MIN:
            glued_vowel[lk] = top
    return (
        by_spelling,
        shares(count([(sound_key(lk), ak, c) for lk, ak, c in folded])),
        shares(written_for),
        glued_spellings,
        glued,
        dominant,
        articled,
        glued_vowel,
    )


# the lam of the article written without its alef, as Maghreb civil status writes names
# (لحسن, لخضر, لعربي): an Arabic name of at least this many letters after the lam
_GLUED_MIN = 3
# of a glued name's Latin spellings, those also written for the name; and of a Latin spelling's
# readings, the glued name, for the spelling to read as the name too (`glued_article`)
GLUED_SHARE = 0.6
_LAM, _ALEF = "ل", "ا"
_ARTICLE = _ALEF + _LAM
_LATIN_VOWELS = frozenset("aeiou")
_GLUED_VOWEL_MIN = 2  # attestations of a spelling's l before a vowel as the article
# the (folded: أ إ آ are ا) Arabic letters a name's Latin spelling starts with a vowel for
VOWEL_LETTERS = frozenset("اع")


def _glued_names(readings: Table, spellings: Table) -> dict[str, str]:
    """Arabic names written with the article's lam glued on (`لحسن`, Maghreb for الحسن), each
    with the name it stands for (`حسن`; `لخضر`: `اخضر`, the alef of الأخضر dropped with the
    article's): where at least GLUED_SHARE of its Latin spellings are also written for that
    name (`Lahcen`, 72% of لحسن's spellings, is written for حسن too). Never `ليلى` (Leila),
    `لطيف` (Latif): no spelling of theirs is written for `يلى`, `طيف`. `readings`: counts by
    Latin spelling; `spellings`: shares by Arabic name.

    Why hand-written: the romaniser's dictionary files لحسن and حسن as two names, and no
    library knows this Maghreb spelling of the article."""
    out: dict[str, str] = {}
    for name, spelt in spellings.items():
        if not name.startswith(_LAM) or len(name) <= _GLUED_MIN or name.startswith(_LAM * 2):
            continue
        best, best_share = "", 0.0
        for bare in (name[1:], _ALEF + name[1:]):
            if bare in spellings:
                share = sum(p for lk, p in spelt.items() if bare in readings.get(lk, {}))
                if share > best_share:
                    best, best_share = bare, share
        if best_share >= GLUED_SHARE:
            out[name] = best
    return out


def unglued(key: str) -> str | None:
    """The name an Arabic name (a folded key) written with the Maghreb article glued on stands
    for (`لحسن` → `حسن`: `_glued_names`), else None."""
    return _table()[4].get(key)


def glued_article(key: str) -> str | None:
    """The Arabic name (an `arabic_key`) that a Latin spelling (a `latin_key`) mostly writes
    with the Maghreb article glued on (`lahcen` → حسن, `lakhdar` → اخضر), else None: by the
    spelling's own attestations only."""
    return _table()[3].get(key)


def sound_key(key: str) -> str:
    """What a `latin_key` sounds like (`latin_phonetic`): `qadhafi` and `kadhafi` → `kadafi`."""
    return latin_phonetic(key)


def arabic_readings(key: str, by_sound: bool = True) -> dict[str, float] | None:
    """P(Arabic name | Latin spelling) for a `latin_key`, or None when not well attested. A
    spelling the dictionary does not know takes the readings of the spellings that sound like
    it, if those are well attested (not with `by_sound` False: what tells two names apart is
    the spelling's own attestations; `Jared` sounds like spellings of other names)."""
    spelling, sound, *_ = _table()
    got = spelling.get(key)
    return got if got is not None or not by_sound else sound.get(sound_key(key))


def latin_spellings(key: str) -> dict[str, float] | None:
    """P(Latin spelling | Arabic name) for an `arabic_key` (spellings as `latin_key`s: كريم →
    karim, kareem), or None when not well attested."""
    return _table()[2].get(key)


DOMINANT_SHARE = 0.5  # of a spelling's readings by the dictionary: the name it mostly writes
# ... a name the dictionary attests this often: where it is rarer, one Arabic spelling is often
# several names (جاك: Jack and Jacques; رضوي, ى and ي folded: Radwa and Rizvi)
DOMINANT_MIN_NAME = 100


def dominant_reading(key: str) -> str | None:
    """The Arabic name (an `arabic_key`) a Latin spelling (a `latin_key`) is written for at
    least DOMINANT_SHARE of the time, by its own attestations, where that name is attested at
    least DOMINANT_MIN_NAME times (`amor`: عمر, 70%, 1,008 times), else None."""
    return _table()[5].get(key)


def takes_article(key: str) -> bool:
    """Whether a Latin spelling (a `latin_key`) mostly writes (DOMINANT_SHARE of its own
    attestations) a name the dictionary also attests written with the article at least
    MIN_ATTESTATIONS times (`mokhtar`: مختار, 19 times المختار; `mahdi`, `bachir`, `madani`):
    the names Maghreb civil status writes with the article's `l` glued on (`Lmokhtar`)."""
    return key in _table()[6]


def glued_before_vowel(key: str) -> str | None:
    """The name (an `arabic_key`) a Latin spelling (a `latin_key`) of `l` + vowel writes with
    the article's `l` glued on, where more than DOMINANT_SHARE of its attestations, and at
    least two, are of that one name, which starts with ا or ع, written with the article (or
    the lam glued on in Arabic script too, لعيساوي): `laroussi` → عروسي, `layachi` → عياشي;
    else None (`leila`: ليلى; `labid`: لبيد; `lakli`: once العقلي, once لكلي; `lalaoui`: once
    العلوي, once لعلاوي). `glued_on_name` of the names that start with ا or ع: a name has more
    than half of a spelling's attestations whatever the others start with."""
    name = _table()[7].get(key)
    return name if name and name[:1] in VOWEL_LETTERS else None


def glued_on_name(key: str) -> str | None:
    """As `glued_before_vowel`, for a name that starts with any letter: the name (an
    `arabic_key`) a Latin spelling (a `latin_key`) of `l` + vowel writes with the article, where
    more than DOMINANT_SHARE of its attestations, and at least two, are of that one name written
    with the article, or with the lam glued on in Arabic script too (`lahbib` → حبيب, الحبيب 4
    times of 4: too few for `arabic_readings`; `loukili` → وكيلي, 4 of 6), else None. Read only against an Arabic word written with the
    article before a moon letter (`match.parts.glued_reading`): `Lahbib` is not thereby the
    Latin `Habib`, and the spellings of names that start with ل, whose `al-` `latin_key` drops
    (`al-Libi`, الليبي: `libi`), are never read as glued on."""
    return _table()[7].get(key)


@lru_cache(maxsize=1 << 16)
def same_arabic_name(a: str, b: str, by_sound: bool = True) -> float | None:
    """Overlap (0–1) of the Arabic names two Latin spellings are attested for (`by_sound`: as
    `arabic_readings`); None if unknown."""
    ra, rb = arabic_readings(a, by_sound), arabic_readings(b, by_sound)
    if ra is None or rb is None:
        return None
    return sum(min(p, rb.get(k, 0.0)) for k, p in ra.items())
