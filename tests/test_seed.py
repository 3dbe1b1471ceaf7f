"""The `document` section of shared/spec/seed-expected.json, read through the CLI."""
import json
import subprocess
import sys

from support import SEED, SEED_EXPECTED


def test_seed_document_facts(seed_text):
    expected = json.loads(SEED_EXPECTED.read_text())["document"]
    out = subprocess.run([sys.executable, "-m", "wirewatch.cli", "read", str(SEED)], capture_output=True,
                         text=True, check=True).stdout
    record = json.loads(out)
    assert record["title"].lower() == expected["title"].lower()
    assert record["published"] == expected["published"]
    assert expected["original_source"].lower() in record["original_source"]["name"].lower()
    assert expected["republished_by"].lower() in record["publisher"]["name"].lower()
    assert expected["section"].lower() in (record["section"] or "").lower()
    body = record["text"].lower()
    for phrase in expected["body_must_not_contain"]:
        assert phrase.lower() not in body
    for phrase in expected["body_must_contain"]:
        assert phrase.lower() in body
    assert expected["title"].lower() not in body, "the headline is metadata, not body"
    assert "3:37 pm" not in body, "the dateline is metadata, not body"
    for heading in expected["subheadings"]:
        assert heading.lower() in [h.lower() for h in record["subheadings"]]


def _seed_record():
    out = subprocess.run([sys.executable, "-m", "wirewatch.cli", "read", str(SEED)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def test_seed_times_facts(seed_text):
    expected = json.loads(SEED_EXPECTED.read_text())["times"]
    record = _seed_record()
    found = [(t["text"].lower(), t["value"]) for t in record["times"]]
    for fact in expected:
        accepted = fact.get("any_of") or [fact["value"]]
        # TIMEX3 leaves prepositions out: the fact "on Monday" is the span "Monday"
        assert any((fact["text"].lower() in text or text in fact["text"].lower()) and value in accepted
                   for text, value in found), \
            f"{fact['text']!r} = {accepted} not among {found}"
    for t in record["times"]:
        assert record["text"][t["start"]:t["end"]] == t["text"]


def test_seed_entities_facts(seed_text):
    spec = json.loads(SEED_EXPECTED.read_text())
    record = _seed_record()
    entities = record["entities"]
    for fact in spec["entities"]:
        matches = [e for e in entities if e["name"].lower() == fact["name"].lower() and e["type"] == fact["type"]]
        assert matches, f"no {fact['type']} entity named {fact['name']!r}: {[(e['name'], e['type']) for e in entities]}"
        entity = matches[0]
        assert entity["country"] == fact["country"], (fact["name"], entity["country"])
        if "sector" in fact:
            assert entity["sector"] == fact["sector"], (fact["name"], entity["sector"])
        texts = [m["text"].lower() for m in entity["mentions"]]
        for wanted in fact.get("mentions_include", []):
            assert any(wanted.lower() in text for text in texts), f"{fact['name']}: no mention {wanted!r} in {texts}"
        for m in entity["mentions"]:
            assert record["text"][m["start"]:m["end"]] == m["text"]
    names = " ".join(m["text"].lower() for e in entities for m in e["mentions"])
    for absent in spec["entities_must_not_include"]:
        assert absent.lower() not in names and absent.lower() not in [e["name"].lower() for e in entities]


def test_seed_quotes_facts(seed_text):
    expected = json.loads(SEED_EXPECTED.read_text())["quotes"]
    record = _seed_record()
    quotes = record["quotes"]
    shown = [(q["kind"], q["text"][:60], (q["speaker"] or {}).get("name"), q["date"]) for q in quotes]
    for fact in expected:
        speakers = [s.lower() for s in fact.get("speaker_any_of") or [fact["speaker"]]]
        dates = fact.get("date_any_of") or ([fact["date"]] if "date" in fact else None)
        matches = [q for q in quotes if fact["contains"].lower() in q["text"].lower() and q["kind"] == fact["kind"]]
        assert matches, f"no {fact['kind']} quote holding {fact['contains']!r}: {shown}"
        quote = matches[0]
        assert ((quote["speaker"] or {}).get("name") or "").lower() in speakers, (fact["contains"], quote["speaker"])
        if "cue" in fact:
            assert quote["cue"] and fact["cue"].lower() in quote["cue"]["text"].lower(), (fact["contains"], quote["cue"])
        if dates:
            assert quote["date"] in dates, (fact["contains"], quote["date"])
        assert record["text"][quote["start"]:quote["end"]] == quote["text"]
