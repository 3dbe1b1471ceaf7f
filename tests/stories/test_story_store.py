"""Stories in the store, on SQLite and PostgreSQL: written per batch, idempotent, read back without signing
any text again, the same whatever the order, rebuilt from the stored records."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from story_records import cut, quote, record, story_text
from wirewatch.store import Store
from wirewatch.stories import Signer, StoryIndex, StoryIndexError
from wirewatch.stories.store import (assign_stories, dump_stories, get_story, iter_stories, rebuild_stories, story_of,
                                     story_stats, sync_stories)

# the database fixtures are shared with other tests' modules (tests/support.py)
from support import db_url, postgres_server, postgres_url, sqlite_url  # noqa: E402,F401


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


SAID = "The harbour bridge will be rebuilt before the winter storms"


def _records() -> list[dict]:
    records = []
    for seed in range(4):
        text = story_text(100 + seed)
        records += [
            record(f"{seed}-own", text, publisher="Harbour Daily", domain="harbourdaily.example",
                   published=f"2021-04-1{seed}T08:00", title=f"Story {seed}", quotes=[quote(SAID, "Ana Lima")]),
            record(f"{seed}-repost", "Home News Sport. " + cut(text, 0.7), publisher="Metro Ledger",
                   domain="metroledger.example", original_source="Harbour Daily", published=f"2021-04-1{seed}T09:30",
                   quotes=[quote(SAID + ".", "Ana Lima")]),
            record(f"{seed}-copy", cut(text, 0.9), domain="valleypost.example", published=f"2021-04-1{seed}T12:00",
                   quotes=[quote(SAID, "Ana Lima")]),
        ]
    return records


def test_stories_are_stored_and_read_back(store: Store):
    records = _records()
    store.add_many(records)
    assigned = assign_stories(store, records)
    assert len(set(assigned.values())) == 4
    assert story_stats(store) == {"story_members": 12, "stories": 4, "story_quotes": 4, "story_events": 0}
    stories = list(iter_stories(store))
    assert [story.id for story in stories] == sorted(assigned[f"{seed}-own"] for seed in range(4))
    story = get_story(store, assigned["0-own"])
    assert story.original == "0-own" and story.title == "Story 0" and story.original_source == "Harbour Daily"
    assert (story.copies, story.independent_sources) == (3, 2)
    assert [doc["url"] for doc in story.documents] == [
        "https://harbourdaily.example/news/0-own", "https://metroledger.example/news/0-repost",
        "https://valleypost.example/news/0-copy"]
    assert [(q.text, q.copies, q.independent_sources) for q in story.quotes] == [(SAID, 3, 2)]
    assert story_of(store, "0-copy") == story.id and story_of(store, "nowhere") is None
    with store.engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT s.copies, q.speaker, q.copies FROM stories s JOIN story_quotes q ON q.story_id = s.id"
            " WHERE s.original_document_id = '1-own'")).one()
    assert tuple(row) == (3, "Ana Lima", 3)
    # Storing records and stories are separate: the record tables hold what they held.
    assert store.stats()["documents"] == 12


def test_adding_again_changes_nothing(store: Store):
    records = _records()
    assign_stories(store, records)
    before = dump_stories(store)
    statements: list[str] = []

    def record_statement(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", record_statement)
    try:
        assign_stories(store, records)
        index = StoryIndex(store)
        index.add_many(records[::-1])
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record_statement)
    assert dump_stories(store) == before
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_index_resumes_from_the_store_without_signing_again(store: Store, monkeypatch):
    records = _records()
    first = StoryIndex(store)
    first.add_many(records[:6])

    def no_signing(self, text):
        raise AssertionError("a stored signature was computed again")

    with monkeypatch.context() as patch:
        patch.setattr(Signer, "sign", no_signing)
        resumed = StoryIndex(store)
        assert resumed.groups() == first.groups() and len(resumed) == 6
    resumed.add_many(records[6:])
    # The same as one index that saw everything at once, in memory.
    whole = StoryIndex()
    whole.add_many(records)
    assert resumed.groups() == whole.groups()
    assert [s.to_dict() for s in iter_stories(store)] == [s.to_dict() for s in whole.stories()]


def test_order_and_batches_do_not_change_the_stored_stories(store: Store, tmp_path):
    records = _records()
    index = StoryIndex(store)
    for start in range(0, len(records), 5):
        index.add_many(records[::-1][start:start + 5])
    with Store(f"sqlite:///{tmp_path / 'other.sqlite'}") as other:
        assign_stories(other, records)
        assert dump_stories(other) == dump_stories(store)


def test_a_changed_record_moves_and_a_rebuild_gives_the_same(store: Store):
    records = _records()
    store.add_many(records)
    index = StoryIndex(store)
    index.add_many(records)
    # The outlet's own copy of story 0 turns out to be another text: the story splits.
    changed = record("0-own", story_text(999), publisher="Harbour Daily", published="2021-04-10T08:00")
    store.add(changed)
    index.add(changed)
    assert story_of(store, "0-own") != story_of(store, "0-repost") == story_of(store, "0-copy")
    split = get_story(store, story_of(store, "0-repost"))
    assert split.copies == 2 and split.original == "0-repost"
    assert story_stats(store)["stories"] == 5
    kept = dump_stories(store)
    assert rebuild_stories(store) == 5
    assert dump_stories(store) == kept


def test_a_store_indexed_with_other_parameters_must_be_rebuilt(store: Store):
    records = _records()
    assign_stories(store, records)
    with pytest.raises(StoryIndexError, match="rebuild"):
        StoryIndex(store, signer=Signer(shingle_size=4))
    store.add_many(records)
    rebuild_stories(store, signer=Signer(shingle_size=4))
    assert len(StoryIndex(store, signer=Signer(shingle_size=4))) == 12


def test_sync_catches_up_what_a_stopped_run_stored_but_did_not_group(store: Store):
    records = _records()
    store.add_many(records)
    assign_stories(store, records[:5])                 # the run was killed after storing everything
    assert sync_stories(store) == 7
    assert sync_stories(store) == 0
    whole = StoryIndex()
    whole.add_many(records)
    assert [s.to_dict() for s in iter_stories(store)] == [s.to_dict() for s in whole.stories()]


def test_a_bad_batch_changes_nothing(store: Store):
    records = _records()
    index = StoryIndex(store)
    index.add_many(records[:3])
    before, groups = dump_stories(store), index.groups()
    with pytest.raises(ValueError, match="non-empty string id"):
        index.add_many([records[3], {"id": "", "text": "x"}])
    with pytest.raises(TypeError):
        index.add_many([records[4], {**records[5], "text": story_text(1), "extra": object()}])
    assert dump_stories(store) == before and index.groups() == groups
    memory = StoryIndex()
    memory.add_many(records[:3])
    with pytest.raises(TypeError):
        memory.add_many([records[4], {**records[5], "extra": object()}])
    assert memory.groups() == groups
