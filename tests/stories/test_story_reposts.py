"""Acceptance: reposts of real dev articles are grouped into their stories, and different stories on the
same topic (PolNeAR's articles are all on the 2016 US election) are never merged.

Each of 30 dev articles is published by its own outlet and reposted by one to three made-up sites with
their own chrome, a tweaked headline, 60-80% of the body, the paragraphs split or joined anew, and often a
"Source:" line (`repost_maker`). The copies go through the real reading stages that decide a story's text
and outlets (decode, clean, provenance); a smaller set goes through the whole pipeline, for quotes.
"""
from __future__ import annotations

import collections

import pytest
import wirewatch

from repost_maker import DEV_TEXTS, load_articles, make_copies, pairwise_scores
from wirewatch.stories import StoryIndex

pytestmark = pytest.mark.skipif(not DEV_TEXTS.is_dir(), reason=f"the PolNeAR dev texts are not at {DEV_TEXTS}")

READING = ["decode", "clean", "provenance"]


def _read(copies, pipeline=None):
    options = {"pipeline": pipeline} if pipeline else {}
    return [wirewatch.read(copy.text, format="text", url=copy.url, **options).to_dict() for copy in copies]


@pytest.fixture(scope="module")
def articles():
    every = load_articles()
    return [every[i * len(every) // 30] for i in range(30)]


def test_reposts_of_dev_articles_group_into_their_stories(articles, record_property):
    copies = make_copies(articles, seed=7)
    records = _read(copies, READING)
    index = StoryIndex()
    story_ids = index.add_many(records)

    truth = {record["id"]: copy.article for copy, record in zip(copies, records)}
    found = dict(zip(truth, story_ids))
    precision, recall, f1 = pairwise_scores(truth, found)
    record_property("pairwise", f"P={precision:.3f} R={recall:.3f} F1={f1:.3f} over {len(copies)} copies")
    print(f"\nstory groups, pairwise: P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
          f"({len(copies)} copies of {len(articles)} articles)")
    assert f1 >= 0.95
    # Different stories on the same topic are never one story.
    articles_per_story = collections.defaultdict(set)
    for story_id, copy in zip(story_ids, copies):
        articles_per_story[story_id].add(copy.article)
    assert max(len(names) for names in articles_per_story.values()) == 1

    # The original is the outlet's own copy: credited by a "Source:" line, or the earliest.
    own = {copy.article: record["id"] for copy, record in zip(copies, records) if copy.url.startswith("https://www.")}
    stories = list(index.stories())
    named = sum(own[truth[story.original]] == story.original for story in stories)
    assert named >= 0.9 * len(stories)
    for story in stories:
        assert story.copies == len(story.documents) == len(index.members(story.id))
        assert all(document["url"] and document["publisher"] for document in story.documents)


def test_the_outlets_own_copy_is_the_original_even_when_a_repost_is_dated_earlier(articles):
    copies = make_copies(articles[:6], seed=3)
    records = _read(copies, READING)
    for copy, record in zip(copies, records):
        if not copy.url.startswith("https://www."):
            record["published"] = "2016-01-01"          # the reposts claim an earlier date
    index = StoryIndex()
    index.add_many(records)
    for story in index.stories():
        credited = [doc for doc in story.documents if doc["original_source"]]
        if credited:
            original = next(doc for doc in story.documents if doc["original"])
            assert original["url"].startswith("https://www."), story.documents
            assert story.original_source == credited[0]["original_source"]


def test_story_quotes_from_the_full_pipeline_count_each_quote_once(articles):
    with_quotes = [article for article in articles if "“" in "".join(article.paragraphs[:3])][:3]
    copies = make_copies(with_quotes, seed=5, min_copies=3, max_copies=3)
    records = _read(copies)
    index = StoryIndex()
    index.add_many(records)
    stories = list(index.stories())
    assert len(stories) == len(with_quotes)
    shared = 0
    for story in stories:
        members = [record for record in records if record["id"] in {doc["id"] for doc in story.documents}]
        most = max(len(record["quotes"]) for record in members)
        # Counted once: never more story quotes than all copies' quotes, at least as many as the richest copy
        # (a cut copy carries fewer, a quote only one copy's parse found is still a quote of the story).
        assert most <= len(story.quotes) <= sum(len(record["quotes"]) for record in members)
        for quote in story.quotes:
            assert 1 <= quote.independent_sources <= quote.copies <= story.copies
            assert len({doc["document_id"] for doc in quote.documents}) == quote.copies
        shared += sum(quote.copies == story.copies for quote in story.quotes)
    assert shared, "some quote of the lead should be carried by every copy"
