"""``jisr eval``: measurements on real lists (mounted by the main CLI as a sub-command group)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

eval_app = typer.Typer(
    name="eval",
    help="Measure jisr on the real lists in ../shared/data (default: the name matching).",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data", help="The shared data folder (default: ../shared/data beside the repo)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]
TRADE_OFF = (0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95)
BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.01)


@eval_app.callback()
def _default(ctx: typer.Context, data: DataOpt = None, as_json: JsonOpt = False) -> None:
    if ctx.invoked_subcommand is None:
        names_cmd(data=data, as_json=as_json)


@eval_app.command("names")
def names_cmd(data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Name matching on real data: UN cross-script and alias top-1 recall, ar2en word pairs
    against shuffled negatives, hard negatives; recall, precision, their trade-off and the score
    distributions of true and false pairs."""
    from jisr.match import DEFAULT_THRESHOLD
    from jisr.match import evaluate as ev

    folder = data or Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not (folder / ev.UN_FILE).exists():
        Console(stderr=True).print(f"[bold red]error:[/] no shared data in {folder} (use --data)")
        raise typer.Exit(1)
    console = Console()
    with Console(stderr=True).status("measuring on the UN list and the ar2en pairs …"):
        names = ev.load_un_names(folder / ev.UN_FILE)
        recalls = [
            ev.un_cross_script(folder, names),
            ev.un_good_aliases(folder, names),
            ev.un_latin_names(folder, names),
            ev.un_acronyms(folder, names),
            ev.un_cyrillic(folder, names),
            ev.un_short_forms(folder, names),
            ev.un_particle_last(folder, names),
            ev.un_initials(folder, names),
        ]
        pairs = [
            ev.ar2en(folder / ev.AR2EN_EVAL),
            ev.hard_negatives(),
            ev.french_organisations(),
            ev.french_held_out(),
        ]
    figures = {
        "threshold": DEFAULT_THRESHOLD,
        "top1": [
            {"set": r.name, "queries": r.total, "recall": round(r.recall, 4),
             "strict_recall": round(r.strict_recall, 4), "ties": r.ties,
             "misses": [list(f) for f in r.failures[:20]]}
            for r in recalls
        ],
        "pairs": [
            {"set": p.name, "positives": p.tp + p.fn, "negatives": p.fp + p.tn,
             "recall": round(p.recall, 4), "precision": round(p.precision, 4),
             "f1": round(p.f1, 4), "false_positive_rate": round(p.false_positive_rate, 4),
             "trade_off": [_at(p, t) for t in TRADE_OFF],
             "histogram": _hist(p), "pairs_per_second": round((p.tp + p.fn + p.fp + p.tn)
                                                              / max(p.seconds, 1e-9), 1)}
            for p in pairs
        ],
    }  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        return
    t = Table(title="Top-1 recall on the UN list (ties: own entry scored equal first)")
    for col in ("set", "queries", "recall", "strict", "ties"):
        t.add_column(col)
    for r in figures["top1"]:
        t.add_row(r["set"], str(r["queries"]), f"{r['recall']:.3f}", f"{r['strict_recall']:.3f}",
                  str(r["ties"]))  # fmt: skip
    console.print(t)
    t = Table(title=f"Pairs at the default threshold {DEFAULT_THRESHOLD}")
    for col in ("set", "pos", "neg", "recall", "precision", "F1", "false pos. rate"):
        t.add_column(col)
    for p in figures["pairs"]:
        t.add_row(p["set"], str(p["positives"]), str(p["negatives"]), f"{p['recall']:.3f}",
                  f"{p['precision']:.3f}", f"{p['f1']:.3f}", f"{p['false_positive_rate']:.4f}")  # fmt: skip
    console.print(t)
    for p in figures["pairs"]:
        t = Table(title=f"{p['set']}: recall / precision trade-off")
        t.add_column("threshold")
        for row in p["trade_off"]:
            t.add_column(f"{row['threshold']:.2f}")
        t.add_row("recall", *[f"{r['recall']:.3f}" for r in p["trade_off"]])
        t.add_row("precision", *[f"{r['precision']:.3f}" for r in p["trade_off"]])
        console.print(t)
        t = Table(title=f"{p['set']}: score distribution")
        t.add_column("score")
        t.add_column("true pairs")
        t.add_column("false pairs")
        for h in p["histogram"]:
            t.add_row(h["bin"], str(h["true"]), str(h["false"]))
        console.print(t)
    for r in figures["top1"]:
        for q, want, got in r["misses"][:8]:
            console.print(
                f"  [dim]{r['set']} miss: {q} — wanted {want}, got {got}[/]", highlight=False
            )


def _at(p: object, threshold: float) -> dict[str, float]:
    pos = p.pos_scores
    neg = p.neg_scores
    tp = sum(1 for s in pos if s >= threshold)
    fp = sum(1 for s in neg if s >= threshold)
    return {
        "threshold": threshold,
        "recall": round(tp / len(pos), 4) if pos else 0.0,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
    }


def _hist(p: object) -> list[dict[str, object]]:
    pos = p.pos_scores
    neg = p.neg_scores
    out = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        label = f"{lo:.2f}–{min(hi, 1.0):.2f}"
        out.append({"bin": label, "true": sum(1 for s in pos if lo <= s < hi),
                    "false": sum(1 for s in neg if lo <= s < hi)})  # fmt: skip
    return out


@eval_app.command("unify")
def unify_cmd(
    data: DataOpt = None,
    sample: Annotated[
        int, typer.Option(help="Truth pairs to print for a hand check (spread over the set).")
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Link the UN list with OFAC SDN (2021) and measure the automatic `same` decisions.

    The truth set comes from document numbers and birth dates + nationality, never from names.
    """
    from jisr.unify.evaluate import evaluate_unify

    console = Console()
    err = Console(stderr=True)
    try:
        if as_json:
            report = evaluate_unify(data, sample=sample)
        else:
            with err.status("importing the lists, building the truth set, resolving …"):
                report = evaluate_unify(data, sample=sample)
    except FileNotFoundError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    render(report, console)


def render(report: object, console: Console) -> None:
    from jisr.unify.evaluate import UnifyEval

    assert isinstance(report, UnifyEval)
    r = report
    console.print(
        f"[bold]UN Security Council × OFAC SDN[/] — {r.entities['un_sc']:,} UN and "
        f"{r.entities['us_ofac_sdn']:,} OFAC entries; {r.truth_pairs} truth pairs "
        f"({r.truth_rules['document']} by document number, "
        f"{r.truth_rules['birth_date_and_nationality']} by birth date + nationality, "
        f"{r.truth_rules['both_rules']} by both)."
    )
    table = Table(title="Automatic decisions against the truth set")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("", style="dim")
    reasons = ", ".join(f"{n} {k}" for k, n in r.known_wrong_reasons.items()) or "none"
    table.add_row(
        "precision of automatic `same` (lower bound)",
        f"{r.precision:.1%}",
        f"{r.auto_same_in_truth} of {r.auto_same} in the truth set",
    )
    table.add_row(
        "precision of automatic `same` (upper bound)",
        f"{r.precision_upper:.1%}",
        f"{r.auto_same_known_wrong} known wrong ({reasons}); "
        f"{len(r.unverified)} without evidence either way",
    )
    table.add_row(
        "precision where evidence decides",
        f"{r.precision_decided:.1%}",
        f"{r.auto_same_in_truth} right of {r.auto_same_in_truth + r.auto_same_known_wrong}",
    )
    table.add_row(
        "recall of automatic `same`",
        f"{r.recall_same:.1%}",
        f"{r.auto_same_in_truth} of {r.truth_pairs} truth pairs",
    )
    table.add_row(
        "recall with the review queue",
        f"{r.recall_with_review:.1%}",
        f"+{r.review_in_truth} truth pairs queued for review",
    )
    table.add_row("recall in unified entities", f"{r.recall_clusters:.1%}", "through chains too")
    table.add_row("pairs queued for review", f"{r.review:,}", f"{r.review_in_truth} in the truth")
    table.add_row(
        "truth pairs never proposed",
        f"{r.truth_not_proposed}",
        "the name index did not offer them as candidates",
    )
    table.add_row(
        "pairs scored", f"{r.pairs_scored:,}", f"kept from {r.thresholds['kept_from']:.2f}"
    )
    console.print(table)

    if r.screening:
        scr = Table(
            title="Screening one list's primary names (with birth date, nationality) against the other"
        )
        for col in ("names of", "screened against", "truth pairs", "partner a hit", "the best hit"):
            scr.add_column(col, justify="right" if col[0] in "tp" else "left")
        for sr in r.screening:
            scr.add_row(
                sr.queries, sr.against, str(sr.pairs), f"{sr.recall:.1%} ({sr.found})",
                f"{sr.top1 / sr.pairs:.1%} ({sr.top1})" if sr.pairs else "–",
            )  # fmt: skip
        console.print(scr)
        for sr in r.screening:
            for m in sr.missed[:10]:
                console.print(
                    f"  not found: {m['query']} → {m['name']} ({m['entry']})",
                    highlight=False,
                    style="dim",
                )

    hist = Table(title="Scores: truth pairs vs other pairs")
    hist.add_column("score")
    hist.add_column("truth pairs", justify="right")
    hist.add_column("other pairs", justify="right")
    hist.add_column("")
    for row in r.histogram:
        zone = (
            "same"
            if row.low >= r.thresholds["auto_same"]
            else "review"
            if row.low >= r.thresholds["review"]
            else "apart"
        )
        hist.add_row(
            row.label,
            str(row.truth),
            "not kept" if row.others is None else str(row.others),
            zone,
        )
    console.print(hist)

    if r.wrong:
        wrong = Table(title=f"Automatic `same` known to be wrong ({len(r.wrong)}; first 15)")
        for col in ("UN", "name", "OFAC", "name", "matched", "why", "score"):
            wrong.add_column(col, overflow="fold")
        for w in r.wrong[:15]:
            wrong.add_row(
                w["un"].split(":", 1)[1],
                w["un_name"],
                w["ofac"].split(":", 1)[1],
                w["ofac_name"],
                w["matched"],
                ", ".join(w["why"]),
                f"{w['score']:.3f}",
            )
        console.print(wrong)
    if r.sample:
        sample = Table(title=f"Hand-check sample: {len(r.sample)} truth pairs")
        for col in ("UN", "name", "OFAC", "name", "evidence", "score"):
            sample.add_column(col, overflow="fold")
        for s in r.sample:
            sample.add_row(
                s["un"].split(":", 1)[1],
                s["un_name"],
                s["ofac"].split(":", 1)[1],
                s["ofac_name"],
                "; ".join(s["evidence"]),
                f"{s['score']:.3f}",
            )
        console.print(sample)
    t = r.timings
    console.print(
        f"Time: {t['total']:.1f}s (import {t['import']:.1f}s, truth set {t['truth_set']:.1f}s, "
        f"index {t['index_build']:.1f}s, resolve {t['resolve']:.1f}s, "
        f"measuring {t['measure']:.1f}s, screening {t.get('screening', 0.0):.1f}s)."
    )
    console.print(
        "[dim]The 2026 UN list and the 2021 OFAC file differ in time: recall counts truth pairs "
        "only; precision is bounded below by counting every automatic `same` outside the truth "
        "set as wrong, above by counting only pairs known to be wrong.[/]"
    )
