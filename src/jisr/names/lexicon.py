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


def arabic_key(text: str) -> str:
    tokens = [split_article(t)[1] for t in normalize_arabic(text).split()]
    return fold_arabic("".join(tokens))


TABLE_FORMAT = 4  # by spelling, by sound, by Arabic name; glued articles by spelling, by sound
Table = dict[str, dict[str, float]]


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


@lru_cache(maxsize=1)
def _table() -> tuple[Table, Table, Table, dict[str, str], dict[str, str]]:
    """The tables (by spelling, by sound, by Arabic name), from the on-disk cache when there is one; else
    built (~0.5 s) and cached. A read-only or missing cache directory only means building them
    in memory each time."""
    import arabic_name_romanizer

    db = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
    if not db.exists():
        return {}, {}, {}, {}, {}
    cache: Path | None = None
    try:
        cache = _cache_file(db)
        if cache is not None and cache.exists():
            with open(cache, "rb") as fh:
                table = pickle.load(fh)  # our own file, written below
            if isinstance(table, tuple) and len(table) == 5:
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


def _build_table(db: Path) -> tuple[Table, Table, Table, dict[str, str], dict[str, str]]:
    """P(Arabic name | Latin spelling), the same over every spelling that sounds alike
    (`sound_key`: `Qadhafi` is not attested, `Kadhafi` is, and both sound `kadafi`), and
    P(Latin spelling | Arabic name); readings of the Maghreb article glued on folded into the
    name (`_fold_glued_article`), and the spellings, and sounds, that write it so."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT latin, arabic_key, SUM(count) FROM units GROUP BY latin, arabic_key")
    counts: Table = {}
    sounds: Table = {}
    spellings: Table = {}
    for latin, arabic, count in rows:
        lk, ak = latin_key(latin), arabic_key(arabic)
        if lk and ak:
            for table, key, value in (
                (counts, lk, ak),
                (sounds, sound_key(lk), ak),
                (spellings, ak, lk),
            ):
                d = table.setdefault(key, {})
                d[value] = d.get(value, 0.0) + float(count)
    con.close()

    def shares(table: Table) -> Table:
        out: Table = {}
        for k, d in table.items():
            total = sum(d.values())
            if total >= MIN_ATTESTATIONS:
                out[k] = {ak: c / total for ak, c in d.items()}
        return out

    by_spelling, by_sound = shares(counts), shares(sounds)
    glued = [
        {k: bare for k, d in table.items() if (bare := _fold_glued_article(d))}
        for table in (by_spelling, by_sound)
    ]
    return by_spelling, by_sound, shares(spellings), glued[0], glued[1]


# the lam of the article written without its alef, as Maghreb civil status writes names
# (لحسن, لخضر, لعربي): an Arabic name of at least this many letters after the lam
_GLUED_MIN = 3
GLUED_SHARE = 0.5  # of a spelling's readings: its glued-article name, and the share folded
_LAM, _ALEF = "ل", "ا"


def _fold_glued_article(readings: dict[str, float]) -> str:
    """Fold, in place, the readings of one Latin spelling that are an Arabic name with the
    article's lam glued on (`لحسن`, Maghreb for الحسن) into that name without it (`حسن`), where
    the same spelling is read as that name too: `Lahcen` is لحسن (92%) and حسن (8%), so it is
    al-Hasan; `Lakhdar` is لخضر and اخضر (the alef of الأخضر dropped with the article's).
    Only then: `Latif` (لطيف) and `Leila` (ليلى) are never read so. Returns the name the
    largest folded share went to ("" if none).

    Why hand-written: the romaniser's dictionary files لحسن and حسن as two names, and no
    library knows this Maghreb spelling of the article."""
    best, best_p = "", 0.0
    for ak in [k for k in readings if k.startswith(_LAM) and len(k) > _GLUED_MIN]:
        rest = ak[1:]
        for bare in (rest, _ALEF + rest):
            if bare in readings:
                p = readings.pop(ak)
                readings[bare] += p
                if p > best_p:
                    best, best_p = bare, p
                break
    # the name it is read as, if the article glued on is what the spelling mostly writes
    if best_p < GLUED_SHARE or readings[best] < GLUED_SHARE:
        return ""
    return best


def glued_article(key: str) -> str | None:
    """The Arabic name (an `arabic_key`) that a Latin spelling (a `latin_key`) writes with the
    Maghreb article glued on (`lahcen` → حسن, `lakhdar` → اخضر: `_fold_glued_article`), else
    None. A spelling the dictionary does not know goes by those that sound like it, as
    `arabic_readings` reads it (`Lahsen` as Lahcen)."""
    table = _table()
    if key in table[0]:
        return table[3].get(key)
    return table[4].get(sound_key(key))


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


@lru_cache(maxsize=1 << 16)
def dominant_reading(key: str) -> str | None:
    """The Arabic name (an `arabic_key`) a Latin spelling (a `latin_key`) is written for at
    least DOMINANT_SHARE of the time, by its own attestations (`amor`: عمر, 70%), else None."""
    readings = arabic_readings(key, by_sound=False)
    if not readings:
        return None
    name, share = max(readings.items(), key=lambda kv: kv[1])
    return name if share >= DOMINANT_SHARE else None


@lru_cache(maxsize=1 << 16)
def same_arabic_name(a: str, b: str, by_sound: bool = True) -> float | None:
    """Overlap (0–1) of the Arabic names two Latin spellings are attested for (`by_sound`: as
    `arabic_readings`); None if unknown."""
    ra, rb = arabic_readings(a, by_sound), arabic_readings(b, by_sound)
    if ra is None or rb is None:
        return None
    return sum(min(p, rb.get(k, 0.0)) for k, p in ra.items())
