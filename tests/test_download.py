"""The downloader against a real HTTP server on 127.0.0.1 serving the real list snapshots."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from httpserver import FileServer, SilentServer, closed_port
from jisr.download import (
    ENV_BASE_URL,
    OFFICIAL_SOURCES,
    DownloadError,
    env_var_for,
    fetch,
    source_urls,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
UN_FILE = DATA / "un" / "un_consolidated_2026-02-27.xml"
OFAC_DIR = DATA / "ofac" / "bench_2021-07"
OFAC_NAMES = {"SDN.CSV": "sdn.csv", "ALT.CSV": "alt.csv", "ADD.CSV": "add.csv"}
OFAC_NAMES["SDN_COMMENTS.CSV"] = "sdn_comments.csv"

pytestmark = pytest.mark.skipif(not UN_FILE.exists(), reason="shared list snapshots not present")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def server() -> Iterator[FileServer]:
    """The publishers' layout: /un/consolidated.xml and /ofac/SDN.CSV etc."""
    routes: dict[str, Path | bytes] = {"/un/consolidated.xml": UN_FILE}
    for remote, local in OFAC_NAMES.items():
        routes[f"/ofac/{remote}"] = OFAC_DIR / local
    with FileServer(root=DATA, routes=routes) as srv:
        yield srv


@pytest.fixture(autouse=True)
def _no_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_BASE_URL, raising=False)
    for name in OFFICIAL_SOURCES:
        monkeypatch.delenv(env_var_for(name), raising=False)


def test_registry_official_addresses() -> None:
    assert source_urls("un_sc") == ["https://scsanctions.un.org/resources/xml/en/consolidated.xml"]
    ofac = source_urls("us_ofac_sdn")
    assert [u.rsplit("/", 1)[1] for u in ofac] == list(OFAC_NAMES)
    assert all(u.startswith("https://sanctionslistservice.ofac.treas.gov/") for u in ofac)
    assert OFFICIAL_SOURCES["us_ofac_sdn"].format == "ofac-csv"
    assert OFFICIAL_SOURCES["un_sc"].format == "un-xml"


def test_url_overrides_most_specific_first() -> None:
    env = {ENV_BASE_URL: "http://mirror/lists/", "JISR_URL_US_OFAC_SDN": "http://x/a/SDN.CSV"}
    assert source_urls("un_sc", environ=env) == ["http://mirror/lists/consolidated.xml"]
    assert source_urls("us_ofac_sdn", environ=env)[:2] == [
        "http://x/a/SDN.CSV",
        "http://x/a/ALT.CSV",
    ]
    assert source_urls("us_ofac_sdn", base_url="http://arg", environ=env)[0] == (
        "http://arg/SDN.CSV"
    )


def test_full_download_then_not_modified(server: FileServer, tmp_path: Path) -> None:
    result = fetch("un_sc", tmp_path, base_url=server.url + "/un", progress=False)
    assert not result.not_modified
    assert result.files == [tmp_path / "consolidated.xml"]
    assert result.urls == [server.url + "/un/consolidated.xml"]
    assert result.sha256 == sha256(UN_FILE) == sha256(result.files[0])
    assert result.size == UN_FILE.stat().st_size
    assert result.etag and result.last_modified
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xml"]  # no temp files left

    again = fetch("un_sc", tmp_path, base_url=server.url + "/un", previous=result.to_dict())
    assert again.not_modified
    assert again.files == [tmp_path / "consolidated.xml"]
    assert again.sha256 == result.sha256
    assert server.requests[-1].headers.get("If-None-Match") == result.etag


def test_last_modified_alone_gives_not_modified(server: FileServer, tmp_path: Path) -> None:
    first = fetch("un_sc", tmp_path, base_url=server.url + "/un", progress=False)
    previous = {"last_modified": first.last_modified}
    again = fetch("un_sc", tmp_path, base_url=server.url + "/un", previous=previous)
    assert again.not_modified
    assert server.requests[-1].headers.get("If-Modified-Since") == first.last_modified


def test_stale_etag_downloads_again(server: FileServer, tmp_path: Path) -> None:
    result = fetch(
        "un_sc", tmp_path, base_url=server.url + "/un", previous={"etag": '"old"'}, progress=False
    )
    assert not result.not_modified
    assert result.sha256 == sha256(UN_FILE)


def test_env_override(server: FileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JISR_URL_UN_SC", server.url + "/un/un_consolidated_2026-02-27.xml")
    result = fetch("un_sc", tmp_path, progress=False)
    assert result.sha256 == sha256(UN_FILE)
    assert (tmp_path / "consolidated.xml").exists()


def test_size_limit_from_content_length(server: FileServer, tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as info:
        fetch("un_sc", tmp_path, base_url=server.url + "/un", max_bytes=1000, progress=False)
    assert "limit" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_size_limit_while_streaming_keeps_good_file(tmp_path: Path) -> None:
    routes: dict[str, Path | bytes] = {"/consolidated.xml": UN_FILE}
    good = tmp_path / "consolidated.xml"
    good.write_bytes(b"<CONSOLIDATED_LIST/>")
    server = FileServer(routes=routes, omit_length={"/consolidated.xml"})
    with server as srv, pytest.raises(DownloadError) as info:
        fetch("un_sc", tmp_path, base_url=srv.url, max_bytes=100_000, progress=False)
    assert "larger than the limit" in str(info.value)
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xml"]
    assert good.read_bytes() == b"<CONSOLIDATED_LIST/>"  # the previous good copy is untouched


def test_connection_refused_suggests_import(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(DownloadError) as info:
        fetch("un_sc", tmp_path, base_url=url, progress=False)
    message = str(info.value)
    assert message.startswith(f"could not reach {url}/consolidated.xml: connection refused.")
    assert "jisr import consolidated.xml" in message
    assert info.value.unreachable and info.value.source == "un_sc"
    assert list(tmp_path.iterdir()) == []


def test_timeout_is_unreachable(tmp_path: Path) -> None:
    with SilentServer() as silent, pytest.raises(DownloadError) as info:
        fetch("un_sc", tmp_path, base_url=silent.url, timeout=0.3, progress=False)
    assert "timed out" in str(info.value)
    assert "jisr import" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_not_found_is_clear(server: FileServer, tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as info:
        fetch("un_sc", tmp_path, base_url=server.url + "/nowhere", progress=False)
    message = str(info.value)
    assert "404" in message and "no file at this address" in message
    assert info.value.url == server.url + "/nowhere/consolidated.xml"
    assert not info.value.unreachable
    assert list(tmp_path.iterdir()) == []


def test_follows_redirects(tmp_path: Path) -> None:
    with FileServer(routes={"/real.xml": UN_FILE}) as srv:
        srv.redirects["/consolidated.xml"] = srv.url + "/real.xml"
        result = fetch("un_sc", tmp_path, base_url=srv.url, progress=False)
    assert result.sha256 == sha256(UN_FILE)


def test_html_page_is_refused(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body>Please log in</body></html>"
    with (
        FileServer(routes={"/consolidated.xml": page}) as srv,
        pytest.raises(DownloadError) as info,
    ):
        fetch("un_sc", tmp_path, base_url=srv.url, progress=False)
    assert "HTML page" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_ofac_set_fetches_all_four_files(server: FileServer, tmp_path: Path) -> None:
    result = fetch("us_ofac_sdn", tmp_path, base_url=server.url + "/ofac", progress=False)
    assert [p.name for p in result.files] == list(OFAC_NAMES.values())
    assert result.files[0] == tmp_path / "sdn.csv"
    for path in result.files:
        assert sha256(path) == sha256(OFAC_DIR / path.name) == result.file_sha256[path.name]
    assert result.sha256 == sha256(OFAC_DIR / "sdn.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OFAC_NAMES.values())


def test_ofac_set_missing_sibling_writes_nothing(tmp_path: Path) -> None:
    routes: dict[str, Path | bytes] = {
        "/SDN.CSV": OFAC_DIR / "sdn.csv",
        "/ALT.CSV": OFAC_DIR / "alt.csv",
    }
    with FileServer(routes=routes) as srv, pytest.raises(DownloadError) as info:
        fetch("us_ofac_sdn", tmp_path, base_url=srv.url, progress=False)
    assert "ADD.CSV" in str(info.value)
    assert list(tmp_path.iterdir()) == []  # all or nothing


def test_progress_bar_does_not_break(server: FileServer, tmp_path: Path) -> None:
    result = fetch("un_sc", tmp_path, base_url=server.url + "/un", progress=True)
    assert result.sha256 == sha256(UN_FILE)


def test_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="unknown source"):
        fetch("nope", tmp_path, progress=False)
