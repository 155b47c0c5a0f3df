"""Human output of screening results: every hit explained, and always a candidate, not a verdict."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from jisr.screen.screener import ScreenResult

LABELS = {
    "name": "primary name",
    "alias": "alias",
    "weakAlias": "weak (low-quality) alias",
    "previousName": "former name",
}


def explain_lines(explanation: dict[str, Any], matched_as: str | None = None) -> list[str]:
    """The explanation of one hit as short lines: which parts matched which and how, what was
    missing, what counted against, and the other evidence."""
    name = explanation.get("name", {})
    lines = []
    parts = [f"{m['a']} = {m['b']} ({m['how']}, {m['score']:.2f})" for m in name.get("matched", [])]
    if parts:
        lines.append("parts: " + " · ".join(parts))
    if name.get("missing"):
        lines.append("only in the query: " + ", ".join(name["missing"]))
    if name.get("extra"):
        lines.append("only in the listed name: " + ", ".join(name["extra"]))
    against = list(name.get("against", []))
    if matched_as == "weakAlias":
        against.append("matched a weak alias (counts a little less)")
    if against:
        lines.append("against: " + "; ".join(against))
    for ev in explanation.get("evidence", []):
        lines.append(f"{ev['kind']}: {ev['detail']} ({ev['effect']:+.2f})")
    return lines


def print_result(console: Console, result: ScreenResult, *, limit: int | None = None) -> None:
    hits = result.hits[:limit] if limit else result.hits
    if not hits:
        console.print(
            f"  [green]No candidate at or above {result.threshold:.2f}[/] "
            f"[dim]({result.candidates} compared, {result.elapsed_ms:.1f} ms)[/]"
        )
        return
    console.print(
        f"  [bold]{len(result.hits)} candidate(s) for human review[/] — not a verdict "
        f"[dim](threshold {result.threshold:.2f}, {result.candidates} compared, "
        f"{result.elapsed_ms:.1f} ms)[/]"
    )
    for i, hit in enumerate(hits, 1):
        fictional = " [bold yellow]FICTIONAL[/]" if hit.meta.kind == "demo" else ""
        console.print(
            f"  {i}. [bold]{hit.score:.2f}[/]  {hit.meta.reference} ({hit.meta.dataset}){fictional}"
            f" — {hit.meta.caption}",
            highlight=False,
        )
        label = LABELS.get(hit.matched_as, hit.matched_as)
        read = f", read as {hit.read_as}" if hit.read_as else ""
        console.print(f"     matched {label}: {hit.matched_name}{read}", highlight=False)
        for line in explain_lines(hit.explanation, hit.matched_as):
            console.print(f"     [dim]{line}[/]", highlight=False)
