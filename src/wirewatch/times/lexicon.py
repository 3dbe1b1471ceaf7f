"""The time tagger's words, read once from ``wirewatch/data/times.toml``."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

__all__ = ["load_times_lexicon", "unit_of"]


@lru_cache(maxsize=1)
def load_times_lexicon() -> dict[str, Any]:
    return tomllib.loads(files("wirewatch").joinpath("data/times.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _unit_words() -> dict[str, str]:
    return {word: unit for unit, spec in load_times_lexicon()["units"].items() for word in spec["words"]}


def unit_of(word: str) -> str:
    """The calendar unit a word names ("weeks" -> "week", "trading days" -> "day")."""
    return _unit_words()[" ".join(word.lower().split())]
