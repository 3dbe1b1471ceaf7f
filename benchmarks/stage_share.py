"""Each pipeline stage's share of the pipeline's time, on the dev corpora, in one run.

The figure is a ratio of times measured in the same process (machine speed cancels out). Corpora:
  timeml   the TempEval-3 TBAQ-cleaned texts, as clean text with their creation time as the date
  html     the trafilatura-eval news pages (the first --pages of them)
  polnear  the PolNeAR dev articles, as clean text
The issues' bars: `times` under 10%, `quotes` under 15%. The last line printed is the result:
    times_share=<fraction of all stage time, all corpora> entities_share=<...> quotes_share=<...>
    [events_share=<...>] parse_share=<...> docs=<n>

    python benchmarks/stage_share.py [--pages 200] [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import gzip
import time
from collections import defaultdict
from pathlib import Path

import wirewatch
from wirewatch.evaluation.time import iter_timeml
from wirewatch.pipeline import Pipeline
from wirewatch.readers import ReadOptions, document_from_text
from wirewatch.timestamps import normalise_date

ROOT = Path(__file__).resolve().parents[1]


def timed_pipeline(spent: dict[str, float]) -> Pipeline:
    """The configured pipeline with a stopwatch around each stage (the stages themselves unchanged)."""
    pipeline = Pipeline(wirewatch.load_settings())

    def clocked(name, run):
        def wrapper(doc):
            began = time.perf_counter()
            try:
                return run(doc)
            finally:
                spent[name] += time.perf_counter() - began
        return wrapper

    pipeline.stages = [(info, clocked(info.name, run)) for info, run in pipeline.stages]
    return pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--pages", type=int, default=200, help="trafilatura-eval pages to include")
    parser.add_argument("--articles", type=int, default=84, help="PolNeAR dev articles to include")
    args = parser.parse_args()

    inputs = []
    for doc in iter_timeml(args.data / "tempeval3" / "TBAQ-cleaned"):
        inputs.append(("timeml", doc.text, ReadOptions(format="text", clean=False, date=normalise_date(doc.dct))))
    for path in sorted((args.data / "trafilatura-eval" / "html").glob("*.html.gz"))[:args.pages]:
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        inputs.append(("html", page, ReadOptions(format="html")))
    for path in sorted((args.data / "polnear" / "dev" / "text").glob("*"))[:args.articles]:
        inputs.append(("polnear", path.read_text(encoding="utf-8"), ReadOptions(format="text", clean=False)))
    if not inputs:
        raise SystemExit(f"no dev data under {args.data}")

    totals: dict[str, dict[str, float]] = {}
    warm = timed_pipeline(defaultdict(float))
    warm(document_from_text(inputs[0][1], inputs[0][2]))  # model load and lazy tables stay out of the timing
    for corpus in ("timeml", "html", "polnear"):
        spent: dict[str, float] = defaultdict(float)
        pipeline = timed_pipeline(spent)
        for name, text, options in inputs:
            if name == corpus:
                pipeline(document_from_text(text, options))
        totals[corpus] = dict(spent)
    docs = len(inputs)
    overall: dict[str, float] = defaultdict(float)
    for corpus, spent in totals.items():
        whole = sum(spent.values()) or 1.0
        count = sum(1 for name, _, _ in inputs if name == corpus)
        print(f"{corpus}: {count} documents, {whole:.1f} s in stages")
        for stage_name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            overall[stage_name] += seconds
            print(f"  {stage_name:<12} {seconds:8.2f} s  {seconds / whole:6.1%}")
    whole = sum(overall.values()) or 1.0
    shares = " ".join(f"{name}_share={overall[name] / whole:.3f}"
                      for name in ("times", "entities", "quotes", "events", "parse") if name in overall)
    print(f"{shares} docs={docs}")


if __name__ == "__main__":
    main()
