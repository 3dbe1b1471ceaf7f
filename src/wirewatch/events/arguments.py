"""An event's participants, place, date and evidence, from its own clause.

The actor is the clause's subject (the agent of a passive; the controller of an infinitive: the object
of "urged X to", the subject of "agreed to"; a relative clause's noun), the recipient its object, the
preposition its pattern names ("talks with X", "sanctions on X"), an indirect object, or the subject of a
demanded clause ("demanded that X cancel"). Each is coded through the entity whose mention covers it,
so a pronoun or a title reaches its referent only where coreference linked them; nothing is taken from
another sentence.
"""
from __future__ import annotations

from bisect import bisect_right

from ..record import EventActor, Location
from .match import conjuncts as _conjuncts

__all__ = ["EntityIndex", "subject_of", "recipient_of", "location_of", "date_of", "clause_span"]

_SUBJECTS = ("nsubj", "csubj")
_RELATIVE = {"who", "which", "that", "whom", "whose"}
# heads that stand for the group they count ("a group of Moroccan diplomats", "thousands of Kurds")
_QUANTITY = {"group", "thousand", "thousands", "ten", "tens", "hundred", "hundreds", "dozen", "dozens", "member",
             "members", "number", "some", "many", "most", "batch", "patch", "contingent", "delegation", "band",
             "crowd", "crowds", "team", "unit", "million", "millions", "score", "scores", "party", "part", "all",
             "one", "two", "three", "several", "majority", "wave", "column", "convoy"}
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on"}
_CLAUSE_DEPS = {"conj", "cc", "advcl", "parataxis", "relcl"}
_PASSIVE_TAGS = {"VBN"}


class EntityIndex:
    """The record's entities by the characters their mentions cover."""

    def __init__(self, entities) -> None:
        spans = []
        for entity in entities:
            for mention in entity.mentions:
                spans.append((mention.start, mention.end, entity))
        spans.sort(key=lambda item: (item[0], -(item[1] - item[0])))
        self.spans = spans
        self.starts = [s for s, _, _ in spans]

    def at(self, token):
        """The entity whose mention covers this token (the shortest such mention)."""
        start, end = token.idx, token.idx + len(token.text)
        best = None
        for i in range(bisect_right(self.starts, start) - 1, -1, -1):
            s, e, entity = self.spans[i]
            if e <= start and start - s > 200:
                break
            if s <= start and e >= end and (best is None or e - s < best[1] - best[0]):
                best = (s, e, entity)
        return best[2] if best else None


def _passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _child(token, *deps):
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            return _child(child, "pobj")
    return None


def subject_of(verb, depth: int = 0):
    """The token standing for the verb's actor, following control, conjunction and relative clauses."""
    if depth > 6:
        return None
    if verb.pos_ in ("VERB", "AUX") and (_passive(verb) or (verb.tag_ in _PASSIVE_TAGS and verb.dep_ == "acl")):
        agent = _agent(verb)
        if agent is not None:
            return agent
        if _passive(verb):
            return None
    subject = _child(verb, *_SUBJECTS)
    if subject is not None:
        if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            return verb.head
        return subject
    head, relation = verb.head, verb.dep_
    if head.i == verb.i:
        return None
    if relation == "conj":
        return subject_of(head, depth + 1)
    if relation == "relcl":
        return head
    if relation == "xcomp":
        obj = _child(head, "dobj")
        if obj is not None and head.lemma_.lower() not in ("promise", "vow", "pledge", "offer", "agree", "threaten",
                                                           "refuse", "swear", "decline"):
            return obj              # object control: "urged Chile to resolve"
        return subject_of(head, depth + 1)
    if relation == "pcomp" and head.lower_ in ("of", "for") and head.head.pos_ == "VERB":
        obj = _child(head.head, "dobj")
        if obj is not None:
            return obj              # "accused X of torturing": X tortured
    if relation in ("advcl", "acl", "pcomp", "prep", "pobj", "dobj", "attr", "acomp", "oprd", "ccomp"):
        if relation == "ccomp":
            return None
        return subject_of(head, depth + 1)
    return None


def _group_head(token):
    while token.lemma_.lower() in _QUANTITY or token.lower_ in _QUANTITY:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = _child(of, "pobj") if of is not None else None
        if target is None:
            break
        token = target
    return token


def entity_for(token, index: EntityIndex):
    """The entity a noun phrase stands for: its head's, a conjunct's, a modifier's ("Palestinian
    prisoners"), a place possessor's ("Poland's parliament")."""
    if token is None:
        return None
    token = _group_head(token)
    for candidate in _conjuncts(token):
        entity = index.at(candidate)
        if entity is not None:
            return entity
    for child in _modifiers(token):
        entity = index.at(child)
        if entity is not None and entity.type != "PERSON" and entity.country:
            return entity
    for child in token.children:
        if child.dep_ == "poss":
            entity = index.at(child)
            if entity is not None and entity.type in ("GPE", "NORP", "ORG"):
                return entity
    return None


def _modifiers(token) -> list:
    """The words before a noun that modify it, nearest first ("US" in "US Predator attacks")."""
    out, stack = [], [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")]
    while stack:
        child = stack.pop(0)
        out.append(child)
        stack.extend(c for c in child.lefts if c.dep_ in ("compound", "amod", "nmod", "poss"))
    return out


def _phrase_text(token) -> str:
    start = token.left_edge.i
    while start < token.i and token.doc[start].dep_ in ("det", "punct"):
        start += 1
    return token.doc[start:token.i + 1].text


def event_actor(token, index: EntityIndex) -> EventActor | None:
    if token is None:
        return None
    entity = entity_for(token, index)
    if entity is not None:
        return EventActor(name=entity.name, entity_id=entity.id, country=entity.country, sector=entity.sector)
    if token.pos_ == "PRON" or token.lower_ in _RELATIVE:
        return None
    return EventActor(name=_phrase_text(_group_head(token)))


def resolve_pronoun(token, index: EntityIndex, lexicon_speech: frozenset[str]):
    """An uncoded "it"/"they" in reported speech is the speaker ("Syria says it is willing")."""
    current = token.head
    while current.head.i != current.i:
        if current.lemma_.lower() in lexicon_speech:
            subject = subject_of(current)
            if subject is not None and subject.pos_ != "PRON":
                return subject
        if current.dep_ in ("relcl", "parataxis"):
            break
        current = current.head
    if current.lemma_.lower() in lexicon_speech:
        subject = subject_of(current)
        if subject is not None and subject.pos_ != "PRON":
            return subject
    return None


def _preps(tokens, names) -> list:
    out = []
    for holder in tokens:
        if holder is None:
            continue
        for child in holder.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ in names:
                pobj = _child(child, "pobj")
                if pobj is not None:
                    out.append(pobj)
    return out


def recipient_of(trigger, index: EntityIndex, exclude=None):
    """The token standing for the recipient, or None."""
    pattern, verb = trigger.pattern, trigger.anchor
    holders = [trigger.token, trigger.object]
    if trigger.light is not None:
        holders.append(trigger.light)
    candidates = []
    if trigger.kind == "verb" and _passive(verb):
        subject = _child(verb, "nsubjpass")
        if subject is not None and (trigger.object is None or subject.i != trigger.object.i):
            candidates.append(subject)
    if trigger.kind == "verb" and trigger.object is None:
        obj = _child(verb, "dobj")
        # "withdraw its troops": what the actor owns is not the recipient
        if obj is not None and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
            candidates.append(obj)
    candidates.append(_child(verb, "dative"))
    if trigger.light is not None:
        candidates.append(_child(trigger.light, "dative"))
    names = set(pattern.recipient_prep)
    if trigger.light is not None or trigger.kind == "noun":
        names |= {"on", "against", "with", "to"}
    candidates.extend(_preps(holders, names))
    if pattern.embed:
        for child in verb.children:
            if child.dep_ == "ccomp":
                candidates.append(_child(child, "nsubj"))
    for candidate in candidates:
        if candidate is None or (exclude is not None and candidate.i == exclude.i):
            continue
        if index.at(_group_head(candidate)) is not None or entity_for(candidate, index) is not None:
            return candidate
    for candidate in candidates:
        if candidate is not None and (exclude is None or candidate.i != exclude.i) and candidate.pos_ == "PROPN" \
                and candidate.ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            return candidate
    return None


def location_of(trigger, index: EntityIndex) -> Location | None:
    """The place named in the clause ("in Kirkuk", "in the town of Cizre"), else None."""
    holders = [trigger.anchor, trigger.token, trigger.object, trigger.light]
    for pobj in _preps(holders, _LOCATIVE):
        for token in [pobj] + [_child(c, "pobj") for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"]:
            if token is None:
                continue
            entity = index.at(token)
            if entity is not None and entity.type in _PLACE_TYPES:
                return Location(name=entity.place or entity.name, country=entity.country, lat=entity.lat, lon=entity.lon)
    return None


def clause_tokens(head) -> list:
    """The tokens of the clause ``head`` heads, without its conjuncts and adverbial clauses."""
    out = []
    stack = [head]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if token.i == head.i and child.dep_ in _CLAUSE_DEPS and not (child.dep_ == "advcl" and _is_condition(child)):
                if not (child.dep_ in ("conj", "cc") and head.pos_ in ("NOUN", "PROPN")):
                    continue        # "riots and mass protests" is one noun phrase; verbs' conjuncts are clauses
            if child.dep_ == "conj" and child.pos_ == "VERB" and token.pos_ == "VERB":
                continue            # a conjoined verb deeper down is a clause of its own
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _is_condition(clause) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def clause_span(head) -> tuple[int, int]:
    tokens = [t for t in clause_tokens(head) if not t.is_space and (not t.is_punct or t.text in (")", "]", "”", '"'))]
    while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].text in ("”", '"')
                      and not any(t.text in ("“", '"') for t in tokens[:-1])):
        tokens.pop()
    if not tokens:
        return head.idx, head.idx + len(head.text)
    first, last = tokens[0], tokens[-1]
    return first.idx, last.idx + len(last.text)


def date_of(chain_heads, times) -> str | None:
    """The TIMEX3 value of the time in the nearest clause of the chain that names one."""
    for head in chain_heads:
        own = {t.i for t in clause_tokens(head)}
        doc = head.doc
        best = None
        for time in times:
            if time.type in ("DURATION", "SET") or not time.value:
                continue
            tokens = [t.i for t in doc.char_span(time.start, time.end, alignment_mode="expand") or []]
            if tokens and all(i in own for i in tokens):
                distance = min(abs(i - head.i) for i in tokens)
                if best is None or distance < best[0]:
                    best = (distance, time.value)
        if best:
            return best[1]
    return None
