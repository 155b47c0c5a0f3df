"""The ``jisr`` command: a thin face over the use cases (ingest, screen, unify)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from jisr.model import JisrInputError
from jisr.store import Store, StoreError

app = typer.Typer(
    name="jisr",
    help="Unify Arabic/Latin watchlists and screen names against them, with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


@app.callback()
def _main(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home", help="Where jisr keeps its store (default: $JISR_HOME or the user data dir)."
        ),
    ] = None,
) -> None:
    if home is not None:
        os.environ["JISR_HOME"] = str(home)


def open_store() -> Store:
    return Store()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


# ---------------------------------------------------------------------- import / update / lists
@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="A list file: UN XML, OFAC sdn.csv or XML.")],
    source: Annotated[
        str | None, typer.Option("--source", help="Name of the list (default: from the format).")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Force a format instead of detecting it.")
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="A partner list's mapping file (TOML): see docs/mapping.md."
        ),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(help="Partner lists: import the good rows, write the bad ones to a file."),
    ] = False,
    rejected: Annotated[
        Path | None, typer.Option(help="Where rejected rows go (default: FILE.rejected.csv).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Import a list file into the store, atomically, and report what changed."""
    from jisr.ingest import import_file, import_partner

    for f in (file, mapping):
        if f is not None and not f.exists():
            raise fail(f"{f}: no such file")
    store = open_store()
    extra: dict[str, Any] = {}
    try:
        with err.status(f"importing {file} …"):
            if mapping is not None:
                done = import_partner(
                    store, file, mapping, skip_bad_rows=skip_bad_rows, rejected_path=rejected,
                    source=source,
                )  # fmt: skip
                parsed, report = done.parsed, done.report
                extra = {"rejected_rows": done.rejected, "rejected_file": done.rejected_file,
                         "warnings": done.warnings}  # fmt: skip
            else:
                parsed, report = import_file(store, file, source=source, fmt=fmt)
    except (JisrInputError, StoreError) as exc:
        raise fail(f"{exc} (nothing was imported)") from None
    if as_json:
        emit_json({"format": parsed.format, **report.to_dict(), **extra})
        return
    if extra.get("rejected_rows"):
        err.print(
            f"[yellow]{extra['rejected_rows']} bad row(s) skipped, written to "
            f"{extra['rejected_file']}[/]"
        )
    for w in extra.get("warnings", [])[:10]:
        err.print(f"[yellow]warning:[/] {w}", highlight=False)
    demo = " [bold yellow](FICTIONAL DEMONSTRATION DATA)[/]" if parsed.is_demo else ""
    console.print(
        f"Imported [bold]{report.dataset}[/]{demo} from {file} ({parsed.format}), run "
        f"{report.run_id}: {report.entities:,} entries, {report.statements:,} statements."
    )
    console.print("  " + ", ".join(f"{k}: {v:,}" for k, v in report.counts.items()))
    _print_changes(report.previous_run, report.added, report.changed, report.removed)


def _print_changes(
    previous: int | None, added: list[str], changed: list[str], removed: list[str]
) -> None:
    if previous is None:
        console.print("  First import of this list.")
        return
    console.print(
        f"  Since run {previous}: [green]{len(added)} added[/], [yellow]{len(changed)} changed[/], "
        f"[red]{len(removed)} removed[/]."
    )
    for label, refs in (("added", added), ("changed", changed), ("removed", removed)):
        if refs:
            shown = ", ".join(refs[:20]) + (" …" if len(refs) > 20 else "")
            console.print(f"    {label}: {shown}")


@app.command()
def update(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Official lists to update (default: un_sc).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds before giving up on a server.")] = 30.0,
    as_json: JsonOpt = False,
) -> None:
    """Download official lists from their official addresses and import what changed."""
    from jisr.download import OFFICIAL_SOURCES
    from jisr.ingest import update_source

    names = sources or ["un_sc"]
    unknown = [n for n in names if n not in OFFICIAL_SOURCES]
    if unknown:
        raise fail(f"unknown source {unknown[0]!r}; known: {', '.join(sorted(OFFICIAL_SOURCES))}")
    store = open_store()
    outcomes = []
    for name in names:
        try:
            outcomes.append(update_source(store, name, timeout=timeout, progress=not as_json))
        except (JisrInputError, StoreError) as exc:
            raise fail(f"{name}: {exc} (nothing was imported)") from None
    if as_json:
        emit_json([o.to_dict() for o in outcomes])
    else:
        for o in outcomes:
            colour = {"imported": "green", "not-modified": "cyan", "failed": "red"}[o.status]
            console.print(f"[{colour}]{o.source}: {o.status}[/] — {o.message}", soft_wrap=True)
            if o.report:
                _print_changes(
                    o.report.previous_run, o.report.added, o.report.changed, o.report.removed
                )
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command()
def lists(as_json: JsonOpt = False) -> None:
    """What is loaded: each list with its dates, counts and checksum."""
    rows = open_store().lists()
    if as_json:
        emit_json(rows)
        return
    if not rows:
        console.print(
            "No list is loaded yet. Try: jisr quickstart, jisr update, or jisr import FILE"
        )
        return
    table = Table(title="Lists in the store")
    for col in (
        "list",
        "kind",
        "published",
        "imported",
        "entries",
        "persons",
        "orgs",
        "names",
        "sha256",
    ):
        table.add_column(col)
    for r in rows:
        c = r["counts"]
        kind = "[bold yellow]DEMO (fictional)[/]" if r["kind"] == "demo" else r["kind"]
        table.add_row(
            r["dataset"],
            kind,
            r["published_at"] or "",
            (r["imported_at"] or "")[:19],
            f"{r['entities']:,}",
            f"{c.get('Person', 0):,}",
            f"{c.get('Organization', 0):,}",
            f"{c.get('names', 0):,}",
            r["sha256"][:12],
        )
    console.print(table)
    for r in rows:
        # `run` is the import's id in the store (what `jisr diff --old/--new` take), not an ordinal
        imports = f"{r['runs']} import{'s' if r['runs'] != 1 else ''} of this list"
        console.print(
            f"  {r['dataset']}: {r['title']} — current run {r['run']} ({imports}), "
            f"from {r['url'] or r['file']}"
        )


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="A list reference (QDi.299) or an entity id.")],
    history: Annotated[bool, typer.Option(help="Also show values no longer on the list.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """One entity with every value and the list that said it."""
    from jisr.unify.members import unified_of

    store = open_store()
    ids = store.find_entities(ref)
    unified: dict[str, list[str]] = {}
    for i in ids or [ref]:
        found = unified_of(store, i)
        if found is not None and (len(found[1]) > 1 or found[0] == ref):
            unified[found[0]] = found[1]
    if unified:
        ids = sorted({m for members in unified.values() for m in members})
    if not ids:
        raise fail(f"no entity with reference or id {ref!r}")
    ents = [e for e in (store.entity(i, history=history) for i in ids) if e is not None]
    if as_json:
        emit_json(
            [{"unified_id": u, "members": [e.to_dict() for e in ents if e.id in ms]}
             for u, ms in unified.items()] if unified else [e.to_dict() for e in ents]
        )  # fmt: skip
        return
    for uid, members in unified.items():
        sources = sorted({m.split(":", 1)[0] for m in members})
        console.print(
            f"[bold magenta]Unified entity {uid}[/]: {len(members)} entries from "
            f"{', '.join(sources)} — each value below keeps the list that said it."
        )
    for e in ents:
        flag = "" if e.current else " [red](no longer on the list)[/]"
        demo = " [bold yellow]FICTIONAL DEMONSTRATION ENTRY[/]" if e.kind == "demo" else ""
        console.print(f"[bold]{e.caption}[/] — {e.schema}, {e.id}{flag}{demo}")
        console.print(f"  owner: {e.owner}, sharing: {e.sharing}")
        table = Table(show_header=True, header_style="bold")
        for col in ("property", "value", "qualifier", "script", "source", "seen (runs)"):
            table.add_column(col, overflow="fold")
        for s in sorted(e.statements, key=_show_order):
            extra = ""
            if s.extra:
                extra = (
                    "  [dim]"
                    + "; ".join(f"{k}={v}" for k, v in s.extra.items() if k != "raw")
                    + "[/]"
                )
            table.add_row(
                s.prop,
                s.value + extra,
                s.qualifier or "",
                s.script or "",
                s.dataset,
                f"{s.first_seen_run}–{s.last_seen_run}",
            )
        console.print(table)


_FIRST = ("name", "alias", "weakAlias", "previousName")
_LAST = ("notes", "remark")


def _show_order(s: Any) -> tuple[int, int]:
    if s.prop in _FIRST:
        return (0, _FIRST.index(s.prop))
    if s.prop in _LAST:
        return (2, _LAST.index(s.prop))
    return (1, 0)


@app.command()
def diff(
    source: Annotated[str, typer.Argument(help="The list to compare (e.g. un_sc).")],
    old: Annotated[int | None, typer.Option(help="Older run id (default: the one before).")] = None,
    new: Annotated[int | None, typer.Option(help="Newer run id (default: the latest).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Changes between the last two imports of a list (or two given runs)."""
    store = open_store()
    try:
        d = store.diff(source, old, new)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if as_json:
        emit_json(d.to_dict())
        return
    console.print(
        f"[bold]{source}[/]: run {d.old_run} → run {d.new_run}: [green]{len(d.added)} added[/], "
        f"[yellow]{len(d.changed)} changed[/], [red]{len(d.removed)} removed[/]"
    )
    for row in d.added:
        console.print(f"  [green]+ {row['reference']}[/] {row['name']}")
    for row in d.removed:
        console.print(f"  [red]- {row['reference']}[/] {row['name']}")
    for row in d.changed:
        console.print(f"  [yellow]~ {row['reference']}[/] {row['name']}")
        for v in row["values_added"]:
            console.print(f"      + {v['prop']}: {v['value']}", highlight=False)
        for v in row["values_removed"]:
            console.print(f"      - {v['prop']}: {v['value']}", highlight=False)


# ---------------------------------------------------------------------- screening (Step 2)
def _byte_lines(fh: Any) -> Iterator[bytes]:
    """The lines of a binary file split as universal newlines do (\n, \r\n, a lone \r),
    streamed (a file of millions of pairs is never read whole)."""
    rest = b""
    for block in iter(lambda: fh.read(1 << 16), b""):
        rest += block
        lines = rest.splitlines(keepends=True)
        # a line that may continue in the next block (its \r may be the first half of \r\n)
        rest = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
        yield from lines
    if rest:
        yield rest


def _rows(n: int) -> str:
    return f"{n:,} row has" if n == 1 else f"{n:,} rows have"


@app.command()
def screen(
    name: Annotated[str | None, typer.Argument(help="The name to screen, in any script.")] = None,
    dob: Annotated[
        str | None, typer.Option("--dob", help="Date of birth: 1971, 1971-05, 1971-05-03.")
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="Country or nationality (name or ISO code).")
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            help="What the name is: person, organisation, vessel or aircraft (default: any). "
            "Entities of another kind are no hits; with --input, for rows whose own schema "
            "column says nothing.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many hits.")] = 10,
    weak_aliases: Annotated[
        str,
        typer.Option(
            "--weak-aliases",
            help="hit: a weak alias (UN 'Low', OFAC 'weak AKA') is a hit like any name; support: "
            "only with a date of birth, country or document that agrees (OFAC FAQ 124).",
        ),
    ] = "hit",
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", min=0.0, max=1.0, help="Report hits at or above this score (0–1)."
        ),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Screen against these lists only.")
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input", help="A CSV file of names (header: name[,dob][,country][,id][,schema])."
        ),
    ] = None,
    output_file: Annotated[
        Path | None, typer.Option("--output", help="Where bulk hits go (CSV).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="With --input: processes screening in parallel (default: all cores; 1: one "
            "process). The output is the same whatever the number.",
        ),
    ] = None,
    candidates: Annotated[
        int,
        typer.Option(
            "--candidates",
            min=1,
            help="Listed names taken from the index per query before scoring (more: slower, "
            "surer on very large lists of common names).",
        ),
    ] = 50,
    as_json: JsonOpt = False,
) -> None:
    """Screen a name (or a CSV file of names) against the loaded lists. Hits are candidates for
    human review, never verdicts; every query is written to the audit log."""
    from jisr.match.entities import WEAK_ALIAS_POLICIES, known_country, readable_date
    from jisr.model import SCHEMA_CHOICES, parse_schema
    from jisr.names.latin import readable, unread_letters
    from jisr.names.parts import analyse_name
    from jisr.screen import Screener, screen_file
    from jisr.screen.render import print_result

    if (name is None) == (input_file is None):
        raise fail("give either a NAME or --input FILE.csv (with --output HITS.csv)")
    if input_file is not None and (dob or country):
        raise fail(
            "--dob and --country go with one NAME; a file gives them as columns (dob, country)"
        )
    if name is not None and not name.strip():
        raise fail("the name is empty")
    kind = parse_schema(schema) if schema is not None else None
    if schema is not None and kind is None:
        raise fail(f"--schema {schema!r}: expected one of {', '.join(SCHEMA_CHOICES)}")
    if weak_aliases not in WEAK_ALIAS_POLICIES:
        raise fail(
            f"--weak-aliases {weak_aliases!r}: expected one of {', '.join(WEAK_ALIAS_POLICIES)}"
        )
    if name is not None and not (readable(name) and analyse_name(name).parts):
        raise fail(
            f"nothing in {name!r} can be read as a name (jisr reads Latin and Arabic script and "
            "spells most other alphabets in Latin letters; Chinese, Japanese, Korean and Hebrew "
            "characters are not read: screen the Latin spelling)"
        )
    unread = unread_letters(name) if name is not None else ""
    if unread:
        err.print(
            f"note: jisr does not read these characters of the name: {unread} "
            "(Chinese, Japanese, Korean, Hebrew…); screen its Latin spelling too",
            highlight=False,
            soft_wrap=True,
        )
    if dob and not readable_date(dob):
        raise fail(
            f"--dob {dob!r} is not a date jisr reads: 1971, 1971-05, 1971-05-03 or a range "
            "1968/1972 (year first), with a month and day that exist"
        )
    if country and not known_country(country):
        err.print(
            f"note: {country!r} is not a country jisr knows; it is compared with the listed "
            "countries as written and never counts against a hit",
            highlight=False,
            soft_wrap=True,
        )
    store = open_store()
    if not store.lists():
        raise fail(
            "no list is loaded: run `jisr quickstart`, `jisr update` or `jisr import FILE` first"
        )
    with err.status("loading the index …"):
        screener = Screener.open(store, datasets=source)
    screener.candidate_limit = candidates
    if input_file is not None:
        if output_file is None:
            raise fail("--input needs --output HITS.csv")
        if not input_file.exists():
            raise fail(f"{input_file}: no such file")
        try:
            report = screen_file(
                screener, input_file, output_file, threshold=threshold, limit=limit,
                progress=not as_json, workers=workers, schema=kind, weak_aliases=weak_aliases,
            )  # fmt: skip
        except JisrInputError as exc:
            raise fail(str(exc)) from None
        if as_json:
            emit_json(report.to_dict())
        else:
            console.print(
                f"Screened {report.rows:,} names in {report.seconds:.1f} s "
                f"({report.names_per_second:,.0f} names/s, {report.workers} "
                f"worker{'s' if report.workers != 1 else ''}): {report.hits:,} hits on "
                f"{report.rows_with_hits:,} name{'s' if report.rows_with_hits != 1 else ''}, written to {output_file}"
                + (
                    f" ({report.repeated:,} repeated rows took the hits screened for them "
                    "moments before)"
                    if report.repeated
                    else ""
                )
                + ". Hits are candidates for human review."
            )
            if report.unreadable_dob:
                err.print(
                    f"note: {_rows(report.unreadable_dob)} a date of birth jisr does not "
                    f"read (first on line {report.unreadable_dob_line}), screened without it. Dates are read year first: 1971, 1971-05, 1971-05-03, "
                    "1968/1972.",
                    highlight=False,
                    soft_wrap=True,
                )
            if report.unread_name:
                err.print(
                    f"note: {_rows(report.unread_name)} a name with characters jisr does not "
                    f"read (first on line {report.unread_name_line}): no letters, or Chinese, "
                    "Japanese, Korean or Hebrew characters, which are skipped.",
                    highlight=False,
                    soft_wrap=True,
                )
            if report.unknown_schema:
                err.print(
                    f"note: {_rows(report.unknown_schema)} a schema jisr does not know (first "
                    f"on line {report.unknown_schema_line}), screened as --schema says (any "
                    f"kind without it). Known: {', '.join(SCHEMA_CHOICES)}.",
                    highlight=False,
                    soft_wrap=True,
                )
            if report.unknown_country:
                err.print(
                    f"note: {_rows(report.unknown_country)} a country jisr does not know "
                    f"(first on line {report.unknown_country_line}), compared as written and "
                    "never counted against a hit.",
                    highlight=False,
                    soft_wrap=True,
                )
        return
    assert name is not None
    result = screener.screen(
        name, dob=dob, country=country, limit=limit, threshold=threshold, schema=kind,
        weak_aliases=weak_aliases,
    )  # fmt: skip
    if as_json:
        emit_json(result.to_dict())
        return
    console.print(f"[bold]Query:[/] {name}", highlight=False)
    print_result(console, result)


@app.command()
def match(
    name_a: Annotated[str | None, typer.Argument(help="First name.")] = None,
    name_b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="A file of name_a<TAB>name_b lines.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare two names and explain the score (or every pair of a TSV file)."""
    from jisr.match import DEFAULT_THRESHOLD, compare_many, compare_names

    if pairs is not None:
        if not pairs.exists():
            raise fail(f"{pairs}: no such file")
        bad: list[str] = []  # the error that ends the file: raised after the pairs before it

        def read(fh: Any) -> Iterator[tuple[str, str]]:
            # lines end in \n, \r\n or a lone \r, as text mode read them
            for lineno, raw in enumerate(_byte_lines(fh), 1):
                try:  # line by line, so an undecodable byte is named by its own line
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    bad.append(f"{pairs}:line {lineno}: not UTF-8 text ({exc.reason})")
                    return
                line = line.rstrip("\n").rstrip("\r")
                if not line.strip():
                    continue
                parts = line.split("\t")
                if len(parts) < 2:
                    bad.append(f"{pairs}:line {lineno}: expected name_a<TAB>name_b")
                    return
                yield parts[0], parts[1]

        with open(pairs, "rb") as fh:
            # in chunks: the Arabic words of a chunk's names are romanised together
            for a, b, m in compare_many(read(fh)):
                decision = 1 if m.score >= DEFAULT_THRESHOLD else 0
                sys.stdout.write(f"{a}\t{b}\t{m.score:.4f}\t{decision}\n")
        if bad:
            raise fail(bad[0])
        return
    if name_a is None or name_b is None:
        raise fail("give two names, or --pairs FILE.tsv")
    if not (name_a.strip() and name_b.strip()):
        raise fail("a name is empty")
    from jisr.names.latin import readable

    for text in (name_a, name_b):
        if not readable(text):
            raise fail(f"nothing in {text!r} can be read as a name")
    m = compare_names(name_a, name_b)
    if as_json:
        emit_json({"name_a": name_a, "name_b": name_b, "score": round(m.score, 4),
                   "threshold": DEFAULT_THRESHOLD, "match": m.score >= DEFAULT_THRESHOLD,
                   "explanation": m.to_dict()})  # fmt: skip
        return
    verdict = "[green]match[/]" if m.score >= DEFAULT_THRESHOLD else "[red]no match[/]"
    console.print(
        f"{name_a}  ~  {name_b}: [bold]{m.score:.3f}[/] → {verdict} (threshold {DEFAULT_THRESHOLD:.2f})",
        highlight=False,
    )
    for line in m.describe().splitlines():
        console.print(f"  {line}", highlight=False)


# ---------------------------------------------------------------------- unification (Step 3)
@app.command()
def unify(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Unify these lists only (default: all).")
    ] = None,
    cross_only: Annotated[
        bool, typer.Option(help="Only pairs across lists, not within one list.")
    ] = False,
    auto_same: Annotated[
        float | None, typer.Option(help="Score at or above which pairs are merged without review.")
    ] = None,
    review_at: Annotated[
        float | None,
        typer.Option("--review", help="Score at or above which pairs are queued for review."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Resolve the loaded lists into unified entities: automatic above the high threshold,
    queued for review in between, apart below. Analyst decisions always win."""
    from jisr.unify.resolve import AUTO_SAME, REVIEW, resolve

    store = open_store()
    if not store.lists():
        raise fail("no list is loaded: import two lists first (see README, Unify)")
    res = resolve(
        store, source, auto_same=auto_same or AUTO_SAME, review=review_at or REVIEW,
        cross_only=cross_only, progress=not as_json,
    )  # fmt: skip
    if as_json:
        emit_json({"resolution": res.id, **res.stats})
        return
    st = res.stats
    console.print(
        f"Resolution {res.id}: {st['entities']:,} entries → {st['unified_entities']:,} unified "
        f"entities ({st['multi_source_entities']:,} named by more than one entry). "
        f"{st['auto_same']:,} pairs merged automatically, [bold]{st['review']:,} queued for "
        f"review[/] (jisr review), {st['decided']:,} settled by analyst decisions."
    )


def _side_by_side(store: Store, left: str, right: str, score: float, explanation: Any) -> None:
    from jisr.model import Prop

    a, b = store.entity(left), store.entity(right)
    if a is None or b is None:
        return
    table = Table(title=f"score {score:.3f}", show_lines=False)
    table.add_column("")
    table.add_column(f"{a.id} ({a.kind}, owner {a.owner})", overflow="fold")
    table.add_column(f"{b.id} ({b.kind}, owner {b.owner})", overflow="fold")
    props = [Prop.NAME, Prop.ALIAS, Prop.WEAK_ALIAS, Prop.BIRTH_DATE, Prop.BIRTH_PLACE,
             Prop.NATIONALITY, Prop.DOCUMENT, Prop.GENDER, Prop.PROGRAM, Prop.LISTED_ON]  # fmt: skip
    table.add_row("schema", a.schema, b.schema)
    for prop in props:
        va, vb = a.values(prop), b.values(prop)
        if va or vb:
            table.add_row(str(prop), "\n".join(va[:8]), "\n".join(vb[:8]))
    console.print(table)
    from jisr.screen.render import explain_lines

    if isinstance(explanation, dict) and "name" in explanation:
        console.print(f"matched: {explanation['name'].get('a')}  ~  {explanation['name'].get('b')}")
        for line in explain_lines(explanation):
            console.print(f"  [dim]{line}[/]", highlight=False)
    if isinstance(explanation, dict) and explanation.get("review_because"):
        console.print(f"  [yellow]queued because {explanation['review_because']}[/]")


@app.command()
def review(
    actor: Annotated[
        str, typer.Option(help="Who is deciding (kept in the audit log).")
    ] = os.environ.get("USER", "analyst"),
    limit: Annotated[int, typer.Option(help="Stop after this many pairs.")] = 50,
) -> None:
    """Review the queued pairs in the terminal: same / different / unsure, with a reason."""
    from jisr.unify import decisions as dec
    from jisr.unify.resolve import review_queue

    store = open_store()
    queue = review_queue(store)
    if not queue:
        console.print("The review queue is empty. (Run `jisr unify` after importing lists.)")
        return
    console.print(
        f"{len(queue)} pair(s) to review. Answer s(ame), d(ifferent), u(nsure), k (skip) or q(uit)."
    )
    answers = {"s": "same", "d": "different", "u": "unsure"}
    for n, pair in enumerate(queue[:limit], 1):
        console.rule(f"pair {n} of {len(queue)}")
        _side_by_side(store, pair["left_id"], pair["right_id"], pair["score"], pair["explanation"])
        choice = (
            typer.prompt("same / different / unsure / skip / quit [s/d/u/k/q]").strip().lower()[:1]
        )
        if choice == "q":
            break
        if choice not in answers:
            continue
        reason = typer.prompt("reason")
        try:
            d = dec.record(store, pair["left_id"], pair["right_id"], answers[choice], reason, actor)
        except dec.DecisionError as exc:
            err.print(f"[red]{exc}[/]")
            continue
        console.print(f"recorded decision {d.id}: {d.judgement}")
    console.print("Run `jisr unify` again to apply the decisions to the unified list.")


@app.command()
def decide(
    left: Annotated[str, typer.Argument(help="An entity id, e.g. dz_dgsn_wanted:DZ-2019-0042.")],
    right: Annotated[str, typer.Argument(help="The other entity id.")],
    judgement: Annotated[str, typer.Argument(help="same | different | unsure")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required, audited).")] = "",
    actor: Annotated[str, typer.Option(help="Who is deciding.")] = os.environ.get(
        "USER", "analyst"
    ),
    as_json: JsonOpt = False,
) -> None:
    """Record an analyst decision on a pair without the interactive review."""
    from jisr.unify import decisions as dec

    try:
        d = dec.record(open_store(), left, right, judgement, reason, actor)
    except dec.DecisionError as exc:
        raise fail(str(exc)) from None
    if as_json:
        emit_json(d.to_dict())
    else:
        console.print(f"recorded decision {d.id}: {d.left_id} {d.judgement} {d.right_id}")


@app.command()
def decisions(as_json: JsonOpt = False) -> None:
    """Every analyst decision, undone ones included (append-only)."""
    from jisr.unify import decisions as dec

    rows = dec.history(open_store())
    if as_json:
        emit_json(rows)
        return
    table = Table(title="Analyst decisions")
    for col in ("id", "at", "actor", "left", "judgement", "right", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        judgement = r["judgement"] if r["judgement"] != "undo" else f"undo #{r['undoes']}"
        table.add_row(
            str(r["id"]),
            r["at"] or "",
            r["actor"],
            r["left_id"],
            judgement,
            r["right_id"],
            r["reason"],
        )
    console.print(table)


@app.command()
def undo(
    decision_id: Annotated[int, typer.Argument(help="The decision to undo (see jisr decisions).")],
    reason: Annotated[str, typer.Option("--reason", help="Why.")] = "",
    actor: Annotated[str, typer.Option(help="Who.")] = os.environ.get("USER", "analyst"),
) -> None:
    """Undo an analyst decision (recorded, never erased)."""
    from jisr.unify import decisions as dec

    try:
        dec.undo(open_store(), decision_id, reason, actor)
    except dec.DecisionError as exc:
        raise fail(str(exc)) from None
    console.print(f"decision {decision_id} undone. Run `jisr unify` to apply.")


@app.command()
def export(
    output: Annotated[Path, typer.Argument(help="The file to write.")],
    fmt: Annotated[
        str, typer.Option("--format", help="ftm (followthemoney JSON lines) or csv.")
    ] = "ftm",
) -> None:
    """Export the unified list with each value's sources."""
    from jisr.unify.export import export as do_export

    store = open_store()
    try:
        n = do_export(store, output, fmt)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if n == 0:
        err.print("[yellow]nothing unified yet: run `jisr unify` first[/]")
    console.print(f"wrote {n:,} unified entities to {output} ({fmt})")


@app.command()
def audit(
    limit: Annotated[int, typer.Option(help="How many entries, newest first.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """The append-only audit log: every import and every query."""
    rows = open_store().audit_entries(limit)
    if as_json:
        emit_json(rows)
        return
    table = Table(title="Audit log (newest first)")
    for col in ("id", "at", "actor", "action", "detail"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["at"] or "",
            r["actor"],
            r["action"],
            json.dumps(r["detail"], ensure_ascii=False),
        )
    console.print(table)


@app.command()
def quickstart(
    offline: Annotated[bool, typer.Option(help="Do not try the network at all.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the official server.")] = 5.0,
) -> None:
    """Set everything up and run the main job: load a list, screen example names."""
    from jisr.quickstart import run_quickstart

    raise typer.Exit(run_quickstart(console, offline=offline, timeout=timeout))


def _mount_eval() -> None:
    from jisr.evalcli import eval_app

    app.add_typer(eval_app, name="eval")


_mount_eval()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
