"""French text normalisation for the global search, done once in Python for both engines.

A word becomes a *term*: lower case, accents folded, letters and digits split apart, French
stop words dropped, then reduced to its French Snowball stem (the algorithm behind
PostgreSQL's `french_stem`). Accents are folded *before* stemming, so that « region » and
« région » give the same term whatever the user typed. Documents and queries go through the
same function, which is what makes SQLite and PostgreSQL find the same documents
(decision 0016).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Folded forms (see `fold`) of the usual French stop words: articles, pronouns, prepositions,
# conjunctions and the commonest forms of être and avoir.
STOP_WORDS = frozenset(
    [
        "a",
        "ai",
        "aie",
        "aient",
        "aies",
        "ait",
        "as",
        "au",
        "aura",
        "aurai",
        "auraient",
        "aurais",
        "aurait",
        "auras",
        "aurez",
        "auriez",
        "aurions",
        "aurons",
        "auront",
        "aux",
        "avaient",
        "avais",
        "avait",
        "avec",
        "avez",
        "aviez",
        "avions",
        "avons",
        "ayant",
        "ayez",
        "ayons",
        "c",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "ces",
        "cet",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "es",
        "est",
        "et",
        "etaient",
        "etais",
        "etait",
        "etant",
        "ete",
        "etes",
        "etiez",
        "etions",
        "eu",
        "eue",
        "eues",
        "eumes",
        "eurent",
        "eus",
        "eusse",
        "eussent",
        "eusses",
        "eussiez",
        "eussions",
        "eut",
        "eutes",
        "eux",
        "fumes",
        "furent",
        "fus",
        "fusse",
        "fussent",
        "fusses",
        "fussiez",
        "fussions",
        "fut",
        "futes",
        "ici",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "memes",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "s",
        "sa",
        "sans",
        "se",
        "sera",
        "serai",
        "seraient",
        "serais",
        "serait",
        "seras",
        "serez",
        "seriez",
        "serions",
        "serons",
        "seront",
        "ses",
        "soi",
        "soient",
        "sois",
        "soit",
        "sommes",
        "son",
        "sont",
        "soyez",
        "soyons",
        "suis",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)

_WORD = re.compile(r"[a-z]+|[0-9]+")
# Longest word kept: longer runs are noise (hashes, glued PDF text), and PostgreSQL refuses
# words over 2 kB anyway.
MAX_WORD = 60
# Beyond this many body terms, only terms not yet seen are kept: every word of a long PDF stays
# findable while the PostgreSQL tsvector stays far below its 1 MB limit.
MAX_BODY_TERMS = 30_000
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 10


def _fold_table() -> dict[int, str]:
    """Lower-case letter → its letters without accents, for the Latin blocks."""
    table: dict[int, str] = {}
    for code in [*range(0x80, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if not char.isalpha() or not char.islower():
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base != char and base.isascii():
            table[code] = base
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("ß"): "ss"})
    # Typographic ligatures (frequent in PDF text) and combining accents (text in NFD form).
    table.update({code: unicodedata.normalize("NFKD", chr(code)) for code in range(0xFB00, 0xFB07)})
    table.update(dict.fromkeys(range(0x300, 0x370), ""))
    return table


_FOLD = _fold_table()
_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, ligatures spelled out, accents removed: « Région Œuvre » → « region oeuvre »."""
    # One table lookup per character (much faster than NFKD on a whole PDF); other
    # characters stay as they are and separate words.
    return text.lower().translate(_FOLD)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The French stem of an already folded word."""
    return str(_stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """Folded words of a text, stop words and one-letter words included."""
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_WORD]


def _keep(word: str) -> bool:
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


def terms(text: str) -> list[str]:
    """The indexed terms of a text, in order."""
    return [stem(w) for w in words(text) if _keep(w)]


def body_terms(text: str) -> str:
    found = terms(text)
    if len(found) <= MAX_BODY_TERMS:
        return " ".join(found)
    head = found[:MAX_BODY_TERMS]
    seen = set(head)
    tail = [t for t in dict.fromkeys(found[MAX_BODY_TERMS:]) if t not in seen]
    return " ".join(head + tail)


@dataclass(frozen=True)
class Term:
    """One word of a query: its stem and, for the word being typed, a prefix match."""

    stem: str
    word: str
    prefix: bool = False

    def matches(self, word: str) -> bool:
        """Whether a folded word of a document is a hit for this query term."""
        if not self.prefix:
            return stem(word) == self.stem
        return word.startswith(self.word) or stem(word).startswith(self.stem)


def parse_query(text: str) -> list[Term]:
    """The terms of what the user typed: every word must match (AND), and the last word also
    matches as a prefix unless the user ended with a space (they are still typing it)."""
    text = text[:MAX_QUERY_CHARS]
    found = [w for w in words(text) if _keep(w)][:MAX_QUERY_TERMS]
    typing = bool(text) and not text[-1].isspace() and bool(found)
    result: list[Term] = []
    seen: set[tuple[str, bool]] = set()
    for index, word in enumerate(found):
        prefix = typing and index == len(found) - 1 and not word.isdigit()
        term = Term(stem=stem(word), word=word, prefix=prefix)
        if (term.stem, prefix) not in seen:
            seen.add((term.stem, prefix))
            result.append(term)
    return result


def fts5_match(query: list[Term]) -> str:
    """The FTS5 MATCH expression. Terms are [a-z0-9]+ only, quoted anyway."""
    parts = []
    for term in query:
        if term.prefix and term.word != term.stem:
            parts.append(f'("{term.stem}"* OR "{term.word}"*)')
        elif term.prefix:
            parts.append(f'"{term.stem}"*')
        else:
            parts.append(f'"{term.stem}"')
    return " AND ".join(parts)


def tsquery(query: list[Term]) -> str:
    """The to_tsquery('simple', …) expression with the same meaning as `fts5_match`."""
    parts = []
    for term in query:
        if term.prefix and term.word != term.stem:
            parts.append(f"({term.stem}:* | {term.word}:*)")
        elif term.prefix:
            parts.append(f"{term.stem}:*")
        else:
            parts.append(term.stem)
    return " & ".join(parts)
