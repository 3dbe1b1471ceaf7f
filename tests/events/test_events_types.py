"""The `events` stage on sentences of our own: each of PLOVER's 16 types, coded with its actor and
recipient from the clause, its mode where the sentence names one, and evidence that slices the text.

All sentences are invented for these tests.
"""
from __future__ import annotations

import pytest

import wirewatch
import wirewatch.events.stage  # noqa: F401  (registers the events stage)

PIPELINE = ["decode", "clean", "provenance", "parse", "times", "entities", "quotes", "events"]
DATE = "2021-03-10"


def read(text: str, date: str = DATE):
    record = wirewatch.read(text, date=date, clean=False, format="text", pipeline=PIPELINE)
    for event in record.events:                 # every evidence span slices the text exactly
        assert text[event.start:event.end] == event.text
        assert 0.0 <= event.confidence <= 1.0
    return record


def top(record):
    assert record.events, "no event coded"
    return max(record.events, key=lambda e: e.confidence)


CASES = [
    # (sentence, type, actor country, recipient country, mode)
    ("Chile and Peru agreed to share intelligence on drug smuggling.", "AGREE", "CHL", None, None),
    ("The Norwegian foreign minister visited Kenya on Tuesday.", "CONSULT", "NOR", "KEN", "visit"),
    ("Canada praised Ghana's efforts to improve its elections.", "SUPPORT", "CAN", "GHA", None),
    ("The Bolivian government lifted the curfew in the capital.", "CONCEDE", "BOL", None, None),
    ("Spanish and Moroccan warships began joint naval exercises off the coast.", "COOPERATE", "MAR", None, None),
    ("Japan gave Nepal 20 million dollars of aid for flood relief.", "AID", "JPN", "NPL", None),
    ("Colombian rebels released 40 hostages near the border.", "RETREAT", "COL", None, "release"),
    ("The Dutch prime minister urged Serbia to release the detained journalists.", "REQUEST", "NLD", "SRB", "yield"),
    ("Amnesty International accused the Egyptian police of torturing detainees.", "ACCUSE", "NGO", "EGY", "allege"),
    ("Venezuela rejected a Colombian proposal for talks.", "REJECT", "VEN", "COL", "meet"),
    ("Pakistan threatened to close its border with Afghanistan.", "THREATEN", "PAK", "AFG", "restrict"),
    ("Thousands of Chilean students demonstrated in Santiago against tuition fees.", "PROTEST", "CHL", None, "demo"),
    ("The European Union imposed sanctions on Belize over money laundering.", "SANCTION", "IGO", "BLZ", "discontinue"),
    ("Turkey deployed troops along its border with Syria.", "MOBILIZE", "TUR", "SYR", "troops"),
    ("Kenyan police arrested 30 opposition activists in Nairobi.", "COERCE", "KEN", "KEN", "arrest"),
    ("Gunmen killed five Nigerian soldiers in an ambush near Maiduguri.", "ASSAULT", None, "NGA", None),
]


@pytest.mark.parametrize("text, event_type, actor, recipient, mode", CASES, ids=[c[1] for c in CASES])
def test_events_each_plover_type_with_its_arguments(text, event_type, actor, recipient, mode):
    event = top(read(text))
    assert event.type == event_type, [(e.type, e.confidence, e.pattern) for e in read(text).events]
    if actor:
        assert event.actor.country == actor, event.actor
    if recipient:
        assert event.recipient is not None and event.recipient.country == recipient, event.recipient
    if mode:
        assert event.mode == mode
    assert event.pattern, "every event names the pattern that coded it"


def test_events_cover_all_sixteen_plover_types():
    from wirewatch.events import PLOVER_TYPES

    assert sorted({case[1] for case in CASES}) == sorted(PLOVER_TYPES)


@pytest.mark.parametrize("text, event_type, evidence", [
    ("Opposition parties organized riots and mass protests in the capital.", "PROTEST",
     "organized riots and mass protests"),
    ("The interior ministry set up a special police force to guard the border.", "MOBILIZE", "special police force"),
    ("The Chadian president turned to France for help with securing the capital.", "REQUEST",
     "turned to France for help"),
    ("Rejecting the allegations of fraud, the Bolivian president has warned of a foreign plot to destabilize "
     "the country.", "ACCUSE", "foreign plot to destabilize the country"),
    ("Rejecting the allegations of fraud, the Bolivian president has warned of a foreign plot.", "REJECT",
     "Rejecting the allegations"),
])
def test_events_constructions_keep_their_evidence(text, event_type, evidence):
    record = read(text)
    matches = [e for e in record.events if e.type == event_type]
    assert matches, [(e.type, e.text) for e in record.events]
    assert any(evidence in e.text for e in matches), [e.text for e in matches]


def test_events_actor_of_a_participle_is_the_subject_of_its_clause():
    record = read("Rejecting the allegations of fraud, the Bolivian president has warned of a foreign plot.")
    reject = next(e for e in record.events if e.type == "REJECT")
    assert reject.actor.country == "BOL"


def test_events_recipient_of_help_sought_from_someone():
    record = read("The Chadian president turned to France for help with securing the capital.")
    event = next(e for e in record.events if e.type == "REQUEST")
    assert event.actor.country == "TCD" and event.recipient.country == "FRA"


def test_events_a_noun_used_as_a_modifier_is_no_event():
    record = read("Journalists visited the battle zones on Friday.")
    assert "ASSAULT" not in {e.type for e in record.events}


def test_events_figurative_fight_is_no_assault():
    record = read("The Ghanaian government vowed to fight corruption.")
    assert "ASSAULT" not in {e.type for e in record.events}
    assert "THREATEN" not in {e.type for e in record.events}


def test_events_a_date_in_the_clause_is_the_event_date():
    event = top(read("The Norwegian foreign minister visited Kenya on Tuesday."))
    assert event.date == "2021-03-09"


def test_events_an_empty_text_has_no_events():
    assert read("").events == []
