"""Batched parsing, the engines (in-process, worker processes, Dask) and resumable ingest."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import wirewatch
from support import db_url, postgres_server, postgres_url, sqlite_url  # noqa: F401  (fixtures)
from wirewatch.api import make_pipeline
from wirewatch.engines import make_engine
from wirewatch.ingest import estimate_documents, ingest_paths
from wirewatch.readers import ReadOptions, document_from_text, iter_documents
from wirewatch.store import open_store

TOWNS = ["Ashford", "Brill", "Corran", "Dunmore", "Elgin", "Farrow", "Glenby", "Harlow", "Ilsey", "Jarvik"]


def story(n: int) -> str:
    """A short news story of our own; each n gives a different one."""
    town, other = TOWNS[n % len(TOWNS)], TOWNS[(n * 3 + 1) % len(TOWNS)]
    return (f"Council of {town} votes on budget number {n}\n\n"
            f"The council of {town} voted on Tuesday to spend {n + 2} million on roads, its mayor said. "
            f"\"We have waited {n % 7 + 2} years for this,\" Mayor Ruth Amadi told reporters. "
            f"Officials in {other} criticised the plan and warned that taxes would rise next year.")


def write_stories(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"story-{n:03d}.txt").write_text(story(n), encoding="utf-8")
    return folder


def comparable(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "errors"} | {"errors": sorted(map(json.dumps, record["errors"]))}


def test_batched_pipe_gives_the_records_one_document_at_a_time_gives():
    pipeline = make_pipeline(wirewatch.load_settings())
    options = ReadOptions(format="text", date="2021-03-10")
    texts = [story(n) for n in range(6)] + ["", "Short line."]
    one_by_one = [pipeline(document_from_text(t, options)).record.to_dict() for t in texts]
    batched = [doc.record.to_dict() for doc in pipeline.pipe((document_from_text(t, options) for t in texts),
                                                              batch_size=4)]
    assert [comparable(r) for r in batched] == [comparable(r) for r in one_by_one]


def test_a_stage_failing_on_a_batch_is_retried_per_document_and_blames_only_the_bad_one():
    pipeline = make_pipeline(wirewatch.load_settings())
    options = ReadOptions(format="text", date="2021-03-10")
    docs = [document_from_text(story(n), options) for n in range(3)]
    info, run = next((info, run) for info, run in pipeline.stages if info.name == "parse")
    original = run.pipe

    def failing(batch):
        raise RuntimeError("batch broke")

    try:
        run.pipe = failing
        out = pipeline.run_batch(docs)
    finally:
        run.pipe = original
    assert all(doc.annotations.get("parse") is not None for doc in out)
    assert all(not doc.record.errors for doc in out)


@pytest.mark.parametrize("engine, workers", [("processes", 2), ("dask", 2)])
def test_every_engine_gives_the_records_of_the_local_one(tmp_path, engine, workers):
    folder = write_stories(tmp_path / "in", 8)
    settings = wirewatch.load_settings(batch_size=3)
    options = ReadOptions(format="text", date="2021-03-10")

    def records(name, n):
        runner = make_engine(settings, engine=name, workers=n)
        try:
            batches = [list(iter_documents([folder], options))[i:i + 3] for i in range(0, 8, 3)]
            return [r for batch in runner.map(batches) for r in batch]
        finally:
            runner.close()

    local = records("local", 1)
    other = records(engine, workers)
    assert len(local) == 8
    assert [comparable(r) for r in other] == [comparable(r) for r in local]


def test_ingest_stores_each_document_once_and_a_rerun_reads_nothing_again(tmp_path, db_url):  # noqa: F811
    folder = write_stories(tmp_path / "in", 7)
    settings = wirewatch.load_settings(batch_size=3, db=db_url)
    options = ReadOptions(format="text")
    with open_store(db_url) as store:
        first = ingest_paths([folder], settings, store, options=options)
        again = ingest_paths([folder], settings, store, options=options)
        refreshed = ingest_paths([folder], settings, store, options=options, refresh=True)
        assert store.count() == 7
    assert first.outcomes["inserted"] == 7 and first.read == 7
    assert again.skipped == 7 and again.read == 0 and not any(again.outcomes.values())
    assert refreshed.outcomes["unchanged"] == 7 and refreshed.outcomes["inserted"] == 0


def test_the_progress_estimate_counts_files_and_json_lines(tmp_path):
    folder = write_stories(tmp_path / "in", 4)
    (folder / "more.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n\n', encoding="utf-8")
    assert estimate_documents([folder]) == 6
    (folder / "crawl.warc.gz").write_bytes(b"")
    assert estimate_documents([folder]) is None


def _stored(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
    except Exception:  # noqa: BLE001 - the database is not created yet
        return 0
    finally:
        engine.dispose()


def test_an_ingest_killed_with_sigkill_resumes_and_stores_every_document_once(tmp_path):
    count = 60
    folder = write_stories(tmp_path / "in", count)
    url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    command = [sys.executable, "-m", "wirewatch.cli", "ingest", str(folder), "--db", url, "--format", "text"]
    env = dict(os.environ, WIREWATCH_BATCH_SIZE="4")
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _stored(url) < 8 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "the first run ended before it could be killed: make the input longer"
    child.send_signal(signal.SIGKILL)
    child.wait()
    at_kill = _stored(url)
    assert 0 < at_kill < count
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _stored(url) == count
    assert f"already stored {at_kill}" in rerun.stdout
    with open_store(url) as store:
        ids = [record["id"] for record in store.iter_records()]
        texts = [record["text"] for record in store.iter_records()]
    assert len(ids) == len(set(ids)) == count
    assert len(set(texts)) == count


def test_ingest_groups_a_repost_with_its_original_into_one_story(tmp_path):
    from wirewatch.stories import iter_stories

    folder = tmp_path / "in"
    folder.mkdir()
    body = "\n\n".join(story(n).split("\n\n", 1)[1] for n in range(5))     # one long story of our own
    (folder / "original.txt").write_text("Councils vote on road budgets\n\n" + body, encoding="utf-8")
    (folder / "repost.txt").write_text("Home | News | Sport\n\nCouncils vote on their road budgets\n\n"
                                       + body[: int(len(body) * 0.7)] + "\n\nShare this story", encoding="utf-8")
    (folder / "other.txt").write_text(
        "Storm closes mountain pass\n\nA late snowstorm closed the only road over the Kessel pass on Sunday, "
        "stranding dozens of lorries. Police said the road would stay shut until ploughs could clear drifts "
        "of up to three metres, and the weather service warned of more snow overnight.", encoding="utf-8")
    settings = wirewatch.load_settings(db=f"sqlite:///{tmp_path / 's.sqlite'}")
    with open_store(settings.db) as store:
        ingest_paths([folder], settings, store, options=ReadOptions(format="text", date="2021-03-10"))
        stories = list(iter_stories(store))
    assert sorted(s.copies for s in stories) == [1, 2]
