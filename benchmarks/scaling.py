"""One worker process against two on the same input: the speed-up of `ingest --workers 2`.

Both runs use the same engine (worker processes, each with its own pipeline, started and warmed on a
batch each before the clock starts),
the same batches and the same documents (PolNeAR texts); only the number of workers differs. The issue's
bar: speedup >= 1.7 on 2 cores. Last line:
    speedup=<docs/s with 2 workers / docs/s with 1> one_dps=<n> two_dps=<n> docs=<n>

    python benchmarks/scaling.py [--quick]
"""
from __future__ import annotations

import argparse
import time

import wirewatch
from wirewatch.engines import make_engine
from wirewatch.readers import ReadOptions, document_from_text

from _corpus import polnear_texts


def timed(settings, workers: int, batches) -> float:
    engine = make_engine(settings, engine="processes", workers=workers)   # starts and warms the workers
    try:
        # each worker's first documents pay for lazily built tables (and spaCy's first calls): a batch
        # per worker, untimed, so both runs are timed warm
        for _ in engine.map(batches[:workers]):
            pass
        began = time.perf_counter()
        for _ in engine.map(batches):
            pass
        return time.perf_counter() - began
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="96 articles instead of 384")
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()
    texts = polnear_texts(96 if args.quick else 384)
    settings = wirewatch.load_settings()
    options = ReadOptions(format="text")
    docs = [document_from_text(t, options) for t in texts]
    batches = [docs[i:i + args.batch_size] for i in range(0, len(docs), args.batch_size)]
    one = timed(settings, 1, batches)
    two = timed(settings, 2, batches)
    print(f"1 worker: {one:.1f} s; 2 workers: {two:.1f} s")
    print(f"speedup={one / two:.2f} one_dps={len(docs) / one:.2f} two_dps={len(docs) / two:.2f} docs={len(docs)}")


if __name__ == "__main__":
    main()
