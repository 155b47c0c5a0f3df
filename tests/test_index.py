"""The name index on disk: analyses persisted with it, identical results after a round trip, and
screening from a loaded index without analysing (romanising) any listed name."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

import jisr.names.romanize as romanize
from jisr.match import Candidate, NameIndex, Query, compare_entities
from jisr.match import index as im
from jisr.match.index import rarity_from_counts
from jisr.names.parts import analyse_arabic_part, analyse_latin, analyse_name
from jisr.names.rarity import RarityModel
from jisr.screen.candidates import EntityMeta
from jisr.screen.screener import Screener

PAIRS = [
    (1, "Abdelkader Messahel"),
    (1, "MESSAHEL, Abdelkader"),
    (2, "Abdelkader Bensalah"),
    (3, "Mohamed Ben Ali"),
    (3, "محمد بن علي"),
    (4, "Mahmoud Ben Ali"),
    (5, "Al-Qaida in the Arabian Peninsula"),
    (6, "Asbat al-Ansar"),
    (6, "عصبة الأنصار"),
    (7, "Osama bin Laden"),
    (7, "أسامة بن لادن"),
    (8, "Hassan Nasrallah"),
    (8, "حسن نصر الله"),
    (9, "SADDAM HUSSEIN AL-TIKRITI"),
    (9, "صدام حسين التكريتي"),
    (10, "Abu Bakr al-Baghdadi"),
    (10, "أبو بكر البغدادي"),
]
QUERIES = [
    "Muhammad bin Ali",
    "Mhamed Benali",
    "Abd al-Qadir Messahel",
    "AQAP",
    "Osbat al Ansar",
    "Usama bin Ladin",
    "Hasan Nasr Allah",
    "Abu Bakr Baghdadi",
    "Saddam Husain",
]
ARABIC_QUERIES = ["عبد القادر مساهل", "عصبة الأنصار", "أسامة بن لادن"]


def _hits(index: NameIndex, query: str) -> list[tuple[int, float, str, dict[str, object]]]:
    return [(h.entity, h.score, h.name, h.match.to_dict()) for h in index.screen(query, limit=50)]


def _forget_analyses() -> None:
    for fn in (analyse_name, analyse_latin, analyse_arabic_part):
        fn.cache_clear()
    romanize.clear_caches()
    romanize._PRECOMPUTED.clear()


def _boom() -> None:
    raise AssertionError("the romaniser was called")


def _disable_romaniser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cached analysis forgotten and the romaniser unusable: any analysis of an Arabic
    name from here on raises."""
    _forget_analyses()
    monkeypatch.setattr(romanize, "_transliterator", _boom)


@pytest.fixture(autouse=True)
def _clean_caches() -> Iterator[None]:
    yield
    _forget_analyses()  # nothing analysed under a patched romaniser outlives a test


def test_round_trip_same_candidates_and_scores(tmp_path: Path) -> None:
    idx = NameIndex.build(PAIRS)
    assert idx.analysed is not None
    for row in range(len(idx)):
        assert idx.analysed_name(row) == analyse_name(idx.name(row))
    before = {q: (idx.candidate_rows(q, 50).tolist(), _hits(idx, q)) for q in QUERIES}
    idx.save(tmp_path / "idx")
    loaded = NameIndex.load(tmp_path / "idx")
    assert loaded.analysed is not None
    assert loaded.rarity.counts == idx.rarity.counts and loaded.rarity.total == idx.rarity.total
    for row in range(len(idx)):
        assert loaded.name(row) == idx.name(row)
        assert loaded.analysed_name(row) == idx.analysed_name(row)
    for q in QUERIES + ARABIC_QUERIES:
        assert loaded.candidate_rows(q, 50).tolist() == idx.candidate_rows(q, 50).tolist()
        assert _hits(loaded, q) == _hits(idx, q)
    for q, (rows, hits) in before.items():
        assert (loaded.candidate_rows(q, 50).tolist(), _hits(loaded, q)) == (rows, hits)
    assert _hits(loaded, "Muhammad bin Ali")[0][0] == 3


def test_loaded_index_screens_without_analysing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    NameIndex.build(PAIRS).save(tmp_path / "idx")
    _disable_romaniser(monkeypatch)
    loaded = NameIndex.load(tmp_path / "idx")
    for q in QUERIES:  # Latin queries: nothing of the query needs the romaniser either
        hits = loaded.screen(q)
        assert hits and hits[0].score > 0
    assert loaded.screen("Usama bin Ladin")[0].entity == 7
    assert not romanize._DONE


def test_loaded_index_romanises_known_query_words_without_the_romaniser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idx = NameIndex.build(PAIRS)
    # words of listed names, also in new combinations
    queries = ["عصبة الأنصار", "أسامة بن لادن", "حسن نصر الله", "حسن التكريتي", "صدام بن علي"]
    expected = {q: _hits(idx, q) for q in queries}
    idx.save(tmp_path / "idx")
    _disable_romaniser(monkeypatch)
    loaded = NameIndex.load(tmp_path / "idx")
    for q in queries:  # the romanisations of listed words were saved with the index
        assert _hits(loaded, q) == expected[q]
    assert not romanize._DONE
    with pytest.raises(AssertionError, match="romaniser was called"):
        loaded.screen("رمطان لعمامرة")  # words not on the list still need the romaniser


def test_stale_analyses_are_not_used(tmp_path: Path) -> None:
    idx = NameIndex.build(PAIRS)
    idx.save(tmp_path / "idx")
    table_file = tmp_path / "idx" / "analysis.pickle"
    table = pickle.loads(table_file.read_bytes())
    table["fingerprint"] = "made-by-other-code"
    table_file.write_bytes(pickle.dumps(table))
    loaded = NameIndex.load(tmp_path / "idx")
    assert loaded.analysed is None  # analysed on demand instead, with the same results
    for q in QUERIES:
        assert _hits(loaded, q) == _hits(idx, q)


def test_rebuild_reuses_previous_analyses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    NameIndex.build(PAIRS).save(tmp_path / "old")
    previous = NameIndex.load(tmp_path / "old")
    _disable_romaniser(monkeypatch)  # names already in the old index are not analysed again
    fresh = NameIndex.build(PAIRS + [(11, "Abdelkader Messahel")], previous=previous)
    assert fresh.analysed_name(len(fresh) - 1) == previous.analysed_name(0)
    assert [fresh.analysed_name(r) for r in range(len(previous))] == [
        previous.analysed_name(r) for r in range(len(previous))
    ]


def test_rarity_from_counts_is_from_names() -> None:
    names = [n for _, n in PAIRS]
    idx = NameIndex.build(PAIRS)
    ref = RarityModel.from_names(names)
    assert idx.rarity.counts == ref.counts and idx.rarity.total == ref.total
    assert rarity_from_counts.__doc__


def test_compare_entities_with_analysed_names_is_the_same() -> None:
    cand = Candidate(
        "QDi.1",
        [("Abdelkader Messahel", "name"), ("عبد القادر مساهل", "alias"), ("A. Messahel", "Low")],
        birth_dates=["1949-07-11"],
    )
    analysed = [analyse_name(n) for n, _ in cand.names]
    for q in ("Abd al-Qadir Messahel", "عبد القادر مساهل", "Messahel"):
        query = Query(q, dob="1949")
        a = compare_entities(query, cand).to_dict()
        b = compare_entities(query, cand, query_name=analyse_name(q), analysed=analysed).to_dict()
        assert a == b


def _screener(store_pairs: list[tuple[str, list[tuple[str, str]]]]) -> Screener:
    cands = [Candidate(cid, names) for cid, names in store_pairs]
    metas = [
        EntityMeta(c.id, "test", c.id, c.names[0][0], "Person", "official", "", "") for c in cands
    ]
    pairs = [(i, n) for i, c in enumerate(cands) for n, _ in c.names]
    return Screener(None, cands, metas, NameIndex.build(pairs))


def test_screener_cache_screens_without_analysing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entities: dict[int, list[tuple[str, str]]] = {}
    for ent, name in PAIRS:
        entities.setdefault(ent, []).append((name, "name" if ent not in entities else "alias"))
    entities[3].insert(0, ("", "name"))  # empty names are not indexed: alignment must hold
    scr = _screener([(f"E{e}", names) for e, names in entities.items()])
    expected = {q: scr.screen(q, audit=False).to_dict() for q in QUERIES}
    scr.save(tmp_path / "cache")
    _disable_romaniser(monkeypatch)
    loaded = Screener.load(None, tmp_path / "cache")
    for q in QUERIES:
        assert loaded.screen(q, audit=False).to_dict() == expected[q]


def test_candidates_prefer_names_with_less_else() -> None:
    # every name shares `Ali` and `Belaoua`; the shorter names say the least else
    pairs = [
        (i, f"Belaoua Ali {x} {y}")
        for i, (x, y) in enumerate(
            [("Hassan", "Omar"), ("Karim", "Said"), ("Youcef", "Nabil"), ("Farid", "Amine")]
        )
    ]
    pairs += [(10, "Ali Belaoua"), (11, "Belaoua Ali Kamel")]
    idx = NameIndex.build(pairs)
    rows = idx.candidate_rows("Ali Belaoua", 2).tolist()
    assert [int(idx.entities[r]) for r in rows] == [10, 11]
    # ... also when a single key is all the query has
    rows = idx.candidate_rows("Belaoua", 1).tolist()
    assert [int(idx.entities[r]) for r in rows] == [10]


def test_keys_join_adjacent_parts_across_one_word() -> None:
    from jisr.match.index import listed_keys, query_keys

    # `ولی جان` is one word in Latin script: the joined skeleton meets the one word, both ways
    one, two = analyse_name("WALIJAN"), analyse_name("ولی جان")
    assert set(query_keys(one)) & set(listed_keys(two)) - set(listed_keys(one))
    assert set(query_keys(two)) & set(listed_keys(one)) - set(listed_keys(two))
    for written in ("WALIJAN", "ولی جان"):
        index = NameIndex.build([(1, written), (2, "Nazar Jan"), (3, "Wali Mohammad")])
        for query in ("ولی جان", "WALIJAN"):
            hits = index.screen(query)
            assert hits and hits[0].entity == 1, (written, query, hits)


def test_the_same_adjacent_parts_or_initials_are_not_counted_twice() -> None:
    """Two names with the same two parts side by side, or the same initials, share those parts'
    keys already: the pair and the initials must not count again, or `Fuad Mohamed` outranks
    `Fuad Khalaf Mohammed` for `Fuad Mohamed Qalaf` (a 1M-name list: rank 344 of 2,000), and
    any `M. D. S.` name `Muhammad Salman` for `Muhammad Da'ud Salman`."""
    from jisr.match.index import SAME_ORDER, listed_keys, query_keys

    q = analyse_name("Fuad Mohamed Qalaf")
    same_order = set(listed_keys(analyse_name("Fuad Mohamed")))
    shared = set(query_keys(q)) & same_order
    assert shared == {"s:fd", "s:mhmd", "j:fdmhmd"}
    assert query_keys(q)["j:fdmhmd"] == SAME_ORDER  # only a tie-breaker
    mds = query_keys(analyse_name("Muhammad Daud Salman"))
    shared = set(mds) & set(listed_keys(analyse_name("Mohamed Dodi Suwaywin")))
    assert shared == {"s:mhmd", "s:d", "a:mds", "j:mhmdd"}
    assert mds["a:mds"] == mds["j:mhmdd"] == SAME_ORDER  # initials, pair: only tie-breakers
    fillers = [(10 + i, f"Fuad Mohamed {x}") for i, x in enumerate(["Ali", "Omar", "Said"])]
    fillers += [(20 + i, f"Fuad {x}") for i, x in enumerate(["Ali", "Omar", "Said", "Nour"])]
    index = NameIndex.build([(1, "Fuad Khalaf Mohammed"), *fillers])
    rows = index.candidate_rows("Fuad Mohamed Qalaf", 1).tolist()
    assert [int(index.entities[r]) for r in rows] == [1]
    # an acronym still meets the initials of a listed name, and a name a listed acronym
    aqap = "Al-Qaida in the Arabian Peninsula"
    for listed, query in ((aqap, "AQAP"), ("AQAP", aqap)):
        assert set(query_keys(analyse_name(query))) & set(listed_keys(analyse_name(listed)))


def test_a_skeleton_finds_its_four_consonant_prefix_both_ways() -> None:
    """`ABOU MOUHADJI` (OFAC) and `Abou Mouhadjir` (UN) share no full skeleton (bmhj / bmhjr):
    a query looks for the listed name that is its first four consonants, and for listed names
    that start with its four (`short_keys`); among many names that share the common keys,
    each is found from the other."""
    crowd = [(i, f"Abou {w}") for i, w in enumerate(["Moussa", "Mohamed", "Mahdi", "Mourad"] * 20)]
    for listed, query in (("ABOU MOUHADJI", "Abou Mouhadjir"), ("Abou Mouhadjir", "ABOU MOUHADJI")):
        index = NameIndex.build([*crowd, (100, listed)])
        rows = index.candidate_rows(query, 3).tolist()
        assert int(index.entities[rows[0]]) == 100, (listed, query)
        assert [h.entity for h in index.screen(query, top=1)] == [100]


def test_short_keys_never_replace_a_common_full_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A query whose only full key is too common to use (`MMohammad`: Mohammad's) ranks every
    name under that key, as before short keys; a short key (`Mohammadzai`, filed under its
    first four consonants) does not take its place."""
    from jisr.match import index as index_module

    monkeypatch.setattr(index_module, "MAX_POSTINGS", 5)
    pairs = [(i, n) for i, n in enumerate(["Mohammad", "Muhammad", "Mohamad", "Mouhammad"] * 2)]
    index = NameIndex.build([*pairs, (100, "Mohammadzai")])
    rows = index.candidate_rows("MMohammad", 3).tolist()
    assert 100 not in {int(index.entities[r]) for r in rows}
    assert index.screen("MMohammad", top=1)[0].score == 1.0


def test_too_common_keys_still_rank_the_rows_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Karim Salman Haddad` where Karim is too common to scan: among the names found through
    `Salman`, `KARIM, Salman` ranks before `Salman Mohamed` (which says less else: Mohamed is
    a near stop-word): its `Karim` is credited. Also when the rarest key the query has is
    itself too common."""
    from jisr.match import index as index_module

    monkeypatch.setattr(index_module, "MAX_POSTINGS", 6)
    words = ["Omar", "Tarek", "Aziz"] * 3
    common = [(i, f"Karim {w}") for i, w in enumerate(words)]
    salmans = [(50 + i, "Salman Mohamed") for i in range(4)]
    index = NameIndex.build([*common, *salmans, (100, "KARIM, Salman")])
    rows = index.candidate_rows("Karim Salman Haddad", 1).tolist()
    assert [int(index.entities[r]) for r in rows] == [100]
    monkeypatch.setattr(index_module, "MAX_POSTINGS", 2)  # every key too common now
    rows = index.candidate_rows("Karim Salman Haddad", 1).tolist()
    assert [int(index.entities[r]) for r in rows] == [100]


def test_credit_cap_keeps_the_first_listed_of_tied_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """When more rows could take the credit than are searched for, the rows searched for are
    chosen as the final ranking chooses: of rows ranked equal, the first listed."""
    from jisr.match import index as index_module

    monkeypatch.setattr(index_module, "MAX_POSTINGS", 12)
    monkeypatch.setattr(index_module, "_CREDIT_MAX", 1)  # so 4 × limit rows are searched for
    # twelve names ranked equal (one made-up word apart, the same skeleton)
    vowels = ["a", "e", "i", "o", "u", "ou", "ai", "ei", "au", "oi", "ia", "io"]
    same = [(i, f"Salman Karim Zb{v}k") for i, v in enumerate(vowels)]
    others = [(20 + i, "Karim Omar") for i in range(5)]  # Karim: 17 names, too common
    index = NameIndex.build([*others, *same])
    rows = index.candidate_rows("Salman Karim", 3).tolist()
    assert [int(index.entities[r]) for r in rows] == [0, 1, 2]


def test_names_written_alike_on_many_rows_take_one_place() -> None:
    """A name written identically on many rows (`Awad Hassan` on 40 entities) takes one of the
    candidate places, for all its rows: it does not crowd out another name (`Hassan Dahir`)
    that ranks just after it. Screening reports every entity of a name it scores, once."""
    crowd = [(i, "Awad Hassan") for i in range(40)]
    index = NameIndex.build([*crowd, (100, "Hassan Dahir"), (101, "Hassan Dahir"), (102, "Omar")])
    rows = index.candidate_rows("Hassan Dahir Awad", 2)
    assert sorted(index.name(r) for r in rows) == ["Awad Hassan", "Hassan Dahir"]
    every = index.same_names(rows).tolist()
    assert len(every) == 42 and len(set(every)) == 42
    assert sorted(index.candidates("Hassan Dahir Awad", 2)) == [*range(40), 100, 101]
    hits = index.screen("Hassan Dahir", limit=2, top=50, min_score=0.75)
    assert sorted(h.entity for h in hits) == [100, 101]
    assert {h.score for h in hits} == {1.0}
    # an index saved before indexes kept each row's first row of the same name
    assert index.first_row.tolist() == [0] * 40 + [40, 40, 42]
    assert im.first_rows(index).tolist() == index.first_row.tolist()


def test_screen_min_score_keeps_reachable_hits() -> None:
    index = NameIndex.build(
        [(1, "Mohamed Ben Ali"), (2, "Mahmoud Ben Ali"), (3, "Abdelkader Messahel")]
    )
    full = [(h.entity, h.score) for h in index.screen("محمد بن علي") if h.score >= 0.75]
    cut = [(h.entity, h.score) for h in index.screen("محمد بن علي", min_score=0.75)]
    assert full and [x for x in cut if x[1] >= 0.75] == full


def test_index_build_romanises_names_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building an index sends the Arabic names' parts to the romaniser together (its model
    then spells the unknown words in one batch), not one call per part."""
    _forget_analyses()
    real = romanize._transliterator()
    calls: list[list[str]] = []

    class Spy:
        def transliterate_many(self, texts: list[str], top_k: int = 1) -> object:
            calls.append(list(texts))
            return real.transliterate_many(texts, top_k=top_k)

    monkeypatch.setattr(romanize, "_transliterator", Spy)
    NameIndex.build([(1, "حسن التكريتي"), (2, "سبعاوي تنتوش"), (3, "Mohamed Ali")])
    assert len(calls) == 1
    assert {"حسن", "التكريتي", "سبعاوي", "تنتوش"} <= set(calls[0])


def test_first_and_last_parts_are_a_key_of_their_own() -> None:
    """A name's first and last parts together (`e:`) meet a longer or shorter form of it, in
    either script and either order, as scoring meets them (middle names left out)."""
    from jisr.match.index import listed_keys, query_keys
    from jisr.names.parts import analyse_name

    listed = set(listed_keys(analyse_name("QUSAY SADDAM HUSSEIN AL-TIKRITI")))
    for query in ("Qusay al-Tikriti", "al-Tikriti Qusay", "قصي التكريتي"):
        shared = {k for k in query_keys(analyse_name(query)) if k.startswith("e:")} & listed
        assert shared, query
    # a name of one part has none; two names with other ends share none
    assert not [k for k in listed_keys(analyse_name("Qusay")) if k.startswith("e:")]
    other = {k for k in query_keys(analyse_name("Qusay Saddam")) if k.startswith("e:")}
    assert not other & listed


def test_ends_keys_never_narrow_the_rows_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where every part key of the query is too common to scan, the rarest part key is scanned
    as before: a rare `e:` key (the query's first and last parts together) joins it and does not
    take its place, or only names with the query's ends would be candidates (`Ali Mohamed
    Hassan` was lost for `Mohamed Ali Hassan`; a review finding)."""
    import jisr.match.index as ix
    from jisr.match import NameIndex

    monkeypatch.setattr(ix, "MAX_POSTINGS", 6)  # 20,000 at this scale
    fill = ["Omar", "Yusuf", "Khalid", "Tariq", "Bilal", "Samir", "Nabil", "Karim", "Rami", "Fadi"]
    names = [t.format(f) for f in fill for t in ("Mohamed {}", "{} Ali", "Hassan {}")]
    names += ["Ali Mohamed Hassan"] + [f"Mohamed {f} Hassan" for f in fill[:4]]
    index = NameIndex.build(list(enumerate(names)))
    rows = index.candidate_rows("Mohamed Ali Hassan", limit=5)
    assert "Ali Mohamed Hassan" in {index.name(int(r)) for r in rows}


def test_ends_keys_are_a_persons() -> None:
    from jisr.match.index import listed_keys, query_keys
    from jisr.names.parts import analyse_name

    for name in ("Islamic Resistance Front Iraq", "Harakat al-Shabaab al-Mujahideen"):
        assert not [k for k in listed_keys(analyse_name(name)) if k.startswith("e:")]
        assert not [k for k in query_keys(analyse_name(name)) if k.startswith("e:")]


def test_rows_of_names_written_alike_are_capped_per_query(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most SAME_NAME_MAX more rows a query, over all the names kept, not per name."""
    monkeypatch.setattr(im, "SAME_NAME_MAX", 2)
    pairs = [(i, "Hassan Dahir") for i in range(3)] + [(10 + i, "Dahir Hassan") for i in range(3)]
    index = NameIndex.build(pairs)
    rows = index.candidate_rows("Hassan Dahir", 5)
    assert len(rows) == 2 and len(index.same_names(rows)) == 4
    hits = index.screen("Hassan Dahir", limit=5, top=50, min_score=0.75)
    assert len(hits) == 4
