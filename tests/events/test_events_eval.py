"""`evaluate_events` on a small PLOVER-style file of our own: name mapping, DOCUMENT records skipped, the
scores and the report; and the lexicon's own consistency."""
from __future__ import annotations

import json

from wirewatch.evaluation.events import evaluate_events, format_report, gold_type, write_errors
from wirewatch.events import PLOVER_TYPES, load_events_lexicon

RECORDS = [
    {"id": "X-DOCUMENT-1", "event": "DOCUMENT", "eventText": "notes"},
    {"id": "X-DEMAND-1", "event": "DEMAND", "text": "Chile demanded that Peru release the fishermen.",
     "source": [{"actorText": "Chile", "code": "CHL"}], "target": [{"actorText": "Peru", "code": "PER"}]},
    {"id": "X-FIGHT-1", "event": "FIGHT", "text": "Kenyan troops attacked Somali militants near the border.",
     "source": {"actorText": "Kenyan troops", "code": "KEN", "sector": "MIL"}, "target": ""},
    {"id": "X-DISAPPROVE-1", "event": "DISAPPROVE", "text": "Norway condemned the execution of the activists.",
     "source": [{"actorText": "Norway", "code": "NOR"}]},
]


def test_events_eval_maps_old_plover_names():
    assert gold_type({"event": "DEMAND"}) == "REQUEST"
    assert gold_type({"event": "INVESTIGATE"}) == "ACCUSE"
    assert gold_type({"event": "FIGHT"}) == "ASSAULT"
    assert gold_type({"event": "DOCUMENT"}) is None


def test_events_eval_scores_and_reports(tmp_path):
    data = tmp_path / "gold.json"
    data.write_text(json.dumps(RECORDS), "utf-8")
    result = evaluate_events(data)
    assert result["counts"]["sentences"] == 3
    for key in ("type_found", "top_type", "type_precision", "actor_country", "recipient_country"):
        assert 0.0 <= result[key] <= 1.0
    assert result["type_found"] == 1.0
    assert result["actor_country"] == 1.0
    report = format_report(result)
    assert "gold type found" in report and "confusion" in report
    assert write_errors(result, tmp_path / "errors.tsv") >= 0


def test_events_lexicon_covers_every_type_with_unique_pattern_names():
    lexicon = load_events_lexicon()
    names = [p.name for p in lexicon.patterns]
    assert len(names) == len(set(names))
    assert {p.type for p in lexicon.patterns} == set(PLOVER_TYPES)
    for pattern in lexicon.patterns:
        assert pattern.verbs or pattern.nouns or pattern.adjectives, pattern.name
        assert 0 < pattern.confidence <= 1
