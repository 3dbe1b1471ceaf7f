"""Stories: copies of one story across sites, found by MinHash LSH over the records' text.

`StoryIndex` groups records as they come (in memory, or in a store's story tables); a `Story` names its
original, keeps every copy's URL and publisher, and merges the copies' quotes and events, each with the
number of copies carrying it and of independent sources (distinct original outlets).
"""
from wirewatch.stories.index import StoryIndex, StoryIndexError
from wirewatch.stories.merge import Copy, Story, StoryEvent, StoryQuote, build_story, outlet_key, story_id_for
from wirewatch.stories.signature import Signature, Signer, shingles, similarity
from wirewatch.stories.store import (
    assign_stories,
    dump_stories,
    get_story,
    iter_stories,
    rebuild_stories,
    story_of,
    story_stats,
    sync_stories,
)

__all__ = [
    "StoryIndex", "StoryIndexError", "Story", "StoryQuote", "StoryEvent", "Copy", "build_story", "outlet_key",
    "story_id_for", "Signer", "Signature", "shingles", "similarity", "assign_stories", "iter_stories",
    "get_story", "story_of", "rebuild_stories", "story_stats", "dump_stories", "sync_stories",
]
