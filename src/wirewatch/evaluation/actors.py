"""Actor codes scored on the PLOVER gold-standard records: does our entity get the gold country and sector?

Data: `plover-gsr/dev.json`, a list of records, each one sentence (`text`) with `source` and `target`
actors: `{"actorText", "code", "sector"?}` (a list, one object, or empty). `code` is an ISO 3166-1
alpha-3 country or one of PLOVER's international codes (IGO, NGO, ...); `sector` a PLOVER/CAMEO sector
code. A sector of "***" (or none) means the coder gave none: such actors count for the country only.

Each sentence goes through the configured pipeline as clean text. A gold actor is found in the sentence by
its `actorText` (an actorText with "..." names its first and last parts; the span runs between them).
Our entity for it is the one with a mention overlapping that span, the mention covering most of it first.
  country_accuracy   gold actors whose entity has the gold `code` as its country / all gold actors
  sector_accuracy    gold actors with a sector whose entity has that sector / gold actors with a sector
An actor we have no entity for counts as wrong in both.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GoldActor", "iter_gold_actors", "evaluate_actors", "format_report", "find_span", "entity_for"]

NO_SECTOR = {"", "***", None}


@dataclass
class GoldActor:
    record_id: str
    role: str
    text: str
    actor_text: str
    code: str
    sector: str | None
    date: str | None


def iter_gold_actors(path: str | Path) -> Iterable[tuple[dict, list[GoldActor]]]:
    """Each gold record that has a sentence, with its actors."""
    records = json.loads(Path(path).read_text("utf-8"))
    for record in records:
        text = record.get("text")
        if not text:
            continue
        actors = []
        for role in ("source", "target"):
            value = record.get(role) or []
            for actor in value if isinstance(value, list) else [value]:
                if isinstance(actor, dict) and actor.get("actorText") and actor.get("code"):
                    sector = actor.get("sector")
                    # "CVLkur", "MILsrp": a sector with an ethnic or religious code after it; the sector is
                    # the first three letters
                    sector = None if sector in NO_SECTOR else str(sector)[:3].upper()
                    actors.append(GoldActor(record.get("id", ""), role, text, actor["actorText"], actor["code"],
                                            sector, record.get("date")))
        if actors:
            yield record, actors


def find_span(text: str, actor_text: str) -> tuple[int, int] | None:
    """Where an actorText lies in its sentence (case-insensitive; "A ... B" runs from A to B)."""
    parts = [p.strip() for p in actor_text.split("...") if p.strip()]
    if not parts:
        return None
    low = text.lower()
    first = low.find(parts[0].lower())
    if first < 0 and len(parts) == 1 and len(parts[0].split()) > 1:
        # "French warships" for "French and Egyptian warships": the coder left out the middle
        words = parts[0].split()
        parts = [words[0], words[-1]]
        first = low.find(parts[0].lower())
        if first >= 0 and low.find(parts[-1].lower(), first) - first > 60:
            return None
    if first < 0:
        return None
    last_part = parts[-1].lower()
    last = low.find(last_part, first + len(parts[0]) if len(parts) > 1 else first)
    if last < 0:
        return None
    return first, last + len(last_part)


def entity_for(entities: list, span: tuple[int, int]):
    """The entity with a mention overlapping ``span`` most (ties: the mention nearest in length)."""
    start, end = span
    best, best_key = None, None
    for entity in entities:
        for mention in entity.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap <= 0:
                continue
            key = (overlap, -abs((mention.end - mention.start) - (end - start)))
            if best_key is None or key > best_key:
                best, best_key = entity, key
    return best


def _pipeline_reader(settings=None) -> Callable[[str, str | None], object]:
    from ..api import read

    def run(text: str, date: str | None):
        return read(text, clean=False, format="text", date=date, settings=settings)

    return run


def evaluate_actors(data: str | Path, *, limit: int | None = None, settings=None,
                    reader: Callable[[str, str | None], object] | None = None,
                    errors: list | None = None) -> dict:
    data = Path(data)
    if not data.is_file():
        raise FileNotFoundError(f"no PLOVER records at {data}")
    reader = reader or _pipeline_reader(settings)
    began = time.perf_counter()
    counts = {"records": 0, "actors": 0, "country": 0, "with_sector": 0, "sector": 0, "found": 0,
              "span_missing": 0}
    for n, (record, actors) in enumerate(iter_gold_actors(data)):
        if limit and n >= limit:
            break
        # every record is dated 2000-01-01, a placeholder (the sentences span decades): no date is given
        date = None
        result = reader(record["text"], date)
        counts["records"] += 1
        for actor in actors:
            counts["actors"] += 1
            if actor.sector:
                counts["with_sector"] += 1
            span = find_span(actor.text, actor.actor_text)
            entity = entity_for(result.entities, span) if span else None
            if span is None:
                counts["span_missing"] += 1
            if entity is not None:
                counts["found"] += 1
            country_ok = entity is not None and entity.country == actor.code
            sector_ok = entity is not None and actor.sector is not None and entity.sector == actor.sector
            counts["country"] += country_ok
            counts["sector"] += sector_ok
            if errors is not None and (not country_ok or (actor.sector and not sector_ok)):
                errors.append((actor, entity))
    actors = counts["actors"] or 1
    return {
        "data": str(data),
        "limit": limit,
        "seconds": round(time.perf_counter() - began, 1),
        "counts": counts,
        "country_accuracy": round(counts["country"] / actors, 4),
        "sector_accuracy": round(counts["sector"] / counts["with_sector"], 4) if counts["with_sector"] else 0.0,
        "found_rate": round(counts["found"] / actors, 4),
    }


def format_report(result: dict) -> str:
    c = result["counts"]
    return "\n".join([
        f"PLOVER actor codes on {result['data']} ({result['seconds']} s)",
        f"records {c['records']}, gold actors {c['actors']} ({c['with_sector']} with a sector), "
        f"an entity found for {c['found']} ({result['found_rate']*100:.1f}%)",
        f"country accuracy {result['country_accuracy']*100:6.2f}  ({c['country']}/{c['actors']})",
        f"sector accuracy  {result['sector_accuracy']*100:6.2f}  ({c['sector']}/{c['with_sector']})",
    ])
