"""Bulk screening of a CSV file: streaming (constant memory), with a progress bar."""

from __future__ import annotations

import csv
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from jisr.model import JisrInputError
from jisr.screen.screener import Screener

NAME_COLUMNS = ("name", "full_name", "nom", "query")
DOB_COLUMNS = ("dob", "birth_date", "date_of_birth", "birthdate")
COUNTRY_COLUMNS = ("country", "nationality", "pays")
ID_COLUMNS = ("id", "ref", "reference", "row_id")
OUTPUT_COLUMNS = [
    "row",
    "input_id",
    "query",
    "entity_id",
    "reference",
    "source",
    "name",
    "matched_name",
    "score",
    "explanation",
]


@dataclass
class BulkReport:
    rows: int
    rows_with_hits: int
    hits: int
    seconds: float
    input_sha256: str

    @property
    def names_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "rows_with_hits": self.rows_with_hits,
            "hits": self.hits,
            "seconds": round(self.seconds, 3),
            "names_per_second": round(self.names_per_second, 1),
            "input_sha256": self.input_sha256,
        }


def _pick(header: list[str], options: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    for opt in options:
        if opt in lowered:
            return lowered[opt]
    return None


def screen_file(
    screener: Screener,
    input_path: Path,
    output_path: Path,
    *,
    threshold: float | None = None,
    limit: int = 5,
    progress: bool = True,
    actor: str = "local",
) -> BulkReport:
    """Screen every row of ``input_path`` (a CSV with a header holding a name column and optional
    dob/country/id columns); write one row per hit to ``output_path``."""
    size = input_path.stat().st_size
    digest = hashlib.sha256()
    started = time.perf_counter()
    rows = rows_with_hits = n_hits = 0
    tmp = output_path.with_name(output_path.name + ".partial")
    try:
        with (
            open(input_path, "rb") as raw,
            open(tmp, "w", newline="", encoding="utf-8") as out,
            Progress(
                TextColumn("[bold]screening"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}% {task.fields[rows]:,} names"),
                TimeRemainingColumn(),
                disable=not progress,
                transient=True,
            ) as bar,
        ):
            task = bar.add_task("screen", total=size, rows=0)
            text = _TextReader(raw, digest, input_path)
            reader = csv.reader(text)
            header = next(reader, None)
            if not header:
                raise JisrInputError(input_path, "empty file: expected a header with a name column")
            name_col = _pick(header, NAME_COLUMNS)
            if name_col is None:
                raise JisrInputError(
                    input_path,
                    f"no name column in the header {header}; expected one of {NAME_COLUMNS}",
                    "line 1",
                )
            idx = {h: i for i, h in enumerate(header)}
            dob_col, country_col, id_col = (
                _pick(header, DOB_COLUMNS),
                _pick(header, COUNTRY_COLUMNS),
                _pick(header, ID_COLUMNS),
            )
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)

            def col(row: list[str], name: str | None) -> str | None:
                if name is None or idx[name] >= len(row):
                    return None
                return row[idx[name]].strip() or None

            for row in reader:
                rows += 1
                name = col(row, name_col)
                if not name:
                    continue
                result = screener.screen(
                    name,
                    dob=col(row, dob_col),
                    country=col(row, country_col),
                    threshold=threshold,
                    limit=limit,
                    audit=False,
                )
                if result.hits:
                    rows_with_hits += 1
                for hit in result.hits:
                    n_hits += 1
                    writer.writerow(
                        [
                            reader.line_num,
                            col(row, id_col) or "",
                            name,
                            hit.meta.id,
                            hit.meta.reference,
                            hit.meta.dataset,
                            hit.meta.caption,
                            hit.matched_name,
                            f"{hit.score:.4f}",
                            hit.summary,
                        ]
                    )
                if rows % 256 == 0:
                    bar.update(task, completed=text.consumed, rows=rows)
            bar.update(task, completed=size, rows=rows)
        tmp.replace(output_path)
    except UnicodeDecodeError as exc:
        raise JisrInputError(
            input_path, f"not UTF-8 text ({exc.reason})", f"line {rows + 2}"
        ) from None
    except csv.Error as exc:
        raise JisrInputError(input_path, f"malformed CSV: {exc}", f"line {rows + 2}") from None
    finally:
        tmp.unlink(missing_ok=True)
    report = BulkReport(
        rows, rows_with_hits, n_hits, time.perf_counter() - started, digest.hexdigest()
    )
    if screener.store is not None:
        screener.store.audit(
            actor,
            "screen-file",
            {"input": str(input_path), "output": str(output_path), **report.to_dict()},
        )
    return report


class _TextReader:
    """Decode a binary file line by line, hashing it and counting bytes for the progress bar."""

    def __init__(self, raw: Any, digest: Any, path: Path) -> None:
        self.raw = raw
        self.digest = digest
        self.consumed = 0
        self.first = True
        self.path = path

    def __iter__(self) -> _TextReader:
        return self

    def __next__(self) -> str:
        line = self.raw.readline()
        if not line:
            raise StopIteration
        self.digest.update(line)
        self.consumed += len(line)
        if self.first:
            self.first = False
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
        return line.decode("utf-8")
