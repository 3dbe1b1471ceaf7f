"""Quoted spans from the quotation marks alone, before any parsing.

Each line of the text is a paragraph. Marks pair within a paragraph: “ ” (and “ misused as a closer,
” misused as an opener at a word start), „ “, « », ‹ ›, `` '' (Penn Treebank text), straight " (opens
before a word, closes after one), and single ‘ ’ or ' (only outside double quotes, only closed within
the paragraph, never across an apostrophe: ‘don’t’ stays whole). Only the outermost quotation counts:
marks nested inside it belong to it. A double quotation still open at the paragraph's end runs to that
end, and when the next paragraph opens with a mark it goes on there (a quotation over several
paragraphs): ``Quoted.chain`` numbers the pieces of one such quotation.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import QuoteLexicon, load_quotes_lexicon

__all__ = ["Quoted", "find_quoted", "paragraphs"]

_MAX_SINGLE_WORDS = 14      # a straight 'single-quoted' run longer than this is apostrophes, not a quote


@dataclass
class Quoted:
    open: int           # offset of the opening mark
    start: int          # the content: inside the marks, without surrounding spaces
    end: int
    close: int          # offset just after the closing mark (the content's end when unclosed)
    closed: bool
    paragraph: int
    single: bool = False
    chain: int | None = None    # pieces of one quotation running over paragraphs share a number


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, surrounding spaces excluded."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            left = pos + len(line) - len(line.lstrip())
            out.append((left, left + len(stripped)))
        pos += len(line) + 1
    return out


def _boundary_before(text: str, i: int, start: int) -> bool:
    return i == start or not text[i - 1].isalnum()


def _word_after(text: str, i: int, end: int) -> bool:
    return i < end and not text[i].isspace()


def _alnum_after(text: str, i: int, end: int) -> bool:
    return i < end and text[i].isalnum()


def _content(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _scan(text: str, start: int, end: int, number: int, lex: QuoteLexicon) -> list[Quoted]:
    found: list[Quoted] = []
    i = start
    opener: str | None = None
    opened = 0
    depth = 0           # “nested “same-style” quotations” inside the open one
    while i < end:
        ch, two = text[i], text[i:i + 2]
        if opener is None:
            if two == "``" or (two == "''" and _boundary_before(text, i, start) and _word_after(text, i + 2, end)):
                opener, opened, i = two, i, i + 2
                depth = 0
                continue
            if ch in lex.singles:
                if _boundary_before(text, i, start) and _alnum_after(text, i + 1, end):
                    opener, opened = ch, i
            elif ch in lex.pairs:
                if _word_after(text, i + 1, end) or i + 1 >= end:
                    opener, opened = ch, i
            elif ch == "”" and _boundary_before(text, i, start) and _alnum_after(text, i + 1, end):
                opener, opened = "“", i          # ” written where “ was meant, at a word's start
            elif ch in lex.toggles and _word_after(text, i + 1, end):
                opener, opened = ch, i
            i += 1
            continue
        closing = None
        if opener == "''":
            if two == "''" and i > opened + 2:
                closing = 2
        elif opener in lex.toggles:
            if ch == opener:
                closing = 1
        elif opener in ("'", "‘"):
            if ch == ("'" if opener == "'" else "’") and i > opened + 1 and not text[i - 1].isspace() \
                    and not _alnum_after(text, i + 1, end):
                closing = 1
        else:
            closers = lex.pairs.get(opener, ())
            if ch == opener and ch in lex.pairs and _boundary_before(text, i, start) \
                    and _alnum_after(text, i + 1, end):
                depth += 1                      # a quotation inside the quotation, in the same marks
                i += 1
                continue
            if two in closers and len(two) == 2:
                closing = 2
            elif ch in lex.toggles and opener in ("“", "„", "``") and not text[i - 1].isspace() \
                    and not _alnum_after(text, i + 1, end) and _next_mark_is_not(text, i + 1, end, ch):
                closing = 1                     # “ closed by a straight mark: a typing slip
            elif ch in closers:
                # “ as a closer only where a closer can stand: after a word, not before one
                if ch == opener or ch in lex.pairs:
                    if not _alnum_after(text, i + 1, end) and i > opened + 1 and not text[i - 1].isspace():
                        closing = 1
                else:
                    closing = 1
        if closing and depth:
            depth -= 1
            i += closing
            continue
        if closing:
            a, b = _content(text, opened + len(opener), i)
            single = opener in lex.singles
            if b > a and not (single and opener == "'" and len(text[a:b].split()) > _MAX_SINGLE_WORDS):
                found.append(Quoted(opened, a, b, i + closing, True, number, single))
            opener = None
            i += closing
            continue
        i += 1
    if opener is not None:
        if opener in lex.singles:
            # a single mark never left open: it was an apostrophe; look again after it
            return found + _scan(text, opened + 1, end, number, lex)
        a, b = _content(text, opened + len(opener), end)
        if b > a:
            found.append(Quoted(opened, a, b, b, False, number))
    return found


def _next_mark_is_not(text: str, i: int, end: int, mark: str) -> bool:
    """No other straight mark later in the paragraph (which would make this one an inner quotation)."""
    return text.find(mark, i, end) < 0


def find_quoted(text: str, lexicon: QuoteLexicon | None = None) -> list[Quoted]:
    """Every outermost quotation in ``text``, in order."""
    lex = lexicon or load_quotes_lexicon()
    out: list[Quoted] = []
    paras = paragraphs(text)
    chain = 0
    for number, (start, end) in enumerate(paras):
        found = _scan(text, start, end, number, lex)
        if out and not out[-1].closed and out[-1].paragraph == number - 1 and found \
                and found[0].open == start:
            prev = out[-1]
            if prev.chain is None:
                chain += 1
                prev.chain = chain
            found[0].chain = prev.chain
        out.extend(found)
    return out
