"""The `events` section of shared/spec/seed-expected.json, read through the pipeline with the events stage.

Expected values are read from the JSON, never written here.
"""
from __future__ import annotations

import json

import pytest

import wirewatch
import wirewatch.events.stage  # noqa: F401  (registers the events stage)
from support import SEED, SEED_EXPECTED
from wirewatch.settings import load_settings


@pytest.fixture(scope="module")
def seed_record():
    if not SEED.is_file() or not SEED_EXPECTED.is_file():
        pytest.skip(f"the seed document or its expected facts are not at {SEED.parent}")
    pipeline = list(load_settings().pipeline)
    for name in ("quotes", "events"):
        if name not in pipeline:
            pipeline.append(name)
    return wirewatch.read(SEED, pipeline=pipeline)


def _facts():
    if not SEED_EXPECTED.is_file():
        return []
    return json.loads(SEED_EXPECTED.read_text("utf-8"))["events"]


def _matches(event, fact) -> bool:
    types = fact.get("type_any_of") or [fact["type"]]
    if event.type not in types:
        return False
    evidence = fact.get("evidence_any_of") or [fact["evidence"]]
    if not any(e.lower() in event.text.lower() for e in evidence):
        return False
    if "actor" in fact and (event.actor is None or event.actor.name.lower() != fact["actor"].lower()):
        return False
    if "actor_country" in fact and event.actor.country != fact["actor_country"]:
        return False
    if "actor_sector" in fact and event.actor.sector != fact["actor_sector"]:
        return False
    if "target" in fact and (event.recipient is None or event.recipient.name.lower() != fact["target"].lower()):
        return False
    if "target_country" in fact and (event.recipient is None or event.recipient.country != fact["target_country"]):
        return False
    dates = fact.get("date_any_of") or ([fact["date"]] if "date" in fact else None)
    if dates and event.date not in dates:
        return False
    if "status" in fact and event.status != fact["status"]:
        return False
    return True


@pytest.mark.parametrize("fact", _facts(), ids=lambda f: f"{f['type']}:{(f.get('evidence') or '')[:30]}")
def test_events_seed_fact(seed_record, fact):
    record = seed_record
    assert any(_matches(event, fact) for event in record.events), [
        (e.type, e.status, e.actor.name, e.actor.country, e.recipient.name if e.recipient else None, e.date, e.text)
        for e in record.events]


def test_events_seed_spans_slice_the_text(seed_record):
    for event in seed_record.events:
        assert seed_record.text[event.start:event.end] == event.text
