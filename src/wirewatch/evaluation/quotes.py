"""Quotes scored on PolNeAR's attribution relations with two published protocols.

Data: PolNeAR (Newell, Margolin & Ruths 2018) as released: ``text/<article>.txt`` and
``attributions/<article>_<annotator>.ann`` (brat standoff, character offsets into the text,
discontinuous spans as ``start end;start end``). An article annotated by several people is scored on
one annotation: the lowest annotator id. Each ``Attribution`` (or ``Attribution-no-source``) event is
one gold attribution with its Source, Cue and Content spans. Its kind: ``direct`` when the content,
trimmed, opens and closes with quotation marks, ``mixed`` when it holds a quotation mark elsewhere,
``indirect`` otherwise (PolNeAR does not mark kinds; this follows its guidelines' definitions).

Each article goes through the pipeline as already-clean text (``clean=False``, so offsets index the
``.txt``; its first line, the headline, is part of it). The record's quotes become predicted
attributions: the direct quotes that share one cue are one attribution (PolNeAR joins "“A,” she said.
“B.”" into one discontinuous content), and a floating quote (no cue) joins the attribution before it
when the speaker is the same.

Spans are compared on their letters and digits only (spaces, punctuation and quotation marks at an edge
are conventions: PolNeAR's content keeps the marks of a direct quote, the record's does not).

Citron (Newell et al. 2018, ``citron/metrics.py``):
  exact     cue: a predicted cue whose characters equal a gold cue's; source and content: a prediction
            whose cue overlaps a gold cue and whose source (content) characters equal that gold's;
            P = matched predictions / predictions, R = matched gold / gold.
  overlap   the characters shared by every (predicted, gold) pair, summed, over the predicted (P) and
            the gold (R) lengths.
Gender Gap Tracker (``nlp/english/evaluation/src/evaluate_quotes.py``): each gold attribution in turn
takes the unused prediction sharing the largest part of the gold content's characters, when that part
exceeds the threshold (0.3, and 0.8): GGT's asymmetric score, |gold ∩ predicted| / |gold|. Micro P/R/F1
over the corpus; speaker accuracy = matched quotes whose predicted speaker span overlaps the gold
source (a gold with no source: a prediction with no speaker span; a floating quote, whose speaker span
is null: a mention of its speaker's entity overlaps the gold source). Scored for ``all`` attributions
and for ``direct`` ones: gold content with a quotation mark (direct and mixed) against predictions
with a quotation mark in their content (or around it, for a direct or mixed quote: a direct content is inside its marks) (the same rule on both sides: a transcript line
"PENCE: ..." is direct speech in the record but has no mark, so it counts in ``all`` only).
"""
from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GoldAttribution", "PolnearArticle", "Predicted", "read_brat", "iter_polnear", "predicted_from_record",
           "score_citron", "score_ggt", "evaluate_quotes", "format_report", "write_errors", "THRESHOLDS"]

THRESHOLDS = (0.3, 0.8)
_MARKS = "\"“”„«»‹›`"
_SPAN = re.compile(r"^(\d+) (\d+)$")

Spans = list[tuple[int, int]]


@dataclass
class GoldAttribution:
    id: str
    cue: Spans
    source: Spans
    content: Spans
    kind: str = "indirect"


@dataclass
class PolnearArticle:
    id: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


@dataclass
class Predicted:
    """One predicted attribution: the record quotes of one cue, joined."""
    kind: str
    cue: Spans
    source: Spans                # the speaker span ([] when null)
    content: Spans
    entity_spans: Spans = field(default_factory=list)   # every mention of the speaker's entity


# ------------------------------------------------------------------------------------------ reading
def _spans(field_text: str) -> Spans:
    out = []
    for part in field_text.split(";"):
        m = _SPAN.match(part.strip())
        if m:
            out.append((int(m.group(1)), int(m.group(2))))
    return out


def _kind(text: str, content: Spans) -> str:
    pieces = [text[a:b].replace("''", '"') for a, b in content]
    joined = " ".join(pieces).strip(" ,.;:—–-")
    if not any(mark in joined for mark in _MARKS):
        return "indirect"
    first, last = pieces[0].strip(), pieces[-1].strip(" ,.;:—–-")
    if first[:1] in _MARKS and (last[-1:] in _MARKS or last.endswith(("”", '"'))):
        return "direct"
    return "mixed"


def read_brat(ann_text: str, text: str) -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file (text-bound annotations joined by their events)."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue                  # a span's text that runs over lines in brat's own file
        name = parts[0]
        if name[:1] == "T" and name[1:].isdigit():
            label, _, offsets = parts[1].partition(" ")
            spans[name] = (label, _spans(offsets))
        elif name[:1] == "E" and name[1:].isdigit():
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, target = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(target)
            events.append((name, roles))
    out = []
    for name, roles in events:
        trigger = (roles.get("Attribution") or roles.get("Attribution-no-source") or [None])[0]
        if trigger is None:
            continue

        def collect(role: str) -> Spans:
            found: Spans = []
            for target in roles.get(role, []):
                if target in spans:
                    found.extend(spans[target][1])
            return sorted(found)

        content = collect("Content")
        if not content:
            continue
        out.append(GoldAttribution(name, collect("Cue"), collect("Source"), content, _kind(text, content)))
    return out


def iter_polnear(data: str | Path, limit: int | None = None) -> Iterable[PolnearArticle]:
    """The articles under ``data`` (``text/`` and ``attributions/``), each with its lowest annotator's
    annotation."""
    data = Path(data)
    chosen: dict[str, tuple[str, Path]] = {}
    for ann in sorted((data / "attributions").glob("*.ann")):
        article, _, annotator = ann.stem.rpartition("_")
        if not article:
            continue
        if article not in chosen or annotator < chosen[article][0]:
            chosen[article] = (annotator, ann)
    names = sorted(chosen)
    if limit:
        names = names[:limit]
    for article in names:
        annotator, ann = chosen[article]
        text_path = data / "text" / f"{article}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text("utf-8")
        yield PolnearArticle(article, annotator, text, read_brat(ann.read_text("utf-8"), text))


# ------------------------------------------------------------------------------------------ predictions
def _span_of(item) -> Spans:
    return [(item.start, item.end)] if item is not None and item.start is not None else []


def predicted_from_record(record) -> list[Predicted]:
    """The record's quotes as attributions: direct quotes of one cue joined; floating quotes with the
    attribution before them when the speaker is the same."""
    entity_spans = {e.id: [(m.start, m.end) for m in e.mentions] for e in record.entities}
    out: list[Predicted] = []
    by_cue: dict[tuple, Predicted] = {}
    last: Predicted | None = None
    last_speaker = None
    for quote in sorted(record.quotes, key=lambda q: q.start):
        speaker = quote.speaker
        who = (speaker.entity_id, speaker.name) if speaker else None
        if quote.cue is None and last is not None and who is not None and who == last_speaker:
            last.content.append((quote.start, quote.end))
            continue
        key = (quote.cue.start, quote.cue.end) if quote.cue is not None else None
        if quote.kind == "direct" and key is not None and key in by_cue:
            by_cue[key].content.append((quote.start, quote.end))
            last, last_speaker = by_cue[key], who
            continue
        item = Predicted(quote.kind, _span_of(quote.cue), _span_of(speaker), [(quote.start, quote.end)],
                         entity_spans.get(speaker.entity_id, []) if speaker and speaker.entity_id else [])
        out.append(item)
        if quote.kind == "direct" and key is not None:
            by_cue[key] = item
        last, last_speaker = item, who
    return out


# ------------------------------------------------------------------------------------------ scoring
def _chars(text: str, spans: Spans) -> frozenset[int]:
    return frozenset(i for a, b in spans for i in range(a, min(b, len(text))) if text[i].isalnum())


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def empty_citron() -> Counter:
    return Counter()


def score_citron(text: str, gold: list[GoldAttribution], predicted: list[Predicted],
                 counts: Counter | None = None) -> Counter:
    """Add one document's Citron counts (exact matches and character overlaps) to ``counts``."""
    counts = counts if counts is not None else Counter()
    g_sets = [{part: _chars(text, getattr(g, part)) for part in ("cue", "source", "content")} for g in gold]
    p_sets = [{part: _chars(text, getattr(p, part)) for part in ("cue", "source", "content")} for p in predicted]
    counts["gold"] += len(gold)
    counts["predicted"] += len(predicted)
    for part in ("cue", "source", "content"):
        def match(p, g, part=part) -> bool:
            if part == "cue":
                return bool(p["cue"]) and p["cue"] == g["cue"]
            return bool(p["cue"] & g["cue"]) and p[part] == g[part] and bool(g[part] or p[part])
        counts[f"{part}_exact_tp_pred"] += sum(any(match(p, g) for g in g_sets) for p in p_sets)
        counts[f"{part}_exact_tp_gold"] += sum(any(match(p, g) for p in p_sets) for g in g_sets)
        counts[f"{part}_overlap"] += sum(len(p[part] & g[part]) for p in p_sets for g in g_sets)
        counts[f"{part}_predicted_len"] += sum(len(p[part]) for p in p_sets)
        counts[f"{part}_gold_len"] += sum(len(g[part]) for g in g_sets)
    return counts


def _speaker_right(text: str, g: GoldAttribution, p: Predicted) -> bool:
    if not g.source:
        return not p.source
    if p.source:
        return _overlaps(p.source, g.source)
    return _overlaps(p.entity_spans, g.source)


def score_ggt(text: str, gold: list[GoldAttribution], predicted: list[Predicted], threshold: float,
              counts: Counter | None = None, errors: list | None = None) -> Counter:
    """Add one document's Gender Gap Tracker counts at ``threshold`` to ``counts``."""
    counts = counts if counts is not None else Counter()
    remaining = list(range(len(predicted)))
    p_chars = [_chars(text, p.content) for p in predicted]
    for g in gold:
        g_chars = _chars(text, g.content)
        best, best_score = None, 0.0
        for pi in remaining:
            score = len(g_chars & p_chars[pi]) / len(g_chars) if g_chars else 0.0
            if score > threshold and score > best_score:
                best, best_score = pi, score
        if best is None:
            counts["fn"] += 1
            counts[f"fn_{g.kind}"] += 1
            if errors is not None:
                errors.append(("missed", g, None))
            continue
        remaining.remove(best)
        counts["tp"] += 1
        counts[f"tp_{g.kind}"] += 1
        right = _speaker_right(text, g, predicted[best])
        counts["speaker"] += right
        if errors is not None and not right:
            errors.append(("speaker", g, predicted[best]))
    counts["fp"] += len(remaining)
    for pi in remaining:
        counts[f"fp_{predicted[pi].kind}"] += 1
        if errors is not None:
            errors.append(("spurious", None, predicted[pi]))
    return counts


def _prf(tp_pred: int, predicted: int, tp_gold: int, gold: int) -> dict[str, float]:
    precision = tp_pred / predicted if predicted else 0.0
    recall = tp_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _citron_measures(c: Counter) -> dict:
    out: dict = {"gold": c["gold"], "predicted": c["predicted"]}
    for part in ("cue", "source", "content"):
        out[part] = {
            "exact": _prf(c[f"{part}_exact_tp_pred"], c["predicted"], c[f"{part}_exact_tp_gold"], c["gold"]),
            "overlap": _prf(c[f"{part}_overlap"], c[f"{part}_predicted_len"], c[f"{part}_overlap"],
                            c[f"{part}_gold_len"]),
        }
    return out


def _ggt_measures(c: Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    out = _prf(tp, tp + fp, tp, tp + fn)
    out.update({"tp": tp, "fp": fp, "fn": fn,
                "speaker_accuracy": round(c["speaker"] / tp, 4) if tp else 0.0,
                "recall_by_kind": {kind: round(c[f"tp_{kind}"] / (c[f"tp_{kind}"] + c[f"fn_{kind}"]), 4)
                                   for kind in ("direct", "mixed", "indirect")
                                   if c[f"tp_{kind}"] + c[f"fn_{kind}"]}})
    return out


# ------------------------------------------------------------------------------------------ the run
def _pipeline_reader(settings=None) -> Callable[[PolnearArticle], object]:
    from ..api import read
    from ..quotes import stage as _stage  # noqa: F401  (registers the quotes stage)

    names = list(getattr(settings, "pipeline", None) or [])
    if settings is None:
        from ..settings import load_settings
        names = list(load_settings().pipeline)
    if "quotes" not in names:
        names.append("quotes")

    def run(article: PolnearArticle):
        return read(article.text, clean=False, format="text", settings=settings, pipeline=names)

    return run


def _quoted(text: str, spans: Spans, around: bool = True) -> bool:
    """A quotation mark inside the spans or, when ``around``, right around one of them (the record's
    direct content leaves out its marks and the comma English puts inside them)."""
    for a, b in spans:
        inner = text[a:b].replace("\'\'", '"')
        if any(mark in inner for mark in _MARKS):
            return True
        if around:
            before = text[max(0, a - 3):a].rstrip()
            after = text[b:b + 4].lstrip(" ,;:.?!")
            if before[-1:] in _MARKS or before.endswith("\'\'") or after[:1] in _MARKS or after.startswith("\'\'"):
                return True
    return False


def _direct_only(text: str, gold: list[GoldAttribution], predicted: list[Predicted]):
    """Gold with a quotation mark in its content (direct and mixed) and predictions the same way."""
    return ([g for g in gold if g.kind in ("direct", "mixed")],
            [p for p in predicted if p.content and _quoted(text, p.content, around=p.kind in ("direct", "mixed"))])


def evaluate_quotes(data: str | Path, *, limit: int | None = None, settings=None,
                    reader: Callable[[PolnearArticle], object] | None = None,
                    errors: list | None = None) -> dict:
    """Citron and Gender Gap Tracker figures on PolNeAR; ``errors`` (a list) collects misses."""
    data = Path(data)
    if not (data / "attributions").is_dir() or not (data / "text").is_dir():
        raise FileNotFoundError(f"no PolNeAR split (text/ and attributions/) at {data}")
    reader = reader or _pipeline_reader(settings)
    citron = {"all": Counter(), "direct": Counter()}
    ggt = {(subset, t): Counter() for subset in ("all", "direct") for t in THRESHOLDS}
    gold_kinds: Counter = Counter()
    predicted_kinds: Counter = Counter()
    documents = 0
    began = time.perf_counter()
    for article in iter_polnear(data, limit):
        record = reader(article)
        predicted = predicted_from_record(record)
        documents += 1
        gold_kinds.update(g.kind for g in article.attributions)
        predicted_kinds.update(p.kind for p in predicted)
        subsets = {"all": (article.attributions, predicted),
                   "direct": _direct_only(article.text, article.attributions, predicted)}
        for subset, (gold, pred) in subsets.items():
            score_citron(article.text, gold, pred, citron[subset])
            for t in THRESHOLDS:
                doc_errors: list | None = [] if errors is not None and subset == "all" and t == THRESHOLDS[0] else None
                score_ggt(article.text, gold, pred, t, ggt[(subset, t)], doc_errors)
                if doc_errors:
                    errors.extend((article.id, article.text, *item) for item in doc_errors)
    if not documents:
        raise FileNotFoundError(f"no articles with annotations under {data}")
    return {
        "data": str(data),
        "limit": limit,
        "documents": documents,
        "seconds": round(time.perf_counter() - began, 1),
        "kinds": {"gold": dict(gold_kinds), "predicted": dict(predicted_kinds)},
        # keyed "at30", "at80" (the threshold in percent) so that the gate's dotted names can reach them
        "ggt": {subset: {_key(t): _ggt_measures(ggt[(subset, t)]) for t in THRESHOLDS}
                for subset in ("all", "direct")},
        "citron": {subset: _citron_measures(citron[subset]) for subset in ("all", "direct")},
    }


def _key(threshold: float) -> str:
    return f"at{round(threshold * 100)}"


def write_errors(errors: list, path: str | Path) -> None:
    """One line per missed gold attribution, spurious prediction or wrong speaker."""
    def show(text: str, spans: Spans) -> str:
        return repr(" … ".join(text[a:b] for a, b in spans)[:300])

    with open(path, "w", encoding="utf-8") as out:
        out.write("kind\tarticle\tgold_kind\tgold_cue\tgold_source\tgold_content\tkind\tcue\tspeaker\tcontent\n")
        for article, text, kind, gold, found in errors:
            out.write("\t".join([
                kind, article,
                gold.kind if gold else "", show(text, gold.cue) if gold else "",
                show(text, gold.source) if gold else "", show(text, gold.content) if gold else "",
                found.kind if found else "", show(text, found.cue) if found else "",
                show(text, found.source) if found else "", show(text, found.content) if found else "",
            ]) + "\n")


def format_report(result: dict) -> str:
    lines = [f"PolNeAR attributions on {result['data']}: {result['documents']} articles ({result['seconds']} s)",
             "gold kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(result["kinds"]["gold"].items()))
             + "; predicted: " + ", ".join(f"{k} {v}" for k, v in sorted(result["kinds"]["predicted"].items())),
             "",
             "Gender Gap Tracker protocol (content shares > threshold of the gold characters)",
             f"{'subset':<8} {'thr':>4} {'tp':>5} {'fp':>5} {'fn':>5}  {'P':>6} {'R':>6} {'F1':>6}  {'speaker':>7}  recall by kind"]
    for subset in ("direct", "all"):
        for t, m in result["ggt"][subset].items():
            kinds = " ".join(f"{k} {v*100:.1f}" for k, v in m["recall_by_kind"].items())
            lines.append(f"{subset:<8} {int(t[2:]) / 100:>4} {m['tp']:>5} {m['fp']:>5} {m['fn']:>5}  {m['precision']*100:6.2f} "
                         f"{m['recall']*100:6.2f} {m['f1']*100:6.2f}  {m['speaker_accuracy']*100:7.2f}  {kinds}")
    lines += ["", "Citron protocol (P/R/F1; exact = same letters and digits, overlap = shared characters)",
              f"{'subset':<8} {'span':<8} {'exact P/R/F1':>22}  {'overlap P/R/F1':>22}"]
    for subset in ("direct", "all"):
        m = result["citron"][subset]
        for part in ("cue", "source", "content"):
            e, o = m[part]["exact"], m[part]["overlap"]
            lines.append(f"{subset:<8} {part:<8} {e['precision']*100:6.2f} {e['recall']*100:6.2f} {e['f1']*100:6.2f}  "
                         f"  {o['precision']*100:6.2f} {o['recall']*100:6.2f} {o['f1']*100:6.2f}")
    return "\n".join(lines)
