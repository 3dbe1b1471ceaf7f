"""Quotes in the headline. Headlines attribute in their own grammar: `Situation is under control:
spokesman` and `“We will not back down”: minister` put the source after a colon, `Minister: talks will
go on` before it, and `Minister says talks will go on` is an ordinary cue. The headline is not part of
``text`` (it is the record's ``title``), so these quotes carry ``in_title`` and offsets into the title.
"""
from __future__ import annotations

import re

from ..record import Entity, Quote, Span, Speaker
from .extract import find_quotes
from .lexicon import QuoteLexicon

# `<what was said>: <who said it>`, the source short and last (a news agency's headline style)
_TRAILING_SOURCE = re.compile(r"^(?P<content>.*\S)\s*:\s+(?P<source>[^:\"“”]{2,60}?)\s*$")
_OPENING = "\"“„«‘'"
_CLOSING = "\"”“»’'"


def headline_quotes(title_doc, title: str, entities: list[Entity], published: str | None,
                    lexicon: QuoteLexicon) -> list[Quote]:
    """The quotes of a headline, each with ``in_title`` set and its speaker matched to the body's entities."""
    if title_doc is None or not title.strip():
        return []
    found = _trailing_source(title_doc, title, lexicon) or [
        q for q in find_quotes(title_doc, title, [], [], published, lexicon)
        if q.kind != "indirect" or len(q.text.split()) >= 3]     # `Brexit: the facts` is a label
    for quote in found:
        quote.in_title = True
        if quote.speaker is not None and quote.speaker.text:
            entity = _entity_named(entities, quote.speaker.text)
            if entity is not None:
                quote.speaker.entity_id, quote.speaker.name = entity.id, entity.name
            elif quote.speaker.name is None:
                quote.speaker.name = quote.speaker.text
    return found


def _trailing_source(doc, title: str, lexicon: QuoteLexicon) -> list[Quote]:
    match = _TRAILING_SOURCE.match(title)
    if not match:
        return []
    source = match.group("source")
    words = source.split()
    if len(words) > 5 or source.lower() in lexicon.colon_labels:
        return []
    span = doc.char_span(match.start("source"), match.end("source"), alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return []
    # a name (`Downing Street`, `UN envoy`) or a role (`minister`), never a clause or a date
    if not any(t.pos_ in ("PROPN", "NOUN") for t in span) or any(t.like_num for t in span):
        return []
    a, b = match.start("content"), match.end("content")
    quoted = title[a] in _OPENING and title[b - 1] in _CLOSING and b - a > 2
    if quoted:
        a, b = a + 1, b - 1
    while b > a and title[b - 1] in " ,;.":
        b -= 1
    if b - a < 3 or not quoted and len(title[a:b].split()) < 3:
        return []                      # `Brexit: the facts` is a topic and a label, not a statement
    speaker = Speaker(None, None, match.start("source"), match.end("source"), source)
    colon = title.rindex(":", 0, match.start("source"))
    return [Quote(start=a, end=b, text=title[a:b], kind="direct" if quoted else "indirect",
                  cue=Span(colon, colon + 1, ":"), speaker=speaker, date=None)]


def _entity_named(entities: list[Entity], text: str) -> Entity | None:
    """The body's entity a headline's source names: a mention with those words, else the same surname."""
    key = text.lower().strip()
    for entity in entities:
        if entity.name.lower() == key or any(m.text.lower() == key for m in entity.mentions):
            return entity
    for entity in entities:
        if entity.type == "PERSON" and entity.name.lower().split()[-1] == key.split()[-1]:
            return entity
    for entity in entities:      # `: ministry` names the body's one ministry
        if entity.type in ("ORG", "GROUP") and key in entity.name.lower().split():
            return entity
    return None
