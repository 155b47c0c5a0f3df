"""Every kind of bad input must raise JisrInputError naming the file (and the line if it can)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jisr.model import JisrInputError, Prop
from jisr.sources import FORMATS, detect_format, read_list

UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01">'
UN_ENTRY = (
    "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
    "<REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL>"
)
SDN_ROW = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def expect_error(path: Path, *fragments: str) -> JisrInputError:
    with pytest.raises(JisrInputError) as info:
        read_list(path)
    err = info.value
    assert str(path) in str(err)
    for fragment in fragments:
        assert fragment.lower() in str(err).lower(), str(err)
    return err


def un_file(body: str) -> str:
    return f"{UN_HEAD}<INDIVIDUALS>{body}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"


def test_minimal_un_file_reads(tmp_path: Path) -> None:
    parsed = read_list(write(tmp_path, "un.xml", un_file(UN_ENTRY.format(name="ALI"))))
    assert [r.first(Prop.NAME) for r in parsed.records] == ["ALI"]


def test_malformed_xml_names_line(tmp_path: Path) -> None:
    bad = un_file(UN_ENTRY.format(name="ALI")).replace("</FIRST_NAME>", "</FIRST>", 1)
    bad = bad.replace("<INDIVIDUALS>", "\n\n<INDIVIDUALS>\n")
    err = expect_error(write(tmp_path, "bad.xml", bad), "malformed XML")
    assert err.location == "line 5"


def test_truncated_xml(tmp_path: Path) -> None:
    text = un_file(UN_ENTRY.format(name="ALI") * 3)
    expect_error(write(tmp_path, "cut.xml", text[: len(text) // 2]), "malformed XML", "line")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&lol4;</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&xxe;</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
@pytest.mark.parametrize("fmt", [None, "un-xml", "ofac-xml"])
def test_dtd_refused(tmp_path: Path, doc: str, fmt: str | None) -> None:
    path = write(tmp_path, "evil.xml", doc)
    with pytest.raises(JisrInputError) as info:
        read_list(path, fmt)
    assert str(path) in str(info.value)
    assert "DOCTYPE" in str(info.value)
    assert f"{path}:line 2:" in str(info.value)  # where the declaration is
    assert "root:" not in str(info.value)


def test_xxe_in_ofac_xml_never_leaks(tmp_path: Path) -> None:
    doc = XXE.replace("CONSOLIDATED_LIST", "sdnList")
    path = write(tmp_path, "sdn.xml", doc)
    with pytest.raises(JisrInputError) as info:
        read_list(path, "ofac-xml")
    assert "root:" not in str(info.value)


def test_empty_files(tmp_path: Path) -> None:
    expect_error(write(tmp_path, "empty.xml", b""), "empty")
    expect_error(write(tmp_path, "blank.csv", b"  \r\n\x1a"), "empty")
    for fmt in FORMATS:
        with pytest.raises(JisrInputError, match="empty"):
            read_list(write(tmp_path, f"e-{fmt}", b""), fmt)


def test_utf16_xml(tmp_path: Path) -> None:
    data = un_file(UN_ENTRY.format(name="علي")).replace("UTF-8", "UTF-16").encode("utf-16")
    path = write(tmp_path, "u16.xml", data)
    expect_error(path, "UTF-16")
    with pytest.raises(JisrInputError, match="UTF-16"):
        read_list(path, "un-xml")


def test_declared_encoding_lies(tmp_path: Path) -> None:
    data = un_file(UN_ENTRY.format(name="MÜLLER")).encode("latin-1")
    expect_error(write(tmp_path, "latin.xml", data), "line")


def test_csv_wrong_column_count(tmp_path: Path) -> None:
    bad = SDN_ROW + '173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA"\r\n'
    err = expect_error(write(tmp_path, "sdn.csv", bad), "expected 12 columns, found 4")
    assert err.location == "line 2"


def test_csv_non_numeric_id(tmp_path: Path) -> None:
    bad = SDN_ROW * 2 + SDN_ROW.replace("36,", "X9,", 1)
    err = expect_error(write(tmp_path, "sdn.csv", bad), "not a number")
    assert err.location == "line 3"


def test_csv_broken_quoting(tmp_path: Path) -> None:
    bad = SDN_ROW + '37,"BROKEN"NAME,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    err = expect_error(write(tmp_path, "sdn.csv", bad), "quoting")
    assert err.location == "line 2"


def test_csv_bad_sibling_file_names_it(tmp_path: Path) -> None:
    write(tmp_path, "sdn.csv", SDN_ROW)
    alt = write(tmp_path, "ALT.CSV", '36,12,"aka","AERO-CARIBBEAN",-0- \r\n36,13,"aka"\r\n')
    with pytest.raises(JisrInputError) as info:
        read_list(tmp_path / "sdn.csv")
    assert info.value.path == str(alt) and info.value.location == "line 2"


def test_csv_uppercase_siblings_and_cp1252(tmp_path: Path) -> None:
    row = SDN_ROW.replace("AEROCARIBBEAN AIRLINES", "MUÑOZ, José").replace(
        '-0- ,"CUBA"', '"individual","CUBA"', 1
    )
    write(tmp_path, "SDN.CSV", (row + "\x1a").encode("cp1252"))
    write(tmp_path, "ALT.CSV", '36,12,"fka","PEREZ, Juan",-0- \r\n'.encode("cp1252"))
    write(tmp_path, "ADD.CSV", b'36,25,-0- ,"Havana","Cuba",-0- \r\n')
    parsed = read_list(tmp_path / "SDN.CSV")
    rec = parsed.records[0]
    assert rec.first(Prop.NAME) == "MUÑOZ, José"
    assert "José MUÑOZ" in rec.values(Prop.ALIAS)
    assert rec.values(Prop.PREVIOUS_NAME) == ["PEREZ, Juan", "Juan PEREZ"]
    assert rec.values(Prop.ADDRESS) == ["Havana, Cuba"]


def test_random_binary(tmp_path: Path) -> None:
    import random

    data = random.Random(7).randbytes(4096)
    expect_error(write(tmp_path, "noise.bin", data))
    with pytest.raises(JisrInputError):
        read_list(tmp_path / "noise.bin", "ofac-csv")


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("list.json", b'{"results": []}', "JSON"),
        ("list.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("list.zip", b"PK\x03\x04" + b"\x00" * 64, "ZIP"),
        ("other.xml", b'<?xml version="1.0"?><html><body/></html>', "<html>"),
        ("notes.txt", b"hello, world\nthis is not a list\n", "supported formats"),
        ("alt.csv", b'36,12,"aka","AERO-CARIBBEAN",-0- \r\n', "sdn.csv"),
    ],
)
def test_wrong_format(tmp_path: Path, name: str, data: bytes, fragment: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(JisrInputError) as info:
        detect_format(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_forced_wrong_reader(tmp_path: Path) -> None:
    path = write(tmp_path, "un.xml", un_file(UN_ENTRY.format(name="ALI")))
    assert read_list(path).format == "un-xml"
    with pytest.raises(JisrInputError, match="not an OFAC sdnList"):
        read_list(path, "ofac-xml")
    with pytest.raises(JisrInputError, match="unknown format"):
        read_list(path, "pdf")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JisrInputError, match="no such file"):
        read_list(tmp_path / "nope.xml")
