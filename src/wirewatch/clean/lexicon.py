"""The chrome lexicons (data/chrome*.toml) and stopword lists, loaded once and compiled."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["ChromeFamily", "Lexicon", "load_lexicon", "stopwords", "detect_language"]

# justext's stoplists (used as data, through its API), by ISO 639-1 code; these are the languages
# whose stopword density we compare when a document's language is not what the caller said
_JUSTEXT_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "ru": "Russian", "cs": "Czech", "sv": "Swedish", "da": "Danish",
    "fi": "Finnish", "tr": "Turkish", "hu": "Hungarian", "ro": "Romanian", "el": "Greek",
    "no": "Norwegian_Bokmal", "ca": "Catalan", "hr": "Croatian", "sk": "Slovak", "sl": "Slovenian",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# list bullets, counts such as "(3)", arrows and trailing colons around a menu label
_LABEL_NOISE = re.compile(r"[\s:›»«‹←→>|]+$|^[\s›»«‹←→>|]+|\s*\(\d+\)$")
_TOKEN = re.compile(r"[^\W\d_]{3,}")
_ESCAPE = re.compile(r"\\[bBwWdDsS]\*?|\\.")
_GROUP = re.compile(r"\([^()]*\)[?*]?")
_SIMPLE_GROUP = re.compile(r"^(?:\\b|\^|\\W\*)*\(((?:[^\W\d_]{3,}[^|()\\]*\|?)+)\)")
_LITERAL = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}")


def _pattern_keys(pattern: str) -> list[str] | None:
    """The 3-letter word starts of which a line must contain one for the pattern to match.

    Matching ~300 patterns against every line of millions of pages is the classifier's main cost;
    a pattern is only tried on lines holding one of its keys. None: no key (always tried).
    """
    group = _SIMPLE_GROUP.match(pattern)
    if group:
        keys = [_LITERAL.match(option) for option in group[1].split("|")]
        if all(keys):
            return [k[0][:3].lower() for k in keys]
    flat = _ESCAPE.sub(" ", pattern)
    while _GROUP.search(flat):
        flat = _GROUP.sub(" ", flat)
    if "|" in flat or "(" in flat:
        return None
    for literal in _LITERAL.finditer(flat):
        word = literal[0]
        if flat[literal.end() : literal.end() + 1] in ("?", "*", "{"):
            word = word[:-1]  # "newsletters?": the last letter is optional
        if len(word) >= 3:
            return [word[:3].lower()]
    return None


@dataclass(frozen=True)
class ChromeFamily:
    name: str
    reason: str
    max_words: int
    boundary: bool
    regex: re.Pattern
    order: int = 0


@dataclass(frozen=True)
class Lexicon:
    families: tuple[ChromeFamily, ...]
    label_reason: str
    nav_labels: frozenset[str]
    topic_labels: frozenset[str]
    media_words: frozenset[str]
    agencies: frozenset[str]
    source_prefixes: tuple[str, ...]
    roles: frozenset[str]
    byline_prefixes: tuple[str, ...]
    months: dict[str, int]
    weekdays: frozenset[str]
    date_fillers: frozenset[str]
    updated_words: tuple[str, ...]
    # word start (3 letters) -> (family, regex of its patterns with that key); keyless ones always run
    triggers: dict[str, tuple[tuple[ChromeFamily, re.Pattern], ...]]
    untriggered: tuple[tuple[ChromeFamily, re.Pattern], ...]

    def label_kind(self, line: str) -> str | None:
        """"nav" for a menu entry ("Home", "Impressum (3)"), "topic" for a section label ("Politics")."""
        key = _LABEL_NOISE.sub("", line).lower()
        return "nav" if key in self.nav_labels else "topic" if key in self.topic_labels else None

    def chrome_family(self, line: str, n_words: int) -> ChromeFamily | None:
        """The first chrome family (in file order) whose pattern the line matches and whose size it fits."""
        candidates = [c for c in self.untriggered if n_words <= c[0].max_words]
        for key in {token[:3] for token in _TOKEN.findall(line.lower())}:
            candidates.extend(c for c in self.triggers.get(key, ()) if n_words <= c[0].max_words)
        found = None
        for family, regex in candidates:
            if (found is None or family.order < found.order) and regex.search(line):
                found = family
        return found


def _read(name: str) -> dict:
    return tomllib.loads((resources.files("wirewatch") / "data" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    chrome, dates = _read("chrome.toml"), _read("chrome_dates.toml")
    families, triggers, untriggered = [], {}, []
    for order, (name, spec) in enumerate(chrome["chrome"].items()):
        family = ChromeFamily(
            name=name,
            reason=spec["reason"],
            max_words=int(spec["max_words"]),
            boundary=bool(spec.get("boundary", False)),
            regex=re.compile("|".join(f"(?:{p})" for p in spec["patterns"]), re.IGNORECASE),
            order=order,
        )
        families.append(family)
        by_key: dict[str | None, list[str]] = {}
        for pattern in spec["patterns"]:
            for key in _pattern_keys(pattern) or [None]:
                by_key.setdefault(key, []).append(pattern)
        for key, patterns in by_key.items():
            entry = (family, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
            (untriggered if key is None else triggers.setdefault(key, [])).append(entry)
    source = chrome["source"]
    months = {word: int(number) for number, words in dates["months"].items() for word in words}
    return Lexicon(
        families=tuple(families),
        triggers={key: tuple(value) for key, value in triggers.items()},
        untriggered=tuple(untriggered),
        label_reason=chrome["labels"]["reason"],
        nav_labels=frozenset(chrome["labels"]["nav"]),
        topic_labels=frozenset(chrome["labels"]["topics"]),
        media_words=frozenset(source["media_words"]),
        agencies=frozenset(source["agencies"]),
        source_prefixes=tuple(source["source_prefixes"]),
        roles=frozenset(source["roles"]),
        # longest first, so "written by" wins over "by"
        byline_prefixes=tuple(sorted(source["byline_prefixes"], key=len, reverse=True)),
        months=months,
        weekdays=frozenset(dates["words"]["weekdays"]),
        date_fillers=frozenset(dates["words"]["fillers"]),
        updated_words=tuple(dates["words"]["updated"]),
    )


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """justext's stoplist for an ISO 639-1 code; empty for a language it lacks."""
    name = _JUSTEXT_NAMES.get(language)
    if name is None:
        return frozenset()
    import justext

    return frozenset(justext.get_stoplist(name))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _stopword_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code in _JUSTEXT_NAMES:
        for word in stopwords(code):
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def detect_language(text: str, hint: str = "en", *, sample_words: int = 3000) -> str:
    """The hinted language unless another stoplist covers clearly more of the text's words.

    Pages in the wild are often not in the language the caller expects; a wrong stoplist makes
    every paragraph look like chrome (no stopwords), so we check rather than trust.
    """
    # one-letter words ("a", "o", "i") are stopwords of many languages and carry no signal
    tokens = [w.lower() for w in words(text[: sample_words * 8]) if len(w) > 1][:sample_words]
    if not tokens:
        return hint
    counts = dict.fromkeys(_JUSTEXT_NAMES, 0)
    index = _stopword_index()
    for token in tokens:
        for code in index.get(token, ()):
            counts[code] += 1
    # a long stoplist (Polish: 3,000 words) covers any text a little; damp it by its size
    cover = {code: count / len(tokens) / len(stopwords(code)) ** 0.1 for code, count in counts.items()}
    hinted = cover.get(hint, 0.0)
    best, best_cover = hint, hinted
    for code, value in cover.items():
        if value > best_cover:
            best, best_cover = code, value
    # stoplists overlap (English "in", German "in"); switch only on a clear margin
    return best if best_cover > max(1.25 * hinted, hinted + 0.02) else hint
