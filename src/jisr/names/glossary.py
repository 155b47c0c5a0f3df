"""Translations of organisation and place words, Arabic → English / French (+ transliterations).

Sanctions lists give an organisation's Arabic name in the original script and its Latin names as
*translations*: `الجماعة الإسلامية المقاتلة الليبية` is listed as LIBYAN ISLAMIC FIGHTING GROUP,
`شبكة حقاني` as HAQQANI NETWORK, `الدولة الإسلامية في العراق والشام` as ISLAMIC STATE IN IRAQ AND
THE LEVANT. No transliteration reaches `group` from `جماعة`, so the matcher needs the meaning.

Why hand-written: the vocabulary of listed organisations is small and closed (a few dozen nouns,
adjectives, countries and demonyms) and every entry must be safe to apply to a *name*. A general
dictionary or machine translation would also translate person names (محمد → "praised", جمال →
"beauty", نصر → "victory") and pick one sense where lists use another (قاعدة is "base" *and*
al-Qaida); it would also be a large dependency for ~100 words. Each entry here was checked
against how the UN/OFAC lists spell the organisation, and no entry is a common given name.

Readings from the glossary are only given to Arabic names that look like organisation names
(:func:`is_organisation`): one of the organisation nouns (جماعة, تنظيم, شبكة, حركة, …) or at
least two glossary words. A person name (`أبو أنس الليبي`) keeps only its transliterations.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jisr.names.arabic import fold_arabic, normalize_arabic, split_article

Entry = tuple[tuple[str, ...], tuple[str, ...]]  # (translations, common transliterations)


def _w(translations: str, spellings: str = "") -> Entry:
    """An entry: space-separated English/French translations (`_` joins a multi-word one) and
    the transliterations lists use that the romaniser may not produce (jamaat, djamaa)."""
    return (
        tuple(t.replace("_", " ") for t in translations.split()),
        tuple(spellings.split()),
    )


# Organisation nouns: one of them makes a name an organisation name. Keys are written as usual
# (with ة, hamza) and folded when the table is built; without the article.
ORGANISATION_WORDS: dict[str, Entry] = {
    "جماعة": _w("group groupe", "jamaat jamaa jamaah jemaah jamaatu djamaa"),
    "تنظيم": _w("organization organisation", "tanzim tanzeem"),
    "منظمة": _w("organization organisation", "munazzama munadhama"),
    "شبكة": _w("network reseau", "shabaka shabakat"),
    "حركة": _w("movement mouvement", "haraka harakat harkat tehrik tahrik tehreek tahreek"),
    "جيش": _w("army armee", "jaish jaysh jeish"),
    "حزب": _w("party parti", "hizb hezb"),
    "لشكر": _w("army", "lashkar"),
    "سپاه": _w("corps", "sipah sepah"),
    "جبهة": _w("front", "jabha jabhat jebhat"),
    "كتائب": _w("brigades battalions", "kataib katibat"),
    "كتيبة": _w("battalion brigade bataillon", "katiba katibat"),
    "مؤسسة": _w("foundation fondation establishment", "muassasa muassasat"),
    "جمعية": _w("society association societe", "jamiat jamiyat jamia"),
    "مجلس": _w("council conseil", "majlis"),
    "هيئة": _w("commission authority committee", "hayat hayaat"),
    "لجنة": _w("committee comite", "lajna lajnat"),
    "اتحاد": _w("union", "ittihad"),
    "الدولة": _w("state etat", "dawla dawlat"),
    "القاعدة": _w("base", "qaida qaeda"),
    "مكتب": _w("office bureau", "maktab makhtab"),
    "شركة": _w("company compagnie societe", "sharika sharikat"),
    "مصرف": _w("bank banque", "masraf"),
    "بنك": _w("bank banque", ""),
    "داعش": _w("isil isis eiil", "daesh daech daish"),
}

# Other organisation vocabulary: adjectives, descriptive nouns, countries and demonyms. Nisba
# adjectives are given in the masculine (الإسلامي); the feminine (الإسلامية) is derived.
OTHER_WORDS: dict[str, Entry] = {
    "إسلامي": _w("islamic islamique islamist islamiste", "islami islamiyya islamiya"),
    "مقاتلة": _w("fighting combatant combattant combattante", "muqatila moukatila"),
    "مقاتل": _w("fighting combatant combattant", "muqatil"),
    "مسلح": _w("armed arme armee", "musallah musallaha"),
    "جهاد": _w("", "jihad djihad"),
    "توحيد": _w("unification unity unicite monotheism", "tawhid tawheed"),
    "أنصار": _w("supporters partisans helpers", "ansar ansaru ansarul"),
    "مجاهدين": _w("", "mujahideen mujahidin moudjahidine mujahidun"),
    "مجاهدون": _w("", "mujahideen mujahidin moudjahidine mujahidun"),
    "مسلمين": _w("muslims musulmans", "muslimin muslimina"),
    "شريعة": _w("", "sharia charia shariah sharia"),
    "دعوة": _w("call preaching predication", "dawa daawa"),
    "قتال": _w("combat fighting", "qital qitaal"),
    "إنقاذ": _w("salvation salut rescue", "inqadh inkadh"),
    "سلفي": _w("salafist salafiste", "salafi salafiya salafiyya salafia"),
    "سنة": _w("", "sunna sunnah"),
    "أهل": _w("people", "ahl ahlus ahlis"),
    "بلاد": _w("lands land country countries pays", "bilad biladis"),
    "غرب": _w("west western ouest", "gharb"),
    "شرق": _w("east eastern est", "sharq"),
    "إحياء": _w("revival renaissance", "ihya ihyaa"),
    "تراث": _w("heritage patrimoine", "turath"),
    "خيري": _w("charitable charity", "khairi khairiya"),
    "إغاثة": _w("relief secours", "ighatha ighathat"),
    "صرافة": _w("exchange change", "sarrafa"),
    "حرمين": _w("two_holy_mosques", "haramain haramayn"),
    "جزيرة": _w("peninsula peninsule", "jazira jazeera"),
    "عرب": _w("arab arabs arabian arabe arabes", ""),
    "عربي": _w("arab arabian arabe", ""),
    "مغرب": _w("morocco maroc", "maghreb maghrib"),
    "مغربي": _w("moroccan marocain", "maghrebi maghribi"),
    "ليبيا": _w("libya libye", ""),
    "ليبي": _w("libyan libyen libyenne", "libi"),
    "عراق": _w("iraq irak", ""),
    "عراقي": _w("iraqi irakien", ""),
    "رافدين": _w("two_rivers mesopotamia", "rafidayn rafidain"),
    "شام": _w("levant syria", "sham cham"),
    "سوريا": _w("syria syrie", ""),
    "سورية": _w("syria syrie", ""),
    "سوري": _w("syrian syrien", ""),
    "يمن": _w("yemen", ""),
    "يمني": _w("yemeni yemenite", ""),
    "صومال": _w("somalia somalie", "somal"),
    "صومالي": _w("somali somalien", ""),
    "مصر": _w("egypt egypte", "misr"),
    "مصري": _w("egyptian egyptien", "masri"),
    "تونس": _w("tunisia tunisie", ""),
    "تونسي": _w("tunisian tunisien", ""),
    "جزائر": _w("algeria algerie", ""),
    "جزائري": _w("algerian algerien", ""),
    "سودان": _w("sudan soudan", ""),
    "إفريقيا": _w("africa afrique", "ifriqiya"),
    "أفريقيا": _w("africa afrique", "ifriqiya"),
    "فلسطين": _w("palestine", ""),
    "فلسطيني": _w("palestinian palestinien", ""),
    "لبنان": _w("lebanon liban", ""),
    "لبناني": _w("lebanese libanais", ""),
    "أفغانستان": _w("afghanistan", ""),
    "باكستان": _w("pakistan", ""),
    "خراسان": _w("", "khorasan khurasan"),
    "موقعون": _w("signatories signataires", "mouakaoune muwaqqiun"),
    "دم": _w("blood sang", "dam biddam"),
}

# prepositions and the conjunction written attached to the next word: ببلاد, للصرافة, والشام
_ATTACHED = ("و", "ب", "ل", "ف")
# function words of organisation names, left out of the comparison on both sides
# (`Al-Qaida in Iraq` = `القاعدة في العراق`, `Mouvement pour l'Unification et le Jihad`)
ARABIC_FUNCTION_WORDS = frozenset({"في", "و", "من", "على", "عن", "ل", "الى", "إلى"})
LATIN_FUNCTION_WORDS = frozenset(
    {"the", "of", "and", "in", "for", "on", "de", "du", "des", "la", "le", "les", "et", "pour"}
    | {"en", "au", "aux", "l", "d", "dans", "a"}
)


# organisation nouns that are also person names or common words in Latin script
_NOT_LATIN_MARKERS = frozenset({"base", "hayat", "hayaat", "jamia", "dawla", "dawlat", "bureau"})


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Entry], frozenset[str], frozenset[str]]:
    """(folded Arabic → entry, folded organisation nouns, Latin organisation nouns)."""
    table: dict[str, Entry] = {}
    for words in (ORGANISATION_WORDS, OTHER_WORDS):
        for arabic, (tr, sp) in words.items():
            keys = [_key(arabic)]
            if keys[0].endswith("ي") and len(keys[0]) >= 3:  # nisba: إسلامي → إسلامية
                keys.append(keys[0] + "ه")
            for k in keys:
                old_tr, old_sp = table.get(k, ((), ()))
                table[k] = (tuple(dict.fromkeys(old_tr + tr)), tuple(dict.fromkeys(old_sp + sp)))
    markers = frozenset(_key(w) for w in ORGANISATION_WORDS)
    latin = frozenset(t for tr, sp in ORGANISATION_WORDS.values() for t in tr + sp if " " not in t)
    return table, markers, latin - _NOT_LATIN_MARKERS


def _key(word: str) -> str:
    _, core = split_article(normalize_arabic(word))
    return fold_arabic(core)


@lru_cache(maxsize=1 << 14)
def _lookup(token: str) -> tuple[str | None, bool]:
    """(glossary key, whether a preposition ب was attached) of one written Arabic word."""
    table = _tables()[0]
    norm = normalize_arabic(token)
    candidates: list[tuple[str, bool]] = [(norm, False)]
    if norm.startswith("لل") and len(norm) >= 4:  # لل = ل + ال (alef dropped): للصرافة
        candidates.append(("ال" + norm[2:], False))
    for prefix in _ATTACHED:
        if norm.startswith(prefix) and len(norm) >= 3:
            candidates.append((norm[1:], prefix == "ب"))
            if prefix == "و" and norm[1:2] == "ب" and len(norm) >= 4:  # وببلاد
                candidates.append((norm[2:], True))
    for c, with_b in candidates:
        _, core = split_article(c)
        k = fold_arabic(core)
        if k in table:
            return k, with_b
        if k.endswith("ه") and k[:-1] in table:  # feminine adjective: المسلحة → مسلح
            return k[:-1], with_b
    return None, False


def gloss(token: str) -> Entry:
    """(English/French translations, common transliterations) of one Arabic word; an attached
    preposition ب adds `in` (`ببلاد` = in the lands of)."""
    k, with_b = _lookup(token)
    if k is None:
        return (), ()
    tr, sp = _tables()[0][k]
    return (tr + ("in", "en", "au") if with_b else tr), sp


# prepositions and conjunctions that join an organisation name's words (never an article:
# `Abou Ahmed le Tunisien` is a person's nom de guerre)
_CONNECTORS = frozenset(
    {"de", "du", "des", "d", "en", "pour", "et", "au", "aux", "of", "in", "for", "and"}
)

# French words of organisation names and their English equivalents, one sense per line, for
# names that one list gives in French and another in English (`Etat islamique` / `Islamic
# State`). Written out, not derived from the Arabic entries above: those pool synonyms and
# senses (هيئة: commission, authority, committee; مسلح: armed, armée), which are one word in
# Arabic but different words in Latin script (Authority is not Committee, Army not Armed).
# French words spelt as English ones are left out (commerce, marine, direction, assurance,
# finances, transports, aide, orientation): a translation of theirs would make two English
# names synonyms (`Commerce Bank` / `Trade Bank`); so are translations that sound like another
# English word (`postale`: `Post Bank` / `Postal Bank`). Not `partisans` (supporters), rare in
# English names and the usual French for أنصار (`Armée des émigrants et des partisans`), nor
# `defense`, American English too, whose translation is its British spelling
_FRENCH_ENGLISH = """
etat state | islamique islamic | islamiste islamist | groupe group | groupes groups
armee army | arme armed | armes armed | mouvement movement | salut salvation
predication preaching call | salafiste salafist | organisation organization
reseau network | parti party | bataillon battalion
fondation foundation | conseil council | comite committee
autorite authority | compagnie company | societe company society | banque bank
bureau office | combattant fighting fighter | combattante fighting | combattants fighters
partisans supporters | peuple people | unicite unity
peninsule peninsula | arabique arabian | arabe arab | oriental eastern | orientale eastern
occidental western | occidentale western | ouest west | est east | nord north | sud south
grand greater | afrique africa | libye libya | libyen libyan | libyenne libyan | irak iraq
irakien iraqi | syrie syria | syrien syrian | egypte egypt | egyptien egyptian | maroc morocco
marocain moroccan | algerie algeria | algerien algerian | tunisie tunisia | tunisien tunisian
soudan sudan | somalie somalia | somalien somali | liban lebanon | libanais lebanese
yemenite yemeni | palestinien palestinian | secours relief | patrimoine heritage
renaissance revival | musulmans muslims | signataires signatories
energie energy | atomique atomic | investissement investment | soutien support
democratique democratic | democratiques democratic
jeunes youth | jeunesse youth | soldats soldiers | califat caliphate | emigres emigrants
mondiale global world | mondial global world | seigneur lord | purs pure | sunnite sunni
sunnites sunnis sunni | afghans afghan | emirat emirate | bataillons battalions
nationale national | internationale international | centrale central | commerciale commercial
populaire popular people | populaires popular | republique republic | gouvernement government
revolutionnaire revolutionary | revolutionnaires revolutionary | armees armed | etats states
gardiens guardians guards guard | garde guard guards | gardes guards guard | ligue league
travailleurs workers | ouvriers workers | volontaires volunteers | defenseurs defenders
freres brothers brotherhood | fraternite brotherhood | moudjahidines mujahideen mujahidin
developpement development | exportations exports export | exportation export
importations imports import | importation import | echanges exchange
petrole oil petroleum | petroliere oil | petrolier tanker oil | petroliers tankers | gaz gas
assurances insurance | navigation shipping
industrie industry | industrielle industrial | industriel industrial | entreprise enterprise
entreprises enterprises | ministere ministry | renseignement intelligence | securite security
defense defence defense | navale naval | aerienne air airline | aeriennes airlines
exterieur foreign external | exterieure foreign external | etrangeres foreign | affaires affairs
financiere financial | fonds fund | agence agency | institut institute
departement department | generale general
superieur supreme higher | politique political | judiciaire judicial
bienfaisance charity charitable benevolence | caritative charitable charity
humanitaire humanitarian | sante health | culturel cultural | culturelle cultural | sociale social
sainte holy | saints holy | terre land | dieu god | paix peace | liberte freedom liberty
patrie homeland fatherland | tigres tigers | lumineux shining | sentier path | unies united
unis united | strategique strategic | strategiques strategic | fusees rockets | fusee rocket
nucleaire nuclear | recherche research | recherches research | scientifique scientific
technologie technology | electronique electronic electronics
electroniques electronic electronics | ingenierie engineering | miniere mining | minier mining
acier steel | metallurgie metallurgy | peche fishing | oceanique ocean oceanic | gestion management
raffinage refining | postale postal | poste post | agricole agricultural | agricoles agricultural
fret freight | chantiers shipyards | cyberespace cyberspace | contre counter
coree korea | coreen korean | coreenne korean | iranien iranian | iranienne iranian | russe russian
chinois chinese | chinoise chinese | tchetchene chechen | tchetchenes chechen | kurde kurdish
pakistanais pakistani | turc turkish | turque turkish | colombie colombia | tamoul tamil
syrienne syrian | libanaise lebanese | irakienne iraqi | algerienne algerian | tunisienne tunisian
marocaine moroccan | egyptienne egyptian | somalienne somali | palestinienne palestinian
venezuelien venezuelan | venezuelienne venezuelan | cubain cuban | cubaine cuban | bielorusse belarusian
"""


@lru_cache(maxsize=1)
def _french_english() -> dict[str, tuple[str, ...]]:
    """Each word of `_FRENCH_ENGLISH` → its equivalents in the other language (a word spelt
    alike in both, `front`, `combat`, `union`, needs none)."""
    out: dict[str, list[str]] = {}
    for entry in re.split(r"[|\n]", _FRENCH_ENGLISH):
        if words := entry.split():
            french, *english = words
            out.setdefault(french, []).extend(english)
            for e in english:
                out.setdefault(e, []).append(french)
    return {w: tuple(dict.fromkeys(v)) for w, v in out.items()}


def latin_translations(word: str) -> tuple[str, ...]:
    """An organisation word's equivalents in the other of French and English (`etat`: state;
    `islamique`: islamic; `state`: etat), so that a French partner's `Etat islamique` meets the
    UN's `Islamic State`; never a synonym in the same language."""
    return _french_english().get(word, ())


def is_organisation(tokens: list[str]) -> bool:
    """Whether Arabic words read as an organisation name: an organisation noun, or at least two
    other glossary words (`الجهاد الإسلامي المصري`)."""
    markers = _tables()[1]
    keys = [k for k, _ in map(_lookup, tokens) if k]
    if len(tokens) < 2:  # a one-word name keeps its spellings (القاعدة), except داعش = ISIL
        return keys == [_key("داعش")]
    if any(k in markers for k in keys):
        return True
    return len(keys) >= 2


# companies' legal forms (`GRAJALES S.A.`, `… LLC`, `… GmbH`), written as a word or as letters
# (`S.A.` is read as the words `s`, `a`, which are run together here); not those that are also
# name words or articles (`SAL`, `AS`, `AG`, `AB`, `Co`)
LEGAL_FORMS = frozenset(
    {"sa", "sas", "sarl", "srl", "sl", "spa", "llc", "ltd", "inc", "gmbh", "bv", "nv", "plc"}
    | {"corp", "pte", "pvt", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "zao", "oao", "fze", "fzco"}
    | {"fzc", "llp", "sro", "kft", "wll"}
)


def is_latin_organisation(words: list[str] | tuple[str, ...]) -> bool:
    """Whether folded Latin words contain an organisation noun (group, network, mouvement, …)
    or a company's legal form (`LEGAL_FORMS`), or words of the French–English list: two joined
    by a preposition or conjunction (`Soldats du califat en Algérie`, `Soldiers of the
    Caliphate`), or three (`Syrian Arab Airlines`), as Arabic words are read
    (`is_organisation`). Two alone are a person's name as often (`Peace Freedom Okafor`,
    `North West`, `General S. al-Arab Qadhafi`: a review found their initials lost)."""
    latin = _tables()[2]
    if len(words) < 2:
        return False
    if any(w in latin or w in LEGAL_FORMS for w in words):
        return True
    listed = sum(1 for w in words if latin_translations(w))
    if listed >= 3 or (listed == 2 and any(w in _CONNECTORS for w in words)):
        return True
    # letters that end the name (`GRAJALES S.A.` → `s a` → `sa`); not initials within a
    # person's name (`Mohamed S. A. Ali`)
    k = len(words)
    while k and len(words[k - 1]) == 1:
        k -= 1
    return 0 < k < len(words) - 1 and "".join(words[k:]) in LEGAL_FORMS


__all__ = [
    "ARABIC_FUNCTION_WORDS",
    "LATIN_FUNCTION_WORDS",
    "ORGANISATION_WORDS",
    "OTHER_WORDS",
    "gloss",
    "is_latin_organisation",
    "is_organisation",
    "latin_translations",
]
