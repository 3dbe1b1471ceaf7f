"""The ``quotes`` stage: every direct, mixed and reported quote in ``record.text``, with its speaker."""
from __future__ import annotations

from ..document import Document
from ..pipeline import stage
from ..settings import Settings
from .extract import find_quotes
from .headline import headline_quotes
from .lexicon import load_quotes_lexicon


@stage("quotes", requires=["record.text", "annotations.parse", "record.entities"], assigns=["record.quotes"])
def make_quotes(settings: Settings):
    """Direct, mixed and reported quotes with cue, speaker (resolved to its entity) and date."""
    lexicon = load_quotes_lexicon()

    def quotes(doc: Document) -> Document:
        record = doc.record
        parse = doc.annotations.get("parse")
        if parse is None or not (record.text or record.title):
            record.quotes = []
            return doc
        # beyond max_parse_chars nothing is analysed (the record says so); find_quotes keeps to the parse
        record.quotes = find_quotes(parse, record.text, record.entities, record.times, record.published,
                                    lexicon)
        if record.title:
            record.quotes.extend(headline_quotes(doc.annotations.get("title_parse"), record.title,
                                                 record.entities, record.published, lexicon))
        return doc

    return quotes
