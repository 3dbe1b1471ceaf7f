"""PLOVER event types scored on the PLOVER gold-standard records (issue 6's protocol).

Data: `plover-gsr/dev.json` (read as `evaluation.actors` reads it). The records are coded to PLOVER 0.5b1;
their old names are mapped to the 2.0 manual's: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE ->
ACCUSE, FIGHT -> ASSAULT. DOCUMENT records (file notes) are skipped. Each sentence goes through the
configured pipeline as clean text, without a document date (the records' dates are a placeholder).

Per gold sentence:
  type_found         some event has the gold type
  top_type           the most confident event has it
  type_precision     over all sentences, the distinct predicted types that are the gold type / all distinct
                     predicted types (a sentence's gold has one type; repeated mentions count once)
  actor_country      on sentences whose gold type was found: the most confident event of that type has an
                     actor whose country is one of the gold source codes / those with a gold source code
  recipient_country  the same for the recipient and the gold target codes, where the gold has a target
A confusion table counts (gold type, type of the most confident event; "none" when there is no event).
"""
from __future__ import annotations

import csv
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .actors import _pipeline_reader, iter_gold_actors

__all__ = ["OLD_NAMES", "gold_type", "evaluate_events", "format_report", "write_errors"]

OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def gold_type(record: dict) -> str | None:
    event = (record.get("event") or "").strip().upper()
    if not event or event == "DOCUMENT":
        return None
    return OLD_NAMES.get(event, event)


def _codes(actors, role: str) -> set[str]:
    return {a.code for a in actors if a.role == role and a.code}


def _fraction(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _with_events(settings):
    """The settings, with the events stage at the end of the pipeline if they leave it out."""
    from .. import events as _events  # noqa: F401
    from ..events import stage as _stage  # noqa: F401  (registers the events stage)
    from ..settings import load_settings

    settings = settings or load_settings()
    if "events" in settings.pipeline:
        return settings
    return settings.replace(pipeline=[*settings.pipeline, "events"])


def evaluate_events(data: str | Path, *, limit: int | None = None, settings=None,
                    reader: Callable[[str, str | None], object] | None = None) -> dict:
    """Score the events stage on PLOVER gold sentences.

    data (str | Path): the gold records (a JSON list, `plover-gsr/dev.json`).
    limit (int): score only the first N sentences.
    settings (Settings): the pipeline's settings (it must include the `events` stage).
    reader: ``(text, date) -> record``, instead of the configured pipeline.
    """
    data = Path(data)
    if not data.is_file():
        raise FileNotFoundError(f"no PLOVER records at {data}")
    reader = reader or _pipeline_reader(_with_events(settings))
    actors_of = {record.get("id"): actors for record, actors in iter_gold_actors(data)}
    records = json.loads(data.read_text("utf-8"))
    began = time.perf_counter()
    counts = Counter()
    confusion: Counter = Counter()
    per_type: dict[str, Counter] = {}
    rows: list[dict] = []
    for record in records:
        gold = gold_type(record)
        text = record.get("text")
        if gold is None or not text:
            continue
        if limit and counts["sentences"] >= limit:
            break
        result = reader(text, None)
        events = sorted(result.events, key=lambda e: -e.confidence)
        counts["sentences"] += 1
        counts["events"] += len(events)
        types = {e.type for e in events}
        top = events[0].type if events else "none"
        found = gold in types
        stats = per_type.setdefault(gold, Counter())
        stats["sentences"] += 1
        counts["type_found"] += found
        stats["found"] += found
        counts["top_type"] += top == gold
        stats["top"] += top == gold
        counts["predicted_types"] += len(types)
        counts["correct_types"] += found
        counts["no_event"] += not events
        confusion[(gold, top)] += 1
        actor_ok = recipient_ok = None
        actors = actors_of.get(record.get("id"), [])
        if found:
            best = next(e for e in events if e.type == gold)
            sources, targets = _codes(actors, "source"), _codes(actors, "target")
            if sources:
                counts["actor_scored"] += 1
                actor_ok = best.actor is not None and best.actor.country in sources
                counts["actor_country"] += actor_ok
            if targets:
                counts["recipient_scored"] += 1
                recipient_ok = best.recipient is not None and best.recipient.country in targets
                counts["recipient_country"] += recipient_ok
        rows.append({
            "id": record.get("id", ""), "gold": gold, "top": top, "found": found,
            "predicted": " ".join(f"{e.type}:{e.confidence:.2f}:{e.pattern}" for e in events),
            "actor_ok": actor_ok, "recipient_ok": recipient_ok,
            "actor": (events and next((f"{e.actor.name}/{e.actor.country}" for e in events if e.type == gold), "")) or "",
            "recipient": (events and next((f"{e.recipient.name}/{e.recipient.country}" if e.recipient else "-"
                                           for e in events if e.type == gold), "")) or "",
            "gold_source": " ".join(sorted(_codes(actors, "source"))),
            "gold_target": " ".join(sorted(_codes(actors, "target"))),
            "text": text,
        })
    sentences = counts["sentences"]
    return {
        "data": str(data),
        "limit": limit,
        "seconds": round(time.perf_counter() - began, 1),
        "counts": dict(counts),
        "type_found": _fraction(counts["type_found"], sentences),
        "top_type": _fraction(counts["top_type"], sentences),
        "type_precision": _fraction(counts["correct_types"], counts["predicted_types"]),
        "actor_country": _fraction(counts["actor_country"], counts["actor_scored"]),
        "recipient_country": _fraction(counts["recipient_country"], counts["recipient_scored"]),
        "per_type": {t: {"sentences": c["sentences"], "type_found": _fraction(c["found"], c["sentences"]),
                         "top_type": _fraction(c["top"], c["sentences"])} for t, c in sorted(per_type.items())},
        "confusion": {f"{g}>{p}": n for (g, p), n in sorted(confusion.items())},
        "rows": rows,
    }


def format_report(result: dict) -> str:
    c = result["counts"]
    lines = [
        f"PLOVER event types on {result['data']} ({result['seconds']} s)",
        f"sentences {c.get('sentences', 0)}, events {c.get('events', 0)}, sentences without an event "
        f"{c.get('no_event', 0)}",
        f"gold type found      {result['type_found'] * 100:6.2f}  ({c.get('type_found', 0)}/{c.get('sentences', 0)})",
        f"most confident right {result['top_type'] * 100:6.2f}  ({c.get('top_type', 0)}/{c.get('sentences', 0)})",
        f"type precision       {result['type_precision'] * 100:6.2f}  ({c.get('correct_types', 0)}/"
        f"{c.get('predicted_types', 0)} distinct types)",
        f"actor country        {result['actor_country'] * 100:6.2f}  ({c.get('actor_country', 0)}/"
        f"{c.get('actor_scored', 0)} type matches)",
        f"recipient country    {result['recipient_country'] * 100:6.2f}  ({c.get('recipient_country', 0)}/"
        f"{c.get('recipient_scored', 0)} type matches with a gold target)",
        "",
        "gold type   n  found   top",
    ]
    for event_type, stats in result["per_type"].items():
        lines.append(f"{event_type:10} {stats['sentences']:3} {stats['type_found'] * 100:6.1f} {stats['top_type'] * 100:5.1f}")
    pairs = {}
    for key, n in result["confusion"].items():
        gold, top = key.split(">")
        pairs.setdefault(gold, Counter())[top] = n
    columns = sorted({top for row in pairs.values() for top in row})
    lines += ["", "confusion (rows gold, columns the most confident event's type):",
              "           " + " ".join(f"{c[:4]:>4}" for c in columns)]
    for gold in sorted(pairs):
        lines.append(f"{gold:10} " + " ".join(f"{pairs[gold].get(c, 0) or '.':>4}" for c in columns))
    return "\n".join(lines)


def write_errors(result: dict, path: str | Path) -> int:
    """Every sentence whose type, actor or recipient was missed, as TSV; returns how many."""
    wrong = [r for r in result["rows"] if not r["found"] or r["top"] != r["gold"] or r["actor_ok"] is False
             or r["recipient_ok"] is False]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["id", "gold", "top", "found", "actor_ok", "recipient_ok", "actor", "gold_source",
                         "recipient", "gold_target", "predicted", "text"])
        for r in wrong:
            writer.writerow([r["id"], r["gold"], r["top"], r["found"], r["actor_ok"], r["recipient_ok"], r["actor"],
                             r["gold_source"], r["recipient"], r["gold_target"], r["predicted"], r["text"]])
    return len(wrong)
