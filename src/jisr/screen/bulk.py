"""Bulk screening of a CSV file: streaming (constant memory), with a progress bar, on all cores.

The parent process reads the CSV and writes the hits file; with several workers, chunks of rows go
to processes forked *after* the screener is loaded, so they share its memory-mapped index (and
everything else the parent holds, copy-on-write) instead of loading or unpickling it. Results come
back and are written in input order: the output is byte-identical to the one-process output.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import functools
import gc
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from jisr.cpus import usable_cpus
from jisr.match.entities import WEAK_HIT, known_country, readable_date
from jisr.model import JisrInputError, parse_schema
from jisr.names.latin import readable, unread_letters
from jisr.names.parts import prefetch_romanisations
from jisr.screen.screener import Screener
from jisr.sources.csvcheck import UNCLOSED, ends_inside_quotes

NAME_COLUMNS = ("name", "full_name", "nom", "query")
DOB_COLUMNS = ("dob", "birth_date", "date_of_birth", "birthdate")
COUNTRY_COLUMNS = ("country", "nationality", "pays")
ID_COLUMNS = ("id", "ref", "reference", "row_id")
SCHEMA_COLUMNS = ("schema", "type", "entity_type")  # person, organisation, vessel, aircraft
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
    # appended after the first columns (tools reading by position keep working): which kind of
    # name matched (name, alias, weakAlias, previousName) and the reading of it that did (its
    # acronym in parentheses, `jisr screen --json`'s `read_as`; empty when the name as written)
    "matched_as",
    "read_as",
]
# a file's countries are few distinct spellings: each is looked up once
_known_country = functools.lru_cache(maxsize=1 << 12)(known_country)
CHUNK_ROWS = 256  # input rows per task sent to a worker (and per progress bar update)
IN_FLIGHT_PER_WORKER = 4  # chunks read ahead per worker: bounds memory on files of any length
# What `_Repeats` remembers per process, bounded both ways: distinct rows, and hits over all of
# them (a hit's output columns take ~700 bytes, measured: 2**15 hits ≈ 25 MB, whatever `--limit`
# is). Rows with a name longer than REPEAT_NAME_MAX characters are not remembered.
REPEATS_KEPT = 1 << 14
REPEAT_HITS_KEPT = 1 << 15
REPEAT_NAME_MAX = 300

# (line number, input id, name, dob, country, schema): one input row with a name, as sent to a
# worker (schema: what the row names, from its column or the file's `--schema`; None: anything)
Task = tuple[int, str, str, str | None, str | None, str | None]
# what a row is screened on: name, dob, country, schema
RowKey = tuple[str, str | None, str | None, str | None]
# one output row per hit, in OUTPUT_COLUMNS order
OutRow = list[Any]
# what screening a chunk gives: its output rows, rows with hits, rows repeated (not re-screened)
Screened = tuple[list[OutRow], int, int]

# The screener the worker processes use: set in the parent just before forking them, so they
# inherit it (and its memory-mapped index) without pickling. It has no store: a worker never
# touches the database; the parent writes the one audit entry.
_WORKER_SCREENER: Screener | None = None
_FORKING = threading.Lock()  # held while a pool's workers are forked with _WORKER_SCREENER set


@dataclass
class BulkReport:
    rows: int
    rows_with_hits: int
    hits: int
    seconds: float
    input_sha256: str
    workers: int = 1
    repeated: int = 0  # rows that took the hits of the same row screened shortly before
    # rows screened without their date of birth / country as evidence (not a date jisr reads,
    # not a country it knows: `jisr.match.entities`), with the line of the first
    unreadable_dob: int = 0
    unreadable_dob_line: int | None = None
    unknown_country: int = 0
    unknown_country_line: int | None = None
    # rows whose name has characters no reading uses (no letters at all, or CJK or Hebrew:
    # `jisr.names.latin.unread_letters`), screened on the rest
    unread_name: int = 0
    unread_name_line: int | None = None
    # rows whose schema column says no kind jisr knows (screened as the file's --schema says)
    unknown_schema: int = 0
    unknown_schema_line: int | None = None

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
            "workers": self.workers,
            "repeated_rows": self.repeated,
            "unreadable_dob_rows": self.unreadable_dob,
            "first_unreadable_dob_line": self.unreadable_dob_line,
            "unknown_country_rows": self.unknown_country,
            "first_unknown_country_line": self.unknown_country_line,
            "unread_name_rows": self.unread_name,
            "first_unread_name_line": self.unread_name_line,
            "unknown_schema_rows": self.unknown_schema,
            "first_unknown_schema_line": self.unknown_schema_line,
        }


@dataclass
class _Chunk:
    tasks: list[Task]  # the rows of the chunk that have a name
    rows: int  # input rows read so far, this chunk included
    consumed: int  # bytes of the input read so far


def fork_available() -> bool:
    """Whether worker processes can be forked (Linux, macOS; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    """All the cores this process may use (its CPU affinity, capped by a container's quota)."""
    return usable_cpus()


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
    workers: int | None = None,
    schema: str | None = None,
    weak_aliases: str = WEAK_HIT,
) -> BulkReport:
    """Screen every row of ``input_path`` (a CSV with a header holding a name column and optional
    dob/country/id/schema columns); write one row per hit to ``output_path``. ``schema``: what
    the rows name where their own schema column does not say (None: anything).
    ``weak_aliases``: as `Screener.screen`.

    ``workers``: processes screening in parallel (None: all cores; 1: this process only). They
    are forked from this process, so they share the loaded index; where fork is unavailable
    (Windows) one process screens. A file of few rows uses at most one worker per chunk of
    ``CHUNK_ROWS`` rows; the report says how many worked."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    wanted = default_workers() if workers is None else workers
    if not fork_available():
        wanted = 1
    size = input_path.stat().st_size
    digest = hashlib.sha256()
    started = time.perf_counter()
    rows = rows_with_hits = n_hits = repeated = 0
    used = 1
    tmp = output_path.with_name(output_path.name + ".partial")
    reading: _RowReader | None = None
    try:
        with contextlib.ExitStack() as stack:
            raw = stack.enter_context(open(input_path, "rb"))
            text = _TextReader(raw, digest, input_path)
            reading = _RowReader(csv.reader(text), text, input_path, schema)
            chunks = reading.chunks()
            # read ahead before forking: a small file needs fewer workers (one: no fork at all)
            first = list(islice(chunks, wanted)) if wanted > 1 else []
            used = max(1, min(wanted, len(first)))
            chunks = chain(first, chunks)
            run: Callable[[Iterable[_Chunk]], Iterator[tuple[_Chunk, list[OutRow], int, int]]]
            if used > 1:
                # fork now, before the progress bar starts its refresh thread
                run = stack.enter_context(_parallel(screener, used, threshold, limit, weak_aliases))
            else:
                run = _serial(screener, threshold, limit, weak_aliases)
            out = stack.enter_context(open(tmp, "w", newline="", encoding="utf-8"))
            bar = stack.enter_context(
                Progress(
                    TextColumn("[bold]screening"),
                    BarColumn(),
                    TextColumn("{task.percentage:>3.0f}% {task.fields[rows]:,} names"),
                    TimeRemainingColumn(),
                    disable=not progress,
                    transient=True,
                )
            )
            task = bar.add_task("screen", total=size, rows=0)
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            for chunk, out_rows, with_hits, reused in run(chunks):
                writer.writerows(out_rows)
                n_hits += len(out_rows)
                rows_with_hits += with_hits
                repeated += reused
                rows = chunk.rows
                bar.update(task, completed=chunk.consumed, rows=rows)
            rows = reading.rows
            bar.update(task, completed=size, rows=rows)
        tmp.replace(output_path)
    except UnicodeDecodeError as exc:
        line = f"line {reading.text.lines}" if reading else None
        raise JisrInputError(input_path, f"not UTF-8 text ({exc.reason})", line) from None
    except csv.Error as exc:  # named by the line its row starts on, and how far it was read
        line = f"line {reading.start}" if reading else None
        if reading and reading.text.lines > reading.start:
            exc = f"{exc} (read to line {reading.text.lines})"
        raise JisrInputError(input_path, f"malformed CSV: {exc}", line) from None
    finally:
        tmp.unlink(missing_ok=True)
    assert reading is not None
    report = BulkReport(
        rows,
        rows_with_hits,
        n_hits,
        time.perf_counter() - started,
        digest.hexdigest(),
        used,
        repeated,
        reading.bad_dob,
        reading.bad_dob_line,
        reading.bad_country,
        reading.bad_country_line,
        reading.bad_name,
        reading.bad_name_line,
        reading.bad_schema,
        reading.bad_schema_line,
    )
    if screener.store is not None:
        screener.store.audit(
            actor,
            "screen-file",
            {
                "input": str(input_path),
                "output": str(output_path),
                "schema": schema,
                "weak_aliases": weak_aliases,
                "threshold": threshold,
                **report.to_dict(),
            },
        )
    return report


class _RowReader:
    """The input rows, in chunks of screening tasks, each task with the line its row starts on
    (a quoted field may span lines); counts rows as they are read."""

    def __init__(
        self, reader: Any, text: _TextReader, path: Path, schema: str | None = None
    ) -> None:
        self.reader = reader
        self.text = text
        self.path = path
        self.schema = schema  # the rows' schema where their column says nothing
        self.rows = 0
        self.start = 1  # the line the row being read starts on
        # rows whose date of birth / country screening cannot use, and the first one's line
        self.bad_dob = self.bad_country = self.bad_name = 0
        self.bad_dob_line: int | None = None
        self.bad_country_line: int | None = None
        self.bad_name_line: int | None = None
        self.bad_schema = 0
        self.bad_schema_line: int | None = None

    def chunks(self) -> Iterator[_Chunk]:
        reader = self.reader
        header = next(reader, None)
        while header == []:  # blank lines before the header
            header = next(reader, None)
        if not header:
            raise JisrInputError(self.path, "empty file: expected a header with a name column")
        name_col = _pick(header, NAME_COLUMNS)
        if name_col is None:
            raise JisrInputError(
                self.path,
                f"no name column in the header {header}; expected one of {NAME_COLUMNS}",
                "line 1",
            )
        idx = {h: i for i, h in enumerate(header)}
        dob_col, country_col, id_col, schema_col = (
            _pick(header, DOB_COLUMNS),
            _pick(header, COUNTRY_COLUMNS),
            _pick(header, ID_COLUMNS),
            _pick(header, SCHEMA_COLUMNS),
        )

        def col(row: list[str], name: str | None) -> str | None:
            if name is None or idx[name] >= len(row):
                return None
            return row[idx[name]].strip() or None

        tasks: list[Task] = []
        in_chunk = 0
        text = self.text
        while True:
            start = self.start = text.lines + 1
            text.record.clear()
            row = next(reader, None)
            if row is None:
                break
            if text.lines > start and ends_inside_quotes(text.record):
                raise JisrInputError(self.path, f"malformed CSV: {UNCLOSED}", f"line {start}")
            self.rows += 1
            in_chunk += 1
            name = col(row, name_col)
            if name:
                dob, country = col(row, dob_col), col(row, country_col)
                if dob and not readable_date(dob):
                    self.bad_dob += 1
                    self.bad_dob_line = self.bad_dob_line or start
                if not readable(name) or (not name.isascii() and unread_letters(name)):
                    self.bad_name += 1
                    self.bad_name_line = self.bad_name_line or start
                if country and not _known_country(country):
                    self.bad_country += 1
                    self.bad_country_line = self.bad_country_line or start
                written = col(row, schema_col)
                schema = parse_schema(written) if written else None
                if written and schema is None:
                    self.bad_schema += 1
                    self.bad_schema_line = self.bad_schema_line or start
                # a value jisr does not know keeps the file's schema: a typo never lifts a
                # border post's `--schema person`
                schema = schema or self.schema
                tasks.append((start, col(row, id_col) or "", name, dob, country, schema))
            if in_chunk == CHUNK_ROWS:
                yield _Chunk(tasks, self.rows, self.text.consumed)
                tasks, in_chunk = [], 0
        if in_chunk:
            yield _Chunk(tasks, self.rows, self.text.consumed)


class _Repeats:
    """What the last distinct rows of one file screened to (name, dob, country → the hits'
    output columns after `query`), least recently used forgotten first. A payments or
    travellers file names the same person again and again; screening is deterministic for one
    screener and settings, so a repeated row gets the same hits without being screened again.
    Bounded (at most REPEATS_KEPT rows and REPEAT_HITS_KEPT hits), so memory stays constant on
    a file of any length. One per `screen_file` call (and one per worker process of that call):
    never shared between files, screeners or settings."""

    def __init__(self) -> None:
        self.seen: OrderedDict[RowKey, list[list[Any]]] = OrderedDict()
        self.hits = 0  # hits held over all remembered rows
        self.reused = 0

    def get(self, key: RowKey) -> list[list[Any]] | None:
        got = self.seen.get(key)
        if got is not None:
            self.seen.move_to_end(key)
            self.reused += 1
        return got

    def put(self, key: RowKey, hits: list[list[Any]]) -> None:
        if len(key[0]) > REPEAT_NAME_MAX or len(hits) > REPEAT_HITS_KEPT or key in self.seen:
            return
        self.seen[key] = hits
        self.hits += len(hits)
        while len(self.seen) > REPEATS_KEPT or self.hits > REPEAT_HITS_KEPT:
            self.hits -= len(self.seen.popitem(last=False)[1])


# the worker processes' own (made by `_worker_init` in each, for the one file their pool serves)
_WORKER_REPEATS = _Repeats()


def _row_key(task: Task) -> RowKey:
    """What a row is screened on: every field of its task after the line and the input id."""
    return task[2:]


def _screen_tasks(
    screener: Screener,
    tasks: list[Task],
    threshold: float | None,
    limit: int,
    repeats: _Repeats,
    weak_aliases: str = WEAK_HIT,
) -> Screened:
    """Screen rows: one output row per hit, how many rows had hits, and how many rows took the
    hits of the same name, dob, country and schema screened shortly before (`repeats`)."""
    out: list[OutRow] = []
    with_hits = 0
    reused_before = repeats.reused
    prefetch_romanisations(  # the model's words in batches
        task[2] for task in tasks if _row_key(task) not in repeats.seen
    )
    for task in tasks:
        line, input_id, name, dob, country, schema = task
        key = _row_key(task)
        hits = repeats.get(key)
        if hits is None:
            result = screener.screen(
                name, dob=dob, country=country, threshold=threshold, limit=limit, audit=False,
                schema=schema, weak_aliases=weak_aliases,
            )  # fmt: skip
            hits = [
                [
                    hit.meta.id,
                    hit.meta.reference,
                    hit.meta.dataset,
                    hit.meta.caption,
                    hit.matched_name,
                    f"{hit.score:.4f}",
                    hit.summary,
                    hit.matched_as,
                    hit.read_as,
                ]
                for hit in result.hits
            ]
            repeats.put(key, hits)
        if hits:
            with_hits += 1
        out.extend([line, input_id, name, *cols] for cols in hits)
    return out, with_hits, repeats.reused - reused_before


def _serial(
    screener: Screener, threshold: float | None, limit: int, weak_aliases: str = WEAK_HIT
) -> Callable[[Iterable[_Chunk]], Iterator[tuple[_Chunk, list[OutRow], int, int]]]:
    repeats = _Repeats()  # this file's

    def run(chunks: Iterable[_Chunk]) -> Iterator[tuple[_Chunk, list[OutRow], int, int]]:
        for chunk in chunks:
            yield (
                chunk,
                *_screen_tasks(screener, chunk.tasks, threshold, limit, repeats, weak_aliases),
            )

    return run


# ---------------------------------------------------------------------- worker processes
def _worker_init() -> None:
    global _WORKER_REPEATS
    # Ctrl-C reaches the whole process group: the parent handles it and stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_REPEATS = _Repeats()  # the rows this worker screens of this one file


def _worker_ready() -> int:
    return os.getpid()


def _worker_screen(
    tasks: list[Task], threshold: float | None, limit: int, weak_aliases: str = WEAK_HIT
) -> Screened:
    if _WORKER_SCREENER is None:  # pragma: no cover - only if not forked from screen_file
        raise RuntimeError("no screener in this worker: workers must be forked by screen_file")
    return _screen_tasks(_WORKER_SCREENER, tasks, threshold, limit, _WORKER_REPEATS, weak_aliases)


@contextlib.contextmanager
def _parallel(
    screener: Screener,
    workers: int,
    threshold: float | None,
    limit: int,
    weak_aliases: str = WEAK_HIT,
) -> Iterator[Callable[[Iterable[_Chunk]], Iterator[tuple[_Chunk, list[OutRow], int, int]]]]:
    """Fork ``workers`` processes sharing ``screener``; yield a function that screens chunks on
    them, at most ``IN_FLIGHT_PER_WORKER`` × workers at a time, and yields the results in input
    order. On any error (bad input, a failing worker, Ctrl-C) the workers are stopped."""
    global _WORKER_SCREENER
    shared = copy.copy(screener)  # the same index, candidates and caches, without the store
    shared.store = None
    executor = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init
    )
    ok = False
    try:
        # two files screened at once from two threads: each pool's workers must be forked
        # while the module holds that file's screener, not the other's
        with _FORKING:
            _WORKER_SCREENER = shared
            try:
                # the children's collector then never writes to the parent's objects (no
                # copy-on-write); not undone afterwards: the loaded index is kept out of the
                # collector anyway (NameIndex.load)
                gc.freeze()
                # with fork, the first submit starts all the workers: do it now, in the lock
                executor.submit(_worker_ready).result()
            finally:
                _WORKER_SCREENER = None  # the workers have theirs

        def run(chunks: Iterable[_Chunk]) -> Iterator[tuple[_Chunk, list[OutRow], int, int]]:
            window = workers * IN_FLIGHT_PER_WORKER
            pending: deque[tuple[_Chunk, Future[Screened]]] = deque()
            for chunk in chunks:
                pending.append(
                    (
                        chunk,
                        executor.submit(
                            _worker_screen, chunk.tasks, threshold, limit, weak_aliases
                        ),
                    )
                )
                if len(pending) >= window:
                    done, future = pending.popleft()
                    yield (done, *future.result())
            while pending:
                done, future = pending.popleft()
                yield (done, *future.result())

        yield run
        ok = True
    finally:
        if ok:
            executor.shutdown(wait=True)
        else:
            _stop(executor)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now, dropping the work queued for them, and wait until they are gone.

    ``ProcessPoolExecutor.shutdown`` would first finish the chunks already handed to workers (up
    to 2 × workers + 1 of them: seconds). This terminates the workers as Python 3.14's
    ``terminate_workers`` does, and then also joins the pool's manager thread, which sees the
    workers end, fails what is left and reaps them; only then is every worker reaped."""
    processes = getattr(executor, "_processes", None)
    manager = getattr(executor, "_executor_manager_thread", None)
    if not isinstance(processes, dict) or manager is None:  # not the executor we know
        executor.shutdown(wait=True, cancel_futures=True)
        return
    workers = list(processes.values())
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        with contextlib.suppress(ValueError, ProcessLookupError):
            if proc.is_alive():
                proc.terminate()
    manager.join()
    for proc in workers:
        with contextlib.suppress(ValueError):
            proc.join()


class _TextReader:
    """Decode a binary file line by line, hashing it and counting bytes for the progress bar
    and lines (an error names the line being read)."""

    def __init__(self, raw: Any, digest: Any, path: Path) -> None:
        self.raw = raw
        self.digest = digest
        self.consumed = 0
        self.lines = 0
        self.record: list[str] = []  # the lines of the row being read
        self.first = True
        self.path = path

    def __iter__(self) -> _TextReader:
        return self

    def __next__(self) -> str:
        line = self.raw.readline()
        if not line:
            raise StopIteration
        self.lines += 1
        self.digest.update(line)
        self.consumed += len(line)
        if self.first:
            self.first = False
            if line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
        text = line.decode("utf-8")
        self.record.append(text)
        return text
