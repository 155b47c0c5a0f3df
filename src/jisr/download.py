"""Download the official watchlist files, safely and only when they changed.

Each source in :data:`OFFICIAL_SOURCES` names the publisher's own addresses. :func:`fetch`

* sends a conditional request (``If-None-Match`` / ``If-Modified-Since``) built from the
  ``previous`` result, and reports ``not_modified`` on ``304`` without touching any file;
* streams every file to a hidden temporary file in ``dest_dir`` and renames the whole set into
  place only once every file arrived complete, so a failed or interrupted download never
  replaces (or half-writes) a good file;
* refuses bodies over ``max_bytes`` (from ``Content-Length`` up front, and while streaming);
* raises :class:`DownloadError` with a message meant for a person, including how to import a
  file by hand when the address cannot be reached.

Addresses can be redirected (tests, mirrors, air-gapped copies), most specific first: the
``base_url`` argument, then ``JISR_URL_<SOURCE>`` (the main file's full URL; for a multi-file
source the other files are taken from the same folder), then ``JISR_SOURCE_BASE_URL``. With a
base URL every file is fetched from ``{base}/{remote file name}`` (``consolidated.xml``,
``SDN.CSV``, ``ALT.CSV`` ...), i.e. a mirror keeps the publisher's file names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin, urlsplit

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

ENV_BASE_URL = "JISR_SOURCE_BASE_URL"
ENV_URL_PREFIX = "JISR_URL_"
USER_AGENT = "jisr (sanctions watchlist downloader)"
_CHUNK = 256 * 1024


# ---------------------------------------------------------------------------------- registry
@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file of a source: where the publisher serves it and the name jisr saves it under."""

    url: str
    filename: str

    @property
    def remote_name(self) -> str:
        return urlsplit(self.url).path.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """An official list: its jisr name, format (as `jisr.sources.detect` names it) and files.

    ``files[0]`` is the main file (the one to pass to ``jisr import``); the others are fetched
    beside it into the same folder.
    """

    name: str
    title: str
    format: str
    files: tuple[RemoteFile, ...]
    homepage: str = ""

    @property
    def main(self) -> RemoteFile:
        return self.files[0]

    def import_hint(self) -> str:
        """The command a person runs after downloading the files by hand."""
        hint = f"jisr import {self.main.filename}"
        others = [f.filename for f in self.files[1:]]
        if others:
            beside = ", ".join(others[:-1]) + (" and " if len(others) > 1 else "") + others[-1]
            hint += f" (with {beside} in the same folder)"
        return hint


_OFAC_SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

OFFICIAL_SOURCES: dict[str, SourceSpec] = {
    "un_sc": SourceSpec(
        name="un_sc",
        title="UN Security Council Consolidated List",
        format="un-xml",
        files=(
            RemoteFile(
                "https://scsanctions.un.org/resources/xml/en/consolidated.xml", "consolidated.xml"
            ),
        ),
        homepage="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
    ),
    "us_ofac_sdn": SourceSpec(
        name="us_ofac_sdn",
        title="US OFAC Specially Designated Nationals (SDN) List",
        format="ofac-csv",
        files=(
            RemoteFile(_OFAC_SLS + "SDN.CSV", "sdn.csv"),
            RemoteFile(_OFAC_SLS + "ALT.CSV", "alt.csv"),
            RemoteFile(_OFAC_SLS + "ADD.CSV", "add.csv"),
            RemoteFile(_OFAC_SLS + "SDN_COMMENTS.CSV", "sdn_comments.csv"),
        ),
        homepage="https://ofac.treasury.gov/sanctions-list-service",
    ),
    "us_ofac_cons": SourceSpec(
        name="us_ofac_cons",
        title="US OFAC Consolidated (non-SDN) Sanctions List",
        format="ofac-xml",
        files=(RemoteFile(_OFAC_SLS + "CONSOLIDATED.XML", "consolidated.xml"),),
        homepage="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
    ),
}


def get_source(source: str) -> SourceSpec:
    try:
        return OFFICIAL_SOURCES[source]
    except KeyError:
        known = ", ".join(sorted(OFFICIAL_SOURCES))
        raise DownloadError(source, None, f"unknown source (known sources: {known})") from None


def env_var_for(source: str) -> str:
    """The per-source override variable, e.g. ``JISR_URL_US_OFAC_SDN``."""
    return ENV_URL_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", source).upper()


def source_urls(
    source: str, base_url: str | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    """The URLs `fetch` will use for `source`, main file first, after any override."""
    spec = get_source(source)
    env = os.environ if environ is None else environ
    if base_url:
        return [_join(base_url, f.remote_name) for f in spec.files]
    direct = env.get(env_var_for(source), "").strip()
    if direct:
        return [direct] + [urljoin(direct, f.remote_name) for f in spec.files[1:]]
    env_base = env.get(ENV_BASE_URL, "").strip()
    if env_base:
        return [_join(env_base, f.remote_name) for f in spec.files]
    return [f.url for f in spec.files]


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


# ------------------------------------------------------------------------------------ results
class DownloadError(Exception):
    """A download failed; ``str(exc)`` is a complete sentence for the user.

    ``unreachable`` is true when the address could not be reached at all (connection refused,
    DNS failure, timeout, interrupted connection): the message then explains how to import a
    file downloaded elsewhere.
    """

    def __init__(
        self,
        source: str,
        url: str | None,
        reason: str,
        *,
        unreachable: bool = False,
        hint: str | None = None,
    ) -> None:
        self.source = source
        self.url = url
        self.reason = reason
        self.unreachable = unreachable
        self.hint = hint
        if url is None:
            message = f"{source}: {reason}"
        elif unreachable:
            message = f"could not reach {url}: {reason}."
        else:
            message = f"could not download {url}: {reason}."
        if hint:
            message += " " + hint
        super().__init__(message)


@dataclass(slots=True)
class FetchResult:
    """What `fetch` did.

    ``sha256`` and ``size`` describe the **main file only** (``files[0]``); ``file_sha256`` has
    the digest of every file by its saved name. When ``not_modified`` is true nothing was
    written: ``files`` lists the copies already present in ``dest_dir`` (possibly none, if the
    caller keeps them elsewhere) and ``sha256``/``size`` are carried over from ``previous``.
    """

    source: str
    files: list[Path]
    urls: list[str]
    sha256: str | None
    size: int | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    fetched_at: datetime
    file_sha256: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly; can be passed back to `fetch` as ``previous``."""
        return {
            "source": self.source,
            "files": [str(p) for p in self.files],
            "urls": list(self.urls),
            "sha256": self.sha256,
            "size": self.size,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "not_modified": self.not_modified,
            "fetched_at": self.fetched_at.isoformat(),
            "file_sha256": dict(self.file_sha256),
        }


@dataclass(slots=True)
class _Part:
    """One file downloaded to its temporary name, not yet in place."""

    tmp: Path
    final: Path
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None
    head: bytes


# -------------------------------------------------------------------------------------- fetch
def fetch(
    source: str,
    dest_dir: Path,
    *,
    previous: Mapping[str, Any] | None = None,
    timeout: float = 30,
    max_bytes: int = 200_000_000,
    progress: bool = True,
    base_url: str | None = None,
) -> FetchResult:
    """Download `source` into `dest_dir` (created if missing) and return what was fetched.

    `previous` is an earlier result's :meth:`FetchResult.to_dict` (only ``etag``,
    ``last_modified``, ``sha256`` and ``size`` are read); with it the main file is requested
    conditionally and a ``304`` answer gives ``not_modified=True``. For multi-file sources
    (OFAC CSV) the condition is checked on the main file, and when it changed every file is
    downloaded again. `max_bytes` applies to each file.
    """
    spec = get_source(source)
    urls = source_urls(source, base_url)
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(
            source, None, f"cannot create folder {dest_dir}: {exc.strerror or exc}"
        ) from exc
    conditional = _conditional_headers(previous)
    parts: list[_Part] = []
    with _client(timeout) as client, _progress_bar(progress) as bar:
        try:
            for index, (remote, url) in enumerate(zip(spec.files, urls, strict=True)):
                headers = conditional if index == 0 else {}
                part = _download(
                    client, spec, url, dest_dir / remote.filename, headers, max_bytes, bar, timeout
                )
                if part is None:  # 304 on the main file: nothing changed, nothing written
                    return _not_modified(spec, dest_dir, urls, previous)
                parts.append(part)
                _check_content(spec, url, part, main=index == 0)
            for part in parts:
                os.replace(part.tmp, part.final)
        except BaseException:
            for part in parts:
                part.tmp.unlink(missing_ok=True)
            raise
    main = parts[0]
    return FetchResult(
        source=source,
        files=[p.final for p in parts],
        urls=urls,
        sha256=main.sha256,
        size=main.size,
        etag=main.etag,
        last_modified=main.last_modified,
        not_modified=False,
        fetched_at=datetime.now(UTC),
        file_sha256={p.final.name: p.sha256 for p in parts},
    )


def _conditional_headers(previous: Mapping[str, Any] | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if not previous:
        return headers
    etag = previous.get("etag")
    last_modified = previous.get("last_modified")
    if etag:
        headers["If-None-Match"] = str(etag)
    if last_modified:
        headers["If-Modified-Since"] = str(last_modified)
    return headers


def _not_modified(
    spec: SourceSpec, dest_dir: Path, urls: list[str], previous: Mapping[str, Any] | None
) -> FetchResult:
    prev = previous or {}
    size = prev.get("size")
    return FetchResult(
        source=spec.name,
        files=[dest_dir / f.filename for f in spec.files if (dest_dir / f.filename).exists()],
        urls=urls,
        sha256=prev.get("sha256"),
        size=int(size) if size is not None else None,
        etag=prev.get("etag"),
        last_modified=prev.get("last_modified"),
        not_modified=True,
        fetched_at=datetime.now(UTC),
        file_sha256=dict(prev.get("file_sha256") or {}),
    )


def _client(timeout: float) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
    )


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        yield bar


def _download(
    client: httpx.Client,
    spec: SourceSpec,
    url: str,
    final: Path,
    headers: Mapping[str, str],
    max_bytes: int,
    bar: Progress | None,
    timeout: float,
) -> _Part | None:
    """Stream `url` into a temporary file beside `final`; None on 304 Not Modified."""
    tmp: Path | None = None
    try:
        with client.stream("GET", url, headers=dict(headers)) as response:
            if response.status_code == 304:
                return None
            if response.status_code >= 400:
                raise DownloadError(spec.name, url, _status_reason(response, spec))
            if response.status_code != 200:
                raise DownloadError(
                    spec.name, url, f"unexpected answer {_status_text(response)} (expected 200)"
                )
            length = _content_length(response)
            if length is not None and length > max_bytes:
                raise DownloadError(spec.name, url, _too_big(length, max_bytes))
            handle, name = tempfile.mkstemp(
                dir=final.parent, prefix=f".{final.name}.", suffix=".part"
            )
            tmp = Path(name)
            with os.fdopen(handle, "wb") as out:
                digest, size, head = _stream(
                    response, out, spec, url, max_bytes, bar, length, final
                )
            return _Part(
                tmp=tmp,
                final=final,
                sha256=digest,
                size=size,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                head=head,
            )
    except BaseException as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, httpx.HTTPError):
            raise _transport_error(spec, url, exc, timeout) from exc
        if isinstance(exc, OSError):
            raise DownloadError(
                spec.name, url, f"could not write {final}: {exc.strerror or exc}"
            ) from exc
        raise


def _stream(
    response: httpx.Response,
    out: BinaryIO,
    spec: SourceSpec,
    url: str,
    max_bytes: int,
    bar: Progress | None,
    length: int | None,
    final: Path,
) -> tuple[str, int, bytes]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    task: TaskID | None = None
    if bar is not None:
        task = bar.add_task(f"{spec.name} {final.name}", total=length)
    for chunk in response.iter_bytes(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise DownloadError(spec.name, url, _too_big(None, max_bytes))
        if len(head) < 1024:
            head += chunk[: 1024 - len(head)]
        digest.update(chunk)
        out.write(chunk)
        if bar is not None and task is not None:
            bar.update(task, completed=size)
    if length is not None and size < length and not response.headers.get("Content-Encoding"):
        raise DownloadError(
            spec.name,
            url,
            f"the connection closed after {size:,} of {length:,} bytes",
            unreachable=True,
            hint=_offline_hint(spec, url),
        )
    if bar is not None and task is not None:
        bar.remove_task(task)
    return digest.hexdigest(), size, head


def _check_content(spec: SourceSpec, url: str, part: _Part, *, main: bool) -> None:
    """Refuse what is certainly not a list (an empty body, an HTML login/error page)."""
    if main and part.size == 0:
        raise DownloadError(spec.name, url, "the server sent an empty file")
    start = part.head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        raise DownloadError(
            spec.name,
            url,
            "the server sent an HTML page instead of the list "
            "(a login page, proxy/captive portal or error page?)",
        )


def _content_length(response: httpx.Response) -> int | None:
    raw = response.headers.get("Content-Length")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def _too_big(length: int | None, max_bytes: int) -> str:
    if length is not None:
        return f"the file is {length:,} bytes, more than the limit of {max_bytes:,} bytes"
    return f"the file is larger than the limit of {max_bytes:,} bytes"


def _status_text(response: httpx.Response) -> str:
    phrase = response.reason_phrase
    return f"{response.status_code} {phrase}".strip()


def _status_reason(response: httpx.Response, spec: SourceSpec) -> str:
    code = response.status_code
    text = f"the server answered {_status_text(response)}"
    if code == 404:
        return (
            f"{text}: there is no file at this address (check the address, or "
            f"{env_var_for(spec.name)} / {ENV_BASE_URL} if you set them)"
        )
    if code in (401, 403):
        return f"{text}: access was refused (a proxy or firewall may be blocking it)"
    if code == 429:
        return f"{text}: too many requests, try again later"
    if code >= 500:
        return f"{text}: the publisher's server has a problem, try again later"
    return text


def _offline_hint(spec: SourceSpec, url: str) -> str:
    what = "the file" if len(spec.files) == 1 else "the files"
    where = ""
    if url not in {f.url for f in spec.files}:  # overridden: say where the real ones are
        if len(spec.files) == 1:
            where = f" (official address: {spec.main.url})"
        else:
            folder = spec.main.url.rsplit("/", 1)[0] + "/"
            names = ", ".join(f.remote_name for f in spec.files)
            where = f" (official addresses: {folder} + {names})"
    return f"If you are offline, download {what} elsewhere{where} and run: {spec.import_hint()}"


def _transport_error(
    spec: SourceSpec, url: str, exc: httpx.HTTPError, timeout: float
) -> DownloadError:
    message = str(exc) or type(exc).__name__
    lowered = message.lower()
    if isinstance(exc, httpx.TimeoutException):
        reason = f"no answer within {timeout:g} seconds (timed out)"
    elif isinstance(exc, httpx.ConnectError):
        if "refused" in lowered:
            reason = "connection refused"
        elif any(
            s in lowered
            for s in (
                "name or service not known",
                "nodename nor servname",
                "temporary failure in name resolution",
                "getaddrinfo failed",
                "no address associated",
                "name resolution",
            )
        ):
            reason = f"the host name {urlsplit(url).hostname} could not be resolved (DNS failure)"
        elif "unreachable" in lowered:
            reason = "the network is unreachable"
        elif "certificate" in lowered or "ssl" in lowered:
            return DownloadError(spec.name, url, f"the secure connection failed ({message})")
        else:
            reason = f"connection failed ({message})"
    elif isinstance(exc, httpx.TooManyRedirects):
        return DownloadError(spec.name, url, "too many redirects")
    elif isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return DownloadError(spec.name, url, f"not a valid http(s) address ({message})")
    elif isinstance(exc, httpx.TransportError):
        reason = f"the connection was interrupted ({message})"
    else:
        return DownloadError(spec.name, url, message)
    return DownloadError(spec.name, url, reason, unreachable=True, hint=_offline_hint(spec, url))
