"""The quote finder's words, read once from ``wirewatch/data/quotes.toml``."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

__all__ = ["QuoteLexicon", "load_quotes_lexicon"]


@dataclass(frozen=True)
class QuoteLexicon:
    speech: frozenset[str]              # verbs of saying: a clause or a quotation is what was said
    stance: frozenset[str]              # verbs of thinking and stance: a clause, never a quotation
    directive: frozenset[str]           # verbs with an infinitive content ("urged X to ...")
    intention: frozenset[str]           # verbs whose infinitive is the attributed content ("vowed to ...")
    object_content: frozenset[str]      # verbs whose object is what was said ("denied the allegations")
    rest_of_sentence: frozenset[str]    # verbs of saying whose unparsed complement is the rest of the sentence
    naming: frozenset[str]              # verbs naming their object ("called X a “champion”")
    prep_content: dict[str, frozenset[str]]   # "called for", "spoke of": verb -> prepositions
    light_verbs: dict[str, frozenset[str]]   # "expressed readiness to ...": verb -> content nouns
    nouns: frozenset[str]               # reporting nouns with a clause ("the claim that ...")
    according: tuple[tuple[str, ...], ...]  # multi-word cues taking the source as object ("according to")
    sign_off: str                       # characters of a "— Name" sign-off after a quotation
    pairs: dict[str, tuple[str, ...]]   # opening mark -> the marks that close it
    toggles: frozenset[str]             # marks that open and close alike (straight quotes)
    singles: frozenset[str]             # single-quote openers (only outside double quotes, within a line)
    colon_labels: frozenset[str] = field(default_factory=frozenset)   # "Photo:", "Update:": not speakers

    def is_verb_cue(self, lemma: str) -> bool:
        return (lemma in self.speech or lemma in self.stance or lemma in self.directive
                or lemma in self.intention or lemma in self.object_content or lemma in self.light_verbs
                or lemma in self.naming or lemma in self.prep_content)


@lru_cache(maxsize=1)
def load_quotes_lexicon() -> QuoteLexicon:
    data = tomllib.loads(files("wirewatch").joinpath("data/quotes.toml").read_text("utf-8"))
    cues, marks = data["cues"], data["marks"]
    pairs = {opener: tuple(closers) for opener, closers in marks["pairs"].items()}
    return QuoteLexicon(
        speech=frozenset(cues["speech"]),
        stance=frozenset(cues["stance"]),
        directive=frozenset(cues["directive"]),
        intention=frozenset(cues["intention"]),
        object_content=frozenset(cues["object_content"]),
        naming=frozenset(cues["naming"]),
        rest_of_sentence=frozenset(cues["rest_of_sentence"]),
        prep_content={verb: frozenset(preps) for verb, preps in cues["prep_content"].items()},
        light_verbs={verb: frozenset(nouns) for verb, nouns in cues["light_verbs"].items()},
        nouns=frozenset(cues["nouns"]["words"]),
        according=tuple(tuple(phrase.split()) for phrase in cues["phrases"]["according"]),
        sign_off=marks["sign_off"],
        pairs=pairs,
        toggles=frozenset(marks["toggles"]),
        singles=frozenset(marks["singles"]),
        colon_labels=frozenset(label.lower() for label in cues["phrases"].get("colon_labels", [])),
    )
