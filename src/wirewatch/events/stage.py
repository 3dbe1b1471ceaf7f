"""The ``events`` stage: PLOVER events of each clause of ``record.text``, with status and evidence."""
from __future__ import annotations

from ..document import Document
from ..pipeline import stage
from ..settings import Settings
from .extract import extract_events
from .lexicon import load_events_lexicon
from .merge import merge_events


@stage("events", requires=["record.text", "annotations.parse", "record.entities", "record.times"],
       assigns=["record.events"])
def make_events(settings: Settings):
    """PLOVER events (type, mode, status, actor, recipient, date, place, evidence) from lexicon patterns."""
    lexicon = load_events_lexicon()

    def events(doc: Document) -> Document:
        record = doc.record
        parse = doc.annotations.get("parse")
        if parse is None or not record.text:
            record.events = []
            return doc
        found = extract_events(parse, record.text, record.entities, record.times, record.quotes, lexicon)
        record.events = merge_events(found)
        return doc

    return events
