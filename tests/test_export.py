"""`wirewatch export`: every table in every format, read back."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from wirewatch.export import COLUMNS, write_rows
from wirewatch.record import Event, EventActor, Location, Record
from wirewatch.store import open_store
from wirewatch.stories import sync_stories

ROOT = Path(__file__).resolve().parents[1]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "wirewatch.cli", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'sample.sqlite'}"
    done = cli("ingest", ROOT / "sample", "--db", url)
    assert done.returncode == 0, done.stderr
    event = Event(start=0, end=20, text="The ministry accused", type="ACCUSE", status="asserted",
                  actor=EventActor("Interior Ministry", "e1", "FRA", "GOV"),
                  recipient=EventActor("rebels", None, "MLI", "REB"), date="2021-03-10",
                  location=Location("Bamako", "MLI", 12.65, -8.0), confidence=0.8)
    record = Record(id="hand-made-event", text="The ministry accused the rebels of an attack.", events=[event])
    with open_store(url) as store:
        store.add(record.to_dict())
        sync_stories(store)          # what ingest does for records stored another way
    return url


def stored(url: str) -> list[dict]:
    with open_store(url) as store:
        return list(store.iter_records())


@pytest.mark.parametrize("what", ["documents", "quotes", "events", "stories"])
def test_jsonl_and_csv_exports_hold_one_row_per_item(sample_store, what, tmp_path):
    records = stored(sample_store)
    expected = len(records) if what in ("documents", "stories") else sum(len(r[what]) for r in records)
    assert expected > 0
    as_jsonl = cli("export", what, "--db", sample_store)
    assert as_jsonl.returncode == 0, as_jsonl.stderr
    rows = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert len(rows) == expected and set(rows[0]) == set(COLUMNS[what])
    out = tmp_path / f"{what}.csv"
    as_csv = cli("export", what, "--db", sample_store, "--format", "csv", "--out", out)
    assert as_csv.returncode == 0, as_csv.stderr
    with open(out, newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == expected and list(table[0]) == COLUMNS[what]


def test_events_csv_has_polecat_like_columns(sample_store, tmp_path):
    out = tmp_path / "events.csv"
    assert cli("export", "events", "--db", sample_store, "--format", "csv", "-o", out).returncode == 0
    [row] = [r for r in csv.DictReader(open(out, newline="", encoding="utf-8")) if r["document_id"] == "hand-made-event"]
    assert (row["type"], row["actor_country"], row["actor_sector"], row["recipient_country"]) == ("ACCUSE", "FRA", "GOV", "MLI")
    assert (row["place"], float(row["lat"]), row["evidence"]) == ("Bamako", 12.65, "The ministry accused")
    assert row["event_id"] == "hand-made-event:e0" and row["date"] == "2021-03-10"


def test_parquet_export_reads_back_with_typed_columns(sample_store, tmp_path):
    out = tmp_path / "quotes.parquet"
    done = cli("export", "quotes", "--db", sample_store, "--format", "parquet", "--out", out)
    assert done.returncode == 0, done.stderr
    table = pq.read_table(out)
    assert table.num_rows == sum(len(r["quotes"]) for r in stored(sample_store))
    assert str(table.schema.field("start").type) == "int64" and str(table.schema.field("in_title").type) == "bool"
    assert cli("export", "quotes", "--db", sample_store, "--format", "parquet").returncode != 0   # needs --out


def test_parquet_keeps_the_column_types_when_the_first_rows_are_empty(tmp_path, monkeypatch):
    import wirewatch.export as export

    monkeypatch.setattr(export, "PARQUET_ROWS", 2)
    rows = [{"place": None, "lat": None}, {"place": None, "lat": None}, {"place": "Bamako", "lat": 12.6}]
    with open(tmp_path / "x.parquet", "wb") as handle:
        assert write_rows(rows, ["place", "lat"], "parquet", handle) == 3
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.column("place").to_pylist() == [None, None, "Bamako"]


def test_export_refuses_what_it_does_not_know_and_a_missing_store(tmp_path):
    assert cli("export", "tweets", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}").returncode != 0
    missing = cli("export", "documents", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert missing.returncode == 1 and "no wirewatch store" in missing.stderr
    buffer = io.StringIO()
    assert write_rows(iter([]), COLUMNS["events"], "csv", buffer) == 0
    assert buffer.getvalue().strip() == ",".join(COLUMNS["events"])


def test_stories_export_names_each_copy(sample_store):
    rows = [json.loads(line) for line in cli("export", "stories", "--db", sample_store).stdout.splitlines()]
    ids = {d["id"] for row in rows for d in row["documents"]}
    assert ids == {r["id"] for r in stored(sample_store)}       # every stored document is in one story
    assert all(row["copies"] == len(row["documents"]) >= 1 for row in rows)
