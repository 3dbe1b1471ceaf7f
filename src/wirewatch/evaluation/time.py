"""Time expressions scored on TempEval-3's TimeML data with TempEval-3's measures.

Data: TimeML 1.2.1 files (`*.tml`) under a folder with one sub-folder per corpus (TBAQ-cleaned has
`TimeBank/` and `AQUAINT/`). A document is the text of its `<TEXT>` element with the tags taken out;
its creation time (DCT) is the value of the TIMEX3 in `<DCT>`; its gold expressions are the TIMEX3
elements inside `<TEXT>`, with character offsets into that text. The DCT itself is not scored (every
system is handed it).

Each document goes through the configured pipeline as already-clean text (`clean=False`, so offsets
index the TimeML text) with the DCT as its date. Measures, as UzZaman et al. (2013), section 4.1:
  relaxed    a gold and a predicted expression that overlap (one-to-one, largest overlap first);
  strict     the same pair with identical boundaries;
  value F1   precision = relaxed matches whose value equals the gold value / predictions,
             recall = the same count / gold expressions (TempEval-3's attribute F1);
  type       the same for `type`; `type_accuracy` is correct types over relaxed matches.
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..timestamps import normalise_date

__all__ = ["TimemlDocument", "GoldTime", "read_timeml", "iter_timeml", "evaluate_time", "score_times",
           "format_report", "empty_counts", "write_errors"]


@dataclass
class GoldTime:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimemlDocument:
    id: str
    corpus: str
    dct: str
    text: str
    times: list[GoldTime] = field(default_factory=list)


def read_timeml(path: str | Path, corpus: str = "") -> TimemlDocument:
    """One TimeML file: its text without tags, its DCT, and its TIMEX3 spans."""
    root = ET.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    dct = dct_node.get("value", "") if dct_node is not None else ""
    text_node = root.find("TEXT")
    pieces: list[str] = []
    times: list[GoldTime] = []
    offset = 0

    def walk(node: ET.Element) -> None:
        nonlocal offset
        start = offset
        if node.text:
            pieces.append(node.text)
            offset += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                offset += len(child.tail)
        if node.tag == "TIMEX3":
            span = "".join(pieces)[start:offset]
            times.append(GoldTime(start, offset, span, node.get("type", ""), node.get("value", "")))

    if text_node is not None:
        walk(text_node)
    doc_id = root.findtext("DOCID") or Path(path).stem
    return TimemlDocument(doc_id.strip(), corpus or Path(path).parent.name, dct, "".join(pieces), times)


def iter_timeml(data: str | Path, limit: int | None = None) -> Iterable[TimemlDocument]:
    paths = sorted(Path(data).rglob("*.tml"))
    if limit:
        paths = paths[:limit]
    for path in paths:
        yield read_timeml(path, corpus=path.parent.name if path.parent != Path(data) else "")


def empty_counts() -> dict[str, int]:
    return {"gold": 0, "predicted": 0, "relaxed": 0, "strict": 0, "value": 0, "type": 0}


def score_times(gold: list[GoldTime], predicted: list, counts: dict[str, int] | None = None,
                errors: list | None = None) -> dict[str, int]:
    """Add one document's matches to ``counts``; predicted items need start, end, type, value."""
    counts = counts if counts is not None else empty_counts()
    counts["gold"] += len(gold)
    counts["predicted"] += len(predicted)
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((-overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in sorted(pairs):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        g, p = gold[gi], predicted[pi]
        counts["relaxed"] += 1
        counts["strict"] += (g.start, g.end) == (p.start, p.end)
        counts["value"] += g.value == p.value
        counts["type"] += g.type == p.type
        if errors is not None and (g.value != p.value or (g.start, g.end) != (p.start, p.end)):
            errors.append(("mismatch", g, p))
    if errors is not None:
        errors.extend(("missed", gold[i], None) for i in range(len(gold)) if i not in used_gold)
        errors.extend(("spurious", None, predicted[i]) for i in range(len(predicted)) if i not in used_pred)
    return counts


def _f1(hits: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _measures(counts: dict[str, int]) -> dict:
    return {
        "documents": counts.get("documents", 0),
        "gold": counts["gold"],
        "predicted": counts["predicted"],
        "relaxed": _f1(counts["relaxed"], counts["predicted"], counts["gold"]),
        "strict": _f1(counts["strict"], counts["predicted"], counts["gold"]),
        "value": _f1(counts["value"], counts["predicted"], counts["gold"]),
        "type": _f1(counts["type"], counts["predicted"], counts["gold"]),
        "type_accuracy": round(counts["type"] / counts["relaxed"], 4) if counts["relaxed"] else 0.0,
    }


def _pipeline_tagger(settings=None) -> Callable[[TimemlDocument], list]:
    from ..api import read

    def tag(doc: TimemlDocument) -> list:
        record = read(doc.text, date=normalise_date(doc.dct) or None, clean=False, format="text",
                      settings=settings)
        return record.times

    return tag


def evaluate_time(data: str | Path, *, limit: int | None = None, settings=None,
                  tagger: Callable[[TimemlDocument], list] | None = None,
                  errors: list | None = None) -> dict:
    """TempEval-3 figures per corpus and overall; ``errors`` (a list) collects what went wrong."""
    data = Path(data)
    if not data.is_dir():
        raise FileNotFoundError(f"no TimeML folder at {data}")
    tagger = tagger or _pipeline_tagger(settings)
    per_corpus: dict[str, dict[str, int]] = {}
    overall = empty_counts()
    overall["documents"] = 0
    began = time.perf_counter()
    for doc in iter_timeml(data, limit):
        predicted = tagger(doc)
        corpus = per_corpus.setdefault(doc.corpus or "all", {**empty_counts(), "documents": 0})
        doc_errors: list | None = [] if errors is not None else None
        score_times(doc.times, predicted, corpus, doc_errors)
        score_times(doc.times, predicted, overall)
        corpus["documents"] += 1
        overall["documents"] += 1
        if errors is not None and doc_errors:
            errors.extend((doc.id, doc.dct, *item) for item in doc_errors)
    if not overall["documents"]:
        raise FileNotFoundError(f"no .tml files under {data}")
    result = {
        "data": str(data),
        "limit": limit,
        "seconds": round(time.perf_counter() - began, 1),
        "overall": _measures(overall),
        "corpora": {name: _measures(counts) for name, counts in sorted(per_corpus.items())},
    }
    return result


def write_errors(errors: list, path: str | Path) -> None:
    """One line per miss, spurious prediction or wrong value: what to read when tuning the rules."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("kind\tdocument\tdct\tgold_text\tgold_type\tgold_value\ttext\ttype\tvalue\n")
        for doc_id, dct, kind, gold, found in errors:
            out.write("\t".join([
                kind, doc_id, dct,
                repr(gold.text) if gold else "", gold.type if gold else "", gold.value if gold else "",
                repr(found.text) if found else "", found.type if found else "", found.value if found else "",
            ]) + "\n")


def format_report(result: dict) -> str:
    head = (f"{'corpus':<10} {'docs':>5} {'gold':>5} {'pred':>5}  {'relaxed P/R/F1':>20}  "
            f"{'strict F1':>9}  {'value P/R/F1':>20}  {'type acc':>8}")
    lines = [f"TempEval-3 time expressions on {result['data']} ({result['seconds']} s)", head]
    rows = list(result["corpora"].items()) + [("overall", result["overall"])]
    for name, m in rows:
        relaxed, value = m["relaxed"], m["value"]
        lines.append(
            f"{name:<10} {m['documents']:>5} {m['gold']:>5} {m['predicted']:>5}  "
            f"{relaxed['precision']*100:6.2f} {relaxed['recall']*100:6.2f} {relaxed['f1']*100:6.2f}  "
            f"{m['strict']['f1']*100:9.2f}  "
            f"{value['precision']*100:6.2f} {value['recall']*100:6.2f} {value['f1']*100:6.2f}  "
            f"{m['type_accuracy']*100:8.2f}")
    return "\n".join(lines)
