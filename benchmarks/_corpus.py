"""The texts the scale benchmarks run on: PolNeAR's train and dev articles (read from ../shared/data)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def polnear_texts(limit: int | None = None, data: Path = POLNEAR) -> list[str]:
    paths = sorted((data / "train" / "text").glob("*")) + sorted((data / "dev" / "text").glob("*"))
    if not paths:
        raise SystemExit(f"no PolNeAR texts under {data}")
    return [p.read_text(encoding="utf-8") for p in paths[:limit]]


def write_copies(folder: Path, texts: list[str], count: int) -> Path:
    """``count`` text files cycling through ``texts``, each made a distinct document by its first line."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"doc-{n:06d}.txt").write_text(f"Bulletin {n}\n\n{texts[n % len(texts)]}", encoding="utf-8")
    return folder
