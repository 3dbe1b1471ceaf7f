"""Event triggers in a parsed sentence: which word, by which pattern of the lexicon, in which clause.

A trigger is a verb ("arrested"), a verb with the object its pattern names ("imposed a curfew",
"turned to X for help"), a nominalisation ("riots", "the bombing"), or an adjective with an infinitive
("willing to withdraw"). Its ``anchor`` is the predicate whose subject, tense and clause the event
takes: the verb itself, the light verb that carries a noun ("staged demonstrations"), the copula of
an adjective.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import EventLexicon, Pattern, Phrase, verb_forms

__all__ = ["Trigger", "find_triggers", "objects_of"]

_OBJECT_DEPS = {"dobj", "attr", "oprd"}
_NOUN_POS = {"NOUN", "PROPN"}
_VERB_POS = {"VERB"}
# spaCy entity labels a trigger noun may sit inside ("the Iraq war" is fine, "Human Rights Watch" not)
_NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "PRODUCT", "EVENT"}
# objects that only measure the real one ("10 days of war games", "a series of strikes")
_MEASURES = {"day", "days", "week", "weeks", "series", "wave", "round", "spate", "string", "number", "set", "thousand",
             "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "million", "millions", "part", "package",
             "host", "couple", "lot", "lots", "flurry", "barrage", "volley", "campaign", "month", "months", "hour", "hours"}
# heads a nominalisation may modify and still name the event ("a mediation effort", "a bombing campaign")
_CARRIERS = {"effort", "efforts", "campaign", "operation", "operations", "program", "programme", "process",
             "mission", "initiative", "drive", "action", "bid", "attempt", "attempts", "activity", "activities"}


@dataclass
class Trigger:
    token: object                   # the trigger word (spaCy Token)
    anchor: object                  # the predicate the event hangs from
    pattern: Pattern
    kind: str                       # verb | noun | adjective
    object: object | None = None    # the object the pattern named, part of this event
    light: object | None = None     # the light verb carrying a noun event
    governor: "Trigger | None" = None   # the operator ("agreed to", "urged X to") this one is embedded in
    embedded: list["Trigger"] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _forms(lemma: str) -> frozenset[str]:
    return frozenset(verb_forms(lemma))


def _lemma(token) -> str:
    return token.lemma_.lower()


def _verb_matches(token, phrase: Phrase) -> bool:
    if _lemma(token) != phrase.head and token.lower_ not in _forms(phrase.head):
        return False
    if not phrase.after:
        return True
    near = {child.lower_ for child in token.children}
    doc = token.doc
    near |= {doc[i].lower_ for i in range(token.i + 1, min(len(doc), token.i + 4))}
    return all(word in near for word in phrase.after)


def _noun_matches(token, phrase: Phrase) -> bool:
    if _lemma(token) != phrase.head and token.lower_ != phrase.head:
        return False
    if not phrase.before:
        return True
    before = {child.lemma_.lower() for child in token.lefts} | {child.lower_ for child in token.lefts}
    if token.i > 0:
        before.add(token.doc[token.i - 1].lower_)
    return all(word in before for word in phrase.before)


def conjuncts(token) -> list:
    """The token and every conjunct coordinated with it ("Iraq and Iran": both)."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(conjuncts(child))
    return out


def objects_of(token, prep: str | None = None) -> list:
    """The verb's objects: direct objects (or a passive subject), with conjuncts; with ``prep``, the
    objects of that preposition, on the verb or on its direct object."""
    out = []
    if prep:
        holders = [token] + [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        for holder in holders:
            for child in holder.children:
                if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep:
                    for grand in child.children:
                        if grand.dep_ in ("pobj", "pcomp"):
                            out.extend(conjuncts(grand))
        return out
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS or child.dep_ == "nsubjpass":
            out.extend(conjuncts(child))
    for obj in list(out):
        if obj.lemma_.lower() in _MEASURES or obj.lower_ in _MEASURES:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out.extend(c for c in prep.children if c.dep_ == "pobj")
    return out


def _object_match(token, pattern: Pattern):
    for candidate in objects_of(token, pattern.prep):
        words = [candidate] + [c for c in candidate.children if c.dep_ == "compound"]
        for word in words:
            if any(_noun_matches(word, phrase) for phrase in pattern.objects):
                return candidate
    return None


def _has_prep(token, prep: str) -> bool:
    holders = [token] + [c for c in token.children if c.dep_ in _OBJECT_DEPS]
    return any(child.dep_ in ("prep", "dative") and child.lower_ == prep for h in holders for child in h.children)


def _has_complement(token) -> bool:
    return any(child.dep_ in ("xcomp", "ccomp") for child in token.children)


def _verb_trigger(token, lexicon: EventLexicon) -> Trigger | None:
    candidates = lexicon.by_verb.get(_lemma(token), ()) + lexicon.by_verb.get(token.lower_, ())
    seen = set()
    for pattern in candidates:
        if pattern.name in seen or not pattern.verbs:
            continue
        seen.add(pattern.name)
        if not any(_verb_matches(token, phrase) for phrase in pattern.verbs):
            continue
        obj = None
        if pattern.objects:
            obj = _object_match(token, pattern)
            if obj is None:
                continue
        if pattern.prep_required and not _has_prep(token, pattern.prep_required):
            continue
        if pattern.needs_infinitive and not any(c.dep_ == "xcomp" for c in token.children):
            continue
        if pattern.no_object and objects_of(token):
            continue
        if pattern.unless_objects and any(
                any(_noun_matches(o, phrase) for phrase in pattern.unless_objects) for o in objects_of(token)):
            continue
        return Trigger(token=token, anchor=token, pattern=pattern, kind="verb", object=obj)
    return None


def _noun_pattern(token, lexicon: EventLexicon) -> Pattern | None:
    for pattern in lexicon.by_noun.get(_lemma(token), ()) + lexicon.by_noun.get(token.lower_, ()):
        if not any(_noun_matches(token, phrase) for phrase in pattern.nouns):
            continue
        if pattern.modifiers:
            mods = {child.lemma_.lower() for child in token.lefts} | {child.lower_ for child in token.lefts}
            if not mods & pattern.modifiers:
                continue
        return pattern
    return None


def _is_light(token, lexicon: EventLexicon) -> bool:
    return token.pos_ in _VERB_POS and any(_verb_matches(token, phrase) for phrase in lexicon.light_verbs)


def _inside_name(token) -> bool:
    return token.ent_type_ in _NAME_LABELS and token.ent_iob_ in ("B", "I")


def _phrase_head(token):
    head = token
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i and head.head.pos_ in _NOUN_POS:
        head = head.head
    return head


def find_triggers(sentence, lexicon: EventLexicon) -> list[Trigger]:
    """The triggers of one sentence (a spaCy Span), in text order, each word coding one event at most."""
    verbs: dict[int, Trigger] = {}
    consumed: set[int] = set()
    for token in sentence:
        if token.pos_ in _VERB_POS or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
            trigger = _verb_trigger(token, lexicon)
            if trigger is not None:
                verbs[token.i] = trigger
                if trigger.object is not None:
                    consumed.add(trigger.object.i)
                    consumed.update(c.i for c in trigger.object.children if c.dep_ == "compound")
                    for prep in trigger.object.children:   # "20 million dollars of aid"
                        if prep.dep_ == "prep" and prep.lower_ == "of":
                            consumed.update(c.i for c in prep.children if c.dep_ == "pobj")
    nouns: list[Trigger] = []
    for token in sentence:
        if token.pos_ not in _NOUN_POS or token.i in consumed or _inside_name(token):
            continue
        pattern = _noun_pattern(token, lexicon)
        if pattern is None:
            continue
        head = _phrase_head(token)
        if head.i != token.i and _noun_pattern(head, lexicon) is not None and head.i not in consumed:
            continue                # "bomb attack": the head codes the event, the modifier its mode
        if head.i != token.i and token.dep_ == "compound" and head.lemma_.lower() not in _CARRIERS \
                and not any(p.before for p in pattern.nouns if p.head == _lemma(token) or p.head == token.lower_):
            continue                # "battle zones", "protest leaders": not an event
        if head.i in consumed:
            continue
        if pattern.needs_infinitive and not any(
                c.dep_ in ("acl", "relcl") or (c.dep_ == "prep" and c.lower_ in ("for", "to")) for c in token.children):
            continue                # "calls for talks", "a call to resign"; not "a conference call"
        trigger = Trigger(token=token, anchor=head, pattern=pattern, kind="noun")
        top, above = head, set()
        while top.dep_ == "conj" and top.head.pos_ in _NOUN_POS:
            top = top.head
            above.add(top.i)
        if any(n.anchor.i in above and n.pattern.type == pattern.type for n in nouns):
            continue                # "riots and mass protests": one event
        verb = top.head
        if top.dep_ == "pobj" and verb.lower_ == "of" and (verb.head.lemma_.lower() in _MEASURES) \
                and verb.head.dep_ in _OBJECT_DEPS:
            top = verb.head         # "launched 10 days of war games"
            verb = top.head
        if top.dep_ in _OBJECT_DEPS and verb.pos_ in _VERB_POS:
            governing = verbs.get(verb.i)
            if _is_light(verb, lexicon) and (governing is None or not governing.pattern.objects):
                # "staged demonstrations", "ordered patrols": the noun's event, in the verb's clause
                verbs.pop(verb.i, None)
                trigger.anchor, trigger.light = verb, verb
        nouns.append(trigger)
    adjectives: list[Trigger] = []
    for token in sentence:
        if token.pos_ != "ADJ":
            continue
        for pattern in lexicon.by_adjective.get(_lemma(token), ()) + lexicon.by_adjective.get(token.lower_, ()):
            if any(c.dep_ == "xcomp" for c in token.children) or _has_prep(token, "to"):
                anchor = token.head if token.dep_ in ("acomp", "amod") and token.head.pos_ in ("AUX", "VERB") else token
                if anchor.i in verbs:
                    break
                adjectives.append(Trigger(token=token, anchor=anchor, pattern=pattern, kind="adjective"))
                break
    out = list(verbs.values()) + nouns + adjectives
    out.sort(key=lambda t: t.token.i)
    return out
