"""Time expressions: find TIMEX3 spans and resolve their values (see ``tagger``)."""
from .tagger import TaggedTime, TimeTagger, get_tagger, parse_anchor

__all__ = ["TaggedTime", "TimeTagger", "get_tagger", "parse_anchor"]
