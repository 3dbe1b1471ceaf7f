"""The workbench's pure parts: the query language, cursors, highlight pieces, `--since`."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from wirewatch.service.digest import DigestError, parse_since, parse_smtp
from wirewatch.service.highlight import body_marks, cut, title_marks
from wirewatch.service.search import DOCUMENT_KEYSET, SearchError, _fts5, _tsquery, parse_query, snippet
from wirewatch.service.watch import WatchError, make_watch


@pytest.mark.parametrize("q, fts5, tsquery", [
    ("harbour", '{title body} : ("harbour")', "('harbour')"),
    ("Harbour PLAN", '{title body} : ("harbour" AND "plan")', "('harbour') & ('plan')"),
    ('"the plan" vote', '{title body} : ("the plan" AND "vote")', "('the' <-> 'plan') & ('vote')"),
    ("negotiat*", '{title body} : ("negotiat"*)', "('negotiat':*)"),
    ("plan -tide", '{title body} : (("plan") NOT ("tide"))', "('plan') & !(('tide'))"),
    ("AND OR NOT NEAR(", '{title body} : ("and" AND "or" AND "not" AND "near")',
     "('and') & ('or') & ('not') & ('near')"),
    ("it's O'Brien", '{title body} : ("it s" AND "o brien")', "('it' <-> 's') & ('o' <-> 'brien')"),
])
def test_service_query_language(q, fts5, tsquery):
    parsed = parse_query(q)
    assert _fts5(parsed) == fts5 and _tsquery(parsed) == tsquery


@pytest.mark.parametrize("q", [None, "", "   ", "***", '""'])
def test_service_query_without_words(q):
    assert parse_query(q) is None


def test_service_query_only_exclusions():
    with pytest.raises(SearchError, match="only leaves words out"):
        parse_query("-tide")


def test_service_cursor_round_trip_and_refusal():
    token = DOCUMENT_KEYSET.encode(("2020-08-31T15:37", "doc/1"))
    assert DOCUMENT_KEYSET.decode(token) == ["2020-08-31T15:37", "doc/1"]
    for bad in ("%%%", "bm9wZQ", DOCUMENT_KEYSET.encode((1.5, None))):
        with pytest.raises(SearchError, match="cursor"):
            DOCUMENT_KEYSET.decode(bad)


def test_service_highlight_cuts_overlaps_into_pieces():
    text = "Mayor Ana Lopez said the plan would pass on Monday."
    record = {
        "text": text, "title": "Plan will pass: mayor",
        "entities": [{"name": "Ana Lopez", "type": "PERSON", "mentions": [{"start": 6, "end": 15, "rule": "name"}]}],
        "times": [{"start": 44, "end": 50, "type": "DATE", "value": "2021-04-12"}],
        "quotes": [{"kind": "indirect", "start": 21, "end": 50, "cue": {"start": 16, "end": 20, "text": "said"},
                    "speaker": {"name": "Ana Lopez", "start": 0, "end": 15, "text": "Mayor Ana Lopez"}},
                   {"kind": "indirect", "start": 0, "end": 14, "in_title": True, "cue": {"start": 14, "end": 15},
                    "speaker": {"name": "Ana Lopez", "start": 16, "end": 21}}],
        "events": [{"type": "AGREE", "status": "future", "start": 0, "end": 99, "actor": {"name": "Ana Lopez"}}],
    }
    pieces = cut(text, body_marks(record))
    assert "".join(piece.text for piece in pieces) == text
    lopez = next(piece for piece in pieces if piece.text == "Ana Lopez")
    assert {mark.kind for mark in lopez.marks} == {"entity", "speaker"}
    assert "rule: name" in lopez.title and lopez.data["speaker"] == "Ana Lopez"
    monday = next(piece for piece in pieces if piece.text == "Monday")
    assert {mark.kind for mark in monday.marks} == {"quote", "time"}
    assert "time DATE = 2021-04-12" in monday.title
    # the event's span runs past the text: dropped, not cut short
    assert all(mark.kind != "event" for piece in pieces for mark in piece.marks)
    headline = cut(record["title"], title_marks(record))
    assert [piece.text for piece in headline if piece.marks] == ["Plan will pass", ":", "mayor"]


def test_service_snippet_marks_the_words():
    parts = snippet("x " * 300 + "the Harbour plan and harbours", ["harbour"])
    assert [part for part, matched in parts if matched] == ["Harbour", "harbours"]
    assert parts[0][0].startswith("…")


NOW = datetime(2021, 4, 12, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, stamp", [
    ("1d", "2021-04-11T12:00:00.000Z"), ("12h", "2021-04-12T00:00:00.000Z"), ("1d12h", "2021-04-11T00:00:00.000Z"),
    ("2w", "2021-03-29T12:00:00.000Z"), ("30m", "2021-04-12T11:30:00.000Z"),
    ("2021-04-01", "2021-04-01T00:00:00.000Z"), ("2021-04-01T10:00+02:00", "2021-04-01T08:00:00.000Z"),
])
def test_service_since(value, stamp):
    assert parse_since(value, now=NOW) == stamp


@pytest.mark.parametrize("value", ["yesterday", "1y", "-1d", ""])
def test_service_since_refuses(value):
    with pytest.raises(DigestError):
        parse_since(value, now=NOW)


def test_service_smtp_and_watch_checks():
    assert parse_smtp("127.0.0.1:2525") == ("127.0.0.1", 2525)
    with pytest.raises(DigestError):
        parse_smtp("localhost")
    watch = make_watch("w", entities=[" Ana Lopez ", "Ana Lopez"], countries=["esp"], types=["accuse"])
    assert (watch.entities, watch.countries, watch.types) == (("Ana Lopez",), ("ESP",), ("ACCUSE",))
    for name, kwargs in (("../x", {"keywords": ["a"]}), ("ok", {}), ("ok", {"countries": ["Spain"]})):
        with pytest.raises(WatchError):
            make_watch(name, **kwargs)
