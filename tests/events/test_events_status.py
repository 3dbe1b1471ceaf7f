"""An event's status on sentences of our own: asserted, negated, hypothetical (and conditional), future
and reported (with the speaker kept as the event's source), and PLOVER's rules that an intention to
cooperate is an AGREE and a promise of conflict a THREATEN.

All sentences are invented for these tests.
"""
from __future__ import annotations

import pytest

from test_events_types import read


def event_of(record, event_type):
    found = [e for e in record.events if e.type == event_type]
    assert found, [(e.type, e.status, e.text) for e in record.events]
    return max(found, key=lambda e: e.confidence)


@pytest.mark.parametrize("text, event_type, status", [
    ("Kenyan police arrested 30 opposition activists in Nairobi.", "COERCE", "asserted"),
    ("Brazil sees no need to send troops to Paraguay.", "MOBILIZE", "negated"),
    ("Argentina said there was no reason to deploy troops on the border.", "MOBILIZE", "negated"),
    ("The Chilean army did not arrest the protesters.", "COERCE", "negated"),
    ("Ecuador refused to deploy peacekeepers in Haiti.", "MOBILIZE", "negated"),
    ("Argentina would only send troops if Uruguay asked for help.", "MOBILIZE", "hypothetical"),
    ("Argentina would not deploy troops unless the unrest spread.", "MOBILIZE", "negated"),
    ("The Kenyan president will meet the Ugandan president next week.", "AGREE", "future"),
    ("Canada plans to visit Belize next month.", "AGREE", "future"),
    ("Canada will impose sanctions on Belize.", "THREATEN", "future"),
    ("Officials said that rebels had attacked a convoy near the border.", "ASSAULT", "reported"),
    ("“We will never release the prisoners,” the rebel commander said.", "RETREAT", "negated"),
])
def test_events_status(text, event_type, status):
    event = event_of(read(text), event_type)
    assert event.status == status, (event.status, event.rules)


def test_events_reported_speech_keeps_the_speaker_as_source():
    event = event_of(read("Peruvian officials said that rebels had attacked a convoy near the border."), "ASSAULT")
    assert event.status == "reported"
    assert event.source is not None and event.source.country == "PER"
    assert event.actor.name.lower() == "rebels"


def test_events_a_quoted_event_is_reported_with_its_speaker():
    record = read("The Kenyan interior minister Ann Wairimu spoke on Monday.\n\n"
                  "“Police arrested the organisers of the riot,” Wairimu said.")
    event = event_of(record, "COERCE")
    assert event.status == "reported"
    assert event.source is not None and "Wairimu" in event.source.name


def test_events_negated_event_keeps_its_negation_in_the_evidence():
    event = event_of(read("Brazil sees no need to send troops to Paraguay."), "MOBILIZE")
    assert "no need to send troops" in event.text
    assert event.actor.country == "BRA"


def test_events_future_cooperation_is_an_agreement():
    event = event_of(read("Hungary said it will support the resolution on Monday."), "AGREE")
    assert event.status == "future" and event.actor.country == "HUN"


def test_events_a_promise_of_violence_is_a_threat():
    event = event_of(read("The rebels vowed to attack government buildings in the capital."), "THREATEN")
    assert event.mode == "violence"


def test_events_a_complement_is_coded_as_hypothetical():
    record = read("The Dutch prime minister urged Serbia to release the detained journalists.")
    inner = event_of(record, "RETREAT")
    assert inner.status == "hypothetical" and inner.actor.country == "SRB"
    assert inner.confidence < event_of(record, "REQUEST").confidence


def test_events_a_negated_acceptance_is_a_rejection():
    event = event_of(read("Syria says it will not accept any more refugees."), "REJECT")
    assert event.actor.country == "SYR"


def test_events_saying_someone_must_act_is_a_request():
    event = event_of(read("Russia said on Tuesday that Sudan must return the captured helicopter."), "REQUEST")
    assert event.actor.country == "RUS" and event.recipient.country == "SDN"


def test_events_repeated_mentions_merge():
    record = read("Kenyan police arrested the activists on Monday.\n\n"
                  "The Kenyan police arrested the activists after a rally.")
    arrests = [e for e in record.events if e.type == "COERCE"]
    assert len(arrests) == 1 and arrests[0].mentions == 2
