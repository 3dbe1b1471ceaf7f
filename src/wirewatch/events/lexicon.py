"""The PLOVER lexicon, read once from ``wirewatch/data/events.toml`` (see the comments there)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["Phrase", "Pattern", "EventLexicon", "load_events_lexicon", "PLOVER_TYPES"]

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass(frozen=True)
class Phrase:
    """A trigger word with what must come with it: "set up" (a particle or preposition after the verb),
    "hunger strike" (a modifier before the noun)."""

    head: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pattern:
    name: str
    type: str
    mode: str | None = None
    verbs: tuple[Phrase, ...] = ()
    nouns: tuple[Phrase, ...] = ()
    adjectives: frozenset[str] = frozenset()
    objects: tuple[Phrase, ...] = ()
    unless_objects: tuple[Phrase, ...] = ()
    prep: str | None = None
    prep_required: str | None = None
    recipient_prep: tuple[str, ...] = ()
    modifiers: frozenset[str] = frozenset()
    embed: bool = False
    negated: str | None = None
    needs_infinitive: bool = False
    no_object: bool = False
    needs_conflict: bool = False
    passive_actor: bool = False
    confidence: float = 0.7


@dataclass(frozen=True)
class EventLexicon:
    patterns: tuple[Pattern, ...]
    by_verb: dict[str, tuple[Pattern, ...]]          # head lemma (and regular forms) -> patterns in order
    by_noun: dict[str, tuple[Pattern, ...]]
    by_adjective: dict[str, tuple[Pattern, ...]]
    light_verbs: tuple[Phrase, ...]
    speech_verbs: frozenset[str]
    future_governors: frozenset[str]
    negating_governors: frozenset[str]
    negating_nouns: frozenset[str]
    modal_future: frozenset[str]
    modal_hypothetical: frozenset[str]
    condition_marks: frozenset[str]
    conflict_types: frozenset[str]
    irrealis_types: dict[str, str]
    threat_modes: dict[str, str]
    modes: dict[str, tuple[tuple[str, tuple[Phrase, ...]], ...]] = field(default_factory=dict)


def _verb_phrase(text: str) -> Phrase:
    words = text.lower().split()
    return Phrase(words[0], after=tuple(words[1:]))


def _noun_phrase(text: str) -> Phrase:
    words = text.lower().split()
    return Phrase(words[-1], before=tuple(words[:-1]))


_VOWELS = set("aeiou")


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb, for when the lemmatiser gets a form wrong ("staged" -> "stag")."""
    forms = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if len(lemma) >= 3 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS \
                and lemma[-3] not in _VOWELS:
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _index(patterns: list[Pattern], attribute: str, forms: bool = False) -> dict[str, tuple[Pattern, ...]]:
    out: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        heads = getattr(pattern, attribute)
        keys: set[str] = set()
        for head in heads:
            word = head if isinstance(head, str) else head.head
            keys |= verb_forms(word) if forms else {word}
        for key in keys:
            if pattern not in out.setdefault(key, []):
                out[key].append(pattern)
    return {key: tuple(value) for key, value in out.items()}


def _pattern(spec: dict) -> Pattern:
    return Pattern(
        name=spec["name"], type=spec["type"], mode=spec.get("mode"),
        verbs=tuple(_verb_phrase(v) for v in spec.get("verbs", [])),
        nouns=tuple(_noun_phrase(n) for n in spec.get("nouns", [])),
        adjectives=frozenset(a.lower() for a in spec.get("adjectives", [])),
        objects=tuple(_noun_phrase(o) for o in spec.get("objects", [])),
        unless_objects=tuple(_noun_phrase(o) for o in spec.get("unless_objects", [])),
        prep=spec.get("prep"), prep_required=spec.get("prep_required"),
        recipient_prep=tuple(spec.get("recipient_prep", [])),
        modifiers=frozenset(m.lower() for m in spec.get("modifiers", [])),
        embed=bool(spec.get("embed", False)), negated=spec.get("negated"),
        needs_infinitive=bool(spec.get("needs_infinitive", False)), no_object=bool(spec.get("no_object", False)),
        needs_conflict=bool(spec.get("needs_conflict", False)),
        passive_actor=bool(spec.get("passive_actor", False)),
        confidence=float(spec.get("confidence", 0.7)),
    )


def lexicon_from_text(text: str) -> EventLexicon:
    data = tomllib.loads(text)
    settings = data["settings"]
    patterns = [_pattern(spec) for spec in data["pattern"]]
    for pattern in patterns:
        if pattern.type not in PLOVER_TYPES:
            raise ValueError(f"events lexicon: pattern {pattern.name} has type {pattern.type!r}, not a PLOVER type")
    modes = {
        event_type: tuple((mode, tuple(_noun_phrase(w) for w in words)) for mode, words in table.items())
        for event_type, table in data.get("modes", {}).items()
    }
    return EventLexicon(
        patterns=tuple(patterns),
        by_verb=_index(patterns, "verbs", forms=True),
        by_noun=_index(patterns, "nouns"),
        by_adjective=_index(patterns, "adjectives"),
        light_verbs=tuple(_verb_phrase(v) for v in settings["light_verbs"]),
        speech_verbs=frozenset(settings["speech_verbs"]),
        future_governors=frozenset(settings["future_governors"]),
        negating_governors=frozenset(settings["negating_governors"]),
        negating_nouns=frozenset(settings["negating_nouns"]),
        modal_future=frozenset(settings["modal_future"]),
        modal_hypothetical=frozenset(settings["modal_hypothetical"]),
        condition_marks=frozenset(settings["condition_marks"]),
        conflict_types=frozenset(settings["conflict_types"]),
        irrealis_types=dict(data.get("irrealis_types", {})),
        threat_modes=dict(data.get("threat_modes", {})),
        modes=modes,
    )


@lru_cache(maxsize=4)
def load_events_lexicon(path: str | None = None) -> EventLexicon:
    """The shipped lexicon, or the one at ``path``."""
    text = Path(path).read_text("utf-8") if path else files("wirewatch").joinpath("data/events.toml").read_text("utf-8")
    return lexicon_from_text(text)
