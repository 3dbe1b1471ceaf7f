"""The accuracy gate: CI fails when a score falls below its pinned floor.

Floors live in ``floors.json`` beside this module, each with the digest of the data it was measured
on. A floor is raised by editing the file in a commit that says why; it is never lowered silently:
``test_gate_floors_only_rise`` compares the file with its committed history.
"""
from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = ["load_floors", "check_gate", "data_digest", "lookup"]


def load_floors() -> dict[str, Any]:
    return json.loads(files("wirewatch.evaluation").joinpath("floors.json").read_text("utf-8"))


def data_digest(path: str | Path) -> str:
    """SHA-256 of the file (or of a folder's sorted file names and sizes) a score was measured on."""
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_file():
        digest.update(path.read_bytes())
    else:
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(f"{item.relative_to(path)}\0{item.stat().st_size}\n".encode())
    return digest.hexdigest()[:16]


def lookup(result: dict[str, Any], dotted: str) -> Any:
    value: Any = result
    for part in dotted.split("."):
        value = value[part]
    return value


def check_gate(task: str, result: dict[str, Any], data: str | Path) -> list[str]:
    """The failures of ``result`` against the floors pinned for ``task`` (empty when all pass)."""
    spec = load_floors()[task]
    failures = []
    digest_file = Path(data) / spec["digest_of"] if spec.get("digest_of") else Path(data)
    digest = data_digest(digest_file)
    if spec.get("digest") and digest != spec["digest"]:
        failures.append(f"{task}: the data's digest is {digest}, the floors were pinned on {spec['digest']}; "
                        "re-measure and pin new floors for this data")
        return failures
    if result.get("limit"):
        failures.append(f"{task}: the gate needs a full run, not --limit {result['limit']}")
        return failures
    for metric, floor in spec["floors"].items():
        value = lookup(result, metric)
        if value < floor:
            failures.append(f"{task}: {metric} = {value:.4f} is below its floor {floor:.4f}")
    for better, worse in spec.get("not_below", []):
        if lookup(result, better) < lookup(result, worse):
            failures.append(f"{task}: {better} = {lookup(result, better):.4f} is below "
                            f"{worse} = {lookup(result, worse):.4f}")
    return failures
