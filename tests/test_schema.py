"""Real output of `wirewatch read` validates against docs/record.schema.json."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from support import SEED

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "record.schema.json").read_text())


def spans(record):
    """(field, span) for every span of the record: a headline's quote has offsets into the title."""
    for entity in record["entities"]:
        yield from (("text", m) for m in entity["mentions"])
    yield from (("text", t) for t in record["times"])
    for quote in record["quotes"]:
        where = "title" if quote.get("in_title") else "text"
        yield where, quote
        if quote.get("cue"):
            yield where, quote["cue"]
        if (quote.get("speaker") or {}).get("start") is not None:
            yield where, quote["speaker"]
    yield from (("text", e) for e in record["events"])


def test_schema_validates_real_output_of_the_sample_and_seed():
    inputs = [ROOT / "sample"] + ([SEED] if SEED.is_file() else [])
    result = subprocess.run([sys.executable, "-m", "wirewatch.cli", "read", *map(str, inputs)],
                            capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 6
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for record in records:
        problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(record)]
        assert not problems, (record["source"], problems)
        for where, span in spans(record):
            assert record[where][span["start"]:span["end"]] == span["text"], (where, span)


@pytest.mark.parametrize("broken", [{"id": ""}, {"language": "english"}, {"published": "31/08/2020"},
                                    {"errors": [{"stage": "read"}]}])
def test_schema_rejects_records_that_break_the_contract(broken):
    record = {"id": "x", "source": None, "title": None, "published": None, "publisher": None,
              "original_source": None, "section": None, "authors": [], "language": "en", "text": "",
              "boilerplate": [], "entities": [], "times": [], "quotes": [], "events": [], "errors": []}
    jsonschema.validate(record, SCHEMA)
    record.update(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, SCHEMA)
