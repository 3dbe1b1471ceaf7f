"""The ``times`` stage: every time expression in ``record.text``, resolved against the document date."""
from __future__ import annotations

from ..document import Document
from ..pipeline import stage
from ..record import Time
from ..settings import Settings
from .tagger import get_tagger


@stage("times", requires=["record.text", "annotations.parse"], assigns=["record.times"])
def make_times(settings: Settings):
    """TIMEX3 time expressions (type, value) in `text`, anchored on `published` and the clause's tense."""
    tagger = get_tagger()

    def times(doc: Document) -> Document:
        record = doc.record
        parse = doc.annotations.get("parse")
        text = record.text or ""
        if parse is not None and len(parse.text) < len(text):
            text = text[:len(parse.text)]  # beyond max_parse_chars nothing is analysed (the record says so)
        found = tagger.tag(text, record.published, parse)
        record.times = [Time(start=t.start, end=t.end, text=t.text, type=t.type, value=t.value, mod=t.mod)
                        for t in found]
        return doc

    return times
