"""PLOVER event coding: the lexicon (``wirewatch/data/events.toml``), trigger matching over the
dependency parse, status, arguments, and a document-level merge. The ``events`` stage is in ``stage``."""
from .extract import CodedEvent, extract_events
from .lexicon import PLOVER_TYPES, EventLexicon, load_events_lexicon
from .merge import merge_events

__all__ = ["CodedEvent", "extract_events", "merge_events", "load_events_lexicon", "EventLexicon", "PLOVER_TYPES"]
