"""Main-text extraction scored on trafilatura's evaluation set (keep/drop segments).

Data: `evaldata.json` maps a page URL to {"file", "with", "without", optional "date", "author",
"title"}; the page is `html/<file>.gz`. A "with" segment found in a system's text is a true
positive, missing a false negative; a "without" segment found is a false positive, absent a true
negative. Text and segments are compared whitespace-normalised, as substrings (the protocol of
trafilatura's own benchmark).

Three systems are scored in the same run, on one parse of each page:
  wirewatch_html  `extract_html(...).text`: our HTML cleaning
  trafilatura     `trafilatura.extract(page)` with its default options (comments included)
  plaintext       the page rendered to text by inscriptis (one block a line, chrome included),
                  read by `classify_lines`; its text is `.body`. A must-keep segment that is the
                  headline counts as kept when it is in `.title`: the classifier moves the headline
                  out of the body on purpose. A must-drop segment counts as dropped when it is not
                  in `.body` (a headline is not body text).
For the classifier, keep_rate and drop_rate are measured only on the segments the rendered text
contains at all (what no renderer shows, no line classifier can keep or drop); trafilatura's
rates on the same segments stand beside them.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

__all__ = ["evaluate_extract", "format_report", "score_segments"]

SYSTEMS = ("wirewatch_html", "trafilatura", "plaintext")
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def score_segments(
    text: str | None, keep: list[str], drop: list[str], *, also_kept: str = ""
) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page; `also_kept` is extra text that may hold must-keep segments."""
    body = _norm(text or "")
    extra = _norm(also_kept)
    tp = sum(1 for s in keep if (n := _norm(s)) in body or (extra and n in extra))
    fp = sum(1 for s in drop if _norm(s) in body)
    return tp, fp, len(keep) - tp, len(drop) - fp


def _metrics(tp: int, fp: int, fn: int, tn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {
        "precision": precision,
        "recall": recall,
        "accuracy": (tp + tn) / total if total else 0.0,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
    }


def _author_key(value: str) -> frozenset[str]:
    parts = re.split(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b)\s*", value.lower())
    return frozenset(_norm(p) for p in parts if p.strip())


def _gold_text(value) -> str | None:
    # a few gold fields are lists (several authors)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v)
    return value or None


def _score_page(task: tuple[str, dict, str]) -> dict:
    """Everything measured on one page (runs in a worker process)."""
    import trafilatura

    from wirewatch.clean.html import extract_html_tree, parse_html, render_text
    from wirewatch.clean.plaintext import classify_lines

    url, item, html_dir = task
    keep, drop = item["with"], item["without"]
    page: dict = {"url": url, "file": item["file"], "errors": [], "seconds": {}}
    try:
        with gzip.open(Path(html_dir) / f"{item['file']}.gz", "rb") as handle:
            raw = handle.read()
    except OSError as err:
        raw = b""
        page["errors"].append(f"unreadable page: {err}")

    started = time.perf_counter()
    tree = parse_html(raw)
    rendered = render_text(tree)
    page["seconds"]["parse_render"] = time.perf_counter() - started

    texts: dict[str, tuple[str | None, str]] = {}
    started = time.perf_counter()
    extraction = None
    try:
        extraction = extract_html_tree(tree, url=url, rendered=rendered)
        texts["wirewatch_html"] = (extraction.text, "")
    except Exception as err:  # a crash counts as a full miss, as in trafilatura's own benchmark
        texts["wirewatch_html"] = (None, "")
        page["errors"].append(f"wirewatch_html: {err!r}")
    page["seconds"]["wirewatch_html"] = time.perf_counter() - started

    started = time.perf_counter()
    try:
        texts["trafilatura"] = (trafilatura.extract(tree) if tree is not None else None, "")
    except Exception as err:
        texts["trafilatura"] = (None, "")
        page["errors"].append(f"trafilatura: {err!r}")
    page["seconds"]["trafilatura"] = time.perf_counter() - started

    started = time.perf_counter()
    try:
        layout = classify_lines(rendered)
        texts["plaintext"] = (layout.body, layout.title or "")
    except Exception as err:
        texts["plaintext"] = (None, "")
        page["errors"].append(f"plaintext: {err!r}")
    page["seconds"]["plaintext"] = time.perf_counter() - started

    for system, (text, extra) in texts.items():
        page[system] = score_segments(text, keep, drop, also_kept=extra)

    # the rates on segments the rendered page shows at all
    shown = _norm(rendered)
    keep_shown = [s for s in keep if _norm(s) in shown]
    drop_shown = [s for s in drop if _norm(s) in shown]
    page["shown"] = (len(keep_shown), len(drop_shown))
    for system, (text, extra) in texts.items():
        tp, fp, _, _ = score_segments(text, keep_shown, drop_shown, also_kept=extra)
        page[f"{system}_shown"] = (tp, len(drop_shown) - fp)

    if extraction is not None:
        page["meta"] = {
            "date": (_gold_text(item.get("date")), extraction.published),
            "author": (_gold_text(item.get("author")), "; ".join(extraction.authors) or None),
            "title": (_gold_text(item.get("title")), extraction.title),
        }
    return page


def evaluate_extract(
    data_dir: str | Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> dict:
    """Score the three systems on the pages under data_dir; returns nested metrics.

    data_dir (str | Path): folder holding evaldata.json and html/.
    limit (int | None): score only the first `limit` pages (a full run is needed for the gate).
    progress (Callable | None): called as progress(done, total) after each page.
    workers (int | None): worker processes; default: the machine's CPUs (at most 8); 1 runs inline.
    """
    data_dir = Path(data_dir)
    gold_path = data_dir / "evaldata.json"
    if not gold_path.is_file():
        raise FileNotFoundError(f"{gold_path} is missing: point data_dir at the trafilatura-eval folder")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    tasks = [(url, item, str(data_dir / "html")) for url, item in gold.items()]
    if limit is not None:
        tasks = tasks[:limit]
    workers = workers or min(os.cpu_count() or 1, 8)
    started = time.perf_counter()
    pages = []
    if workers <= 1:
        for task in tasks:
            pages.append(_score_page(task))
            if progress:
                progress(len(pages), len(tasks))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for page in pool.map(_score_page, tasks, chunksize=4):
                pages.append(page)
                if progress:
                    progress(len(pages), len(tasks))
    return _summarise(pages, limit, workers, time.perf_counter() - started)


def _summarise(pages: list[dict], limit: int | None, workers: int, seconds: float) -> dict:
    result: dict = {"pages": len(pages), "limit": limit, "workers": workers, "seconds": round(seconds, 1)}
    for system in SYSTEMS:
        totals = [sum(p[system][k] for p in pages) for k in range(4)]
        result[system] = _metrics(*totals)
        result[system]["seconds"] = round(sum(p["seconds"].get(system, 0.0) for p in pages), 1)
    keep_shown = sum(p["shown"][0] for p in pages)
    drop_shown = sum(p["shown"][1] for p in pages)
    result["shown"] = {"keep_segments": keep_shown, "drop_segments": drop_shown,
                       "parse_render_seconds": round(sum(p["seconds"]["parse_render"] for p in pages), 1)}
    for system in SYSTEMS:
        kept = sum(p[f"{system}_shown"][0] for p in pages)
        dropped = sum(p[f"{system}_shown"][1] for p in pages)
        # named keep_rate/drop_rate for the classifier, whose targets they are; *_shown for the others
        suffix = "" if system == "plaintext" else "_shown"
        result[system][f"keep_rate{suffix}"] = kept / keep_shown if keep_shown else 0.0
        result[system][f"drop_rate{suffix}"] = dropped / drop_shown if drop_shown else 0.0
    result["plaintext"]["trafilatura"] = {"keep_rate": result["trafilatura"]["keep_rate_shown"],
                                          "drop_rate": result["trafilatura"]["drop_rate_shown"]}
    result["wirewatch_html"].update(_metadata_scores(pages))
    result["errors"] = [f"{p['file']}: {e}" for p in pages for e in p["errors"]]
    result["per_page"] = [
        {"url": p["url"], "file": p["file"], **{s: list(p[s]) for s in SYSTEMS}} for p in pages
    ]
    return result


def _metadata_scores(pages: list[dict]) -> dict:
    scores = {}
    checks = {
        "date": lambda gold, got: bool(got) and got[:10] == gold,
        "author": lambda gold, got: bool(got) and _author_key(got) == _author_key(gold),
        "title": lambda gold, got: bool(got) and _norm(got).lower() == _norm(gold).lower(),
    }
    for field, same in checks.items():
        pairs = [p["meta"][field] for p in pages if "meta" in p and p["meta"][field][0]]
        right = sum(1 for gold, got in pairs if same(gold, got))
        scores[f"{field}_accuracy"] = right / len(pairs) if pairs else 0.0
        scores[f"{field}_gold"] = len(pairs)
    return scores


def format_report(result: dict) -> str:
    """A readable table of `evaluate_extract`'s result."""
    rows = [f"Extraction on {result['pages']} pages ({result['seconds']} s, {result['workers']} workers)"
            + (f", limit {result['limit']}" if result.get("limit") else ""), ""]
    rows.append(f"{'system':<16}{'precision':>10}{'recall':>9}{'accuracy':>10}{'F1':>8}"
                f"{'keep*':>8}{'drop*':>8}{'cpu s':>8}")
    for system in SYSTEMS:
        m = result[system]
        keep = m.get("keep_rate", m.get("keep_rate_shown", 0.0))
        drop = m.get("drop_rate", m.get("drop_rate_shown", 0.0))
        rows.append(f"{system:<16}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['accuracy']:>10.3f}{m['f1']:>8.3f}"
                    f"{keep:>8.3f}{drop:>8.3f}{m['seconds']:>8.1f}")
    shown = result["shown"]
    rows += ["", f"* keep/drop: share of the {shown['keep_segments']} must-keep segments kept and of the "
             f"{shown['drop_segments']} must-drop segments removed, among those the rendered page contains."]
    html = result["wirewatch_html"]
    rows.append(f"wirewatch_html metadata: date {html['date_accuracy']:.3f} (n={html['date_gold']}), "
                f"author {html['author_accuracy']:.3f} (n={html['author_gold']}), "
                f"title {html['title_accuracy']:.3f} (n={html['title_gold']})")
    if result["errors"]:
        rows.append(f"{len(result['errors'])} errors, first: {result['errors'][0]}")
    return "\n".join(rows)
