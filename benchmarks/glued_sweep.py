"""Which pairs of single words the glued-article reading accepts (`jisr.match.parts.glued_reading`):
every Latin word that starts with `l` (UN and OFAC SDN names, the ar2en words, the romaniser's
dictionary) against every Arabic word written with the article before a moon letter (the same
sources). One command, one table; `--out FILE` writes the accepted pairs (JSON), so two versions
of the code can be compared (`--compare OLD.json` prints the pairs one accepts and the other not):

    uv run python benchmarks/glued_sweep.py --out /tmp/new.json
    uv run python benchmarks/glued_sweep.py --compare /tmp/old.json

About a minute: some 8 million pairs, most refused by the reading's first checks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

import jisr.match.parts as mparts
from jisr.names.lexicon import connect_dictionary, latin_key
from jisr.names.parts import analyse_name

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064A]+")


def words(data: Path) -> tuple[list[str], list[str]]:
    """(Latin words whose key starts with l and has 5 letters or more, Arabic words written
    with the article before a moon letter)."""
    text = (data / "un/un_consolidated_2026-02-27.xml").read_text(encoding="utf-8")
    for name in ("sdn.csv", "alt.csv"):
        text += (data / "ofac/bench_2021-07" / name).read_text(encoding="utf-8", errors="replace")
    latin = {w for w in _LATIN_WORD.findall(text) if w[0] in "Ll"}
    arabic = set(_ARABIC_WORD.findall(text))
    for name in ("ar2en-train.txt", "ar2en-eval.txt"):
        for line in (
            (data / "translit/google_ar2en" / name).read_text(encoding="utf-8").splitlines()
        ):
            ar, _, lat = line.partition("\t")
            latin.add(lat)
            arabic.add(ar)
    con = connect_dictionary()
    try:
        for lat, ar in con.execute("SELECT DISTINCT latin, arabic_key FROM units"):
            if " " not in lat:
                latin.add(lat)
            if " " not in ar:
                arabic.add(ar)
    finally:
        con.close()
    lat_words = sorted(w for w in latin if latin_key(w)[:1] == "l" and len(latin_key(w)) >= 5)
    ar_words = sorted(
        w for w in arabic if w.startswith("ال") and len(w) > 3 and w[2] not in mparts._SUN_LETTERS
    )
    return lat_words, ar_words


def accepted(lat_words: list[str], ar_words: list[str]) -> list[tuple[str, str]]:
    """The (Latin, Arabic) pairs of single-part words `glued_reading` accepts."""
    lat_parts = [(w, p[0]) for w in lat_words if len(p := analyse_name(w).parts) == 1]
    ar_parts = [(w, p[0]) for w in ar_words if len(p := analyse_name(w).parts) == 1]
    return [(lw, aw) for lw, lp in lat_parts for aw, ap in ar_parts if mparts.glued_reading(lp, ap)]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, help="write the accepted pairs here (JSON)")
    ap.add_argument("--compare", type=Path, help="accepted pairs of another version (JSON)")
    args = ap.parse_args(argv)
    lat_words, ar_words = words(args.data)
    got = accepted(lat_words, ar_words)
    table = Table(title="Glued article read against Arabic script (`glued_reading`)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("Latin words starting with l", f"{len(lat_words):,}")
    table.add_row("Arabic words with the article (moon letter)", f"{len(ar_words):,}")
    table.add_row("pairs", f"{len(lat_words) * len(ar_words):,}")
    table.add_row("accepted", f"{len(got):,}")
    console = Console()
    if args.compare:
        other = {tuple(p) for p in json.loads(args.compare.read_text(encoding="utf-8"))}
        now = set(got)
        table.add_row(f"accepted by {args.compare.name}", f"{len(other):,}")
        table.add_row("accepted now only", f"{len(now - other):,}")
        table.add_row(f"accepted by {args.compare.name} only", f"{len(other - now):,}")
        console.print(table)
        for title, pairs in (("now only", now - other), ("before only", other - now)):
            for lw, aw in sorted(pairs):
                console.print(f"{title}: {lw} / {aw}")
    else:
        console.print(table)
    if args.out:
        args.out.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
    return got


if __name__ == "__main__":
    sys.exit(0 if main() is not None else 1)
