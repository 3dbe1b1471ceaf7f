"""Documents per second of the full pipeline against bare spaCy on the same texts, in the same run.

The full pipeline (every stage of the `pipeline` setting, batched as `ingest` runs it) and bare
`nlp.pipe` with the same model go over the PolNeAR train and dev texts; machine speed cancels out of the
ratio. The issue's bar: ratio >= 0.7 (the extractors add at most 30% to the parse). Last line:
    ratio=<full/bare docs per second> full_dps=<n> bare_dps=<n> docs=<n>

    python benchmarks/throughput.py [--quick]
"""
from __future__ import annotations

import argparse
import time

import wirewatch
from wirewatch.api import make_pipeline
from wirewatch.nlp import load_model
from wirewatch.readers import ReadOptions, document_from_text

from _corpus import polnear_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the first 120 articles instead of all 924")
    args = parser.parse_args()
    texts = polnear_texts(120 if args.quick else None)
    settings = wirewatch.load_settings()
    pipeline = make_pipeline(settings)
    nlp = load_model(settings.model, settings.model_fallback)
    # the texts are clean article bodies: with clean=False both sides parse exactly the same characters
    options = ReadOptions(format="text", clean=False)
    # warm-up: model load and lazily built tables stay out of both timings
    list(pipeline.pipe([document_from_text(t, options) for t in texts[:8]]))
    list(nlp.pipe(texts[:8]))

    # Chunk by chunk, bare then full on the same texts: a change in the machine's load while the
    # benchmark runs falls on both alike.
    bare = full = 0.0
    docs = 0
    size = settings.batch_size
    for turn, at in enumerate(range(0, len(texts), size)):
        chunk = texts[at:at + size]

        def run_bare() -> float:
            began = time.perf_counter()
            for _ in nlp.pipe(chunk, batch_size=size):
                pass
            return time.perf_counter() - began

        def run_full() -> float:
            began = time.perf_counter()
            for doc in pipeline.pipe((document_from_text(t, options) for t in chunk), batch_size=size):
                doc.record.to_dict()
            return time.perf_counter() - began

        # who goes first alternates, so warm caches favour neither
        if turn % 2:
            full += run_full()
            bare += run_bare()
        else:
            bare += run_bare()
            full += run_full()
        docs += len(chunk)

    full_dps, bare_dps = docs / full, len(texts) / bare
    print(f"bare spaCy nlp.pipe: {bare:.1f} s; full pipeline: {full:.1f} s")
    print(f"ratio={full_dps / bare_dps:.3f} full_dps={full_dps:.2f} bare_dps={bare_dps:.2f} docs={docs}")


if __name__ == "__main__":
    main()
