"""Use cases of ingestion: import a file, update official lists from their addresses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jisr.model import ParsedList
from jisr.store import ImportReport, Store

OFAC_CSV_SIBLINGS = ("alt.csv", "add.csv", "sdn_comments.csv")


def files_of(path: Path, fmt: str) -> list[Path]:
    """The files one import reads: an OFAC ``sdn.csv`` brings the CSV files beside it."""
    files = [path]
    if fmt == "ofac-csv":
        by_lower = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
        files += [by_lower[n] for n in OFAC_CSV_SIBLINGS if n in by_lower]
    return files


def import_file(
    store: Store,
    path: Path,
    *,
    source: str | None = None,
    fmt: str | None = None,
    url: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    actor: str = "local",
) -> tuple[ParsedList, ImportReport]:
    """Read a list file (format detected from content) and store it as a new run, atomically."""
    from jisr.sources import read_list

    parsed = read_list(path, fmt)
    if _all_fictional(parsed):
        parsed.is_demo = True
        parsed.title = f"{parsed.title} — FICTIONAL DEMONSTRATION DATA"
    report = store.import_list(
        parsed,
        files_of(path, parsed.format),
        dataset=source,
        url=url,
        etag=etag,
        last_modified=last_modified,
        actor=actor,
    )
    return parsed, report


def _all_fictional(parsed: ParsedList) -> bool:
    """A list whose every entry says it is fictional (our demonstration list) is stored as demo
    data, so it can never be mixed unlabelled into a real list."""
    from jisr.model import Prop

    return bool(parsed.records) and all(
        any("FICTIONAL" in v.upper() for v in r.values(Prop.LIST_TYPE) + r.values(Prop.REASON))
        for r in parsed.records
    )


@dataclass
class UpdateOutcome:
    source: str
    status: str  # imported | not-modified | failed
    message: str
    report: ImportReport | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "message": self.message,
            "url": self.url,
            "import": self.report.to_dict() if self.report else None,
        }


def update_source(
    store: Store,
    source: str,
    *,
    timeout: float = 30.0,
    progress: bool = True,
    base_url: str | None = None,
    actor: str = "local",
) -> UpdateOutcome:
    """Download one official list (conditionally) and import it when it changed."""
    from jisr.download import DownloadError, fetch

    info = store.dataset_info(source)
    previous = None
    if info is not None:
        previous = {"etag": info.get("etag"), "last_modified": info.get("last_modified")}
    dest = store.home / "downloads" / source
    dest.mkdir(parents=True, exist_ok=True)
    try:
        result = fetch(
            source, dest, previous=previous, timeout=timeout, progress=progress, base_url=base_url
        )
    except DownloadError as exc:
        return UpdateOutcome(source, "failed", str(exc))
    url = result.urls[0] if result.urls else None
    if result.not_modified:
        return UpdateOutcome(source, "not-modified", "unchanged since the last download", url=url)
    _, report = import_file(
        store,
        result.files[0],
        source=source,
        url=url,
        etag=result.etag,
        last_modified=result.last_modified,
        actor=actor,
    )
    return UpdateOutcome(source, "imported", "downloaded and imported", report, url=url)


@dataclass
class PartnerImport:
    parsed: ParsedList
    report: ImportReport
    rejected: int
    rejected_file: Path | None
    warnings: list[str]


def import_partner(
    store: Store,
    path: Path,
    mapping_path: Path,
    *,
    skip_bad_rows: bool = False,
    rejected_path: Path | None = None,
    source: str | None = None,
    actor: str = "local",
) -> PartnerImport:
    """Import a partner's list (CSV, JSON Lines, followthemoney JSON) through its mapping file.

    Bad rows reject the whole file unless ``skip_bad_rows``; then they go to ``rejected_path``
    (default: beside the data file, ``<name>.rejected.csv``)."""
    from jisr.sources.mapping import load_mapping
    from jisr.sources.partner import read_partner, write_rejected

    mapping = load_mapping(mapping_path)
    result = read_partner(path, mapping, skip_bad_rows=skip_bad_rows)
    report = store.import_list(
        result.parsed,
        [path, mapping_path],
        dataset=source or mapping.dataset,
        title=mapping.title,
        owner=mapping.owner,
        sharing=mapping.sharing,
        actor=actor,
    )
    written = None
    if result.rejected:
        written = rejected_path or path.with_name(path.stem + ".rejected.csv")
        write_rejected(result.rejected, written)
    return PartnerImport(result.parsed, report, len(result.rejected), written, result.warnings)
