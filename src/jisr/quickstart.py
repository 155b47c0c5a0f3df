"""``jisr quickstart``: set up the store, load a list (the real one, or a fictional demo offline),
and screen a few example names with their explanations."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel

from jisr.store import Store

REAL_EXAMPLES: list[dict[str, str]] = [
    {"name": "Abou Bakr el-Baghdadi", "why": "French-style spelling of a UN alias (QDi.299)"},
    {"name": "أبو بكر البغدادي", "why": "the same alias in Arabic script"},
    {"name": "Abdelmalek Droukdal", "why": "Algerian spelling of a listed person (QDi.232)"},
    {"name": "رمطان لعمامرة", "why": "a person who is on no list: should find nothing"},
]


def run_quickstart(console: Console, *, offline: bool = False, timeout: float = 5.0) -> int:
    from jisr.ingest import import_file, update_source

    store = Store()
    console.rule("[bold]jisr quickstart")
    console.print(f"Store: {store.url}")

    have_real = store.dataset_info("un_sc") is not None
    if not offline:
        console.print(
            "Fetching the UN Security Council consolidated list from its official address …"
        )
        outcome = update_source(store, "un_sc", timeout=timeout, progress=True)
        if outcome.status == "failed":
            console.print(
                f"[yellow]Could not update the UN list:[/] {outcome.message}", soft_wrap=True
            )
        else:
            console.print(f"[green]UN list: {outcome.status}[/] ({outcome.message})")
            have_real = True

    use_demo = not have_real
    if use_demo:
        from jisr.demo import DEMO_DATASET, DEMO_LIST_PATH

        console.print(
            Panel(
                "No official list could be loaded (offline?). Loading the DEMONSTRATION list that "
                "ships with jisr instead.\n[bold]Every person and organisation in it is FICTIONAL.[/] "
                "It exists only to show how jisr works. To use real data, run "
                "[bold]jisr update[/] when online, or [bold]jisr import FILE[/] with a downloaded list.",
                title="[bold yellow]FICTIONAL DEMONSTRATION DATA",
                border_style="yellow",
            )
        )
        _, report = import_file(store, DEMO_LIST_PATH, source=DEMO_DATASET)
        console.print(f"Loaded {report.entities} fictional entries into the list '{DEMO_DATASET}'.")

    from jisr.cli import lists as show_lists

    show_lists(as_json=False)

    try:
        from jisr.screen import Screener
    except ImportError:  # screening arrives with Step 2
        return 0
    if use_demo:
        from jisr.demo import DEMO_DATASET, EXAMPLE_QUERIES

        examples = EXAMPLE_QUERIES
        datasets: list[str] | None = [DEMO_DATASET]
    else:
        examples = REAL_EXAMPLES
        datasets = ["un_sc"]
    screener = Screener.open(store, datasets=datasets, progress=True)
    console.rule("[bold]Screening example names (hits are candidates for human review)")
    from jisr.screen.render import print_result

    for ex in examples:
        result = screener.screen(
            ex["name"],
            dob=ex.get("dob") or ex.get("birth_date"),
            country=ex.get("country"),
            actor="quickstart",
        )
        console.print(f"\n[bold]Query:[/] {ex['name']}  [dim]({ex.get('why', '')})[/]")
        print_result(console, result, limit=3)
    console.print(
        '\nNext: [bold]jisr screen "NAME"[/], [bold]jisr show REF[/], [bold]jisr lists[/], '
        "[bold]jisr --help[/]."
    )
    return 0
