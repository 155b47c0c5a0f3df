"""Human output of screening results: every hit explained, and always a candidate, not a verdict."""

from __future__ import annotations

from rich.console import Console

from jisr.screen.screener import ScreenResult


def print_result(console: Console, result: ScreenResult, *, limit: int | None = None) -> None:
    hits = result.hits[:limit] if limit else result.hits
    if not hits:
        console.print(
            f"  [green]No candidate at or above {result.threshold:.2f}[/] "
            f"[dim]({result.candidates} compared, {result.elapsed_ms:.1f} ms)[/]"
        )
        return
    console.print(
        f"  [bold]{len(result.hits)} candidate(s) for human review[/] "
        f"[dim](threshold {result.threshold:.2f}, {result.candidates} compared, "
        f"{result.elapsed_ms:.1f} ms)[/]"
    )
    for i, hit in enumerate(hits, 1):
        fictional = " [bold yellow]FICTIONAL[/]" if hit.meta.kind == "demo" else ""
        console.print(
            f"  {i}. [bold]{hit.score:.2f}[/]  {hit.meta.reference} ({hit.meta.dataset}){fictional} "
            f"— {hit.meta.caption}",
            highlight=False,
        )
        console.print(f"     matched: {hit.matched_name}", highlight=False)
        for line in hit.summary.splitlines():
            console.print(f"     [dim]{line}[/]", highlight=False)
