"""Events in a parsed text: each trigger of the lexicon becomes a PLOVER event with its arguments.

For each sentence: the triggers (``match``), the status of each (``status``), its actor, recipient,
place, date and evidence from its own clause (``arguments``), and PLOVER's rules on types: an
intention to cooperate is an AGREE ("will visit", "would meet"), an announced retreat a CONCEDE, a
future or conditional act of conflict a THREATEN, a promise of conflict a THREATEN ("vowed to fight"),
and a negated acceptance a REJECT ("will not accept refugees"). A statement that someone must do
something is a REQUEST of the speaker ("Russia said Sudan must return the helicopter").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..record import Event, EventActor
from .arguments import (EntityIndex, clause_span, clause_tokens, date_of, entity_for, event_actor, location_of,
                        recipient_of, resolve_pronoun, subject_of)
from .lexicon import EventLexicon, Pattern
from .match import Trigger, find_triggers
from .status import clause_status

__all__ = ["CodedEvent", "extract_events"]


@dataclass
class CodedEvent(Event):
    """An event with what coded it: the lexicon pattern, the speaker of reported speech (``source``), and
    how many mentions of it the document has (after merging)."""

    pattern: str = ""
    source: EventActor | None = None
    mentions: int = 1
    rules: list[str] = field(default_factory=list)     # why the status, type and recipient are what they are


_MUST = {"must", "should"}
_REQUEST_PATTERN = Pattern(name="request.said_must", type="REQUEST", embed=True, confidence=0.7)


def _mode(event_type: str, tokens, lexicon: EventLexicon) -> str | None:
    table = lexicon.modes.get(event_type)
    if not table:
        return None
    words = set()
    for token in tokens:
        words.add(token.lemma_.lower())
        words.add(token.lower_)
        if token.i > 0:
            words.add(f"{token.doc[token.i - 1].lower_} {token.lower_}")
    for mode, phrases in table:
        for phrase in phrases:
            key = " ".join(phrase.before + (phrase.head,))
            if key in words:
                return mode
    return None


_COMPLEMENTS = {"xcomp", "ccomp", "dobj", "pobj", "pcomp", "prep", "conj", "attr", "oprd", "acomp", "nsubjpass"}


def _governor(trigger: Trigger, operators: dict[int, Trigger], stop) -> Trigger | None:
    """The operator whose complement the event is ("agreed to cooperate", "demanded the removal"), through
    complements only: a relative or adverbial clause, or a noun's modifier, has its own reality."""
    current = trigger.anchor
    while current.head.i != current.i:
        if current.dep_ not in _COMPLEMENTS:
            return None
        current = current.head
        found = operators.get(current.i)
        if found is not None and found is not trigger:
            return found
        if stop is not None and current.i == stop.i:
            return None
    return None


def _noun_actor(trigger: Trigger, index: EntityIndex):
    """Who a nominalisation names as its doer: a possessor ("Russia's invasion"), "by X", or a
    modifier that is an actor ("Palestinian riots", "the country's opposition organized riots")."""
    noun = trigger.anchor if trigger.light is None else trigger.token
    for child in noun.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    for deps in (("poss",), ("nmod",), ("compound", "amod")):
        for child in noun.lefts:
            if child.dep_ in deps and child.pos_ != "PRON" and entity_for(child, index) is not None:
                return child
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return child
    return None


def _actor_token(trigger: Trigger, index: EntityIndex, lexicon: EventLexicon):
    token = _actor_token_raw(trigger, index)
    if token is not None and trigger.kind == "verb" and entity_for(token, index) is None \
            and token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.by_noun:
        return None                 # "a roadside bombing killed ...": an event names no actor
    return token


def _actor_token_raw(trigger: Trigger, index: EntityIndex):
    if trigger.kind == "noun":
        if trigger.light is not None:
            subject = subject_of(trigger.light)
            if subject is not None:
                return subject
        own = _noun_actor(trigger, index)
        if own is not None:
            return own
        return None
    if trigger.pattern.passive_actor:
        # "Vietnam is committed to ...", "Syria is prepared to ...": the subject commits itself
        subject = next((c for c in trigger.anchor.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if subject is not None:
            return subject
    return subject_of(trigger.anchor)


def _confidence(base: float, *, actor: EventActor | None, embedded: bool, trigger: Trigger, main: bool) -> float:
    value = base
    if actor is None or not actor.name:
        value -= 0.1
    elif actor.country:
        value += 0.1
    if (trigger.kind == "noun" and trigger.light is None) or trigger.anchor.dep_ == "amod":
        value *= 0.8
    if embedded:
        value *= 0.55
    if main:
        value += 0.05
    return round(min(0.99, max(0.05, value)), 3)


def _is_main(anchor) -> bool:
    if anchor.dep_ == "ROOT":
        return True
    return anchor.dep_ in ("ccomp", "conj") and anchor.head.dep_ == "ROOT"


def _named_in_clause(trigger: Trigger, actor_token, actor: EventActor | None, index: EntityIndex) -> EventActor | None:
    """The first coded entity of the event's own clause that is not the actor, after the trigger first
    ("demonstrated in Serbia", "blocked the bridge from France"): who the act is directed at or where."""
    skip = set()
    if actor_token is not None:
        skip = {t.i for t in actor_token.subtree}
    tokens = clause_tokens(trigger.anchor)
    after = [t for t in tokens if t.i > trigger.token.i and t.i not in skip]
    before = [t for t in tokens if t.i < trigger.token.i and t.i not in skip]
    # then a purpose clause of its own ("blocked roads to press their demands on the government")
    purpose = [t for c in trigger.anchor.children if c.dep_ == "advcl" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for t in c.subtree if t.i not in skip]
    for token in after + before + purpose:
        entity = index.at(token)
        if entity is None or not entity.country or (actor is not None and entity.id == actor.entity_id):
            continue
        return EventActor(name=entity.name, entity_id=entity.id, country=entity.country, sector=entity.sector)
    return None


def _speaker(verb, lexicon: EventLexicon):
    """The subject of a verb of saying; a participle ("..., stressing that") speaks for the verb above."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.dep_ != "advcl":
        return subject_of(verb)
    current = verb.head
    while current.head.i != current.i and current.lemma_.lower() not in lexicon.speech_verbs:
        current = current.head
    return subject_of(current) if current.lemma_.lower() in lexicon.speech_verbs else subject_of(verb)


def _quote_at(quotes, offset: int):
    for quote in quotes or ():
        if quote.start <= offset < quote.end and quote.speaker is not None and quote.speaker.name:
            return quote
    return None


def _must_clauses(sentence, lexicon: EventLexicon, index: EntityIndex) -> list[Trigger]:
    """ "X said (that) Y must ...": a request of the speaker to Y (unless the clause codes its own event)."""
    out = []
    for token in sentence:
        if token.dep_ != "ccomp" or token.head.lemma_.lower() not in lexicon.speech_verbs:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in _MUST for c in token.children):
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON":
            continue
        entity = entity_for(subject, index)
        if (entity is None or not entity.country) and subject.pos_ != "PROPN":
            continue
        out.append(Trigger(token=token.head, anchor=token.head, pattern=_REQUEST_PATTERN, kind="verb"))
    return out


def extract_events(parse, text: str, entities, times, quotes, lexicon: EventLexicon) -> list[CodedEvent]:
    """The events of every sentence of the parse, in text order (not yet merged)."""
    index = EntityIndex(entities)
    events: list[CodedEvent] = []
    for sentence in parse.sents:
        triggers = find_triggers(sentence, lexicon)
        triggers += _must_clauses(sentence, lexicon, index)
        operators: dict[int, Trigger] = {}
        for trigger in triggers:
            if trigger.pattern.embed:
                operators.setdefault(trigger.token.i, trigger)
                operators.setdefault(trigger.anchor.i, trigger)
        coded: list[tuple[Trigger, CodedEvent]] = []
        for trigger in triggers:
            event = _code(trigger, operators, index, times, quotes, lexicon)
            if event is not None:
                coded.append((trigger, event))
        # an operator that needs a conflict in its complement ("prepared to resume shelling")
        coded = [(trigger, event) for trigger, event in coded if not trigger.pattern.needs_conflict or any(
            inner.governor is trigger and inner_event.type in lexicon.conflict_types | {"THREATEN"}
            for inner, inner_event in coded)]
        # an operator's recipient is its complement's ("promised to continue aid to Mozambique")
        for trigger, event in coded:
            if trigger.pattern.embed and (event.recipient is None or any("named in the clause" in r for r in event.rules)):
                inner = next((inner_event for inner, inner_event in coded if inner.governor is trigger
                              and inner_event.recipient is not None), None)
                if inner is not None and (inner.actor is None or inner.recipient.entity_id != event.actor.entity_id):
                    event.recipient = inner.recipient
                    event.rules = [r for r in event.rules if not r.startswith("recipient")] + [
                        "recipient: the recipient of its complement"]
        # a promise of conflict is a threat ("vowed to fight")
        for trigger, event in coded:
            if event.type == "AGREE" and trigger.pattern.embed and any(
                    inner_event.type in lexicon.conflict_types
                    for inner, inner_event in coded if inner.governor is trigger):
                conflict = next(inner_event for inner, inner_event in coded if inner.governor is trigger
                                and inner_event.type in lexicon.conflict_types)
                event.type = "THREATEN"
                event.mode = lexicon.threat_modes.get(conflict.type)
                event.pattern += "+conflict"
        _code_domestic_actors([event for _, event in coded], sentence, index)
        events.extend(event for _, event in coded)
    events.sort(key=lambda e: (e.start, -e.confidence))
    return events


def _code_domestic_actors(events: list[CodedEvent], sentence, index: EntityIndex) -> None:
    """An actor with no country of its own ("prisoners", an unnamed bomber) is coded, as CAMEO and PLOVER
    coders do, by where it acts: the country of the place named in the event's clause ("rioted at a jail
    in Dili"). A country named elsewhere in the sentence is not enough: "militants attacked U.S. troops"
    says nothing of the militants. Each such code says so in `rules`."""
    for event in events:
        actor, place = event.actor, event.location
        if actor is None or actor.country or place is None or not place.country or len(place.country) != 3:
            continue
        actor.country = place.country
        event.rules.append(f"actor country: the place of the event ({place.name})")


def _code(trigger: Trigger, operators, index: EntityIndex, times, quotes, lexicon: EventLexicon) -> CodedEvent | None:
    pattern = trigger.pattern
    own_operators = {i: t for i, t in operators.items() if t is not trigger}
    status = clause_status(trigger.anchor, lexicon, own_operators)
    trigger.governor = _governor(trigger, operators, status.speech)
    if (trigger.kind == "noun" and trigger.light is None) or trigger.anchor.dep_ == "amod":
        # a noun or a participle names an event the clause presupposes ("calm the unrest", "the detained
        # journalists"): only its own "no", or an operator over it ("demanded the removal"), changes that
        governed = trigger.governor is not None and trigger.anchor.head.i in (trigger.governor.token.i,
                                                                             trigger.governor.anchor.i)
        if not governed:
            trigger.governor = None
        if governed:
            status.value, status.cue, status.scope = "hypothetical", trigger.governor.token.text, trigger.governor.anchor
        elif status.value in ("future", "hypothetical"):
            status.value, status.scope = ("reported" if status.speech is not None else "asserted"), trigger.anchor
        elif status.value == "negated" and status.scope is not None and status.scope.i != trigger.anchor.i:
            status.value, status.scope = ("reported" if status.speech is not None else "asserted"), trigger.anchor
    if trigger.governor is not None:
        trigger.governor.embedded.append(trigger)
    embedded = trigger.governor is not None and status.value == "hypothetical"

    actor_token = _actor_token(trigger, index, lexicon)
    if actor_token is not None and actor_token.pos_ == "PRON" and entity_for(actor_token, index) is None:
        actor_token = resolve_pronoun(actor_token, index, lexicon.speech_verbs) or actor_token
    actor = event_actor(actor_token, index)
    rules: list[str] = []
    recipient_token = recipient_of(trigger, index, exclude=actor_token)
    recipient = event_actor(recipient_token, index)
    if recipient is not None and actor is not None and recipient.entity_id and recipient.entity_id == actor.entity_id:
        recipient = None
    if recipient is not None:
        rules.append(f"recipient: argument '{recipient_token.text}'")
    else:
        recipient = _named_in_clause(trigger, actor_token, actor, index)
        if recipient is not None:
            rules.append(f"recipient: the other party named in the clause ({recipient.name})")

    source = None
    if status.speech is not None:
        speaker = _speaker(status.speech, lexicon)
        source = event_actor(speaker, index) if speaker is not None else None
    quote = _quote_at(quotes, trigger.token.idx)
    if quote is not None:
        if source is None:
            speaker = quote.speaker
            source = EventActor(name=speaker.name, entity_id=speaker.entity_id)
            if speaker.entity_id:
                entity = next((e for e in index.spans if e[2].id == speaker.entity_id), None)
                if entity is not None:
                    source.country, source.sector = entity[2].country, entity[2].sector
        status.raise_to("reported", quote.cue.text if quote.cue else "quote")

    scope = status.scope if status.scope is not None else trigger.anchor
    clause = clause_tokens(trigger.anchor)
    event_type, mode, value = pattern.type, pattern.mode, status.value
    name = pattern.name
    if value == "negated" and pattern.negated:
        event_type, mode, name = pattern.negated, None, f"{name}+negated"
        value = "reported" if source is not None else "asserted"
    elif value in ("future", "hypothetical") and not embedded and event_type in lexicon.irrealis_types \
            and not status.governor_negated and status.cue != "to" \
            and not (status.cue or "").endswith("(condition)"):
        original = event_type
        event_type = lexicon.irrealis_types[original]
        name = f"{name}+{value}"
        mode = lexicon.threat_modes.get(original) if event_type == "THREATEN" else None
    if mode is None:
        mode = _mode(event_type, clause + list(trigger.token.subtree), lexicon)

    start, end = clause_span(scope)
    own_start, own_end = clause_span(trigger.anchor)
    token = trigger.token
    start, end = min(start, own_start, token.idx), max(end, own_end, token.idx + len(token.text))
    text = token.doc.text
    # a sentence the parser ran across a paragraph break (a headline, a quotation's end) is cut at it
    before = text.rfind("\n\n", start, token.idx)
    if before >= 0:
        start = before + 2
    after = text.find("\n\n", token.idx, end)
    if after >= 0:
        end = after
    while start < end and text[start] in " \n\t\"”":
        start += 1
    while end > start and text[end - 1] in " \n\t":
        end -= 1
    chain = [trigger.anchor]
    current = trigger.anchor
    while current.head.i != current.i and current.dep_ not in ("relcl", "parataxis"):
        current = current.head
        chain.append(current)
        if status.speech is not None and current.i == status.speech.i:
            break
    return CodedEvent(
        start=start, end=end, text=text[start:end],
        type=event_type, mode=mode, status=value,
        actor=actor or EventActor(name=""), recipient=recipient,
        date=date_of(chain, times), location=location_of(trigger, index),
        confidence=_confidence(pattern.confidence, actor=actor, embedded=embedded, trigger=trigger,
                               main=_is_main(trigger.anchor)),
        pattern=name, source=source, rules=rules + ([f"status: {status.cue}"] if status.cue else []),
    )
