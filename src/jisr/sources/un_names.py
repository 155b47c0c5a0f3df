"""Split the UN list's packed alias strings and alias notes into separate names.

The UN file often packs several spellings into one ALIAS_NAME, e.g.
``أبو بكر البغدادي (Abu Bakr al-Baghdadi; Abu Bakr)`` or ``Qasim Soleimani; Qasem Sulaimani``,
and hides more spellings in alias NOTEs (``(Abu Du’a; Abu Duaa’) prominently known by ...``,
``original script: Абу Банат``). Parenthesised text that is a descriptor rather than a name
(``(birth name)``, ``(LRM)``, ``(false identity ...)``) is returned as a note, never as a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jisr.model import detect_script

_ORIGINAL_SCRIPT_RE = re.compile(
    r"(?:original script|in arabic(?: script)?)\s*:\s*(?P<name>[^.;()]+)", re.IGNORECASE
)
_SUFFIX_RE = re.compile(r"\s*(?:\(original script\)|-\s*sub-unit name)\s*$", re.IGNORECASE)
_ENUM_RE = re.compile(r"(?:^|\s+)[a-z]\)\s+")
_BORN_RE = re.compile(r",\s*born\b", re.IGNORECASE)
_PROSE_WORDS = re.compile(
    r"\b(born|passport|listed|known|guerre|previously|formerly|issued|expires?|nationality|"
    r"dob|pob|date|number|identity|calendar)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class SplitAlias:
    names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def clean(value: str | None) -> str:
    return " ".join((value or "").split())


def looks_like_name(piece: str) -> bool:
    """A conservative test used before turning free text into a name."""
    if not piece or not any(ch.isalpha() for ch in piece):
        return False
    if any(ch.isdigit() for ch in piece) or ":" in piece:
        return False
    return len(piece.split()) <= 10 and not _PROSE_WORDS.search(piece)


def _matching_open(s: str) -> int | None:
    """Index of the '(' matching the final ')' of `s`, or None."""
    depth = 0
    for i in range(len(s) - 1, -1, -1):
        if s[i] == ")":
            depth += 1
        elif s[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_top(s: str, sep: str = ";") -> list[str]:
    """Split on `sep` outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == sep and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def _strip_suffix(piece: str) -> str:
    return _SUFFIX_RE.sub("", piece).strip(" ,")


def _script_of(s: str) -> str:
    return detect_script(s)


def _split_script_runs(piece: str) -> list[str]:
    """``Agha Jan Alizai اغا جان عالیزی`` -> the Latin and the Arabic part, if cleanly separable."""
    words = piece.split()
    scripts = [_script_of(w) for w in words]
    runs: list[tuple[str, list[str]]] = []
    for word, script in zip(words, scripts, strict=True):
        if runs and (script == runs[-1][0] or script == "Zyyy"):
            runs[-1][1].append(word)
        else:
            runs.append((script, [word]))
    if len(runs) == 2 and "Latn" in (runs[0][0], runs[1][0]):
        return [" ".join(r[1]) for r in runs]
    return [piece]


def split_alias(raw: str | None) -> SplitAlias:
    """Split one ALIAS_NAME into names (and descriptor notes)."""
    out = SplitAlias()
    s = clean(raw).strip(" ,")
    s = s.lstrip(") ").strip()
    trailing: list[str] = []
    while s.endswith(")"):
        i = _matching_open(s)
        if i is None:
            break
        inner, outer = s[i + 1 : -1].strip(), s[:i].strip(" ,")
        if not outer:
            s = inner
            continue
        s = outer
        m = re.match(r"original script\s*:\s*(.+)$", inner, re.IGNORECASE)
        if m:
            trailing.insert(0, m.group(1).strip())
            continue
        pieces = [_strip_suffix(p) for p in _split_top(inner)]
        if len(pieces) > 1 and all(looks_like_name(p) or _script_of(p) != "Latn" for p in pieces):
            trailing[:0] = pieces
        elif _script_of(inner) not in (_script_of(outer), "Zyyy"):
            sub = split_alias(_strip_suffix(inner))
            trailing[:0] = sub.names
            out.notes.extend(sub.notes)
        else:
            out.notes.insert(0, inner)
    if s.startswith("("):
        close = s.find(")")
        if close > 0:
            out.notes.append(s[1:close].strip())
            s = s[close + 1 :].strip()
    born = _BORN_RE.search(s)
    if born:
        out.notes.append(s[born.start() + 1 :].strip())
        s = s[: born.start()].strip()
    for part in _split_top(s):
        for piece in _ENUM_RE.split(part):
            piece = _strip_suffix(piece)
            if piece:
                out.names.extend(_split_script_runs(piece))
    out.names.extend(p for p in trailing if p)
    seen: set[str] = set()
    out.names = [n for n in out.names if not (n in seen or seen.add(n))]
    return out


def names_from_note(note: str | None) -> list[str]:
    """Extra spellings that an alias NOTE carries; ordinary prose yields nothing."""
    s = clean(note)
    if not s:
        return []
    found: list[str] = []
    for m in _ORIGINAL_SCRIPT_RE.finditer(s):
        name = m.group("name").strip(" ,")
        if name and (looks_like_name(name) or _script_of(name) != "Latn"):
            found.append(name)
    for group in re.findall(r"\(([^()]*;[^()]*)\)", s):
        pieces = _split_top(group)
        if pieces and all(looks_like_name(p) for p in pieces):
            found.extend(pieces)
    if "(" not in s and ";" in s:
        pieces = _split_top(s)
        if all(looks_like_name(p) for p in pieces):
            found.extend(pieces)
    return list(dict.fromkeys(found))
