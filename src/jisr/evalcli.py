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
    help="Measure jisr on the real lists in ../shared/data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@eval_app.command("unify")
def unify_cmd(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="The shared data folder (default: ../shared/data beside the repo)."
        ),
    ] = None,
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
        f"measuring {t['measure']:.1f}s)."
    )
    console.print(
        "[dim]The 2026 UN list and the 2021 OFAC file differ in time: recall counts truth pairs "
        "only; precision is bounded below by counting every automatic `same` outside the truth "
        "set as wrong, above by counting only pairs known to be wrong.[/]"
    )
