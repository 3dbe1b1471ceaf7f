"""The accuracy gate on the public dev data (skipped, with the reason, where the data is absent)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import SHARED
from wirewatch.evaluation.gate import load_floors

ROOT = Path(__file__).resolve().parents[1]
EXTRACT_DATA = SHARED / "data" / "trafilatura-eval"
FLOORS = "src/wirewatch/evaluation/floors.json"


@pytest.mark.slow
def test_eval_gate_extract_full_run_meets_floors(tmp_path):
    if not (EXTRACT_DATA / "evaldata.json").is_file():
        pytest.skip(f"trafilatura-eval is not at {EXTRACT_DATA}")
    out = tmp_path / "extract.json"
    result = subprocess.run([sys.executable, "-m", "wirewatch.cli", "eval", "extract", "--data",
                             str(EXTRACT_DATA), "--gate", "--json", str(out)], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text())
    assert figures["pages"] == 990


def _floors_at(commit):
    shown = subprocess.run(["git", "show", f"{commit}:{FLOORS}"], cwd=ROOT, capture_output=True, text=True)
    return json.loads(shown.stdout) if shown.returncode == 0 else None


def test_gate_floors_only_rise():
    history = subprocess.run(["git", "log", "--format=%H", "--", FLOORS], cwd=ROOT, capture_output=True, text=True)
    if history.returncode != 0:
        pytest.skip("not a git checkout: the floors' history cannot be read")
    current = load_floors()
    for commit in history.stdout.split():
        past = _floors_at(commit)
        for task, spec in (past or {}).items():
            if task not in current or spec.get("digest") != current[task].get("digest"):
                continue  # a floor pinned on other data is not comparable
            for metric, floor in spec["floors"].items():
                assert current[task]["floors"].get(metric, -1) >= floor, \
                    f"{task}.{metric} floor was lowered from {floor} (commit {commit[:8]})"


TIME_DATA = SHARED / "data" / "tempeval3" / "TBAQ-cleaned"
ACTOR_DATA = SHARED / "data" / "plover-gsr" / "dev.json"
QUOTE_DATA = SHARED / "data" / "polnear" / "dev"


def _gated_run(task: str, data: Path, tmp_path) -> dict:
    """`wirewatch eval TASK --gate` in a fresh process; its figures."""
    if not data.exists():
        pytest.skip(f"the data for eval {task} is not at {data}")
    out = tmp_path / f"{task}.json"
    result = subprocess.run([sys.executable, "-m", "wirewatch.cli", "eval", task, "--data", str(data),
                             "--gate", "--json", str(out)], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(out.read_text())


@pytest.mark.slow
def test_eval_gate_time_full_run_meets_floors(tmp_path):
    figures = _gated_run("time", TIME_DATA, tmp_path)
    assert figures["overall"]["documents"] == 256 and figures["overall"]["gold"] == 1822


@pytest.mark.slow
def test_eval_gate_actors_full_run_meets_floors(tmp_path):
    figures = _gated_run("actors", ACTOR_DATA, tmp_path)
    assert figures["counts"]["actors"] == 324 and figures["actor_files"] == []


@pytest.mark.slow
def test_eval_gate_quotes_full_run_meets_floors(tmp_path):
    figures = _gated_run("quotes", QUOTE_DATA, tmp_path)
    assert figures["documents"] == 84


@pytest.mark.slow
def test_eval_gate_events_full_run_meets_floors(tmp_path):
    figures = _gated_run("events", ACTOR_DATA, tmp_path)
    assert figures["counts"]["sentences"] == 161
