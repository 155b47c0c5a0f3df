"""Other readings of one listed name: an organisation's acronym given in parentheses.

The UN list writes `AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)`, `FORCES DEMOCRATIQUES DE
LIBERATION DU RWANDA (FDLR)`, `HAQQANI NETWORK (HQN)` as one name. Read as one, `AQAP` alone
scores 0.47 against it (one part of four) and the full name without the acronym loses a part too.
So such a name is also read as its acronym alone and as the name without it. Hand-written: no
library we know of tells an acronym in parentheses from a qualifier (`AL-HARAMAIN FOUNDATION
(KENYA)`) or a variant spelling (`Lom-ali Butayev (Butaev)`); the rule below is deliberately
strict, and a parenthesis that is not an acronym leaves the name as it is.
"""

from __future__ import annotations

import re

from jisr.names.latin import ascii_fold

_PARENS = re.compile(r"\(([^()]*)\)")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.&'’-]{1,11}")
_MAX_READINGS = 6
_CONNECTOR = re.compile(r"^[\s,]*(?:and|et|&)\s+", re.IGNORECASE)  # `… (NFRPC) AND ESFAHAN …`
_SHORT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&'’-]*(?: [A-Za-z][A-Za-z0-9.&'’-]*){0,4}")


def _letters(text: str) -> str:
    return "".join(c for c in ascii_fold(text).lower() if c.isalpha())


_ARTICLES = frozenset({"the", "le", "la", "les", "l", "al", "el"})


def _is_acronym_of(token: str, name: str) -> bool:
    """Whether `token` (one word) reads as an acronym of `name`: at least two letters, the
    first letter of the name first (or of its second word after an article: `Le Groupe
    Salafiste … (GSPC)`), and all its letters found in the name in that order (`AQAP` in
    Al-Qaida … Arabian Peninsula, `HQN` in HaQqani Network, `DICO` in Doostan International
    COmpany); `KENYA` after AL-HARAMAYN FOUNDATION is not one, nor `Butaev` after `Lom-ali
    Butayev`. Written in capitals (at least two, no fewer than small letters: `JuA`, not `Kim`
    after `Kim Jong Un`) and not one of the name's own words (`Ahmad Shah (AHMAD)`)."""
    letters = _letters(token)
    words = [w for w in (_letters(x) for x in re.split(r"[\s\-'’]+", name)) if w]
    if len(letters) < 2 or not words or letters == "".join(words) or letters in words:
        return False
    upper = sum(c.isupper() for c in token)
    if upper < 2 or upper < sum(c.islower() for c in token):
        return False
    starts = [0]
    if len(words) > 1 and words[0] in _ARTICLES:
        starts.append(len(words[0]))
    within = "".join(words)
    for at in starts:
        if letters[0] == within[at]:
            it = iter(within[at:])
            if all(c in it for c in letters):
                return True
    return False


def acronym_readings(name: str) -> list[str]:
    """The name without its acronyms in parentheses and each acronym alone, or [] when it has
    none; a name packing several with `;` (`COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT
    LAKES BUSINESS COMPANY (GLBC)`) is read as each of them. Several acronyms in one
    parenthesis (`(ISIL-SEA, ISIL-South East Asia)`) are each checked against the words before
    the parenthesis (back to the last parenthesis or `;`), and short Latin names beside an
    acronym are readings too; a parenthesis that holds anything else stays in the name."""
    return read_apart(name)[0]


def parenthesised_acronyms(name: str) -> list[str]:
    """Of `acronym_readings`, those given in parentheses (`AQAP`), not the name without them."""
    return read_apart(name)[1]


def read_apart(name: str) -> tuple[list[str], list[str]]:
    """`acronym_readings` and `parenthesised_acronyms` of `name` at once."""
    bases, inside = _split(name)
    return list(dict.fromkeys(bases + inside)), inside


def _split(name: str) -> tuple[list[str], list[str]]:
    found: list[str] = []
    kept = []
    last = 0
    for m in _PARENS.finditer(name):
        inside = [p.strip() for p in m.group(1).split(",")]
        segment = name[last : m.start()]
        segment = _CONNECTOR.sub("", segment[segment.rfind(";") + 1 :])
        acronyms = [p for p in inside if _TOKEN.fullmatch(p) and _is_acronym_of(p, segment)]
        if acronyms and all(_SHORT_NAME.fullmatch(p) for p in inside):
            # the other pieces beside an acronym are short names of the same body
            # (`ISIL-South East Asia`)
            kept.append(name[last : m.start()])
            found += inside
        else:
            kept.append(name[last : m.end()])
        last = m.end()
    if not found:
        return [], []
    kept.append(name[last:])
    # at most _MAX_READINGS in all, the parentheses' first: they are what the name alone lacks
    inside = list(dict.fromkeys(a.rstrip(".") for a in found))[: _MAX_READINGS - 1]
    bases = [" ".join(b.split()).strip(" ,()") for b in " ".join(kept).split(";")]
    bases = list(dict.fromkeys(b for b in bases if b and b not in inside))
    return bases[: _MAX_READINGS - len(inside)], inside
