"""Peak memory of `ingest` on N documents against 10 x N: streaming means it does not grow with the input.

Each size is ingested by a fresh process (`wirewatch ingest DIR --db sqlite:///...`, the default engine)
which reports its own peak resident set (getrusage). Documents are PolNeAR texts, each made distinct.
The issue's bar: rss_growth <= 1.1. Last line:
    rss_growth=<peak RSS at 10N / peak RSS at N> rss_n_mb=<n> rss_10n_mb=<n> n=<N>

    python benchmarks/memory.py [--n 100] [--quick]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _corpus import polnear_texts, write_copies

CHILD = """
import resource, sys
from wirewatch.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    print("peak_kb=%d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def peak_mb(folder: Path, db: Path) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, "ingest", str(folder), "--db", f"sqlite:///{db}",
                           "--format", "text", "--no-progress"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    line = [x for x in done.stderr.splitlines() if x.startswith("peak_kb=")][-1]
    return int(line.split("=")[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="N = 30")
    args = parser.parse_args()
    n = 30 if args.quick else args.n
    texts = polnear_texts()
    with tempfile.TemporaryDirectory() as tmp:
        small = write_copies(Path(tmp) / "small", texts, n)
        large = write_copies(Path(tmp) / "large", texts, 10 * n)
        rss_n = peak_mb(small, Path(tmp) / "small.sqlite")
        rss_10n = peak_mb(large, Path(tmp) / "large.sqlite")
    print(f"peak RSS: {n} documents {rss_n:.0f} MB, {10 * n} documents {rss_10n:.0f} MB")
    print(f"rss_growth={rss_10n / rss_n:.3f} rss_n_mb={rss_n:.0f} rss_10n_mb={rss_10n:.0f} n={n}")


if __name__ == "__main__":
    main()
