"""A story from its copies: signatures, the original, outlets, quotes and events merged with their counts."""
from __future__ import annotations

import itertools

from story_records import cut, event, quote, record, story_text
from wirewatch.stories import Copy, Signer, StoryIndex, build_story, outlet_key, shingles, similarity


def test_shingles_are_normalised_words():
    assert shingles("The Council, voted!  On MONDAY", 3) == {"the council voted", "council voted on",
                                                              "voted on monday"}
    assert shingles("Two words", 5) == {"two words"}
    assert shingles("  ,; ", 5) == set()


def test_a_truncated_copy_is_contained_in_the_whole():
    signer = Signer()
    whole, part, other = (signer.sign(text) for text in (story_text(1), cut(story_text(1), 0.4), story_text(2)))
    jaccard, containment = similarity(part, whole)
    assert 0.25 < jaccard < 0.6 and containment > 0.85
    assert similarity(whole, whole) == (1.0, 1.0)
    assert similarity(whole, other)[1] < 0.2
    assert signer.sign("") is None


def test_outlet_keys():
    assert outlet_key("https://www.harbourdaily.co.uk/news/1") == "harbourdaily"
    assert outlet_key("harbourdaily.example") == outlet_key("Harbour Daily") == "harbourdaily"
    assert outlet_key("The Harbour Daily.") == "harbourdaily"
    assert outlet_key("Harbour Daily.\nShare") == "harbourdaily"   # a credit line that ran on
    assert outlet_key("news.metroledger.com") == "metroledger"
    assert outlet_key("") is None and outlet_key(None) is None


def _copy(doc_id, **fields):
    return Copy.from_record(record(doc_id, "", **fields))


def test_the_original_is_the_credited_outlets_copy_else_the_earliest():
    wire = _copy("c", publisher="Harbour Daily", domain="harbourdaily.example", published="2021-04-12T10:00")
    early = _copy("a", publisher="Metro Ledger", original_source="Harbour Daily", published="2021-04-12T08:00")
    late = _copy("b", publisher="Valley Post", original_source="Source: nothing", published="2021-04-13")
    story = build_story([early, late, wire])
    assert story.original == "c"
    assert story.original_source == "Harbour Daily"
    assert [doc["id"] for doc in story.documents] == ["c", "a", "b"]

    # Nobody credits a copy's site: the earliest, dated before undated, ties by id.
    undated = _copy("0", publisher="First Site")
    tied = _copy("x", publisher="Other Site", published="2021-04-12T08:00")
    assert build_story([undated, tied, early]).original == "a"
    assert build_story([undated, late]).original == "b"
    # Offsets count: 09:00+02:00 is 07:00 UTC, before 08:00.
    offset = _copy("z", publisher="Third Site", published="2021-04-12T09:00+02:00")
    assert build_story([tied, offset]).original == "z"


def test_story_is_the_same_in_any_order():
    copies = [_copy(str(i), publisher=f"Site {i % 3}", published=f"2021-04-1{i}",
                    original_source="Wire Service" if i % 2 else None) for i in range(5)]
    built = {repr(build_story(order).to_dict()) for order in itertools.permutations(copies)}
    assert len(built) == 1


def test_independent_sources_are_distinct_original_outlets():
    copies = [
        _copy("1", publisher="Harbour Daily", domain="harbourdaily.example"),
        _copy("2", publisher="Metro Ledger", original_source="Harbour Daily"),
        _copy("3", publisher="Valley Post", original_source="harbourdaily.example"),
        _copy("4", domain="metroledger.example"),                         # only a domain: its own outlet
        _copy("5", publisher="Riverside Gazette"),
    ]
    story = build_story(copies)
    assert story.copies == 5
    assert story.independent_sources == 3
    assert story.sources == ["Harbour Daily", "Riverside Gazette", "metroledger.example"]


def test_story_quotes_and_events_are_merged_with_their_counts():
    said = "We will rebuild the bridge before the winter storms arrive"
    records = [
        record("1", "", publisher="Harbour Daily", published="2021-04-12",
               quotes=[quote(said, "Ana Lima"), quote("The budget is fixed", "Ana Lima")],
               events=[event("AID", "City Council", "Farmers", "The council gave the farmers new grants")]),
        record("2", "", publisher="Metro Ledger", original_source="Harbour Daily", published="2021-04-13",
               quotes=[quote(said.upper() + "!", "Ana Lima"), quote(said, "Ben Ode")],
               events=[event("AID", "City Council", "Farmers", "the council gave the farmers new grants, it said")]),
        record("3", "", publisher="Valley Post", published="2021-04-14",
               quotes=[quote(said[:-12], "Ana Lima", kind="mixed")],
               events=[event("ACCUSE", "City Council", "Farmers", "The council gave the farmers new grants")]),
    ]
    story = build_story(Copy.from_record(r) for r in records)
    quotes = {(q.speaker, q.text): q for q in story.quotes}
    assert len(story.quotes) == 3
    lead = quotes[("Ana Lima", said)]
    assert (lead.copies, lead.independent_sources) == (3, 2)     # copy 2 credits Harbour Daily
    assert lead.documents == [{"document_id": "1", "position": 0}, {"document_id": "2", "position": 0},
                              {"document_id": "3", "position": 0}]
    assert (quotes[("Ben Ode", said)].copies, quotes[("Ana Lima", "The budget is fixed")].copies) == (1, 1)
    aid, accuse = story.events
    assert (aid.type, aid.copies, aid.independent_sources, aid.confidence) == ("AID", 2, 1, 0.8)
    assert (accuse.type, accuse.copies) == ("ACCUSE", 1)


def test_two_quotes_of_one_copy_stay_two():
    records = [record("1", "", quotes=[quote("Yes we can do it", "Ana Lima"), quote("Yes we can do it", "Ana Lima")])]
    assert [q.copies for q in build_story(Copy.from_record(r) for r in records).quotes] == [1, 1]


def test_index_groups_copies_and_keeps_different_stories_apart():
    texts = [story_text(seed) for seed in range(6)]
    records = []
    for seed, text in enumerate(texts):
        records.append(record(f"s{seed}-orig", text, publisher="Harbour Daily", published="2021-04-12"))
        records.append(record(f"s{seed}-cut", cut(text, 0.6) + " Read more.", publisher="Metro Ledger",
                              original_source="Harbour Daily", published="2021-04-13"))
        records.append(record(f"s{seed}-long", "Menu Home News. " + text + " Share this story.",
                              publisher="Valley Post", published="2021-04-13"))
    records.append(record("tiny", "Subscribe to our newsletter.", publisher="Valley Post"))
    index = StoryIndex()
    ids = dict(zip((r["id"] for r in records), index.add_many(records)))
    for seed in range(6):
        assert ids[f"s{seed}-orig"] == ids[f"s{seed}-cut"] == ids[f"s{seed}-long"]
    assert len(set(ids.values())) == 7
    story = index.story(ids["s0-orig"])
    assert story.original == "s0-orig" and story.copies == 3 and story.independent_sources == 2
    assert index.members(story.id) == ["s0-cut", "s0-long", "s0-orig"]
    assert index.story_of("tiny") == ids["tiny"] and index.story(ids["tiny"]).copies == 1
    assert index.add_many(records) == list(ids.values())         # again: the same, nothing changes


def test_index_is_the_same_in_any_order_and_batching():
    records = [record(f"{seed}-{share}", cut(story_text(seed), share), publisher=f"Site {share}",
                      published=f"2021-04-1{int(share * 10) % 10}")
               for seed in range(4) for share in (1.0, 0.7, 0.5)]
    first = StoryIndex()
    first.add_many(records)
    second = StoryIndex()
    for chunk in (records[::-1][:5], records[::-1][5:]):
        second.add_many(chunk)
    assert first.groups() == second.groups()
    assert [s.to_dict() for s in first.stories()] == [s.to_dict() for s in second.stories()]


def test_an_earlier_copy_renames_the_story_and_a_changed_text_leaves_it():
    text = story_text(9)
    index = StoryIndex()
    later = index.add(record("later", text, publisher="Metro Ledger", published="2021-04-13"))
    earlier = index.add(record("earlier", cut(text, 0.8), publisher="Harbour Daily", published="2021-04-12"))
    assert earlier != later and index.story(later) is None
    assert index.story(earlier).original == "earlier" and index.story_of("later") == earlier
    # The earlier copy is corrected into another story: the story splits, and is named after "later" again.
    moved = index.add(record("earlier", story_text(10), publisher="Harbour Daily", published="2021-04-12"))
    assert moved != index.story_of("later") == later
    assert index.story(later).copies == 1 and index.story(moved).copies == 1
    assert sorted(s.id for s in index.stories()) == sorted([later, moved])
