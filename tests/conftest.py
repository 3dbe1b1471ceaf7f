"""Shared fixtures; helper functions live in support.py (importable: pytest puts tests/ on the path)."""
from __future__ import annotations

import pytest

from support import SEED


@pytest.fixture
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed document is not at {SEED}")
    return SEED.read_text("utf-8")
