"""An event's status from the parse: asserted, negated, hypothetical, future or reported.

Read from the trigger's own clause first ("did not send", "will meet", "would meet ... if"), then up the
chain of clauses that embed it: a "no" on a governing noun ("sees no need to send forces"), a verb that
denies its complement ("refused to deploy"), a verb of planning ("plans to visit"), an operator
("urged X to support": the support is only asked for), a verb of saying ("said it would boycott": the
boycott is reported, and the speaker is kept as its source). The strongest wins:
negated > hypothetical > future > reported > asserted.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import EventLexicon

__all__ = ["Status", "clause_status", "RANK"]

RANK = {"asserted": 0, "reported": 1, "future": 2, "hypothetical": 3, "negated": 4}
# How a clause hangs from the one above it when the upper one governs its reality.
_EMBEDDING = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "advcl", "dobj", "attr", "oprd", "csubj",
              "nsubjpass", "nsubj", "conj", "relcl", "appos", "amod"}
_NEGATIONS = {"not", "n't", "never", "no", "nobody", "nothing", "neither", "nor", "without"}


@dataclass
class Status:
    value: str = "asserted"
    cue: str | None = None            # the words that decided it ("no need", "will", "if")
    scope: object | None = None       # the highest clause involved, for the evidence span
    speech: object | None = None      # the verb of saying above the event, if any
    governor_negated: bool = False

    def raise_to(self, value: str, cue: str, scope=None) -> None:
        if RANK[value] > RANK[self.value]:
            self.value, self.cue = value, cue
            if scope is not None:
                self.scope = scope


def _auxes(token) -> list:
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
        auxes = [c for c in token.head.children if c.dep_ in ("aux", "auxpass")]
    return auxes


def _negated_here(token) -> str | None:
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return child.text
    if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
        # "did not meet or talk": the negation of the first conjunct covers the second
        for child in token.head.children:
            if child.dep_ == "neg" and child.i < token.head.i:
                return child.text
    return None


def _condition(token, lexicon: EventLexicon) -> str | None:
    for child in token.children:
        if child.dep_ == "advcl":
            for mark in child.children:
                if mark.dep_ == "mark" and mark.lower_ in lexicon.condition_marks:
                    return mark.lower_
    for child in token.children:
        if child.dep_ == "mark" and child.lower_ in lexicon.condition_marks:
            return f"{child.lower_} (condition)"     # the event is the condition, not what depends on it
    return None


def _local(token, status: Status, lexicon: EventLexicon, reported_above: bool) -> None:
    negation = _negated_here(token)
    if negation:
        status.raise_to("negated", negation, token)
    condition = _condition(token, lexicon)
    if condition:
        status.raise_to("hypothetical", condition, token)
    for aux in _auxes(token):
        word = aux.lower_
        if word in lexicon.modal_future:
            status.raise_to("future", aux.text, token)
        elif word in lexicon.modal_hypothetical:
            # "said it would boycott": a future seen from the past, unless a condition goes with it
            if word in ("would", "'d") and reported_above and not condition:
                status.raise_to("future", aux.text, token)
            else:
                status.raise_to("hypothetical", aux.text, token)
    if token.lower_ == "going" and any(c.dep_ == "xcomp" for c in token.children):
        status.raise_to("future", "going to", token)


def _governors(token):
    """(relation, governor) up the tree, stopping at relative clauses and parataxis."""
    current = token
    while current.head.i != current.i:
        relation = current.dep_
        if relation == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            relation = "acl"        # "no reason to deploy": an infinitive, whatever the parser calls it
        if relation in ("relcl", "parataxis") or relation not in _EMBEDDING:
            return
        yield relation, current.head
        current = current.head


def clause_status(anchor, lexicon: EventLexicon, operators: dict[int, object]) -> Status:
    """The status of the event whose predicate is ``anchor``; ``operators`` maps token index to the
    trigger of an operator pattern (its complement is only wanted, promised or refused)."""
    status = Status(scope=anchor)
    chain = list(_governors(anchor))
    speech_index = next((i for i, (rel, gov) in enumerate(chain)
                         if gov.lemma_.lower() in lexicon.speech_verbs and rel in ("ccomp", "xcomp", "conj")), None)
    _local(anchor, status, lexicon, reported_above=speech_index is not None)
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.head.i != anchor.i and anchor.dep_ in ("nsubj", "nsubjpass"):
        _local(anchor.head, status, lexicon, reported_above=speech_index is not None)
    child = anchor
    for index, (relation, governor) in enumerate(chain):
        lemma = governor.lemma_.lower()
        if relation == "conj":
            # a conjunct shares the status of the first one ("will meet and discuss")
            _local(governor, status, lexicon, reported_above=speech_index is not None)
            child = governor
            continue
        if speech_index is not None and index >= speech_index:
            status.speech = chain[speech_index][1]
            status.raise_to("reported", status.speech.text)
            break
        if governor.pos_ in ("NOUN", "PROPN"):
            negation = _negated_here(governor)
            if negation and lemma in lexicon.negating_nouns:
                status.raise_to("negated", f"{negation} {governor.text}", governor)
            elif lemma in lexicon.future_governors:
                status.raise_to("future", governor.text, governor)
            if governor.i in operators:
                status.raise_to("hypothetical", governor.text, governor)
            child = governor
            continue
        if relation in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "advcl", "dobj"):
            if lemma in lexicon.negating_governors:
                status.raise_to("negated", governor.text, governor)
                status.governor_negated = True
            elif governor.i in operators:
                status.raise_to("hypothetical", governor.text, governor)
            elif lemma in lexicon.future_governors:
                status.raise_to("future", governor.text, governor)
            if relation in ("xcomp", "acl", "pcomp", "prep", "pobj", "dobj"):
                negation = _negated_here(governor)
                if negation:
                    status.raise_to("negated", negation, governor)
                for aux in _auxes(governor):
                    if aux.lower_ in lexicon.modal_future:
                        status.raise_to("future", aux.text, governor)
                    elif aux.lower_ in lexicon.modal_hypothetical and aux.lower_ not in ("can", "must"):
                        status.raise_to("hypothetical", aux.text, governor)
            if relation == "advcl":
                marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux")}
                if marks & lexicon.condition_marks:
                    status.raise_to("hypothetical", f"{next(iter(marks & lexicon.condition_marks))} (condition)",
                                    governor)
                elif "to" in marks and not (status.value == "asserted" and governor.i in operators):
                    # a purpose ("sent troops to investigate") is intended, not done
                    status.raise_to("hypothetical", "to", governor)
                break
        child = governor
    return status
