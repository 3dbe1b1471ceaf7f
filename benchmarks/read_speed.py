"""Documents per second for `wirewatch.read` over the trafilatura-eval dev pages.

Bare trafilatura on the same pages, in the same run, is the baseline, so the figure that matters is the
ratio (machine speed cancels out). The last line printed is the result:
    ratio=<wirewatch/trafilatura docs per second> wirewatch_dps=<n> trafilatura_dps=<n> pages=<n>

    python benchmarks/read_speed.py [--quick] [--data ../shared/data/trafilatura-eval]
"""
from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

import trafilatura

import wirewatch
from wirewatch.api import make_pipeline
from wirewatch.readers import ReadOptions, document_from_text

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "trafilatura-eval")
    parser.add_argument("--quick", action="store_true", help="100 pages instead of all")
    args = parser.parse_args()
    paths = sorted((args.data / "html").glob("*.html.gz"))
    if args.quick:
        paths = paths[:100]
    if not paths:
        raise SystemExit(f"no pages under {args.data / 'html'}")
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in paths]

    settings = wirewatch.load_settings()
    pipeline = make_pipeline(settings)
    # Warm-up for both, so neither pays for imports and lazily loaded tables (htmldate's dateparser
    # locales, which both share) inside the timed loop.
    for page in pages[:10]:
        pipeline(document_from_text(page, ReadOptions(format="html")))
        trafilatura.extract(page)

    started = time.perf_counter()
    for page in pages:
        pipeline(document_from_text(page, ReadOptions(format="html")))
    ours = len(pages) / (time.perf_counter() - started)

    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page)
    bare = len(pages) / (time.perf_counter() - started)

    print(f"wirewatch read: {ours:.1f} docs/s; bare trafilatura.extract: {bare:.1f} docs/s; {len(pages)} pages")
    print(f"ratio={ours / bare:.3f} wirewatch_dps={ours:.1f} trafilatura_dps={bare:.1f} pages={len(pages)}")


if __name__ == "__main__":
    main()
