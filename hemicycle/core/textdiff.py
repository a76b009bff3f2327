"""Word-level diff of French legal texts (amendments, successive drafts).

Pure Python on top of :mod:`difflib`. See docs/decisions/0012-word-diff.md.

- :func:`tokenize` cuts a text into French-aware tokens; joining them gives the text back.
- :func:`diff` compares two texts word by word and returns merged :class:`Segment` runs.
- :func:`side_by_side` pairs paragraphs for a two-column view (:class:`Row`).
- :func:`stats` counts the words inserted and deleted.

Comparison ignores differences that a reader cannot see or that only come from the
keyboard used: every whitespace run compares equal to every other (a non-breaking space,
U+00A0 or U+202F, is the same as a space, a line break inside a paragraph too), except
that a paragraph break (a run with two line breaks or more) differs from a space; the
straight apostrophe (') and the typographic one (’) compare equal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]

_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
_APOS = "['\u2019]"

# Words written with an apostrophe that are single words, not an elision.
_LEXICALISED = (
    rf"aujourd{_APOS}hui"
    rf"|prud{_APOS}hom{_LETTER}*"  # prud’homme(s), prud’homal(e), prud’homaux, prud’homie
    rf"|quelqu{_APOS}une?"
    rf"|presqu{_APOS}[iî]les?"
)

_TOKEN_RE = re.compile(
    rf"""
    (?:{_LEXICALISED})(?!{_ALNUM})                # lexicalised words
    | \s+                                         # whitespace run, NBSP included
    | {_LETTER}+{_APOS}(?={_LETTER})              # elision: l’, d’, qu’, jusqu’…
    | \d+(?:[.,]\d+)+(?!{_ALNUM})                 # decimal number: 234,56
    | {_ALNUM}+(?:-(?:{_LETTER}+{_APOS})?{_ALNUM}+)*  # word, compound (Côte-d’Or), 4221-1
    | .                                           # anything else: punctuation, symbol
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_WORD_RE = re.compile(_ALNUM)
_DIGITS_RE = re.compile(r"\d{1,3}")
_THOUSANDS_RE = re.compile(r"\d{3}(?:[.,]\d+)?")
# A single space between digit groups: "10 000", with a normal or a non-breaking space.
_GROUP_SEPARATORS = frozenset({" ", "\u00a0", "\u202f"})
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")

SPACE_KEY = " "
PARAGRAPH_KEY = "\n\n"


def tokenize(text: str) -> list[str]:
    """French-aware tokens of ``text``; ``"".join(tokenize(text)) == text``.

    Words (accents, œ/æ and digits included) and hyphenated compounds ("peut-être",
    "Hauts-de-France", "L. 4221-1" gives "4221-1") are one token; an elision is split
    after its apostrophe ("l’article" gives "l’", "article"), except in lexicalised words
    ("aujourd’hui", "prud’hommes"); a decimal number ("234,56") is one token; every
    punctuation mark or symbol is its own token; a whitespace run is one token.
    """
    return _TOKEN_RE.findall(text)


def token_key(token: str) -> str:
    """What a token is compared by (see the module docstring)."""
    if token.isspace():
        return PARAGRAPH_KEY if token.count("\n") >= 2 else SPACE_KEY
    return token.replace("'", "\u2019")


def is_word(token: str) -> bool:
    """True for a token with a letter or a digit (elisions and numbers included)."""
    return _WORD_RE.search(token) is not None


@dataclass(frozen=True)
class Segment:
    """A run of text that is equal in both versions, deleted from the old one or inserted.

    ``text`` is what to show. An equal segment whose old text differs only in ways the
    comparison ignores (a non-breaking space instead of a space, ' instead of ’) keeps
    the new version in ``text`` and the old one in ``old_text``; ``old_text`` is None
    otherwise. Use :attr:`old_side` and :attr:`new_side` to rebuild either version.
    """

    op: Op
    text: str
    old_text: str | None = None

    @property
    def old_side(self) -> str:
        """This segment's share of the old text."""
        if self.op == "insert":
            return ""
        if self.op == "equal" and self.old_text is not None:
            return self.old_text
        return self.text

    @property
    def new_side(self) -> str:
        """This segment's share of the new text."""
        return "" if self.op == "delete" else self.text


def old_text(segments: Iterable[Segment]) -> str:
    """The old version, rebuilt from a diff."""
    return "".join(segment.old_side for segment in segments)


def new_text(segments: Iterable[Segment]) -> str:
    """The new version, rebuilt from a diff."""
    return "".join(segment.new_side for segment in segments)


@dataclass(frozen=True)
class _Unit:
    """What the diff compares: one token, or a number with thousands separators."""

    text: str
    key: str


def _units(tokens: Sequence[str]) -> list[_Unit]:
    """Tokens, with "10 000" (any single-space separator) glued into one unit.

    An amount then reads as one change ("10 000" → "15 000") rather than "10" → "15"
    before an unchanged "000".
    """
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _DIGITS_RE.fullmatch(token):
            j = i
            while (
                j + 2 < len(tokens)
                and tokens[j + 1] in _GROUP_SEPARATORS
                and _THOUSANDS_RE.fullmatch(tokens[j + 2])
            ):
                j += 2
            if j > i:
                parts = tokens[i : j + 1]
                key = "#" + "".join(parts[::2])
                units.append(_Unit("".join(parts), key))
                i = j + 1
                continue
        units.append(_Unit(token, token_key(token)))
        i += 1
    return units


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    """Drop empty segments and merge adjacent segments of the same op."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text and not segment.old_side:
            continue
        if merged and merged[-1].op == segment.op:
            previous = merged.pop()
            text = previous.text + segment.text
            old = previous.old_side + segment.old_side
            if segment.op == "equal":
                segment = Segment("equal", text, None if old == text else old)
            else:
                segment = Segment(segment.op, text)
        merged.append(segment)
    return merged


def diff(old: str, new: str) -> list[Segment]:
    """Word-level diff of two texts.

    Adjacent segments of the same op are merged; a replaced passage gives a delete then
    an insert. Spaces alone between two changes are absorbed into the change, so that
    "a b c" → "x y z" reads as one deletion and one insertion. Paragraph breaks are never
    absorbed.
    """
    old_units = _units(tokenize(old))
    new_units = _units(tokenize(new))
    matcher = difflib.SequenceMatcher(
        None, [u.key for u in old_units], [u.key for u in new_units], autojunk=False
    )
    opcodes = matcher.get_opcodes()

    def absorbable(index: int) -> bool:
        tag, i1, i2, _, _ = opcodes[index]
        return (
            tag == "equal"
            and 0 < index < len(opcodes) - 1
            and all(u.key == SPACE_KEY for u in old_units[i1:i2])
        )

    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        segments.append(Segment("delete", "".join(deleted)))
        segments.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        old_part = "".join(u.text for u in old_units[i1:i2])
        new_part = "".join(u.text for u in new_units[j1:j2])
        if tag == "equal" and not absorbable(index):
            flush()
            segments.append(Segment("equal", new_part, None if old_part == new_part else old_part))
        else:
            deleted.append(old_part)
            inserted.append(new_part)
    flush()
    return _merge(segments)


Status = Literal["unchanged", "changed", "inserted", "deleted"]


@dataclass(frozen=True)
class Row:
    """One paragraph of a two-column view.

    ``left`` holds the old paragraph as equal and delete segments, ``right`` the new one
    as equal and insert segments; each segment's ``text`` is what its column shows. A
    paragraph present on one side only leaves the other side empty.
    """

    left: tuple[Segment, ...]
    right: tuple[Segment, ...]
    status: Status

    @property
    def unchanged(self) -> bool:
        return self.status == "unchanged"

    @property
    def left_text(self) -> str:
        return "".join(segment.text for segment in self.left)

    @property
    def right_text(self) -> str:
        return "".join(segment.text for segment in self.right)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: split on blank lines, stripped, empty ones dropped."""
    parts = (part.strip() for part in _PARAGRAPH_BREAK_RE.split(text))
    return [part for part in parts if part]


def _paragraph_key(paragraph: str) -> str:
    return "".join(u.key for u in _units(tokenize(paragraph)))


def _changed_row(old: str, new: str) -> Row:
    segments = diff(old, new)
    left = _merge(
        Segment("equal", s.old_side) if s.op == "equal" else s for s in segments if s.op != "insert"
    )
    right = _merge(
        Segment("equal", s.text) if s.op == "equal" else s for s in segments if s.op != "delete"
    )
    return Row(tuple(left), tuple(right), "changed")


def side_by_side(old: str, new: str) -> list[Row]:
    """Rows of a two-column view, one per paragraph.

    Paragraphs are matched first (difflib on whole paragraphs, compared as in
    :func:`diff`); paragraphs replaced by others are paired in order and compared word by
    word; the surplus of either side makes rows with one empty column.
    """
    old_paragraphs = paragraphs(old)
    new_paragraphs = paragraphs(new)
    matcher = difflib.SequenceMatcher(
        None,
        [_paragraph_key(p) for p in old_paragraphs],
        [_paragraph_key(p) for p in new_paragraphs],
        autojunk=False,
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_paragraphs[i1:i2], new_paragraphs[j1:j2]
        if tag == "equal":
            rows.extend(
                Row((Segment("equal", o),), (Segment("equal", n),), "unchanged")
                for o, n in zip(olds, news, strict=True)
            )
            continue
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                rows.append(_changed_row(olds[k], news[k]))
            elif k < len(olds):
                rows.append(Row((Segment("delete", olds[k]),), (), "deleted"))
            else:
                rows.append(Row((), (Segment("insert", news[k]),), "inserted"))
    return rows


def _count_words(text: str) -> int:
    return sum(1 for unit in _units(tokenize(text)) if is_word(unit.text))


def stats(old: str, new: str) -> dict[str, int]:
    """Words inserted, deleted and unchanged between two texts.

    An elision ("l’") and a number ("10 000" included) each count as one word.
    """
    counts = {"inserted": 0, "deleted": 0, "unchanged": 0}
    names = {"insert": "inserted", "delete": "deleted", "equal": "unchanged"}
    for segment in diff(old, new):
        counts[names[segment.op]] += _count_words(segment.text)
    return counts
