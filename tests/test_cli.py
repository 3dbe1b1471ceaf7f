"""The CLI end to end: ingest the bundled sample into SQLite, twice."""
import json
import subprocess
import sys
from pathlib import Path

from wirewatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "wirewatch.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_cli_ingest_sample_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'sample.sqlite'}"
    first = cli("ingest", ROOT / "sample", "--db", url)
    assert first.returncode == 0, first.stderr
    assert "inserted 6" in first.stdout and "documents 6" in first.stdout
    with open_store(url) as store:
        before = store.dump()
    second = cli("ingest", ROOT / "sample", "--db", url)
    assert second.returncode == 0, second.stderr
    # files are known by their bytes and not read again; JSON Lines with their own ids are, unchanged
    assert "inserted 0" in second.stdout and "already stored 4" in second.stdout and "unchanged 2" in second.stdout
    with open_store(url) as store:
        assert store.dump() == before
    third = cli("ingest", ROOT / "sample", "--db", url, "--refresh")
    assert "inserted 0" in third.stdout and "unchanged 6" in third.stdout
    with open_store(url) as store:
        assert store.dump() == before


def test_cli_read_prints_json_lines_and_stores_nothing(tmp_path):
    result = cli("read", ROOT / "sample" / "03_feed.rss", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Parliament passes budget after overnight session",
                                             "Mayor rejects calls to resign over contract scandal"]
    assert not list(tmp_path.iterdir())


def test_cli_bad_date_is_a_usage_error():
    result = cli("read", ROOT / "sample", "--date", "31/08/2020")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_cli_stages_and_settings_list_what_the_docs_say():
    assert "provenance" in cli("stages").stdout
    assert "batch_size = 64" in cli("settings").stdout


def test_cli_ingest_record_the_store_refuses_costs_only_itself(tmp_path):
    batch = tmp_path / "batch.jsonl"
    lines = [{"id": "a", "text": "First clean document body."},
             {"id": "b", "text": "A NUL \u0000 character no database column can hold."},
             {"id": "c", "text": "Third clean document body."}]
    batch.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = cli("ingest", batch, "--db", url, "--no-clean")
    assert result.returncode == 0, result.stderr
    assert "failed 1" in result.stdout and "'b'" in result.stderr
    with open_store(url) as store:
        assert store.get("a") and store.get("c") and store.get("b") is None
