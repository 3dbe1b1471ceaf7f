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
