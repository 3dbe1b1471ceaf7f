"""Find TIMEX3 expressions in text and resolve their values against the document date.

Rules are regular expressions built from the words in ``data/times.toml``; each has a resolver that
turns its match into a TimeML (type, value, mod). All rules run over the text, and overlapping
candidates are settled longest first (then by rule order), as HeidelTime does. Values are resolved
in text order, because some depend on what came before: in an earnings report "a year earlier"
means the quarter last discussed, a year back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable

from . import calendar as cal
from .lexicon import load_times_lexicon, unit_of
from .tense import clause_tense

__all__ = ["TimeTagger", "TaggedTime", "get_tagger", "parse_anchor"]


@dataclass
class TaggedTime:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    rule: str = ""


@dataclass
class _Context:
    text: str
    anchor: date | None
    anchor_clock: str | None
    parse: object = None
    focus_quarter: tuple[int, int] | None = None
    # the last date the text itself named ("On May 22, 1995, ... the following year"), with its precision
    last_point: tuple[date, str] | None = None
    # whether the whole text reports a game (its quarters and halves are periods of play), once known
    game_report: bool | None = None
    _tense: dict = field(default_factory=dict)

    def tense(self, start: int, end: int) -> str:
        key = (start, end)
        if key not in self._tense:
            self._tense[key] = clause_tense(self.parse, start, end)
        return self._tense[key]


def parse_anchor(value: str | date | datetime | None) -> tuple[date | None, str | None]:
    """The document date as a day and, when given, a clock time ("2020-08-31T15:37")."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), value.strftime("%H:%M")
    if isinstance(value, date):
        return value, None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", str(value))
    if not match:
        return None, None
    year, month, day, hour, minute = match.groups()
    try:
        day_ = date(int(year), int(month), int(day))
    except ValueError:
        return None, None
    return day_, (f"{hour}:{minute}" if hour else None)


# ---------------------------------------------------------------- pattern pieces


def _alt(words, *, escape: bool = True) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    parts = [(re.escape(w) if escape else w).replace(r"\ ", r"\s+") for w in ordered]
    return "(?:" + "|".join(parts) + ")"


def _names(full: dict[str, int], abbreviations: set[str]) -> str:
    """Case-sensitive alternation of capitalised and upper-case names; abbreviations need a dot."""
    forms = []
    for word in full:
        for form in (word.capitalize(), word.upper()):
            forms.append(re.escape(form) + (r"\." if word in abbreviations else ""))
    forms.sort(key=len, reverse=True)
    return "(?-i:" + "|".join(forms) + ")"


@lru_cache(maxsize=1)
def _pieces() -> dict[str, str]:
    lex = load_times_lexicon()
    months = lex["months"]
    month_full = {w for w in months if len(w) > 3 or w == "may"}
    month_abbr = {w for w in months if w not in month_full or w == "sept"} - {"may"}
    month_abbr.add("sept")
    weekdays = lex["weekdays"]
    wd_full = {w for w in weekdays if w.endswith("day")}
    wd_abbr = {w for w in weekdays if w not in wd_full}
    number_words = [w for w in lex["numbers"] if " " not in w and w not in ("a", "an", "couple")]
    word_seq = _alt(number_words) + r"(?:[\s-]+(?:and\s+)?" + _alt(number_words) + ")*"
    specials = _alt([w for w in lex["numbers"] if " " in w] + ["a", "an"])
    units = [w for spec in lex["units"].values() for w in spec["words"]]
    plural_units = [w for w in units if w.endswith("s") and not w.startswith(("sec", "min", "hr", "yr"))]
    vague = [w for w in lex["vague_numbers"]["words"] if w not in ("recent", "coming", "past")]
    modifiers = lex["modifiers"]
    point_mods = [w for w, m in modifiers.items() if m in ("START", "END", "MID")]
    amount_mods = [w for w, m in modifiers.items() if m not in ("START", "END", "MID")]
    return {
        "MONTH": _names({w: 0 for w in months}, month_abbr),
        "MONTHFULL": _names({w: 0 for w in month_full}, set()),
        "WD": _names({w: 0 for w in weekdays}, wd_abbr),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)",
        # what follows the first digit of an hour or hour range after a date: ", 7:30 p.m.", ", 5-8pm"
        "CLOCKAFTER": r"\d?(?::[0-5]\d)?\s*(?:[-–]\s*\d{1,2}(?::[0-5]\d)?\s*)?(?-i:[ap]\.?m\b|[AP]\.?M\b)",
        "YEAR": r"(?:1[0-9]\d\d|20\d\d)",
        "NUM": r"(?:\d+\s+1/2|\d+\s*½|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + specials + "|" + word_seq + ")",
        "VAGUE": _alt(vague),
        "UNIT": _alt(units),
        "UNITPL": _alt(plural_units),
        "POD": _alt(lex["parts_of_day"]),
        "SEASON": _alt(lex["seasons"]),
        "MODP": _alt(point_mods),
        "MODA": _alt(amount_mods),
        "ORD": _alt(lex["ordinals"]),
        "REF": _alt(lex["references"]),
        "SETW": _alt(lex["sets"]),
        "HOLIDAY": _alt([name for table in lex["holidays"].values() for name in table]),
        "TZ": r"(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|[A-Z]{3}T)",
        # a year read out: "nineteen ninety-four", "two thousand and one"
        "SPYEAR": r"(?:(?:nineteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
                  r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|"
                  r"three|four|five|six|seven|eight|nine))?|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|"
                  r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
                  r"eighteen|nineteen|twenty))?)",
    }


# ---------------------------------------------------------------- resolvers

# what a rate follows ("$1.76 a year", "four flights a week", "8.5% annually", "24 hours a day"): no span of time
_RATE_BEFORE = (r"(?:\d|million|billion|thousand|percent|%|times|cents|dollars|shares|flights|seats|units|hours|days|"
                r"minutes)\s*$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_B = r"(?<![\w$£€-])"
_E = r"(?![\w])"
_REL_WORDS = {
    "this": 0, "current": 0, "the current": 0, "the present": 0, "the same": 0, "that": 0,
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "this past": -1, "the last": -1,
    "the past": -1, "the latest": -1, "the most recent": -1, "preceding": -1, "the preceding": -1,
    "next": 1, "coming": 1, "the coming": 1, "this coming": 1, "the next": 1, "following": 1,
    "the following": 1, "the upcoming": 1, "upcoming": 1,
}


def _low(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def _number(text: str) -> float | None:
    """A count written in digits or words ("twenty-four", "1,000", "a couple of"); None when vague."""
    lex = load_times_lexicon()
    text = _low(text)
    if not text:
        return None
    half = re.fullmatch(r"(\d+)\s*(?:1/2|½)", text)
    if half:
        return int(half.group(1)) + 0.5
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if text in lex["numbers"]:
        return float(lex["numbers"][text])
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        value = lex["numbers"].get(word)
        if value is None:
            return None
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return total + current


def _spelled_year_value(text: str) -> int:
    """"nineteen ninety-four" -> 1994, "two thousand and one" -> 2001."""
    words = re.split(r"[\s-]+", _low(text))
    if words[:2] == ["two", "thousand"]:
        return 2000 + int(_number(" ".join(w for w in words[2:] if w != "and")) or 0)
    return int(_number(words[0])) * 100 + int(_number(" ".join(words[1:])) or 0)


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration(n: float | None, unit: str) -> str:
    spec = load_times_lexicon()["units"][unit]
    letter = spec["letter"]
    if unit == "quarter":
        return f"P{_fmt(n)}Q" if n is not None else "PXQ"
    if unit == "weekend":
        return f"P{_fmt(n * 2)}D" if n is not None else "PXD"
    scale = spec.get("scale", 1)
    if n is not None and not float(n * scale).is_integer():
        # "2 1/2 years" is P2Y6M, "5 1/2 hours" PT5H30M: the fraction in the next smaller unit
        smaller = {"year": (12, "M", False), "month": (30, "D", False), "week": (7, "D", False),
                   "day": (24, "H", True), "hour": (60, "M", True), "minute": (60, "S", True)}.get(unit)
        if smaller:
            whole = int(n)
            part = _fmt(round((n - whole) * smaller[0], 3))
            head = ("PT" if spec.get("time") else "P") + (f"{whole}{letter}" if whole else "")
            if smaller[2] and not spec.get("time"):
                return f"{head}T{part}{smaller[1]}"
            return f"{head}{part}{smaller[1]}"
    count = "X" if n is None else _fmt(n * scale)
    # an unknown number of decades or centuries keeps the unit, in TimeML's letters for them
    # (E decade, C century, L millennium: "centuries" is PXC, as "a decade" is written P1E)
    if scale == 10 and n is None:
        letter = "E"
    if scale == 100 and n is None:
        letter = "C"
    return ("PT" if spec.get("time") else "P") + count + letter


def _month_number(word: str) -> int:
    return load_times_lexicon()["months"][word.lower().rstrip(".")]


def _weekday_number(word: str) -> int:
    return load_times_lexicon()["weekdays"][word.lower().rstrip(".")]


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    return load_times_lexicon()["modifiers"].get(_low(word).rstrip("-"))


def _day_int(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
        return True
    except ValueError:
        return False


Resolved = tuple[str, str, str | None] | None


def _clock(hour: int, minute: int, ampm: str | None) -> str | None:
    ampm = (ampm or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# "today is", "it's", "this is" right before "the second day of ...": the count reaches the day of writing
_TODAY_IS = re.compile(r"\b(?:today|it|this|now)\s*(?:is|'s|’s)\s+$", re.IGNORECASE)
_LONGER_PERIOD = re.compile(r"\b(?:nine|six|first\s+(?:nine|six))[\s-]+months?\b|\bfirst\s+half\b|\byear\s+to\s+date\b|"
                            r"\byear-to-date\b", re.IGNORECASE)
_SEASON_PREPS = r"\b(?:in|into|over|during|through|throughout|since|until|till)\s+$"
_AFTER_ASIDE = re.compile(r"\s*\([^()\n]{1,24}\),?\s+(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday|today|yesterday|tomorrow)\b", re.IGNORECASE)


_REPORTING_PRESENT = frozenset({"say", "tell", "report", "announce", "confirm", "claim", "deny", "be", "have",
                                "show", "indicate", "suggest", "add", "note", "insist", "write", "quote"})


def _scheduled_present(ctx: _Context, start: int, end: int) -> bool:
    """A weekday hanging straight from a verb in the simple present that is no reporting verb: news
    writes what is arranged in the present ("the ministers meet Thursday")."""
    parse = ctx.parse
    if parse is None:
        return False
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    if token.dep_ in ("npadvmod", "obl", "tmod"):
        verb = token.head
    elif token.dep_ == "pobj" and token.head.lower_ == "on":
        verb = token.head.head
        if verb.lower_ in ("noon", "midnight", "midday") or verb.like_num or (
                verb.tag_ == "NN" and verb.dep_ == "pobj" and verb.head.dep_ == "prep"):
            verb = verb.head.head  # "expires at midnight on Sunday": the clock's verb
    else:
        return False
    if verb.tag_ not in ("VBZ", "VBP") or verb.lemma_.lower() in _REPORTING_PRESENT:
        return False
    if verb.tag_ == "VBP" and any(c.dep_ == "nsubj" and c.tag_ in ("NN", "NNP") for c in verb.children):
        return False  # "Weakness in tech stocks hurt the index on Friday": a past that looks like a present
    # a relative clause or one under a past verb tells of what happened ("the index, which falls ...")
    return verb.dep_ in ("ROOT", "conj") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _sentence_of(text: str, m: re.Match, reach: int = 200) -> str:
    """The sentence (or line) around a match, up to ``reach`` characters either side."""
    head = re.split(r"[.!?]\s+|\n", text[max(0, m.start() - reach):m.start()])[-1]
    tail = re.split(r"[.!?]\s+|\n", text[m.start():m.end() + reach])[0]
    return head + tail


def _day_of(ctx: _Context, m: re.Match, name: str = "dayref") -> str | None:
    """The date a time of day is on: a weekday or today/yesterday/tomorrow beside it, else the anchor."""
    ref = _low(m.groupdict().get(name))
    if ctx.anchor is None:
        return None
    if not ref:
        # "at 10:35 a.m. (0735 GMT) Friday": the day stands after the time's conversion to another zone
        after = _AFTER_ASIDE.match(ctx.text, m.end())
        ref = _low(after.group(1)) if after else ""
    if not ref or ref in ("today", "tonight"):
        return cal.day_value(ctx.anchor)
    if ref == "yesterday":
        return cal.shift(ctx.anchor, "day", -1)
    if ref == "tomorrow":
        return cal.shift(ctx.anchor, "day", 1)
    month_day = re.match(r"([a-z]+)\.?\s*(\d+)(?:\w*,?\s+(\d{4}))?", ref)
    if month_day and month_day.group(1) in load_times_lexicon()["months"]:
        month, day = _month_number(month_day.group(1)), int(month_day.group(2))
        year = int(month_day.group(3)) if month_day.group(3) else cal.nearest_year_for_month(
            ctx.anchor, month, day, ctx.tense(m.start(), m.end()), near_days=90)
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid_day(year, month, day) else None
    tense = ctx.tense(m.start(), m.end())
    if tense == "present" and _scheduled_present(ctx, m.start(name), m.end(name)):
        tense = "future"  # "the deal expires at midnight on Sunday"
    return cal.day_value(cal.weekday_date(ctx.anchor, _weekday_number(ref), tense))


class TimeTagger:
    """Every rule compiled once; ``tag(text, anchor, parse)`` gives the text's time expressions."""

    def __init__(self) -> None:
        p = _pieces()
        lex = load_times_lexicon()
        self.lex = lex
        R = self._rules = []

        def rule(name: str, pattern: str, resolve: Callable[[re.Match, _Context], Resolved]) -> None:
            R.append((name, re.compile(_B + "(?:" + pattern.format(**p) + ")" + _E, re.IGNORECASE), resolve))

        rule("date_mdy", r"(?:(?P<wd>{WD}),?\s+)?(?P<month>{MONTH})\s*(?P<day>{DAY}),?\s+(?P<year>{YEAR})",
             self._full_date)
        rule("date_dmy", r"(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<month>{MONTH}),?\s+"
                         r"(?P<year>{YEAR})", self._full_date)
        rule("date_iso", r"(?P<year>\d{{4}})-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d))?",
             self._full_date)
        # "9/11/2001", "12/31/21": the US order; "27/09/2020" and "03.03.2011" put the day first
        rule("date_numeric", r"(?P<first>[0-3]?\d)(?P<sep>[/.])(?P<second>[0-3]?\d)(?P=sep)"
                             r"(?P<nyear>(?:19|20)\d\d|\d\d)(?![./]?\d)", self._numeric_date)
        rule("week_of", r"the\s+week\s+of\s+(?P<month>{MONTH})\s*(?P<day>{DAY})(?!,?\s*\d)", self._week_of)
        # not "May 5, 1995" cut short; but "Tuesday, Oct. 3, 7:30 p.m." and "Nov. 11, 5-8pm" are a day and its hours
        rule("date_md", r"(?:(?P<wd>{WD}),?\s+)?(?P<month>{MONTH})\s*(?P<day>{DAY})(?!,?\s*\d(?!{CLOCKAFTER}))",
             self._month_day)
        rule("date_dm", r"(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<day>{DAY})(?:\s+of)?\s+(?P<month>{MONTH})",
             self._month_day)
        # "April 24 and 25": the second day is a date of its own, in the first one's month
        rule("second_day", r"(?:(?<=\sand\s)|(?<=\sor\s)|(?<=\sto\s))(?P<day>{DAY})(?!\s*(?:%|percent)|[.,]\d)",
             self._second_day)
        rule("month_year", r"(?:(?P<mod>{MODP})[\s-]+(?:of\s+)?)?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})",
             self._month_year)
        rule("month", r"(?:(?P<mod>{MODP})[\s-]+(?:of\s+)?)?(?:(?P<rel>last|next|this|this\s+past|this\s+coming|"
                      r"the\s+coming|past|coming|each|every)\s+)?(?P<month>{MONTHFULL})"
                      r"(?:\s+(?:of\s+)?(?P<rel2>last|next|this|that|the\s+same)\s+year)?", self._month)
        rule("year", r"(?:(?P<mod>{MODP})[\s-]+(?:of\s+)?)?(?:(?P<fiscal>fiscal(?:\s+year)?|calendar(?:\s+year)?|"
                     r"the\s+year|the\s+fiscal\s+year)\s+)?(?P<year>{YEAR})(?!\s*(?:%|percent)|[.,]\d|-\d)",
             self._year)
        rule("prefixed_year", r"(?P<pre>pre|post)-(?P<year>{YEAR})(?![\d-])", self._prefixed_year)
        rule("spelled_year", r"(?:(?P<month>{MONTHFULL})\s+)?(?P<the>the\s+year\s+)?(?P<words>{SPYEAR})",
             self._spelled_year)
        rule("decade", r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]*)?(?:(?P<dec>(?:1\d|20)\d0)'?s|'(?P<short>\d0)s|"
                       r"(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
             self._decade)
        rule("century", r"(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ORD})\s+century", self._century)
        rule("clock", r"(?P<hour>1[0-2]|0?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>(?-i:[ap]\.m\.|[AP]\.M\.|[ap]m|"
                      r"[AP]M|[ap]\.m))(?:\s+(?P<tz>{TZ}|local\s+time))?(?:,?\s+(?:on\s+)?(?P<dayref>{WD}|today|yesterday|"
                      r"tomorrow|tonight|{MONTH}\s*{DAY}(?:,?\s+{YEAR})?))?", self._clock_time)
        rule("clock24", r"(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?:\s*(?P<tz>{TZ}|hours|hrs|local\s+time))?"
                        r"(?:,?\s+(?:on\s+)?(?P<dayref>{WD}|today|yesterday|tomorrow|{MONTH}\s*{DAY}(?:,?\s+{YEAR})?))?",
             self._clock_time)
        rule("clock_pod", r"(?P<hour>1[0-2]|[1-9])(?::(?P<minute>[0-5]\d))?\s+(?:o'clock\s+)?(?:in\s+the\s+"
                          r"(?P<pod>morning|afternoon|evening)|at\s+(?P<night>night)(?!\s+(?:school|shift|class)))",
             self._clock_pod)
        rule("clock_word", r"(?P<cw>noon|midday|midnight)(?:,?\s+(?:on\s+)?(?P<dayref>{WD}|today|yesterday|tomorrow|"
                           r"{MONTH}\s*{DAY}(?:,?\s+{YEAR})?))?",
             self._clock_word)
        rule("weekday", r"(?:(?P<mod>early|late|earlier|later|mid)[\s-]+)?(?:(?P<rel>the\s+previous|the\s+following|"
                        r"last|next|this|this\s+past|"
                        r"this\s+coming|coming|past|each|every)\s+)?(?P<wd>{WD})(?P<plural>s)?(?:\s+(?P<pod>{POD})"
                        r"(?P<plural2>s)?)?", self._weekday)
        rule("day_ref", r"(?:(?P<mod>early|late|earlier|later|mid)[\s-]*)?(?P<ref>the\s+day\s+before\s+yesterday|"
                        r"the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:\s+(?P<pod>{POD}))?",
             self._day_ref)
        rule("ordinal_day", r"(?:the\s+)?(?P<ord>{ORD})\s+day(?=\s+of\s)", self._ordinal_day)
        # "later this afternoon" as "later this month": the modifier is the expression's
        rule("part_of_day", r"(?:(?P<mod>early|late|mid)[\s-]*|(?P<mod2>earlier|later)\s+(?=this\s))?"
                            r"(?P<rel>this|last|tomorrow|yesterday|that|the\s+next|the\s+following|the)\s+"
                            r"(?P<pod>{POD})", self._part_of_day)
        rule("mid_part_of_day", r"(?P<mod>mid)[\s-]*(?P<pod>morning|afternoon|day)(?:\s+(?P<dayref>{WD}|today|"
                                r"yesterday|tomorrow))?", self._part_of_day)
        rule("in_the_unit", r"(?P<mod>earlier|later|early|late)\s+in\s+(?P<rel>the|this)\s+(?P<unit>day|week|month|"
                            r"year|quarter|decade|century)", self._in_the_unit)
        rule("relative_unit", r"(?:(?P<mod>{MODP})\s+(?:of\s+)?)?(?P<rel>this\s+past|this\s+coming|the\s+coming|"
                              r"the\s+current|the\s+present|the\s+same|the\s+previous|the\s+following|"
                              r"the\s+most\s+recent|the\s+latest|the\s+preceding|the\s+upcoming|the\s+past|"
                              r"the\s+last|the\s+next|this|current|last|past|previous|next|coming|following|"
                              r"upcoming|that|the\s+full|the)\s+(?P<fiscal>fiscal\s+)?(?P<unit>week|weekend|month|"
                              r"year|decade|century|day)(?!-)", self._relative_unit)
        rule("quarter", r"(?:(?:the|a|this|last|next)\s+)?(?:(?P<yr>{YEAR})(?:'s)?[\s-]+|(?P<yrrel>this|last|next)"
                        r"\s+year's\s+)?(?P<adj>(?:(?:latest|current|previous|fiscal|year-earlier|year-ago|"
                        r"comparable|same|flat|strong|weak|disappointing)[\s-]+){{0,3}})(?P<ord>first|second|third|"
                        r"fourth|1st|2nd|3rd|4th|final|last)[\s-]+(?:fiscal[\s-]+)?quarter(?P<plural>s)?"
                        r"(?:\s+of\s+(?P<yr2>{YEAR}|this\s+year|last\s+year|next\s+year))?", self._quarter)
        rule("quarter_code", r"(?P<ord>Q[1-4])(?:\s+(?P<yr>{YEAR}))?|(?P<ord2>[1-4])Q(?P<yr2>\d\d)?", self._quarter)
        rule("year_end", r"year(?:'s)?[\s-]end", self._year_end)
        # "the first two quarters of 1990" is its first half; "the last half of the '80s" one expression whose
        # value is the decade (TimeML has no code for half a decade)
        rule("half", r"(?:the\s+)?(?P<ord>first|second|last|latter|final)\s+(?:half(?:\s+of\s+(?:(?P<yr>{YEAR}|"
                     r"this\s+year|last\s+year|next\s+year|the\s+year)|(?:the\s+)?(?:(?P<dec>(?:1\d|20)\d0)'?s|"
                     r"'(?P<short>\d0)s)))?|two\s+quarters\s+of\s+(?P<yrq>{YEAR}))", self._half)
        # "the corresponding period last year", "the quarter a year ago", "last year's quarter": the report's
        # quarter a year back, one expression
        rule("period_ref", r"(?P<det>the|this|last|that|(?P<lastyr>last\s+year's))\s+(?P<adj>(?:(?:latest|current|"
                           r"past|previous|most\s+recent|year-earlier|year-ago|comparable|corresponding|same|fiscal|"
                           r"{YEAR})[\s-]+){{0,3}})(?P<what>quarter|period)(?:\s+(?P<back>last\s+year|a\s+year\s+"
                           r"(?:ago|earlier)))?", self._period_ref)
        rule("year_ago_adj", r"(?P<ya>year-earlier|year-ago|year-before)", self._year_ago_adj)
        rule("ago", r"(?:(?P<mod>{MODA})\s+)?(?P<num>{NUM}|{VAGUE})[\s-]+(?P<unit>{UNIT})(?P<approx>\s+or\s+so)?\s+"
                    r"(?P<dir>ago|earlier|from\s+now|hence)", self._ago)
        rule("duration", r"(?:(?P<mod>{MODA})\s+)?(?:(?P<det>the|a|an|another)\s+)?(?:(?P<rel>first|past|last|next|"
                         r"coming|previous|following|final|latest|ensuing|remaining|initial|full|additional|"
                         r"further|other)\s+)?(?P<num>{NUM}|{VAGUE})(?P<half0>\s+and\s+(?:a\s+)?half)?[\s-]+"
                         r"(?:(?:more|additional|further|extra)\s+)?"
                         r"(?P<unit>{UNIT})"
                         r"(?P<half>\s+and\s+a\s+half)?(?P<adj>-long|-old)?(?P<approx>\s+or\s+so)?", self._duration)
        rule("unit_long", r"(?P<unit>hour|day|week|month|year|decade)-long", self._unit_long)
        rule("plural_units", r"(?:(?P<rel>recent|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|"
                             r"the\s+following|the|coming|past)\s+)?(?P<unit>{UNITPL})(?:\s+(?:or|and)\s+{UNITPL})?"
                             r"(?P<adj>-long)?"
                             r"(?:\s+(?P<ahead>ahead|to\s+come))?", self._plural_units)
        rule("set_every", r"(?P<every>every|each|per)\s+(?:(?P<num>{NUM}|other)\s+)?(?P<unit>{UNIT}|{WD}|{MONTHFULL}|"
                          r"{POD})", self._set_every)
        rule("set_times_a", r"(?<=once\s)(?P<a>a|an|per)\s+(?P<unit>{UNIT})|(?<=twice\s)(?P<a2>a|an|per)\s+"
                            r"(?P<unit2>{UNIT})|(?<=times\s)(?P<a3>a|an|per)\s+(?P<unit3>{UNIT})", self._set_times_a)
        rule("set_word", r"(?P<setw>{SETW})", self._set_word)
        rule("then_current", r"then[\s-]current", lambda m, ctx: ("DATE", "PAST_REF", None))
        rule("reference", r"(?P<ref>{REF})", self._reference)
        rule("season", r"(?:(?P<mod>{MODP})[\s-]+(?:of\s+)?)?(?:(?P<rel>last|next|this|this\s+past|this\s+coming|"
                       r"the\s+coming|the\s+past|past|coming|the|each|every)\s+)?(?P<season>{SEASON})"
                       r"(?:\s+(?:of\s+)?(?:(?P<year>{YEAR})|(?P<spyear>{SPYEAR})))?", self._season)
        rule("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?P<hol>{HOLIDAY})(?:,?\s+(?P<year>{YEAR}))?", self._holiday)
        self.rule_order = {name: i for i, (name, _, _) in enumerate(R)}
        # the first day of a pair ("April 24 and"), right before a second_day candidate
        # a date right before a clock time, the clock's day
        self._date_before = re.compile(r"(?:(?:(?:{MONTH})\s*(?:{DAY})|(?:{DAY})\s+(?:{MONTH}))(?:,?\s+{YEAR})?|"
                                       r"\d\d?[/.]\d\d?[/.]\d\d(?:\d\d)?|\d{{4}}-\d\d-\d\d),?\s+"
                                       r"(?:at\s+|from\s+)?$".format(**p), re.IGNORECASE)
        self._date_then_a = re.compile(r"(?:(?:{MONTH})\s*(?:{DAY})|(?:{DAY})\s+(?:{MONTH}))(?:,?\s+{YEAR})?,\s+an?\s+$"
                                       .format(**p), re.IGNORECASE)
        self._game_words = re.compile(_B + _alt(lex["game_quarter"]["game"]) + _E, re.IGNORECASE)
        self._calendar_words = re.compile(_B + r"(?:year|years|quarter|quarters|month|months|fiscal|"
                                          r"calendar|(?:1\d|20)\d\d)" + _E, re.IGNORECASE)
        self._money_words = re.compile(r"[$€£%]|" + _B + _alt(lex["game_quarter"]["money"]) + _E, re.IGNORECASE)
        self._first_day = re.compile(r"(?:{MONTH})\s*(?:{DAY})\s+(?:and|or|to)\s+$".format(**p), re.IGNORECASE)
        # words written capitalised wherever they stand: no sign of a title; a holiday's own words ("New
        # Year's Day") only inside its name, else "Record of the Year" would pass for a time
        self._proper_words = frozenset(
            [*lex["months"], *lex["weekdays"], "fiscal", "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc"])
        self._holiday_names = [(name, frozenset(re.findall(r"[a-z]+", name)))
                               for table in lex["holidays"].values() for name in table]
        self._point_approx = re.compile(r"\b" + _alt(lex["point_approx"]["words"]) + r"\s+$", re.IGNORECASE)
        self._open_end = re.compile(r"\s+(" + _alt(lex["open_ended"]) + r")(?![\w-])", re.IGNORECASE)
        # newspapers and programmes named after a day ("the Mail on Sunday", "Sunday Times")
        self._names = re.compile(_B + _alt(lex["names"]["words"]) + _E, re.IGNORECASE)

    # ------------------------------------------------------------ finding

    def candidates(self, text: str) -> list[tuple[int, int, int, str, re.Match, Callable]]:
        found = []
        for order, (name, pattern, resolve) in enumerate(self._rules):
            for m in pattern.finditer(text):
                # no expression runs across a paragraph break ("nearly 4\n\nyears" on a hard-wrapped page)
                if m.end() > m.start() and not _PARAGRAPH_BREAK.search(text, m.start(), m.end()):
                    found.append((m.start(), m.end(), order, name, m, resolve))
        return found

    def tag(self, text: str, anchor: str | date | datetime | None = None, parse=None) -> list[TaggedTime]:
        day, clock = parse_anchor(anchor)
        ctx = _Context(text, day, clock, parse)
        taken = bytearray(len(text) + 1)
        # longest first; a candidate whose resolver refuses it may hand its span on (_in_place_of)
        ranked = sorted(self.candidates(text), key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        accepted = []
        for cand in ranked:
            start, end = cand[0], cand[1]
            if any(taken[start:end]):
                continue
            accepted.append(cand)
            for i in range(start, end):
                taken[i] = 1
        accepted.sort(key=lambda c: c[0])
        out: list[TaggedTime] = []
        named = [(n.start(), n.end()) for n in self._names.finditer(text)]
        queue = list(reversed(accepted))
        while queue:
            cand = queue.pop()
            start, end, _, name, m, resolve = cand
            resolved = resolve(m, ctx)
            if resolved is None:
                # refused: an expression reaching past its end may take its place ("at least the first two
                # quarters" of "... of 1990" is no duration; "the first two quarters of 1990" is a date),
                # and that of any later accepted ones it wholly contains
                queue.extend(self._in_place_of(cand, ranked, queue))
                continue
            type_, value, mod = resolved[:3]
            if len(resolved) > 3:
                start = resolved[3]
            s, e = _trim(text, start, end)
            if mod == "END" and text[s:s + 3].lower() == "end" and re.search(r"\bthe\s+$", text[max(0, s - 5):s], re.I):
                # "In the end 2013 was a good year": the idiom's "end", not the year's
                s, mod = s + len(re.match(r"end[\s-]+", text[s:], re.I).group()), None
            if self._is_title(text, s, e) or any(a <= s and e <= b for a, b in named):
                continue
            if type_ in ("DATE", "TIME") and not value.endswith("_REF") and not mod:
                # "around 7:15 p.m.", "around Nov. 1": an approximate point, the modifier part of it;
                # not "around Wednesday's deadline", where the word is the deadline's
                near = self._point_approx.search(text, max(0, s - 20), s)
                if near and not text.startswith("'s", e):
                    s, mod = near.start(), "APPROX"
            if type_ in ("DATE", "DURATION") and not value.endswith("_REF"):
                # "the next year or so", "1994 or later", "1990 and beyond": the open end is the expression's
                tail = self._open_end.match(text, e)
                if tail:
                    e, mod = tail.end(), mod or self.lex["open_ended"][_low(tail.group(1))]
            out.append(TaggedTime(s, e, text[s:e], type_, value, mod, name))
        return out

    @staticmethod
    def _in_place_of(refused: tuple, ranked: list[tuple], queue: list[tuple]) -> list[tuple]:
        """Candidates to resolve instead of a refused one (``queue`` loses those they replace)."""
        start, end = refused[0], refused[1]
        chosen: list[tuple] = []
        for c in ranked:
            if c is refused or not (c[0] < end and start < c[1]) or any(
                    c[0] < o[1] and o[0] < c[1] for o in chosen):
                continue
            if c[0] < start or c[1] <= end:
                # text before the refused span is already resolved; a piece of it would be a piece of
                # whatever the refusal said is no time ("years" of "52 years old")
                continue
            beyond = [q for q in queue if c[0] < q[1] and q[0] < c[1]]
            if all(c[0] <= q[0] and q[1] <= c[1] for q in beyond):
                for q in beyond:
                    queue.remove(q)
                chosen.append(c)
        return sorted(chosen, key=lambda c: -c[0])

    def _is_title(self, text: str, start: int, end: int) -> bool:
        """A name in title case ("ABC's This Week", "CBS's 60 Minutes", "High Noon", "VOA Today").

        Month, weekday and holiday names are always capitalised; any other time word capitalised
        where no sentence starts (after the expression's first word, or after a capitalised word)
        is part of a title, not a time expression.
        """
        proper = self._proper_words
        span = text[start:end].lower()
        for name, words_of in self._holiday_names:
            if name in span:
                proper = proper | words_of
        words = list(re.finditer(r"[A-Za-z]+", text[start:end]))
        for w in words:
            word = w.group()
            if not (word[0].isupper() and word[1:].islower()) or word.lower() in proper:
                continue
            if w.start() > 0:
                return True
            before = text[max(0, start - 30):start].rstrip(" \t")
            # a plural possessive ("NBC News' Today show") is no closing quote
            before = re.sub(r"(?<=[a-z]s)['’]$", "", before)
            # the word before, less a possessive ("Woman's Weekly")
            previous = re.search(r"([A-Za-z]+)(?:['’]s)?\W*$", before)
            if before and before[-1] not in ".!?:;\"'`(\n_-" and previous and previous.group(1)[0].isupper():
                return True  # "VOA Today", "High Noon": mid-sentence and after a capitalised word
            following = re.match(r"[ \t]+([A-Z][a-z]+)", text[end:end + 30])
            if before and before[-1] not in ".!?:;\"'`(\n_-" and len(words) == 1 and following and \
                    following.group(1).lower() not in proper:
                return True  # "the journal Current Biology", "the Daily Mail": mid-sentence, before a name
        return False

    # ------------------------------------------------------------ resolvers: absolute

    def _full_date(self, m: re.Match, ctx: _Context) -> Resolved:
        g = m.groupdict()
        month = int(g["nmonth"]) if g.get("nmonth") else _month_number(g["month"])
        year, day = int(g["year"]), _day_int(g["day"])
        if not _valid_day(year, month, day):
            return None
        value = f"{year:04d}-{month:02d}-{day:02d}"
        ctx.last_point = (date(year, month, day), "day")
        if g.get("hour"):
            return "TIME", f"{value}T{g['hour']}:{g['minute']}", None
        return "DATE", value, None

    def _numeric_date(self, m: re.Match, ctx: _Context) -> Resolved:
        """A date in figures. Slashes are read month first unless the first number cannot be a month;
        dots ("03.03.2011") are the European order, day first. Where both readings are possible and the
        writing does not settle it, a two-digit year is too weak a sign to say anything."""
        first, second, year = int(m["first"]), int(m["second"]), m["nyear"]
        if m["sep"] == ".":
            if len(year) == 2:
                return None  # "1.2.19" is as often a version number as a date
            day, month = first, second
        elif first > 12:
            day, month = first, second
        else:
            month, day = first, second
            if len(year) == 2 and day <= 12 and day != month:
                return None
        if len(year) == 2:
            century = (ctx.anchor.year // 100 * 100) if ctx.anchor else 2000
            year_n = century + int(year)
            if ctx.anchor and year_n > ctx.anchor.year + 20:
                year_n -= 100
        else:
            year_n = int(year)
        if not (1 <= month <= 12) or not _valid_day(year_n, month, day):
            return None
        ctx.last_point = (date(year_n, month, day), "day")
        return "DATE", f"{year_n:04d}-{month:02d}-{day:02d}", None

    def _month_day(self, m: re.Match, ctx: _Context) -> Resolved:
        g = m.groupdict()
        month, day = _month_number(g["month"]), _day_int(g["day"])
        if day > 31 or (g["month"].lower() == "may" and not g.get("wd") and m.re.pattern.find("(?:the") < 0
                        and False):
            return None
        if ctx.anchor is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", None
        year = cal.nearest_year_for_month(ctx.anchor, month, day, ctx.tense(m.start(), m.end()), near_days=90)
        if not _valid_day(year, month, day):
            return None
        ctx.last_point = (date(year, month, day), "day")
        return "DATE", f"{year:04d}-{month:02d}-{day:02d}", None

    def _second_day(self, m: re.Match, ctx: _Context) -> Resolved:
        point = ctx.last_point
        if point is None or point[1] != "day" or not self._first_day.search(
                ctx.text, max(0, m.start() - 24), m.start()):
            return None
        day = _day_int(m["day"])
        if day <= point[0].day or not _valid_day(point[0].year, point[0].month, day):
            return None
        ctx.last_point = (point[0].replace(day=day), "day")
        return "DATE", ctx.last_point[0].isoformat(), None

    def _week_of(self, m: re.Match, ctx: _Context) -> Resolved:
        """"the week of March 6": the ISO week that day is in."""
        resolved = self._month_day(m, ctx)
        if resolved is None or not resolved[1][:4].isdigit():
            return resolved and ("DATE", "XXXX-WXX", None)
        return "DATE", cal.week_value(date.fromisoformat(resolved[1])), None

    def _month_year(self, m: re.Match, ctx: _Context) -> Resolved:
        ctx.last_point = (date(int(m["year"]), _month_number(m["month"]), 1), "month")
        return "DATE", cal.month_value(int(m["year"]), _month_number(m["month"])), _mod(m["mod"])

    def _month(self, m: re.Match, ctx: _Context) -> Resolved:
        month = _month_number(m["month"])
        rel, rel2 = _low(m["rel"]), _low(m["rel2"])
        if m["month"].lower() == "may" and not (rel or rel2 or m["mod"]):
            before = ctx.text[max(0, m.start() - 8):m.start()].lower().split()
            if not before or before[-1] not in ("in", "since", "until", "by", "of", "from", "through", "early",
                                                "late", "mid", "before", "after", "last", "next", "this", "till"):
                return None
        if m["month"].lower() == "march" and not (rel or rel2 or m["mod"]):
            before = ctx.text[max(0, m.start() - 8):m.start()].lower().split()
            if before and before[-1] in ("a", "the", "to", "will", "would", "they", "we"):
                return None
            if re.match(r"\s+(?:for|of)\s+(?:the\s+)?(?-i:[A-Z])", ctx.text[m.end():m.end() + 12]):
                return None  # "the annual March for Life", "the March of the Mothers": a march's name
        if rel in ("each", "every"):
            return "SET", f"XXXX-{month:02d}", None
        if ctx.anchor is None:
            return "DATE", f"XXXX-{month:02d}", _mod(m["mod"])
        if rel2 in ("that", "the same"):
            # "In January of that year": the year the text last named
            year = ctx.last_point[0].year if ctx.last_point else ctx.anchor.year
        elif rel2:
            year = ctx.anchor.year + {"last": -1, "next": 1, "this": 0}[rel2]
        elif rel in ("last", "this past", "past"):
            # the month just gone is "last month": "last February" said in March is a year back
            year = ctx.anchor.year if month < ctx.anchor.month - 1 else ctx.anchor.year - 1
        elif rel in ("next", "coming", "this coming", "the coming"):
            year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
        elif rel == "this":
            year = ctx.anchor.year
        else:
            year = cal.nearest_year_for_month(ctx.anchor, month, None, ctx.tense(m.start(), m.end()),
                                              near_days=60)
        ctx.last_point = (date(year, month, 1), "month")  # "In March, ... The following month"
        return "DATE", cal.month_value(year, month), _mod(m["mod"])

    def _year(self, m: re.Match, ctx: _Context) -> Resolved:
        year = int(m["year"])
        before = ctx.text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:no\.|number|#|page|room|flight|route|highway|\$|us\$)\s*$", before):
            return None
        if before.endswith(":"):
            return None  # a citation's pages ("2013;369(17):1620–8"), not a year
        if re.search(r"\d\.$", before) or re.search(r"(?:://|www\.|doi\.org/)\S*$", before):
            return None  # a decimal's or a DOI's figures ("10.1007"), or a piece of a web address
        if re.search(r"(?:\d\s|=\s*)$", before):
            return None  # a group of a telephone number ("0800 138 1016"), a setting ("bits = 1024")
        if re.match(r"\s+(?:[A-Z][a-z]+\s+){1,2}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.?|Lane|"
                    r"Drive|Dr\.|Way|Place|Square|Highway)\b", ctx.text[m.end():m.end() + 40]) and not re.search(
                    r"\b(?:the|a|an|its|their|his|her|our)\s+$", before):
            return None  # a street address ("1156 High Street")
        after = ctx.text[m.end():m.end() + 14].lower()
        if re.match(r"\s+(?:people|points|troops|soldiers|votes|members|cases|deaths|meters|metres|feet|km|"
                    r"kilometers|miles|tons|tonnes|barrels|shares|dollars|euros|yen)\b", after):
            return None
        if not m["fiscal"] and not m["mod"] and ctx.anchor and year > ctx.anchor.year + 30:
            return None
        ctx.last_point = (date(year, 1, 1), "year")
        return "DATE", f"{year:04d}", _mod(m["mod"])

    def _prefixed_year(self, m: re.Match, ctx: _Context) -> Resolved:
        """"post-1959 politics", "pre-1990 levels": the year, with what lies after or before it as the mod."""
        return "DATE", f"{int(m['year']):04d}", ("AFTER" if m["pre"].lower() == "post" else "BEFORE")

    def _spelled_year(self, m: re.Match, ctx: _Context) -> Resolved:
        """"nineteen ninety-six", "the year two thousand": years read out, as in broadcast transcripts."""
        year = _spelled_year_value(m["words"])
        if m["month"]:
            return "DATE", cal.month_value(year, _month_number(m["month"])), None
        if not m["the"] and not m["words"].lower().startswith(("nineteen", "two thousand")):
            return None  # "twenty thirty" alone is more often a count than a year
        return "DATE", f"{year:04d}", None

    def _decade(self, m: re.Match, ctx: _Context) -> Resolved:
        return "DATE", f"{self._decade_number(m, ctx):03d}", _mod(m["mod"])

    @staticmethod
    def _decade_number(m: re.Match, ctx: _Context) -> int:
        """198 for "1980s"; "'80s" is the latest such decade not after the anchor; "the eighties" is 198."""
        if m["dec"]:
            return int(m["dec"]) // 10
        if m["short"]:
            tens = int(m["short"]) // 10
            base = (ctx.anchor.year // 100 * 10) if ctx.anchor else 190
            return base + tens if (base + tens) * 10 <= (ctx.anchor.year if ctx.anchor else 2100) else base - 10 + tens
        words = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
        return 190 + words.index(m["word"].lower()) + 2

    def _century(self, m: re.Match, ctx: _Context) -> Resolved:
        text = m["ord"].lower()
        n = int(re.match(r"\d+", text).group()) if text[0].isdigit() else self.lex["ordinals"].get(text)
        if not n or n < 1:
            return None
        return "DATE", f"{n - 1:02d}", None

    # ------------------------------------------------------------ resolvers: clock

    def _clock_time(self, m: re.Match, ctx: _Context) -> Resolved:
        g = m.groupdict()
        if m.re.pattern.find("ampm") < 0:
            # a bare "14:30" needs a zone, "hours" or a day beside it, or a dateline-like place
            if not (g.get("tz") or g.get("dayref")) and int(g["hour"]) < 13 and not re.search(
                    r"\b(?:at|by|until|from|before|after|since|around)\s*$", ctx.text[max(0, m.start() - 8):m.start()]):
                return None
        clock = _clock(int(g["hour"]), int(g.get("minute") or 0), g.get("ampm"))
        if clock is None:
            return None
        point = ctx.last_point
        if not g.get("dayref") and point and point[1] == "day" and self._date_before.search(
                ctx.text, max(0, m.start() - 40), m.start()):
            # "Tuesday, Oct. 3, 7:30 p.m.", "August 13, 2015, 11:32 am": the hour of the date just named
            return "TIME", f"{point[0].isoformat()}T{clock}", None
        day = _day_of(ctx, m)
        return "TIME", f"{day or 'XXXX-XX-XX'}T{clock}", None

    def _clock_pod(self, m: re.Match, ctx: _Context) -> Resolved:
        """"4 in the morning", "7 in the evening", "11 at night": the hour, made a.m. or p.m. by the part of day."""
        hour, pod = int(m["hour"]), _low(m["pod"]) or "night"
        ampm = "am" if pod == "morning" or (pod == "night" and hour < 5) or (pod == "night" and hour == 12) else "pm"
        if pod == "night" and hour == 12 and not m["minute"]:
            clock = "24:00"  # midnight, as TimeML writes it
        else:
            clock = _clock(hour, int(m["minute"] or 0), ampm)
        if clock is None or ctx.anchor is None:
            return ("TIME", f"XXXX-XX-XXT{clock}", None) if clock else None
        point = ctx.last_point  # like "the morning": on the day last named, else the document's
        day = point[0].isoformat() if point and point[1] == "day" else cal.day_value(ctx.anchor)
        return "TIME", f"{day}T{clock}", None

    def _clock_word(self, m: re.Match, ctx: _Context) -> Resolved:
        clock = self.lex["clock_words"][m["cw"].lower()]
        day = _day_of(ctx, m)
        if clock == "24:00" and not m["dayref"] and ctx.anchor and ctx.tense(m.start(), m.end()) == "past" \
                and not _AFTER_ASIDE.match(ctx.text, m.end()):
            # "a strike began at midnight", told the next day: the midnight that ended the day before
            day = cal.shift(ctx.anchor, "day", -1)
        return "TIME", f"{day or 'XXXX-XX-XX'}T{clock}", None

    # ------------------------------------------------------------ resolvers: relative

    def _weekday(self, m: re.Match, ctx: _Context) -> Resolved:
        weekday = _weekday_number(m["wd"])
        pod = self.lex["parts_of_day"].get(_low(m["pod"])) if m["pod"] else None
        rel = _low(m["rel"])
        if m["plural"] or m["plural2"] or rel in ("each", "every"):
            return "SET", f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""), None
        if ctx.anchor is None:
            return ("TIME" if pod else "DATE"), f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""), None
        if rel in ("the previous", "the following"):
            # "down from the previous Friday": the one before (after) the day the text last named
            base = ctx.last_point[0] if ctx.last_point and ctx.last_point[1] == "day" else ctx.anchor
            if rel == "the previous":
                day = base - timedelta(days=(base.isoweekday() - weekday) % 7 or 7)
            else:
                day = base + timedelta(days=(weekday - base.isoweekday()) % 7 or 7)
            ctx.last_point = (day, "day")
            return "DATE", day.isoformat(), _mod(m["mod"])
        point = ctx.last_point
        if not (rel or m["mod"]) and point and point[1] == "day" and point[0].isoweekday() == weekday and \
                self._date_then_a.search(ctx.text, max(0, m.start() - 40), m.start()):
            return "DATE", point[0].isoformat(), None  # "on Dec. 18, a Wednesday,": the date just named
        relation = {"this past": "last", "past": "last", "this coming": "coming"}.get(rel, rel or None)
        # "Wednesday's ruling": a possessive weekday names something that has happened
        possessive = ctx.text.startswith(("'s", "’s"), m.end())
        tense = "" if possessive else ctx.tense(m.start(), m.end())
        if possessive and re.search(r"\b(?:ahead\s+of|in\s+the\s+run-up\s+to|upcoming|awaiting|await)\s+(?:the\s+)?$",
                                    ctx.text[max(0, m.start() - 30):m.start()], re.IGNORECASE):
            # "campaigning ended ahead of Sunday's election"; not "would get around Wednesday's ruling" or
            # "its share before Friday's purchases", where the day's event has happened
            tense = "future"
        if tense == "present" and not relation and _scheduled_present(ctx, m.start("wd"), m.end("wd")):
            tense = "future"  # "the summit ends on Saturday", "voters go to the polls Sunday": an arrangement
        day = cal.weekday_date(ctx.anchor, weekday, tense, relation)
        ctx.last_point = (day, "day")
        # "Friday night" is valued as the day: TempEval-3's annotators mostly leave the part of day out
        return "DATE", day.isoformat(), _mod(m["mod"])

    def _day_ref(self, m: re.Match, ctx: _Context) -> Resolved:
        ref = _low(m["ref"])
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                  "the day after tomorrow": 2}[ref]
        pod = self.lex["parts_of_day"].get(_low(m["pod"])) if m["pod"] else ("NI" if ref == "tonight" else None)
        day = cal.shift(ctx.anchor, "day", offset) if ctx.anchor else "XXXX-XX-XX"
        if pod:
            return "TIME", f"{day}T{pod}", _mod(m["mod"])
        return "DATE", day, _mod(m["mod"])

    def _ordinal_day(self, m: re.Match, ctx: _Context) -> Resolved:
        """"Today is the eighth day of the strike", "It's the second day of the offensive": the day of writing.

        Said of any other day ("Tuesday was the first day of ..."), the count needs the event's start,
        which the text rarely gives: left alone.
        """
        if ctx.anchor is None or not _TODAY_IS.search(ctx.text, max(0, m.start() - 16), m.start()):
            return None
        return "DATE", cal.day_value(ctx.anchor), None

    def _part_of_day(self, m: re.Match, ctx: _Context) -> Resolved:
        g = m.groupdict()
        pod_word = _low(g["pod"])
        pod = self.lex["parts_of_day"].get(pod_word) or ("MI" if pod_word == "day" else None)
        rel = _low(g.get("rel"))
        if pod_word == "day":
            pod = "MI"
        offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0)
        if rel == "last" and pod != "NI":
            return None  # "last morning" is not said; "last evening" rarely: leave them
        if rel in ("that", "the") and pod_word not in ("morning", "afternoon", "evening", "night"):
            return None
        if rel in ("that", "the") and re.match(r"\s+(?:of|the|a|an|that|when|he|she|they|we|i|it|his|her|their)\b",
                                               ctx.text[m.end():m.end() + 8], re.IGNORECASE):
            return None  # "the night of Oct. 23", "the night the plane went down": named by what follows
        if rel in ("the next", "the following"):
            if pod_word not in ("morning", "afternoon", "evening", "night") or ctx.anchor is None:
                return None
            # "the next morning": the morning after the day the text last named, valued as that day, as
            # "Friday morning" is
            point = ctx.last_point
            base = point[0] if point and point[1] == "day" else ctx.anchor
            day_after = base + timedelta(days=1)
            ctx.last_point = (day_after, "day")
            return "DATE", day_after.isoformat(), None
        if ctx.anchor is None:
            day = "XXXX-XX-XX"
        elif g.get("dayref"):
            day = _day_of(ctx, m)
        elif rel in ("that", "the"):
            # "Stocks crashed Friday. Dealers placed buy orders in the morning": the day last named
            point = ctx.last_point
            day = point[0].isoformat() if point and point[1] == "day" else cal.day_value(ctx.anchor)
        else:
            day = cal.shift(ctx.anchor, "day", offset)
        if pod == "MI":
            return "TIME", f"{day}T12:00", None
        return "TIME", f"{day}T{pod}", _mod(g.get("mod") or g.get("mod2"))

    def _value_at(self, ctx: _Context, unit: str, by: int) -> str:
        if ctx.anchor is None:
            return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                    "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}.get(unit, "XXXX")
        return cal.shift(ctx.anchor, unit, by)

    def _in_the_unit(self, m: re.Match, ctx: _Context) -> Resolved:
        unit = m["unit"].lower()
        mod = _mod(m["mod"])
        if unit == "quarter" and ctx.focus_quarter:
            return "DATE", f"{ctx.focus_quarter[0]}-Q{ctx.focus_quarter[1]}", mod
        return "DATE", self._value_at(ctx, unit, 0), (None if unit == "day" else mod)

    def _relative_unit(self, m: re.Match, ctx: _Context) -> Resolved:
        rel, unit = _low(m["rel"]), m["unit"].lower()
        mod = _mod(m["mod"])
        if rel == "the":
            if unit == "weekend":
                if ctx.anchor is None:
                    return "DATE", "XXXX-WXX-WE", mod
                return "DATE", cal.weekend_value(ctx.anchor, ctx.tense(m.start(), m.end())), mod
            if unit in ("year", "week", "month") and mod:
                return "DATE", self._value_at(ctx, unit, 0), mod
            if unit == "year":
                # "the year ended March 31", "throughout the year": a twelve-month span, a duration;
                # "results for the year", "a high for the year": the year the report is in
                after = ctx.text[m.end():m.end() + 12].lower()
                before = ctx.text[max(0, m.start() - 11):m.start()].lower()
                if re.match(r"\s+(?:ended|ending|to\s+date)\b", after) or re.search(r"throughout\s+$", before):
                    return "DURATION", "P1Y", None
                return "DATE", self._value_at(ctx, "year", 0), None
            return None
        if rel == "the full":
            if unit != "year":
                return None
            return "DATE", self._value_at(ctx, "year", 0), mod  # "sales for the full year"
        narrative = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(rel)
        if narrative and ctx.last_point and unit in ("day", "month", "year") and (
                rel != "the next" or unit == "day"):
            point, precision = ctx.last_point
            order = {"day": 0, "month": 1, "year": 2}
            if order[precision] <= order[unit]:
                return "DATE", cal.shift(point, unit, narrative), mod
        if rel in ("that", "the same"):
            # "in June 1998 ... later that year": the unit of the date the text last named
            if ctx.last_point and unit in ("day", "week", "month", "year"):
                point, precision = ctx.last_point
                if {"day": 0, "month": 1, "year": 2}[precision] <= {"day": 0, "week": 0, "month": 1, "year": 2}[unit]:
                    return "DATE", cal.shift(point, unit, 0), mod
            if rel == "that":
                return None
        if unit == "day":
            if narrative and ctx.anchor:
                return "DATE", cal.shift(ctx.anchor, "day", narrative), mod
            return None
        by = _REL_WORDS.get(rel, 0)
        if unit == "weekend":
            if ctx.anchor is None:
                return "DATE", "XXXX-WXX-WE", mod
            relation = {-1: "last", 1: "next", 0: "this"}[by]
            return "DATE", cal.weekend_value(ctx.anchor, ctx.tense(m.start(), m.end()), relation), mod
        if m["fiscal"] and unit == "year" and rel in ("the latest", "the most recent"):
            by = -1
        return "DATE", self._value_at(ctx, unit, by), mod

    @staticmethod
    def _starts_report(ctx: _Context, at: int) -> bool:
        """A quarter named in a paragraph that opens another company's report ("Separately, the airline
        reported third-quarter profit ..."): the quarter the next "a year earlier" is about."""
        paragraph = max(ctx.text.rfind("\n", 0, at), 0)
        lead = ctx.text[paragraph:at]
        if re.search(r"[.!?][\"']?\s+[A-Z]", lead) or not re.match(r"\s*(?:Separately|Elsewhere|Meanwhile),", lead):
            return False
        return not re.search(r"\b(?:from|than|compared\s+with|versus|vs\.?|over)\s+(?:the\s+|its\s+)?$", lead)

    def _resolve_quarter(self, ctx: _Context, quarter: int, year: int | None, tense: str,
                         at: int | None = None) -> str:
        explicit = year
        if year is None:
            if ctx.anchor is None:
                return f"XXXX-Q{quarter}"
            here_year, here_q = cal.quarter_of(ctx.anchor)
            if quarter <= here_q:
                year = here_year
            elif tense == "future" and quarter - here_q < 2:
                year = here_year
            else:
                # a quarter still to come this year, spoken of in the past or far ahead: last year's
                year = here_year - 1
        # an earnings report names its own quarter first and compares others after it ("up from the
        # second quarter"); a quarter of another year ("the third quarter of 1983") is history
        recent = explicit is None or ctx.anchor is None or explicit >= ctx.anchor.year - 1
        if recent and (ctx.focus_quarter is None or (at is not None and self._starts_report(ctx, at))):
            ctx.focus_quarter = (year, quarter)
        return f"{year:04d}-Q{quarter}"

    def _ended_quarter(self, ctx: _Context, end: int) -> tuple[int, int] | None:
        """The calendar quarter of a reporting period "ended Sept. 30" (the quarter its middle month is in)."""
        m = re.match(r"\s+(?:ended|ending)\s+(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2})\b(?:,?\s+(?P<year>\d{4}))?",
                     ctx.text[end:end + 40])
        if not m or ctx.anchor is None or m["month"].lower() not in self.lex["months"]:
            return None
        month = _month_number(m["month"])
        year = int(m["year"]) if m["year"] else cal.nearest_year_for_month(ctx.anchor, month, int(m["day"]), "past")
        year, middle = cal.shift_months(year, month, -1)
        return year, (middle - 1) // 3 + 1

    def _year_from(self, ctx: _Context, text: str | None) -> int | None:
        text = _low(text)
        if not text:
            return None
        if text.isdigit():
            return int(text)
        if ctx.anchor is None:
            return None
        if text.startswith("the"):
            return ctx.anchor.year
        return ctx.anchor.year + {"this": 0, "last": -1, "next": 1}.get(text.split()[0], 0)

    def _quarter(self, m: re.Match, ctx: _Context) -> Resolved:
        g = m.groupdict()
        ordinal = _low(g.get("ord") or g.get("ord2"))
        if ordinal.startswith("q"):
            quarter = int(ordinal[1])
        elif ordinal.isdigit():
            quarter = int(ordinal)
        elif ordinal in ("final", "last"):
            quarter = 4
        else:
            quarter = self.lex["ordinals"][ordinal]
        year = self._year_from(ctx, g.get("yr") or g.get("yr2"))
        if g.get("yr2") and len(g["yr2"]) == 2:
            year = 1900 + int(g["yr2"]) if int(g["yr2"]) > 50 else 2000 + int(g["yr2"])
        if g.get("yrrel") and ctx.anchor:
            year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[_low(g["yrrel"])]
        adj = _low(g.get("adj"))
        if g.get("plural"):
            return "SET", f"XXXX-Q{quarter}", None
        coded = ordinal.startswith("q") or bool(g.get("ord2"))  # "Q3", "3Q89": a business quarter
        if not (g.get("yr") or g.get("yr2") or g.get("yrrel") or adj or coded):
            # "scored 12 in the second quarter": a period of a game, when the sentence talks of play
            # and not of money
            sentence = _sentence_of(ctx.text, m)
            if (self._game_words.search(sentence) and not self._money_words.search(sentence)) or \
                    self._is_game_report(ctx):
                return None
        value = self._resolve_quarter(ctx, quarter, year, ctx.tense(m.start(), m.end()), m.start())
        if ("year-earlier" in adj or "year-ago" in adj) and value[:4].isdigit():
            value = f"{int(value[:4]) - 1:04d}{value[4:]}"
        start = m.start()
        article = re.match(r"(?:the|a)\s+", m.group(), re.IGNORECASE)
        if article and not (g.get("yr") or g.get("yrrel") or g.get("yr2")) and re.search(
                r"-(?:fiscal-)?quarter$", m.group(), re.IGNORECASE):
            start += article.end()  # "a third-quarter loss": an adjective; the article is the loss's
        return "DATE", value, None, start

    def _year_end(self, m: re.Match, ctx: _Context) -> Resolved:
        """"by year-end", "since year end": the year's end, this year's unless the clause looks back."""
        if ctx.anchor is None:
            return "DATE", "XXXX", "END"
        back = ctx.tense(m.start(), m.end()) == "past" and not re.search(
            r"\b(?:by|until|before|around|at)\s+$", ctx.text[max(0, m.start() - 10):m.start()].lower())
        return "DATE", f"{ctx.anchor.year - back:04d}", "END"

    def _is_game_report(self, ctx: _Context) -> bool:
        """A text about a game: words of play outnumber words of money three to one, and there are
        several; its "first quarter" and "second half" are periods of the game."""
        if ctx.game_report is None:
            play = len(self._game_words.findall(ctx.text))
            money = len(self._money_words.findall(ctx.text))
            ctx.game_report = play >= 4 and play >= 3 * money
        return ctx.game_report

    def _half(self, m: re.Match, ctx: _Context) -> Resolved:
        half = 1 if _low(m["ord"]) == "first" else 2
        if m["dec"] or m["short"]:
            return "DATE", f"{self._decade_number(m, ctx):03d}", "START" if half == 1 else "END"
        year = self._year_from(ctx, m["yr"] or m["yrq"])
        if year is None and self._is_game_report(ctx):
            return None  # "eight points in the first half"
        if year is None and not m["yrq"] and "of" not in m.group().lower():
            # a bare "the second half" is the year's only where the sentence speaks of money or of the
            # calendar ("profit rose in the first half"), not "much of the second half was water bottles"
            sentence = _sentence_of(ctx.text, m)
            if not (self._money_words.search(sentence) or self._calendar_words.search(sentence)):
                return None
        if year is None:
            if ctx.anchor is None:
                return "DATE", f"XXXX-H{half}", None
            year = ctx.anchor.year
            if half == 2 and ctx.anchor.month <= 6 and ctx.tense(m.start(), m.end()) == "past":
                year -= 1
        return "DATE", f"{year:04d}-H{half}", None

    def _period_ref(self, m: re.Match, ctx: _Context) -> Resolved:
        adj, what, det = _low(m["adj"]), m["what"].lower(), _low(m["det"])
        back = bool(m["back"] or m["lastyr"])
        if back:
            det = "the"
        if what == "period" and not (adj or back):
            return None
        if what == "quarter" and not (adj or back) and self._is_game_report(ctx):
            return None  # "a run to end the quarter", in a game report
        if what == "period" and ctx.focus_quarter is None and re.fullmatch(r"(?:same|previous)[\s-]*", adj):
            return None  # "during the same period" outside an earnings report: a span the text named before
        year_match = re.search(r"\b(1\d|20)\d\d\b", adj)
        if ctx.anchor is None:
            return "DATE", "XXXX-QX", None
        if what == "quarter" and det == "the" and not adj and ctx.focus_quarter is None:
            # "the quarter ended July 31", before any quarter is named: the calendar quarter it covers
            ended = self._ended_quarter(ctx, m.end())
            if ended:
                ctx.focus_quarter = ended
                return "DATE", f"{ended[0]:04d}-Q{ended[1]}", None
        if det == "this" and not adj and ctx.focus_quarter and ctx.text.startswith(("'s", "’s"), m.end()):
            year, quarter = ctx.focus_quarter  # "This quarter's loss", in a report on a quarter just ended
        elif det == "this" or "current" in adj:
            year, quarter = cal.quarter_of(ctx.anchor)
        elif ctx.focus_quarter and not re.search(r"latest|most recent|past|previous", adj) and det != "last":
            year, quarter = ctx.focus_quarter
        else:
            year, quarter = cal.shift_quarter(*cal.quarter_of(ctx.anchor), -1)
        if year_match:
            year = int(year_match.group())
        if "year-earlier" in adj or "year-ago" in adj or back or (
                re.search(r"comparable|corresponding", adj) and not year_match):
            year -= 1
        return "DATE", f"{year:04d}-Q{quarter}", None

    def _year_ago_adj(self, m: re.Match, ctx: _Context) -> Resolved:
        if ctx.anchor is None:
            return "DATE", "XXXX", None
        if ctx.focus_quarter and not self._longer_period_before(ctx, m.start()):
            return "DATE", f"{ctx.focus_quarter[0] - 1:04d}-Q{ctx.focus_quarter[1]}", None
        return "DATE", f"{ctx.anchor.year - 1:04d}", None

    @staticmethod
    def _longer_period_before(ctx: _Context, at: int) -> bool:
        """The sentence compares a span longer than the quarter ("For the nine months, ... a year earlier"):
        what lies a year back is that span, of last year, not the quarter under report."""
        sentence = max(ctx.text.rfind(". ", 0, at), ctx.text.rfind("\n", 0, at), 0)
        return bool(_LONGER_PERIOD.search(ctx.text, sentence, at))

    def _ago(self, m: re.Match, ctx: _Context) -> Resolved:
        unit = unit_of(m["unit"])
        n = _number(m["num"])
        direction = _low(m["dir"])
        sign = 1 if direction in ("later", "after", "from now", "hence") else -1
        mod = _mod(m["mod"]) or ("APPROX" if m["approx"] else None)
        if unit in ("hour", "minute", "second"):
            if ctx.anchor is None or n is None:
                return "DATE", "XXXX-XX-XX", mod
            return "DATE", cal.day_value(ctx.anchor), mod
        if n is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", mod
        if ctx.anchor is None:
            return "DATE", self._value_at(ctx, unit, 0), mod
        if unit == "year" and n == 1 and direction in ("ago", "earlier", "before") and ctx.focus_quarter \
                and not self._longer_period_before(ctx, m.start()):
            year, quarter = ctx.focus_quarter
            return "DATE", f"{year - 1:04d}-Q{quarter}", mod
        years = {"year": 1, "decade": 10, "century": 100}.get(unit)
        if years and not float(n).is_integer() and float(n * years).is_integer():
            unit, n, years = "year", n * years, 1  # "half a century ago": fifty years back
        count = int(n) if float(n).is_integer() else None
        if count is None:
            return "DATE", self._value_at(ctx, unit, 0), mod
        if years and ctx.anchor.year + sign * years * count < 1:
            # "200,000 years ago": before the common era, written BC and the year counted back from 1 BC
            return "DATE", f"BC{1 - (ctx.anchor.year + sign * years * count):04d}", mod
        if unit == "decade":
            return "DATE", f"{ctx.anchor.year + sign * 10 * count:04d}", mod
        if unit == "century":
            return "DATE", f"{(ctx.anchor.year + sign * 100 * count) // 100:02d}", mod
        return "DATE", cal.shift(ctx.anchor, unit, sign * count), mod

    def _duration(self, m: re.Match, ctx: _Context) -> Resolved:
        unit = unit_of(m["unit"])
        num = _low(m["num"])
        n = _number(num)
        if (m["half"] or m["half0"]) and n is not None:
            n += 0.5  # "three years and a half", "two and a half years"
        det, rel = _low(m["det"]), _low(m["rel"])
        mod = _mod(m["mod"]) or ("APPROX" if m["approx"] else None)
        if n is not None and n > 10000:
            return None
        if m["adj"] and m["adj"].lower() == "-old":
            return None  # an age ("a 6-year-old") is not a time expression
        after = ctx.text[m.end():m.end() + 6].lower()
        if re.match(r"\s+old\b", after):
            return None  # "52 years old"
        if unit == "quarter" and n is not None and (re.match(r"\s+of\b", after) or "-" in m.group()):
            # "a quarter of the market", "three-quarters": fractions, unlike "several quarters of losses"
            return None
        if unit == "second" and num in ("a", "an"):
            return None  # "a second group": the ordinal
        plural = m["unit"].lower().endswith("s") and len(m["unit"]) > 2
        if n is None and not plural and not m["adj"] and num not in ("a", "an", "some") and \
                not ctx.text.startswith("-", m.start("unit") - 1):
            # "many second order effects": a vague count goes with a plural unit, or with a singular one
            # in a compound ("a several-year delay")
            return None
        if num in ("a", "an") and plural and m["adj"]:
            # "a years-long drought": the article is the drought's, the span an unknown number of years
            return "DURATION", _duration(None, unit), mod, m.start("unit")
        before = ctx.text[max(0, m.start() - 14):m.start()].lower()
        if re.search(r"\b(?:age|aged|ages)\s+(?:between\s+)?(?:\d{1,3}\s*(?:to|and|-|–)\s*)?$",
                     ctx.text[max(0, m.start() - 30):m.start()].lower()):
            return None  # "people aged 50 years and older", "adults aged 55 to 75 years": an age
        if num in ("a", "an") and not (det or rel or m["mod"]) and re.search(r"\b(?:once|twice|thrice|times)\s+$",
                                                                             before):
            return "SET", _duration(1, unit), None  # "twice a week": how often, not how long
        if num == "some" and unit == "day" and not plural and not (det or rel or m["mod"]):
            return "DATE", "FUTURE_REF", None  # "we hope to go there some day"
        if num == "one" and unit == "day" and not (det or rel or m["mod"]) and re.search(
                r"\b(?:will|would|may|might|could|can|shall|hope\s+to|hopes\s+to)\s+$",
                ctx.text[max(0, m.start() - 12):m.start()].lower()):
            return "DATE", "FUTURE_REF", None  # "the country will one day join": some day, not a day long
        if num in ("a", "an") and not (det or rel or m["mod"]):
            before = ctx.text[max(0, m.start() - 12):m.start()].lower()
            if re.search(_RATE_BEFORE, before):
                return None  # "$1.76 a year", "four flights a week": a rate, not a span of time
        start = m.start()
        if det in ("a", "an", "another") and n is not None and not (det == "a" and num.startswith("couple")):
            start = m.start("rel") if m["rel"] else m.start("num")  # TimeML leaves the article out
        if det in ("a", "an", "the") and not m["rel"] and (
                "-" in ctx.text[m.end("num"):m.start("unit")] or (n is not None and n > 1 and not plural)):
            # "the 14-day waiting period", "a several-year tenure", "the two day rally": an adjective;
            # the article is the noun's
            start = m.start("num")
        if rel == "last" and ctx.parse is not None and _is_verb(ctx.parse, m.start("rel"), m.end("rel")):
            start, rel = m.start("num"), ""  # "to last two weeks": the verb, not "the last two weeks"
        if m["mod"]:
            start = m.start()
        if num in ("a", "an") and m["adj"] and not (det or rel or m["mod"]):
            start = m.start("unit")  # "a day-long meeting": the article is the meeting's
        if num in ("a", "an") and not (det or rel or mod) and unit in ("second", "minute"):
            pass
        return "DURATION", _duration(n, unit), mod, start

    def _unit_long(self, m: re.Match, ctx: _Context) -> Resolved:
        """"a day-long meeting", "a year-long inquiry": one of the unit, as "a two-day meeting" is two."""
        return "DURATION", _duration(1, unit_of(m["unit"])), None

    def _plural_units(self, m: re.Match, ctx: _Context) -> Resolved:
        unit = unit_of(m["unit"])
        rel = _low(m["rel"])
        if unit in ("second", "minute", "hour", "quarter", "weekend") and not rel:
            return None
        if rel in ("coming", "the coming"):
            return "DATE", "FUTURE_REF", None
        if rel == "past":
            return "DATE", "PAST_REF", None
        if rel == "the" and not m["ahead"]:
            return None
        return "DURATION", _duration(None, unit), None

    def _set_every(self, m: re.Match, ctx: _Context) -> Resolved:
        word = m["unit"]
        n = _number(m["num"]) if m["num"] and m["num"].lower() != "other" else (2 if m["num"] else 1)
        low = word.lower()
        if low.rstrip(".") in self.lex["weekdays"] and word[0].isupper():
            return "SET", f"XXXX-WXX-{_weekday_number(word)}", None
        if low in self.lex["months"] and word[0].isupper():
            return "SET", f"XXXX-{_month_number(word):02d}", None
        if low in self.lex["parts_of_day"]:
            return "SET", f"XXXX-XX-XXT{self.lex['parts_of_day'][low]}", None
        try:
            unit = unit_of(word)
        except KeyError:
            return None
        if n is None:
            return None
        return "SET", _duration(n, unit), None

    def _set_times_a(self, m: re.Match, ctx: _Context) -> Resolved:
        word = m["unit"] or m["unit2"] or m["unit3"]
        return "SET", _duration(1, unit_of(word)), None

    def _set_word(self, m: re.Match, ctx: _Context) -> Resolved:
        before = ctx.text[max(0, m.start() - 14):m.start()].lower()
        if re.search(_RATE_BEFORE, before):
            return None  # "rise 8.5% annually", "10,000 units annually": a rate, as "$1.76 a year"
        word = m["setw"]
        if word[:1].isupper() and re.search(r"(?:[A-Z][\w.]*|[A-Z]\.)\s+$", ctx.text[max(0, m.start() - 20):m.start()]):
            return None  # "L.A. WEEKLY", "New York Daily": a title's last word, not how often
        return "SET", self.lex["sets"][word.lower()], None

    def _reference(self, m: re.Match, ctx: _Context) -> Resolved:
        word = _low(m["ref"])
        value = self.lex["references"][word]
        if word == "the future" and re.match(r"\s+of\s", ctx.text[m.end():m.end() + 5]):
            return None  # "the future of our peoples": their prospects, not a time
        if word in ("the past", "the present", "the future") and re.match(
                r"\s+(?:perfect\s+|simple\s+|continuous\s+|progressive\s+)*(?:tense|tenses|participle|"
                r"perfect|simple|continuous|progressive|subjunctive)\b", ctx.text[m.end():m.end() + 40], re.I):
            return None  # "the past tense", "the present participle": grammar, not time
        if word == "future":
            after = ctx.text[m.end():m.end() + 12].lower()
            if not re.match(r"\s+(?:quarters|years|months|periods)", after):
                return None
        if word in ("current", "recent"):
            after = ctx.text[m.end():m.end() + 20].lower()
            if not re.match(r"\s+(?:quarter|year|period|month|week|level|levels|rate|rates|price|prices|session|"
                            r"term|situation|crisis|conditions|trend|climate|environment|market|account|"
                            r"government|administration|leadership|regime|system|round)", after) and word == "recent":
                return None
        return "DATE", value, None

    def _season(self, m: re.Match, ctx: _Context) -> Resolved:
        season = self.lex["seasons"][m["season"].lower()]
        if m["spyear"]:
            return "DATE", f"{_spelled_year_value(m['spyear']):04d}-{season}", _mod(m["mod"])
        rel = _low(m["rel"])
        word = m["season"].lower()
        # a season without "this", "last" or a year is a time only after a preposition of time ("in
        # summer", "over the summer", "well into the summer"); elsewhere "summer" is more often a noun
        # modifier ("summer jobs") and "the spring" a water source
        before = ctx.text[max(0, m.start() - 12):m.start()].lower()
        after_prep = re.search(_SEASON_PREPS, before)
        if not rel and not m["year"] and not m["mod"]:
            if word in ("fall", "spring") or not after_prep:
                return None
        if rel == "the" and not m["year"]:
            if not (after_prep or before.endswith("by ")):
                return None
        if rel in ("each", "every"):
            return "SET", f"XXXX-{season}", None
        if m["year"]:
            return "DATE", f"{m['year']}-{season}", _mod(m["mod"])
        if ctx.anchor is None:
            return "DATE", f"XXXX-{season}", _mod(m["mod"])
        order = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
        # January and February lie in the winter that opens the year, before its spring (0); December in
        # the one that closes it: "last fall" said in February is the fall of the year before
        here = 0 if ctx.anchor.month <= 2 else order[{3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA",
                                                     10: "FA", 11: "FA", 12: "WI"}[ctx.anchor.month]]
        year = ctx.anchor.year
        if rel in ("last", "the past", "past", "this past"):
            year = year - 1 if order[season] >= here else year
        elif rel in ("next", "the coming", "coming", "this coming"):
            year = year + 1 if order[season] <= here else year
        elif not rel or rel == "the" or rel == "this":
            tense = ctx.tense(m.start(), m.end())
            if tense == "past" and order[season] > here:
                year -= 1
            elif tense == "future" and order[season] < here:
                year += 1
        return "DATE", f"{year:04d}-{season}", _mod(m["mod"])

    def _holiday(self, m: re.Match, ctx: _Context) -> Resolved:
        name = _low(m["hol"])
        if not m["hol"][0].isupper():
            return None
        holidays = self.lex["holidays"]
        rel = _low(m["rel"])
        if m["year"]:
            years = [int(m["year"])]
        elif ctx.anchor is None:
            return "DATE", "XXXX-XX-XX", None
        else:
            years = [ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1]

        def on(year: int) -> date:
            if name in holidays["fixed"]:
                month, day = holidays["fixed"][name]
                return date(year, month, day)
            if name in holidays["easter"]:
                return cal.easter(year) + timedelta(days=holidays["easter"][name])
            # "Black Friday" is the day after the fourth Thursday of November: an offset in days after the nth weekday
            month, weekday, n, *after = holidays["nth_weekday"][name]
            return cal.nth_weekday(year, month, weekday, n) + timedelta(days=after[0] if after else 0)

        days = [on(y) for y in years]
        if len(days) == 1:
            return "DATE", days[0].isoformat(), None
        anchor = ctx.anchor
        tense = ctx.tense(m.start(), m.end())
        near = [d for d in days if abs((d - anchor).days) <= 30]
        if not rel and near:
            # within a month of the writing the nearer holiday is meant, whatever the tense
            # ("Halloween was cancelled", five days before it)
            pick = near[0]
        elif rel == "last" or (not rel and tense == "past"):
            pick = max(d for d in days if d <= anchor)
        elif rel == "next" or (not rel and tense == "future"):
            pick = min(d for d in days if d >= anchor)
        else:
            pick = min(days, key=lambda d: abs((d - anchor).days))
        return "DATE", pick.isoformat(), None


def _is_verb(parse, start: int, end: int) -> bool:
    span = parse.char_span(start, end, alignment_mode="expand")
    return bool(span) and span[0].pos_ in ("VERB", "AUX")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and a sentence-final full stop that is not an abbreviation's."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@lru_cache(maxsize=1)
def get_tagger() -> TimeTagger:
    return TimeTagger()
