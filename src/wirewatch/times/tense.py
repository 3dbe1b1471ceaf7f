"""The tense of the clause a time expression sits in, from spaCy's tags and dependency parse.

"past", "future", "present" or "" (unknown). A weekday, a month or a quarter named without a year is
placed before or after the document date by this tense ("said on Thursday", "will meet on Thursday").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import load_times_lexicon

__all__ = ["clause_tense", "verb_tense"]

_VERBAL = {"VERB", "AUX"}
# "since" up to three words before the expression, with no clause break between
_SINCE = re.compile(r"\bsince\s+(?:[A-Za-z]+\s+){0,3}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset, frozenset]:
    tense = load_times_lexicon()["tense"]
    return frozenset(tense["future_governors"]), frozenset(tense["future_auxiliaries"])


@lru_cache(maxsize=1)
def _scheduling() -> frozenset:
    return frozenset(load_times_lexicon()["tense"]["scheduling"])


def verb_tense(verb, depth: int = 0) -> str:
    """The tense of one verb token, through its auxiliaries and, for an infinitive, its governor."""
    governors, future_aux = _words()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & (future_aux - {"will", "'ll", "wo", "shall"}) and aux_words & {"have", "'ve"}:
        return "past"  # "may have been behind the drop on Wednesday": a guess about what happened
    if aux_words & future_aux:
        return "future"
    if verb.tag_ == "MD" and verb.lower_ in future_aux:
        return "future"
    if "to" in aux_words or (verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl", "relcl", "acl")):
        head = verb.head
        if head is verb or depth > 3:
            return "future"
        # "had been due to expire": a plan overtaken ("had" hangs from "been" when "due" is its complement)
        if any(c.lower_ == "had" for c in head.children) or (
                head.dep_ == "acomp" and any(c.lower_ == "had" for c in head.head.children)):
            return "past"
        if head.lemma_.lower() == "be" and verb.dep_ == "xcomp":
            return "future"  # "is to resume trading Tuesday": an arrangement
        if head.lemma_.lower() in governors or head.lower_ in ("going", "about"):
            return "future"
        if head.pos_ in _VERBAL:
            return verb_tense(head, depth + 1)
        # "made it difficult for the firm to meet demand into the summer": an infinitive under an
        # adjective or a noun is as past as the verb that adjective or noun hangs from
        above = head.head
        if above is not head and above.pos_ in _VERBAL and verb_tense(above, depth + 1) == "past":
            return "past"
        return "future"
    if any(a.tag_ == "VBD" for a in auxes) or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and (aux_words & {"has", "have", "had", "'ve", "'s"}):
        return "past"
    if verb.tag_ == "VBN" and (verb.dep_ in ("acl", "amod") or not auxes):
        return "past"  # a bare participle: "the agreement, announced Friday"
    if verb.tag_ == "VBG" and aux_words & {"is", "are", "am", "'re", "'s"}:
        return "future"
    if verb.tag_ in ("VBZ", "VBP") or aux_words & {"is", "are", "am", "does", "do"}:
        return "present"
    if verb.tag_ == "VBN" and verb.dep_ in ("ROOT",):
        return "past"
    return ""


def clause_tense(parse, start: int, end: int) -> str:
    """The tense governing the characters ``start:end`` of the parsed text ("" without a parse)."""
    if parse is None:
        return ""
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    token = span.root
    # "since shortly after the Oct. 23 slaying": whatever the verb, a "since" points back
    if _SINCE.search(parse.text, max(0, start - 40), start):
        return "past"
    # "until Tuesday", "by Friday", "through January": a deadline, ahead of the writing unless the
    # verb is a simple past or a past perfect closes it ("has extended the loans through January" is
    # still ahead)
    head = token.head
    if head.lower_ in ("until", "till", "by", "through") and head is not token:
        verb = head.head
        perfect = any(c.lower_ in ("has", "have", "'ve") for c in verb.children)
        if not any(c.lower_ == "had" for c in verb.children) and (perfect or verb_tense(verb) != "past"):
            return "future"
    if head.lower_ == "effective" and head is not token:
        return "future"  # "a new office, effective Feb. 1": a change that takes hold later
    due = False  # "the result is due on Monday": a scheduling word between the expression and its verb
    for _ in range(8):
        if token.pos_ in _VERBAL and token.tag_ != "MD":
            break
        if token.head is token:
            break
        token = token.head
        due = due or (token.pos_ == "ADJ" and token.lemma_.lower() in _scheduling())
    if token.pos_ not in _VERBAL:
        # a verbless clause ("Talks on Thursday."): the sentence's first verb decides
        return ""
    # "a hearing is set for Wednesday": set in the passive is a schedule ("set fire on Tuesday" is not)
    passive_set = token.lemma_.lower() == "set" and any(c.dep_ == "auxpass" for c in token.children)
    if (due or passive_set) and verb_tense(token) != "past" and not any(c.lower_ == "had" for c in token.children):
        return "future"
    if token.lemma_.lower() in _scheduling() and not any(c.lower_ == "had" for c in token.children):
        if token.dep_ == "acl" and token.tag_ == "VBN" and token.head.head.pos_ in _VERBAL:
            # "a service planned for Saturday was canceled": the plan's fate is told in the past, so
            # its day is behind the writing; "the rally planned for Saturday will go ahead" is not
            if verb_tense(token.head.head) == "past":
                return "past"
        return "future"  # "had been due to expire Friday": a plan that has lapsed
    tense = verb_tense(token)
    if tense:
        return tense
    # a gerund or bare participle takes the tense of the clause it hangs from ("flights would leave
    # on Monday, with the third departing from August 6"), the nearest verb above it that has one
    above = token
    for _ in range(4):
        if above.head is above:
            break
        above = above.head
        if above.pos_ in _VERBAL and above.tag_ != "MD":
            tense = verb_tense(above)
            if tense:
                return tense
    # a headline-style fragment: look at the sentence's main verb
    root = token.sent.root
    return verb_tense(root) if root is not token and root.pos_ in _VERBAL else ""
