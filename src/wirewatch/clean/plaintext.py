"""Reading a plain-text page that still carries its site's chrome.

Input: text as a reader saves a web page, one block a line (blank lines between blocks allowed).
Every line gets one label:

  chrome      menus, prompts (donate, subscribe, share, newsletter), legal and cookie notices, credits,
              related-article teasers, comment forms, and whatever lies outside the article
  section     the site's section label above the headline
  source      an outlet label next to the headline (the outlet that wrote a reposted story)
  headline    the article's title
  byline      "By Jane Doe"
  dateline    the publication date line
  subheading  a short heading between body paragraphs
  body        the article's paragraphs
  blank       an empty line

How: `lines.py` reads each line on its own: chrome by our lexicon (data/chrome.toml) or by its
shape (menus, runs of short list items, symbols), "good" when it reads like a paragraph (long,
punctuated, the stopword density of prose, as in jusText), else a shorter sentence or a short
line. Then, over the whole page, the main text is the stretch of lines of greatest worth: prose
counts its characters, chrome and short lines cost, a boundary prompt ("Comments", "Related
articles") costs more and discounts the prose after it. The stretch grows over the neutral
lines at its edges (a list, a closing link); the lines just above it are read as the article
header (headline, byline, dateline, source, section); the rest of the page is chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from wirewatch.clean import header
from wirewatch.clean.lexicon import Lexicon, detect_language, load_lexicon, stopwords
from wirewatch.clean.lines import (
    HEADLINE_MAX_WORDS, NEAR_MIN_WORDS, SENTENCE_END, Line, mark_menu_runs, mark_sandwiched, read_lines, split_lines,
)

__all__ = ["LABELS", "LineLabel", "PlainTextLayout", "classify_lines"]

LABELS = ("chrome", "section", "source", "headline", "byline", "dateline", "subheading", "body", "blank")

# the main text is the stretch of lines of most value: prose counts its characters, other lines cost
NEAR_VALUE = 0.5             # a near line counts this share of its characters
CHROME_COST = 60.0
BOUNDARY_COST = 200.0        # a "Comments" or "Related articles" line
SHORT_COST = 10.0            # a short line, a number, a caption
BULLET_COST = 20.0           # a short list item
BOUNDARY_PROSE = 300         # a boundary prompt discounts later prose once this much prose came before
BOUNDARY_DISCOUNT = 0.3
INLINE_BOX_LINES = 5         # a teaser box inside an article holds at most this many lines
EXTEND_LINES = 30            # at most this many neutral lines join the main text on either side
EXTEND_ITEM_WORDS = 8        # after the text, an unpunctuated line this long still joins it
HEADER_INSIDE = 5            # a dateline or byline this close to the main text's start belongs to the header
HEADER_WINDOW = 12           # non-chrome lines above the main text searched for the article header ...
HEADER_SPAN = 40             # ... among at most this many lines
SUBHEADING_MAX_WORDS = 15
SECTION_MAX_WORDS = 8
CREDIT_LINES = 3             # lines after the text searched for a wire credit ("Reporting by ...")

_DOMAIN = re.compile(
    r"(?<![@\w.-])((?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:com|org|net|info|news|tv|io|eu|de|at|ch|fr|es|it|uk|us|ca|au|nl|"
    r"be|pl|ru|in|ir|tr|gov|edu|int|mil))\b"
)
_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*[,:]?\s*"
    r"([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})",
    re.IGNORECASE,
)
_HOLDER_END = re.compile(
    r"\b(?:all rights|alle rechte|tous droits|todos los|inc|llc|ltd|gmbh|ag|s\.a)\b", re.IGNORECASE
)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CREDIT_OPENINGS = ("reporting", "writing", "additional reporting")


@dataclass
class LineLabel:
    """One input line. text == input[start:end]; reason names the rule that labelled it."""

    text: str
    label: str
    reason: str
    start: int
    end: int


@dataclass
class PlainTextLayout:
    """What `classify_lines` read; `body` joins the body and subheading lines with "\\n\\n"."""

    lines: list[LineLabel] = field(default_factory=list)
    title: str | None = None
    section: str | None = None
    source_labels: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    published: str | None = None
    subheadings: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    body: str = ""
    language: str | None = None  # ISO 639-1, guessed from stopwords (the caller's hint when unsure)
    boilerplate: list[str] = field(default_factory=list)


def classify_lines(text: str, *, language: str = "en") -> PlainTextLayout:
    """Label every line of a plain-text page and gather the article's parts.

    text (str): the page as plain text, one block a line.
    language (str): ISO 639-1 code expected; the stopword lists of another language are used
        instead when they clearly fit the text better.
    """
    lex = load_lexicon()
    lines = split_lines(text)
    lang = detect_language("\n".join(line.bare for line in lines), language)
    read_lines(lines, lex, stopwords(lang), day_first=lang != "en")
    content = [i for i, line in enumerate(lines) if line.kind != "blank"]
    mark_menu_runs(lines, content)
    mark_sandwiched(lines, content)
    cluster = _main_region(lines, content)
    if cluster is None:
        # no line reads as prose (a list page, a language without a stoplist): the longer
        # non-chrome lines stand in for paragraphs
        for i in content:
            if lines[i].kind == "near" or (lines[i].kind == "short" and lines[i].n_words >= NEAR_MIN_WORDS):
                lines[i].kind = "good"
        cluster = _main_region(lines, content)
    if cluster is None:
        for line in lines:
            if line.label is None:
                line.label, line.reason = "chrome", line.reason or "no paragraph of text on the page"
        return replace(_assemble(lines, lex), language=lang)
    first, last = cluster
    first = _header_inside(lines, content, first, last, lex)
    first, last = _extend(lines, content, first, last, lex)
    first = _title_at_top(lines, content, first, last)
    _read_header(lines, content, first, lex)
    _read_body(lines, content, first, last, lex)
    _read_credits(lines, content, last, lex)
    for i in content:
        line = lines[i]
        if line.label is None:
            line.label = "chrome"
            line.reason = line.reason or f"outside the main text ({'before' if i < first else 'after'} it)"
    return replace(_assemble(lines, lex), language=lang)


def _main_region(lines: list[Line], content: list[int]) -> tuple[int, int] | None:
    """(first, last) line index of the stretch of lines with the most prose net of chrome.

    Each line is worth its prose (good lines their length, near lines half of it) minus a cost
    for chrome and short lines; the article is the maximum-sum stretch. Prose after a boundary
    prompt ("Comments", "Related articles") that follows earlier prose is discounted, since reader
    comments and teasers often outweigh the article itself.
    """
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, None
    prose_so_far, discount = 0, 1.0
    for n, i in enumerate(content):
        line = lines[i]
        if line.kind == "good":
            value = len(line.bare) * discount
            prose_so_far += len(line.bare)
        elif line.kind == "near":
            value = NEAR_VALUE * len(line.bare) * discount
        elif line.kind == "chrome":
            boundary = line.family is not None and line.family.boundary
            value = -BOUNDARY_COST if boundary else -SHORT_COST if line.weak else -CHROME_COST
            if boundary and prose_so_far >= BOUNDARY_PROSE and not _inline_box(lines, content, n):
                discount = BOUNDARY_DISCOUNT
        else:
            value = -BULLET_COST if line.bullet else -SHORT_COST
        if run_start is None or run_sum + value < value:
            run_sum, run_start = value, i
        else:
            run_sum += value
        if run_sum > best_sum and line.kind in ("good", "near"):
            best_sum, best = run_sum, (run_start, i)
    if best is None:
        return None
    first = next(i for i in content if best[0] <= i and lines[i].kind in ("good", "near"))
    return first, best[1]


def _inline_box(lines: list[Line], content: list[int], n: int) -> bool:
    """Whether the boundary at content[n] heads a box of teaser links inside the article
    ("Related: * ... * ...") after which the article's prose resumes, rather than its end."""
    teasers = 0
    for i in content[n + 1 : n + 1 + INLINE_BOX_LINES]:
        line = lines[i]
        if line.kind == "good":
            return teasers > 0
        if line.date is not None or line.kind == "chrome" and not line.bullet:
            return False
        teasers += 1
    return False


def _is_header_line(line: Line, lex: Lexicon) -> bool:
    return (line.date is not None or header.byline_authors(line.bare, lex) is not None
            or header.source_label(line.bare, lex) is not None)


def _extend(lines: list[Line], content: list[int], first: int, last: int, lex: Lexicon) -> tuple[int, int]:
    """Grow the main text over the neutral lines around it (lists, short paragraphs, a headline).

    Short lines are neither prose nor chrome; next to the main text they are part of it (a recipe's
    ingredients, a closing link) until a chrome line or the article header stops the run.
    """
    position = {i: n for n, i in enumerate(content)}
    n = position[first]
    steps = 0
    while n > 0 and steps < EXTEND_LINES:
        line = lines[content[n - 1]]
        if line.kind == "chrome" or line.topic or _is_header_line(line, lex):
            break
        n, steps = n - 1, steps + 1
    new_first = content[n]
    n = position[last]
    steps = 0
    while n + 1 < len(content) and steps < EXTEND_LINES:
        line = lines[content[n + 1]]
        if line.kind == "chrome" or line.topic or line.date is not None:
            break
        # after the text, a short unpunctuated line is more often a box's heading or a teaser
        # than the article's last word
        closing = (line.bare.endswith(SENTENCE_END + (":",)) or _URL_LINE.match(line.bare) or line.bullet
                   or line.n_words >= EXTEND_ITEM_WORDS)
        if not closing:
            break
        n, steps = n + 1, steps + 1
    return new_first, content[n]


def _title_at_top(lines: list[Line], content: list[int], first: int, last: int) -> int:
    """Leave a title-like first line (short, unpunctuated) to the header reader: it is the headline."""
    line = lines[first]
    inside = [i for i in content if first < i <= last]
    if (line.kind in ("short", "near") and not line.bullet and line.n_words <= HEADLINE_MAX_WORDS
            and not line.bare.endswith((".", ",", ";", ":")) and inside):
        return inside[0]
    return first


def _header_inside(lines: list[Line], content: list[int], first: int, last: int, lex: Lexicon) -> int:
    """Move the start of the main text past header lines (dateline, byline) among its first lines."""
    opening = [i for i in content if first <= i <= last][:HEADER_INSIDE]
    for n in range(len(opening) - 1, -1, -1):
        line = lines[opening[n]]
        if line.kind != "good" and (line.date is not None or header.byline_authors(line.bare, lex) is not None):
            later = [i for i in opening[n + 1 :] if lines[i].kind == "good"]
            return later[0] if later else first
    return first


def _read_body(lines: list[Line], content: list[int], first: int, last: int, lex: Lexicon) -> None:
    inside = [i for i in content if first <= i <= last]
    after_boundary = False
    for n, i in enumerate(inside):
        line = lines[i]
        if line.label is not None:
            continue
        if line.kind == "chrome":
            line.label = "chrome"
            after_boundary = line.family is not None and line.family.boundary
            continue
        if line.kind == "good":
            after_boundary = False
        if after_boundary:
            line.label, line.reason = "chrome", "teaser after a related-articles or comments line"
        elif _is_credit(line, lex):
            line.label, line.reason = "byline", "wire credit line"
        elif line.date is not None:
            line.label, line.reason = "chrome", "date line inside the text"
        elif line.topic:
            line.label = "chrome"
        elif line.kind == "good":
            line.label, line.reason = "body", "paragraph (long line with prose stopwords)"
        elif _is_subheading(lines, inside, n):
            line.label, line.reason = "subheading", "short unpunctuated line between paragraphs"
        else:
            line.label, line.reason = "body", "line inside the main text"


def _is_subheading(lines: list[Line], inside: list[int], n: int) -> bool:
    line = lines[inside[n]]
    if line.bullet or line.n_words > SUBHEADING_MAX_WORDS or line.bare.endswith((".", ",", ";", ":")):
        return False
    if not (line.bare[:1].isupper() or line.bare[:1].isdigit()):
        return False
    following = lines[inside[n + 1]] if n + 1 < len(inside) else None
    return following is not None and following.kind in ("good", "near")


def _read_header(lines: list[Line], content: list[int], first: int, lex: Lexicon) -> None:
    """Label the article header above the main text."""
    above = [i for i in content if i < first][::-1][:HEADER_SPAN]
    headline, seen = None, 0
    for i in above:
        line = lines[i]
        if line.label is not None:
            continue
        # share buttons and the like between the header and the text do not use up the window
        seen += line.kind != "chrome"
        if seen > HEADER_WINDOW:
            break
        if line.date is not None:
            line.label, line.reason = "dateline", "date line next to the headline"
        elif header.byline_authors(line.bare, lex) is not None:
            line.label, line.reason = "byline", "byline (by/von/par + names)"
        elif header.source_label(line.bare, lex):
            line.label, line.reason = "source", "outlet label (media word) next to the headline"
        elif line.kind == "chrome":
            continue
        elif headline is None and line.kind in ("near", "good") and line.bare.endswith(SENTENCE_END[:3]):
            line.label, line.reason = "body", "lead paragraph under the headline"
        elif headline is None and not line.bullet and line.n_words <= HEADLINE_MAX_WORDS:
            headline = i
            line.label, line.reason = "headline", "nearest title-like line above the main text"
        elif headline is not None and _is_label(line):
            if any(lines[j].label == "section" for j in above):
                break
            line.label, line.reason = "section", "short label line above the headline"
        else:
            break
    if headline is not None:
        _repeated_sources(lines, above, headline)


def _is_label(line: Line) -> bool:
    return not line.bullet and line.n_words <= SECTION_MAX_WORDS and not line.bare.endswith(SENTENCE_END[:3])


def _repeated_sources(lines: list[Line], above: list[int], headline: int) -> None:
    """A short label printed both above and below the headline is the outlet's name."""
    below = {lines[i].bare for i in above if i > headline and lines[i].n_words <= 6}
    for i in above:
        line = lines[i]
        if i < headline and line.bare in below and line.label in ("section", None, "chrome"):
            line.label, line.reason = "source", "label repeated around the headline"
    over = {lines[i].bare for i in above if i < headline and lines[i].label == "source"}
    for i in above:
        if i > headline and lines[i].bare in over:
            lines[i].label, lines[i].reason = "source", "label repeated around the headline"


def _read_credits(lines: list[Line], content: list[int], last: int, lex: Lexicon) -> None:
    """A wire story's closing credit ("Reporting by Jane Doe; Editing by John Roe") is a byline."""
    for i in [i for i in content if i > last][:CREDIT_LINES]:
        if _is_credit(lines[i], lex):
            lines[i].label, lines[i].reason = "byline", "wire credit line"


def _is_credit(line: Line, lex: Lexicon) -> bool:
    return line.bare.lower().startswith(_CREDIT_OPENINGS) and header.byline_authors(line.bare, lex) is not None


def _assemble(lines: list[Line], lex: Lexicon) -> PlainTextLayout:
    layout = PlainTextLayout()
    body: list[str] = []
    datelines: list[tuple[str, header.DateMatch]] = []
    for line in lines:
        label = line.label or "chrome"
        layout.lines.append(LineLabel(text=line.raw, label=label, reason=line.reason, start=line.start, end=line.end))
        if label == "blank":
            continue
        if label == "headline" and layout.title is None:
            layout.title = line.bare
        elif label in ("body", "subheading"):
            text = line.text
            if not body:
                text = _strip_wire_dateline(text, layout, lex)
            body.append(text)
            if label == "subheading":
                layout.subheadings.append(line.bare)
        else:
            if label != "headline":
                layout.boilerplate.append(line.text)
            if label == "section" and layout.section is None:
                layout.section = line.bare
            elif label == "source":
                _add(layout.source_labels, header.source_label(line.bare, lex) or line.bare)
            elif label == "byline":
                authors, outlets = header.byline_authors(line.bare, lex) or ([], [])
                # a wire credit names authors only when the header did not
                if not layout.authors or not line.bare.lower().startswith(_CREDIT_OPENINGS):
                    for name in authors:
                        _add(layout.authors, name)
                for name in outlets:
                    _add(layout.source_labels, name)
            elif label == "dateline" and line.date is not None:
                datelines.append((line.bare, line.date))
            elif label == "chrome":
                for name in _site_names(line.bare):
                    _add(layout.site_names, name)
    datelines = [d for d in datelines if d[1].iso] or datelines
    if datelines:
        # the header's own dateline says more than a wire prefix ("LONDON (Reuters) -")
        published = [d for d in datelines if not header.is_updated(d[0], lex)] or datelines
        layout.dateline = published[0][0]
        layout.published = published[0][1].iso or layout.published
    layout.body = "\n\n".join(body)
    return layout


def _strip_wire_dateline(text: str, layout: PlainTextLayout, lex: Lexicon) -> str:
    wire = header.wire_dateline(text, lex)
    if wire is None:
        return text
    prefix, agency, date = wire
    layout.boilerplate.append(prefix)
    _add(layout.source_labels, agency)
    if layout.dateline is None:
        layout.dateline = prefix
    if date is not None and layout.published is None:
        layout.published = date.iso
    return text[len(prefix) :].lstrip()


def _site_names(text: str) -> list[str]:
    names = [m[1] for m in _DOMAIN.finditer(text)]
    for match in _COPYRIGHT_HOLDER.finditer(text):
        holder = _HOLDER_END.split(match[1])[0].strip(" .,-–")
        if holder and not any(holder in n or n in holder for n in names):
            names.append(holder)
    return names


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)
