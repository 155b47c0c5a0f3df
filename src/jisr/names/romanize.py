"""Romanisation of Arabic name parts through `arabic_name_romanizer`, cached per part.

The romaniser is dictionary-first (86k full names, 82k parts with attested Latin spellings and
counts), with a small ONNX model for unknown parts. We use its top-k with scores: attested
spellings (`source == "dictionary"`) are trusted, model/rules output only as a weak hint.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

TOP_K = 6
MIN_SCORE = 0.02  # drop the noisy tail (علي → Ammar 0.05 is kept, Chaima for أحمد 0.03 too)


@dataclass(frozen=True, slots=True)
class Romanisation:
    text: str
    score: float
    attested: bool  # from the romaniser's dictionary of attested spellings


_TRANSLITERATOR: Any = None
_MODEL_FILES = ("encoder.onnx", "decoder.onnx", "vocab.json", "meta.json")


class _LazyModel:
    """The romaniser's ONNX model, loaded on first use: most parts are dictionary hits, which
    never need it, and loading it costs ~200 ms per process."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = model_dir
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    # one ONNX Runtime thread: the romaniser's default of two makes a process
                    # held to one core (bulk screening, the benchmark) 4x slower per word
                    # (10.3 vs 2.7 ms, measured), and one thread gives identical output
                    self._model = _unpadded_model(self.model_dir)
        return self._model

    @property
    def uses_roles(self) -> bool:
        return bool(getattr(self._load(), "uses_roles", True))

    def transliterate_units(self, *args: Any, **kwargs: Any) -> Any:
        return self._load().transliterate_units(*args, **kwargs)


def _unpadded_model(model_dir: Path) -> Any:
    """The romaniser's `OnnxModel`, decoding several words at once without padding them.

    Its own batched decoding pads the words of a batch to one length, and the encoder reads the
    padding: a word's spelling then depends on the words beside it (33 of 160 changed, measured).
    Here each word is encoded alone, exactly as when decoded alone, and only the decoder steps are
    batched (the encoder's memory padded, and masked there by the source mask the decoder takes
    anyway). One decoder run then serves every word: 3 unknown words 17.7 → 9.0 ms, 9 words
    ≈ 1.6 ms a word instead of 5.9 (measured); the same spellings as alone, scores equal to
    ~1e-7 (batch arithmetic; `tests/test_names.py`). Hand-written because the romaniser offers
    no batching without padding: it overrides `OnnxModel._decode`, and where that is missing or
    the model's state is laid out otherwise, the romaniser's own decoding runs."""
    from arabic_name_romanizer.inference import OnnxModel, load_meta

    class UnpaddedOnnxModel(OnnxModel):  # type: ignore[misc]
        def _decode(self, items: list[tuple[str, str | None]], country: str | None) -> Any:
            from arabic_name_romanizer.inference import encode_source_ids
            from arabic_name_romanizer.spelling_prior import rerank

            out: list[list[tuple[str, float]]] = []
            for i in range(0, len(items), self.batch_size):
                chunk = items[i : i + self.batch_size]
                src = [encode_source_ids(self.vocab, u, country, r) for u, r in chunk]
                hyps = _beam_search_unpadded(
                    self.backend, src, self.vocab, self.beam_width, self.max_len, self.length_alpha
                )
                if self.prior is not None and self.prior_weight > 0:
                    hyps = [rerank(h, country, self.prior, self.prior_weight) for h in hyps]
                out += hyps
            return out

    known_layout = load_meta(model_dir).get("state_names") == ["memory", "src_mask", "hidden"]
    if not known_layout or not callable(getattr(OnnxModel, "_decode", None)):
        # another model layout than the one `_encode_alone` knows: the romaniser's own decoding
        return OnnxModel(model_dir, intra_op_threads=1)
    return UnpaddedOnnxModel(model_dir, intra_op_threads=1)


def _encode_alone(backend: Any, src_batch: list[list[int]]) -> dict[str, np.ndarray]:
    """The encoder's state for each source encoded on its own, stacked on the batch axis; state
    of different source lengths (memory, source mask) padded on axis 1: zeros, and True (= pad)
    in the mask."""
    states = [
        backend.encode(np.asarray([s], dtype=np.int64), np.zeros((1, len(s)), dtype=bool))
        for s in src_batch
    ]
    out: dict[str, np.ndarray] = {}
    for name in states[0]:
        vs = [st[name] for st in states]
        if len({v.shape for v in vs}) > 1:
            # batch first, only the source length (axis 1) differs, a padded mask is boolean
            assert all(v.shape[0] == 1 for v in vs), (name, [v.shape for v in vs])
            assert len({v.shape[:1] + v.shape[2:] for v in vs}) == 1, name
            assert name != "src_mask" or vs[0].dtype == bool, name
            width = max(v.shape[1] for v in vs)
            fill = True if vs[0].dtype == bool else 0
            padded = []
            for v in vs:
                widths = [(0, 0)] * v.ndim
                widths[1] = (0, width - v.shape[1])
                padded.append(np.pad(v, widths, constant_values=fill))
            vs = padded
        out[name] = np.concatenate(vs, axis=0)
    return out


def _beam_search_unpadded(
    backend: Any,
    src_batch: list[list[int]],
    vocab: Any,
    beam_width: int,
    max_len: int,
    length_alpha: float = 1.0,
) -> list[list[tuple[str, float]]]:
    """`arabic_name_romanizer.inference.beam_search`, step for step, except for how the sources
    are encoded (`_encode_alone`). Returns (text, mean log-probability) per source, best first."""
    n, k = len(src_batch), beam_width
    pad, bos, eos = vocab.pad_id, vocab.bos_id, vocab.eos_id
    state = _encode_alone(backend, src_batch)
    expand = np.repeat(np.arange(n), k)
    state = {name: v[expand] for name, v in state.items()}
    prefix = np.full((n * k, 1), bos, dtype=np.int64)
    scores = np.zeros((n, k), dtype=np.float64)
    scores[:, 1:] = -np.inf  # only beam 0 is alive at the start
    finished = np.zeros((n, k), dtype=bool)
    lengths = np.zeros((n, k), dtype=np.int64)
    names = getattr(backend, "dynamic_state_names", None)
    dynamic = None if names is None else set(names)
    for t in range(max_len):
        logprobs, state = backend.step(prefix, state)
        v = logprobs.shape[1]
        lp = logprobs.astype(np.float64).reshape(n, k, v)
        if t == 0:
            lp[:, :, eos] = -np.inf  # no empty outputs
        lp = np.where(finished[:, :, None], -np.inf, lp)
        lp[:, :, pad] = np.where(finished, 0.0, -np.inf)  # finished beams continue with PAD
        flat = (scores[:, :, None] + lp).reshape(n, k * v)
        top = np.argpartition(-flat, k - 1, axis=1)[:, :k]
        top_scores = np.take_along_axis(flat, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        beam_idx, tok = top // v, top % v
        base = (np.arange(n)[:, None] * k + beam_idx).reshape(-1)
        prefix = np.concatenate([prefix[base], tok.reshape(-1, 1)], axis=1)
        state = {
            name: (x[base] if dynamic is None or name in dynamic else x)
            for name, x in state.items()
        }
        was_finished = np.take_along_axis(finished, beam_idx, axis=1)
        lengths = np.take_along_axis(lengths, beam_idx, axis=1) + (~was_finished)
        finished = was_finished | (tok == eos)
        scores = top_scores
        if finished.all():
            break
    results: list[list[tuple[str, float]]] = []
    for i in range(n):
        hyps: list[tuple[str, float]] = []
        seen: set[str] = set()
        for j in range(k):
            if not np.isfinite(scores[i, j]):
                continue
            ids = [x for x in prefix[i * k + j, 1:].tolist() if x != pad]
            text = vocab.decode(ids).strip()
            if not text or text in seen:
                continue
            seen.add(text)
            hyps.append((text, float(scores[i, j]) / max(int(lengths[i, j]), 1) ** length_alpha))
        hyps.sort(key=lambda h: -h[1])
        results.append(hyps)
    return results


def _lazy(model_dir: Path) -> _LazyModel | None:
    return _LazyModel(model_dir) if all((model_dir / f).exists() for f in _MODEL_FILES) else None


def _transliterator() -> Any:
    global _TRANSLITERATOR
    if _TRANSLITERATOR is None:
        from arabic_name_romanizer import Transliterator
        from arabic_name_romanizer.api import default_resources_dir

        res = default_resources_dir()
        model = _lazy(res)
        if model is None:  # no packaged model: let the romaniser decide (rules only)
            _TRANSLITERATOR = Transliterator()
        else:
            # without a Persian model the main one serves both scripts, as in the romaniser
            _TRANSLITERATOR = Transliterator(
                model=model, persian_model=_lazy(res / "persian"), auto_load_model=False
            )
    return _TRANSLITERATOR


# Romanisations computed earlier by this same romaniser (version and TOP_K are part of the
# analysis fingerprint of a saved index), registered by a loaded name index: a query word that a
# listed name already has is then never sent to the romaniser's model again (2-10 ms a word).
_PRECOMPUTED: dict[str, tuple[Romanisation, ...]] = {}


def add_precomputed(table: dict[str, tuple[Romanisation, ...]]) -> None:
    """Register romanisations (at `TOP_K`) made earlier, e.g. those saved with an index."""
    _PRECOMPUTED.update(table)


# computed in this process, least recently used first; twice as many as `analyse_arabic_part`
# caches, so a part it still holds has its spelling here too (`analyse_arabic` asks for them all)
_DONE: dict[tuple[str, int], tuple[Romanisation, ...]] = {}
_DONE_MAX = 1 << 18


def clear_caches() -> None:
    """Forget the romanisations computed in this process (not those registered as precomputed)."""
    _DONE.clear()


def romanise(part: str, top_k: int = TOP_K) -> tuple[Romanisation, ...]:
    """Latin spellings of one Arabic name part (`عبد القادر` → Abdelkader, Abdulkadir, ...)."""
    return romanise_many([part], top_k)[0]


def romanise_many(parts: Sequence[str], top_k: int = TOP_K) -> list[tuple[Romanisation, ...]]:
    """`romanise` of each part; the parts not known yet go to the romaniser together, so the
    words its model must spell are decoded in one batch (`_unpadded_model`), each as if alone."""
    out: list[tuple[Romanisation, ...] | None] = []
    todo: dict[str, None] = {}  # in first-seen order
    for part in parts:
        hit = _PRECOMPUTED.get(part) if top_k == TOP_K else None
        if hit is None:
            hit = _DONE.pop((part, top_k), None)
            if hit is not None:
                _DONE[(part, top_k)] = hit  # now the most recently used
        if hit is None and not part.strip():
            hit = ()
        if hit is None:
            todo[part] = None
        out.append(hit)
    if not todo:
        return [r for r in out if r is not None]
    if len(_DONE) + len(todo) > _DONE_MAX:  # the least recently used half goes
        for key in list(_DONE)[: len(_DONE) // 2]:
            _DONE.pop(key, None)
    found = _transliterator().transliterate_many(list(todo), top_k=max(top_k, 2))
    fresh = {part: _kept(cands)[:top_k] for part, cands in zip(todo, found, strict=True)}
    for part, roms in fresh.items():
        _DONE[(part, top_k)] = roms
    return [fresh[p] if r is None else r for p, r in zip(parts, out, strict=True)]


def _kept(cands: Sequence[Any]) -> tuple[Romanisation, ...]:
    kept: list[Romanisation] = []
    for i, c in enumerate(cands):
        if i > 0 and c.score < MIN_SCORE:
            continue
        kept.append(Romanisation(c.text, float(c.score), c.source in ("dictionary", "user")))
    return tuple(kept)


# Letter-by-letter reading of an Arabic-script part, for what the romaniser's dictionary spells
# differently from the list: Afghan/Pakistani names written in Persian letters (آخوند → akhund,
# where the romaniser offers only Akhunzada; پ چ ژ گ), and rare names the model guesses badly.
# Long vowels are written in Arabic script (ا و ي), so the reading keeps them; short vowels are
# not, so the reading is a consonant frame with the long vowels in place (شهيد → shhid). Used as
# an extra, lower-confidence phonetic form, never on its own.
_LETTERS = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ء": "",
    "ؤ": "u",
    "ئ": "i",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "چ": "ch",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ڤ": "v",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",
    "ی": "i",
}
# ض ذ ظ are read z in Persian, Urdu and Pashto names (فيض → Faiz, ذاكر → Zakir)
_Z_LETTERS = {"ض": "z", "ذ": "z", "ظ": "z"}


def letter_readings(word: str) -> tuple[str, ...]:
    """Letter-by-letter Latin readings of one Arabic-script word (no spaces): و/ي are `w`/`y`
    at the start of the word or after a long vowel, `u`/`i` elsewhere."""
    out: list[str] = []
    word = word.replace("تش", "چ")  # ch as Arabic script writes it: ميلوسيفيتش, تشاد
    for table in (_LETTERS, {**_LETTERS, **_Z_LETTERS}):
        buf: list[str] = []
        prev_vowel = True  # word start behaves like "after a vowel": و → w, ي → y
        for ch in word:
            if ch in "وي":
                buf.append(
                    ("w" if ch == "و" else "y") if prev_vowel else ("u" if ch == "و" else "i")
                )
                prev_vowel = not prev_vowel
                continue
            lat = table.get(ch)
            if lat is None:
                continue
            buf.append(lat)
            prev_vowel = lat in ("a", "i", "u")
        reading = "".join(buf)
        # a medial ي after a consonant is also read as the diphthong: فيض → faiz, خيل → khail
        diphthong = reading.replace("i", "ai") if "ي" in word[1:] else ""
        for r in (reading, diphthong):
            if r and r not in out:
                out.append(r)
    return tuple(out)
