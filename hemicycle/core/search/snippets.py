"""Highlighted passages: the part of a document's text where the query's words are, escaped,
with each hit in <mark>. Computed in Python from the stored text, so both engines show the
same passage (decision 0016)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hemicycle.core.search.text import Term, fold

# A word in the original text (letters with their accents, digits).
_WORD = re.compile(r"\w+")
WINDOW = 240  # characters of context around the first cluster of hits
MAX_CANDIDATES = 400
MAX_SCAN = 2_000_000
CHUNK = 20_000
MAX_WORD_SPAN = 100


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return fold(word)


# A folded letter → the letters it stands for in French text, so that the pre-filter runs
# on the original text without folding it first.
_VARIANTS = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóò",
    "u": "uùûüú",
    "y": "yÿ",
}


def _accent_insensitive(prefix: str) -> str:
    return "".join(f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in prefix)


@lru_cache(maxsize=256)
def _candidates_for(starts: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(_accent_insensitive(s) for s in starts)
    return re.compile(r"\b(?:" + alternatives + r")\w*", re.IGNORECASE)


def _candidates(query: list[Term]) -> re.Pattern[str]:
    # A cheap pre-filter on the folded text: words starting like a stem (less its last
    # letter: « animaux » has the stem « animal »); each candidate is then checked exactly.
    starts = sorted(
        {(t.stem[:-1] if len(t.stem) > 3 else t.stem) for t in query}
        | {t.word[:4] for t in query if t.prefix}
    )
    return _candidates_for(tuple(starts))


def _is_hit(word: str, query: list[Term]) -> bool:
    folded = _fold_word(word)
    return any(term.matches(w) for w in re.findall(r"[a-z]+|[0-9]+", folded) for term in query)


def highlight(text: str, query: list[Term]) -> SafeString:
    """The whole text escaped, with the query's words in <mark> (for titles)."""
    return _render(text, query)


def _render(text: str, query: list[Term]) -> SafeString:
    pieces: list[str] = []
    last = 0
    if query:
        # Only the words the pre-filter picks are checked (stemming every word of every
        # passage of a page cost more than the SQL query).
        for match in _candidates(query).finditer(text):
            start, end = match.span()
            word = text[start:end]
            if _is_hit(word, query):
                pieces.append(escape(text[last:start]))
                pieces.append(f"<mark>{escape(word)}</mark>")
                last = end
    pieces.append(escape(text[last:]))
    # django-rules: allow mark-safe (every piece of text went through escape())
    return mark_safe("".join(pieces))  # noqa: S308  # nosec B308 B703


def _first_hit(text: str, pattern: re.Pattern[str], query: list[Term]) -> list[int]:
    # Fold and scan chunk by chunk: the first hit is usually early in a long PDF.
    checked = 0
    for offset in range(0, len(text), CHUNK):
        haystack = text[offset : offset + CHUNK + MAX_WORD_SPAN]
        for found in pattern.finditer(haystack):
            if found.start() >= CHUNK:
                break  # the next chunk sees this word whole
            checked += 1
            if checked > MAX_CANDIDATES:
                return []
            if _is_hit(found.group(), query):
                return [offset + found.start()]
    return []


def snippet(text: str, query: list[Term]) -> SafeString:
    """A passage of about WINDOW characters around the first hits, escaped and highlighted."""
    text = text[:MAX_SCAN]
    if not text.strip():
        return SafeString("")
    start = 0
    if query:
        pattern = _candidates(query)
        hits = _first_hit(text, pattern, query)
        if hits:
            start = max(0, hits[0] - WINDOW // 3)
    end = min(len(text), start + WINDOW)
    # Whole words only at both ends.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = " ".join(text[start:end].split())
    rendered = _render(passage, query)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    # django-rules: allow mark-safe (the passage was escaped by _render, the ellipses here)
    return mark_safe(escape(prefix) + rendered + escape(suffix))  # noqa: S308  # nosec B308 B703
