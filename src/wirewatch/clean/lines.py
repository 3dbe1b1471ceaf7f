"""The lines of a plain-text page and what each looks like on its own.

A line is read once: its words, its stopword density, whether it is a list item, whether our
chrome lexicon or its shape (a menu, a line of symbols) marks it as chrome, whether it is a
dateline. It then gets a kind:

  good    reads like a paragraph (long, punctuated, with the stopwords of prose), as in jusText
  near    a shorter sentence
  short   a short line (a heading, a list item, a label): neither prose nor chrome by itself
  chrome  site furniture, whatever its position
  blank   an empty line
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wirewatch.clean import header
from wirewatch.clean.lexicon import ChromeFamily, Lexicon, words

__all__ = [
    "HEADLINE_MAX_WORDS", "Line", "NEAR_MIN_WORDS", "SENTENCE_END", "mark_menu_runs", "mark_sandwiched", "read_lines",
    "split_lines",
]

# jusText's defaults are 70/200 characters and 0.30/0.32 stopword density; a saved page keeps
# each paragraph on one line and news paragraphs are often short, so ours are looser
GOOD_MIN_CHARS = 80
GOOD_MIN_STOP = 0.22
GOOD_ANY_WORDS = 30          # this long, a line is prose even unpunctuated or low in stopwords ...
GOOD_ANY_MIN_STOP = 0.1      # ... unless it has almost none
HEADLINE_MAX_WORDS = 30      # a longer line is prose even without final punctuation
NEAR_MIN_WORDS = 7
WEAK_FAMILIES = {"caption", "credit"}
SANDWICH_CHARS = 250         # a text this short between two chrome lines is part of their box
SANDWICH_FAMILIES = {"donation", "subscription", "newsletter", "share", "social", "legal", "cookies", "related",
                     "comments", "interface", "navigation"}
MENU_RUN = 3                 # this many short list items in a row are a menu ...
MENU_ITEM_WORDS = 4          # ... when each has at most this many words

SENTENCE_END = (".", "!", "?", "…", '"', "”", "“", "»", "«", "'", ")", "。", "！", "？", "」", "』")
_BULLET = re.compile(r"^(?:[*+o•·▪►‣-]|\d{1,3}[.)])\s+")
_SEPARATORS = re.compile(r"\s(?:\||•|·|/|»|>|›|–)\s")


@dataclass
class Line:
    start: int
    end: int
    raw: str                       # input[start:end]
    text: str                      # stripped
    bare: str                      # stripped, without a list bullet
    kind: str = "blank"            # blank | chrome | good | near | short
    bullet: bool = False
    n_words: int = 0
    family: ChromeFamily | None = None
    topic: bool = False            # a topic label ("Politics"): chrome on a menu, a section above a headline
    weak: bool = False             # chrome that also sits inside articles (numbers, captions, credits)
    date: header.DateMatch | None = None
    label: str | None = None
    reason: str = ""


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        end = pos + len(raw.rstrip("\r"))
        stripped = text[pos:end].strip()
        lines.append(Line(start=pos, end=end, raw=text[pos:end], text=stripped, bare=_BULLET.sub("", stripped)))
        pos += len(raw) + 1
    return lines


def read_lines(lines: list[Line], lex: Lexicon, stop: frozenset[str], *, day_first: bool) -> None:
    for line in lines:
        if not line.text:
            line.label, line.reason = "blank", "empty line"
            continue
        line.bullet = line.bare != line.text
        tokens = line.bare.split()
        line.n_words = len(tokens)
        alpha = words(line.bare)
        line.date = header.date_line(line.bare, lex, day_first=day_first)
        label = lex.label_kind(line.bare)
        if not alpha:
            line.kind, line.reason, line.weak = "chrome", "line without words", True
        elif (family := lex.chrome_family(line.bare, line.n_words)) is not None:
            line.kind, line.family, line.reason = "chrome", family, family.reason
            line.weak = family.name in WEAK_FAMILIES
        elif label == "nav":
            line.kind, line.reason = "chrome", lex.label_reason
        elif label == "topic":
            line.kind, line.topic, line.reason = "short", True, "topic label"
        elif _is_menu(line.bare):
            line.kind, line.reason = "chrome", "menu line (separated links)"
        else:
            density = sum(1 for w in alpha if w.lower() in stop) / len(alpha)
            prose = len(line.bare) >= GOOD_MIN_CHARS and (density >= GOOD_MIN_STOP or not stop)
            # paragraphs end with punctuation; a long unpunctuated line is more often a headline
            punctuated = line.bare.endswith(SENTENCE_END) or line.n_words >= HEADLINE_MAX_WORDS
            # a long line of few stopwords is a list of links or tags, not prose
            long_prose = (line.n_words >= GOOD_ANY_WORDS and (density >= GOOD_ANY_MIN_STOP or not stop)
                          and len(alpha) >= 0.6 * line.n_words)
            if line.date is None and ((prose and punctuated) or long_prose):
                line.kind = "good"
            elif line.n_words >= 2 * NEAR_MIN_WORDS or (
                line.n_words >= NEAR_MIN_WORDS and line.bare.endswith(SENTENCE_END)
            ):
                line.kind = "near"
            else:
                line.kind = "short"


def mark_menu_runs(lines: list[Line], content: list[int]) -> None:
    """Runs of short list items are menus, tag lists or teaser links, not article lists.

    Article lists have longer items or quantities ("200 g sugar"); a run of one-to-four-word
    items without punctuation is navigation wherever it stands.
    """
    run: list[int] = []
    for i in content + [-1]:
        line = lines[i] if i >= 0 else None
        if line is not None and line.bullet and line.kind in ("short", "chrome") and _menu_item(line):
            run.append(i)
            continue
        if len(run) >= MENU_RUN:
            for j in run:
                if lines[j].kind != "chrome":
                    lines[j].kind, lines[j].reason = "chrome", "run of short list items (menu)"
        run = []


def mark_sandwiched(lines: list[Line], content: list[int]) -> None:
    """A short text between two chrome lines belongs to their box (a newsletter or donation box's
    pitch between its heading and its button), not to the article."""
    def boxed(line: Line) -> bool:
        # prompts and menus enclose a box; captions, credits, ads and stray numbers sit inside articles
        return line.kind == "chrome" and (line.family is None and line.reason != "line without words"
                                          or line.family is not None and line.family.name in SANDWICH_FAMILIES)
    marks = []
    for n in range(1, len(content) - 1):
        line = lines[content[n]]
        if line.kind == "chrome" or (line.kind == "good" and len(line.bare) > SANDWICH_CHARS):
            continue
        if boxed(lines[content[n - 1]]) and boxed(lines[content[n + 1]]):
            marks.append(line)
    for line in marks:
        line.kind, line.reason = "chrome", "text between two chrome lines"


def _menu_item(line: Line) -> bool:
    if line.text[:1].isdigit():
        return False  # a numbered list is the article's ("1. Preheat the oven")
    tokens = line.bare.split()
    if len(tokens) > MENU_ITEM_WORDS or line.bare.endswith(SENTENCE_END[:3]):
        return False
    return not (len(tokens) > 1 and tokens[0][:1].isdigit())


def _is_menu(text: str) -> bool:
    pieces = _SEPARATORS.split(text)
    return len(pieces) >= 3 and sum(len(p.split()) for p in pieces) / len(pieces) <= 3
