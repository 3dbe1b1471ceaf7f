"""Lines of an article's header: datelines, bylines and outlet (source) labels.

Each reader takes one stripped line and says what it is, or None; the layout pass in
`plaintext.py` decides where in the document such lines count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wirewatch.clean.lexicon import Lexicon, words

__all__ = ["DateMatch", "find_date", "date_line", "byline_authors", "source_label", "wire_dateline"]

_TIME = re.compile(
    r"(?<![\d.:])(\d{1,2})(?:[:.h](\d{2})(?::\d{2})?)?\s*(a\.?m\.?|p\.?m\.?)?(?![\d.:])(?:\s*uhr)?", re.IGNORECASE
)
_TIME_OF_DAY = re.compile(r"(?<![\d.:])\d{1,2}[:.h]\d{2}(?:\s*(?:uhr|[ap]\.?m\.?))?(?![\d.:])", re.IGNORECASE)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./])\s?(\d{1,2})\2\s?((?:19|20)?\d\d)(?![\d])")
_MONTH_WORD = r"([^\W\d_]{3,}\.?)"
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?" + _MONTH_WORD + r",?\s+(?:de\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(_MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
# "WASHINGTON (Reuters) -", "BERLIN, 31. August (dpa) -": capitals, optional date, agency in brackets, dash
_WIRE = re.compile(
    r"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý.'’/ -]{1,40}?)(?:\s*,\s*(?P<when>[^()]{3,30}?))?"
    r"\s*\((?P<agency>[^()]{2,40})\)\s*[-–—:]+\s+"
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\||/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bo\b)\s*", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÝŁŚŻ][\w'’.-]*|von|van|de|der|den|da|di|du|del|la|le|bin|al|el|ibn|y)$")


@dataclass(frozen=True)
class DateMatch:
    iso: str | None    # "2020-08-31" or "2020-08-31T15:37"; None for a time of day alone ("15:37 Uhr")
    start: int
    end: int           # end of the date and of its time when one follows


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100


def find_date(line: str, lex: Lexicon, *, day_first: bool = True) -> DateMatch | None:
    """The first calendar date in the line (with its time of day when one follows it)."""
    found = None
    for match in _ISO.finditer(line):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if _valid(year, month, day):
            found = (year, month, day, match.start(), match.end())
            if match[4]:
                iso = f"{year:04d}-{month:02d}-{day:02d}T{int(match[4]):02d}:{match[5]}"
                return DateMatch(iso, match.start(), match.end())
            break
    if found is None:
        for match in _DAY_MONTH_YEAR.finditer(line):
            month = lex.months.get(match[2].rstrip(".").lower())
            if month and _valid(int(match[3]), month, int(match[1])):
                found = (int(match[3]), month, int(match[1]), match.start(), match.end())
                break
    if found is None:
        for match in _MONTH_DAY_YEAR.finditer(line):
            month = lex.months.get(match[1].rstrip(".").lower())
            if month and _valid(int(match[3]), month, int(match[2])):
                found = (int(match[3]), month, int(match[2]), match.start(), match.end())
                break
    if found is None:
        for match in _NUMERIC.finditer(line):
            first, second, year = int(match[1]), int(match[3]), int(match[4])
            year += 2000 if year < 100 else 0
            # "31.08.2020" is day first everywhere; "08/31/2020" is American unless a part says otherwise
            day, month = (first, second) if match[2] == "." or day_first else (second, first)
            if month > 12 and day <= 12:
                day, month = month, day
            if _valid(year, month, day):
                found = (year, month, day, match.start(), match.end())
                break
    if found is None:
        return None
    year, month, day, start, end = found
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    time = _time_after(line, end)
    if time:
        hour, minute, end = time
        iso = f"{iso}T{hour:02d}:{minute:02d}"
    return DateMatch(iso, start, end)


def _time_after(line: str, pos: int) -> tuple[int, int, int] | None:
    """A time of day within a few words after the date ("3:37 PM", "um 15.37 Uhr", "à 15h37")."""
    rest = line[pos : pos + 40]
    for match in _TIME.finditer(rest):
        hour, minute, meridiem = int(match[1]), match[2], (match[3] or "").lower().replace(".", "")
        if minute is None and not meridiem:
            continue  # a bare number is not a time
        if match.start() > 16:
            break
        minute = int(minute or 0)
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return hour, minute, pos + match.end()
    return None


def date_line(line: str, lex: Lexicon, *, day_first: bool = True) -> DateMatch | None:
    """The date of a line that is a dateline and little else ("Monday, 31 August 2020 3:37 PM")."""
    if len(line) > 120:
        return None
    match = find_date(line, lex, day_first=day_first)
    if match is None:
        # "Online seit heute, 12.09 Uhr", "08:30": a time stamp without a day still marks the header
        time = _TIME_OF_DAY.search(line)
        if time is None or len(line) > 60:
            return None
        match = DateMatch(None, time.start(), time.end())
    rest = line[: match.start] + " " + line[match.end :]
    leftover = [w for w in words(rest) if w.lower() not in lex.weekdays and w.lower() not in lex.date_fillers]
    # a topic word or an author's name may share the line ("Energie 12.12.2022, 08:30 Uhr")
    return match if len(leftover) <= 3 else None


def is_updated(line: str, lex: Lexicon) -> bool:
    lowered = line.lower()
    return any(word in lowered for word in lex.updated_words)


def byline_authors(line: str, lex: Lexicon) -> tuple[list[str], list[str]] | None:
    """(authors, outlet labels) of a byline ("By Jane Doe and John Roe, Reuters"), or None."""
    if len(line) > 140:
        return None
    lowered = line.lower()
    for prefix in lex.byline_prefixes:
        if lowered.startswith(prefix) and len(line) > len(prefix) and not line[len(prefix)].isalnum():
            rest = line[len(prefix) :].lstrip(" :")
            break
    else:
        return None
    date = find_date(rest, lex)
    if date is not None:
        rest = rest[: date.start]
    authors, outlets = [], []
    for part in _AUTHOR_SPLIT.split(rest.strip(" ,|-–—")):
        part = part.strip(" .,:-–—")
        if not part or part.lower() in lex.roles:
            continue
        label = source_label(part, lex)
        if label:
            outlets.append(label)
            continue
        tokens = part.split()
        if 1 <= len(tokens) <= 4 and all(_NAME_TOKEN.match(t) for t in tokens) and tokens[0][0].isupper():
            authors.append(part)
        elif not authors:
            return None  # "by the way", "Von der Leyen sagte ...": not a byline
    return (authors, outlets) if authors else None


def source_label(line: str, lex: Lexicon) -> str | None:
    """The outlet a short label line names ("Capital Radio News", "Source: Daily Herald"), or None."""
    text = line.strip(" -–—|•·:")
    lowered = text.lower()
    for prefix in lex.source_prefixes:
        if lowered.startswith(prefix + ":") or lowered.startswith(prefix + " :"):
            text = text.split(":", 1)[1].strip()
            return text if 0 < len(text.split()) <= 6 else None
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or text.endswith((".", "?", "!", ",")):
        return None
    if text in lex.agencies:
        return text
    capitalised = [t for t in tokens if t[:1].isupper() or t[:1].isdigit()]
    # an outlet name is title case ("Daily Herald"), a short sentence is not
    if len(capitalised) < max(1, len(tokens) - 1):
        return None
    media = [t for t in tokens if t.strip("().,'’") in lex.media_words]
    if not media:
        return None
    # "World News", "Local Radio" name a section; an outlet's other words are a name
    others = [t.lower() for t in tokens if t not in media]
    if (others and not all(t in lex.topic_labels for t in others)) or len(media) >= 2:
        return text
    return None


def wire_dateline(line: str, lex: Lexicon) -> tuple[str, str, DateMatch | None] | None:
    """(dateline prefix, agency, date) of a paragraph opening "LONDON (Reuters) - ..."."""
    match = _WIRE.match(line)
    if not match or sum(c.isalpha() for c in match["place"]) < 3:
        return None
    date = find_date(match["when"], lex) if match["when"] else None
    return match[0].rstrip(), match["agency"].strip(), date
