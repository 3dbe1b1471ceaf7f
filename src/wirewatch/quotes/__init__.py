"""Quotes: who said what, as direct, mixed and reported speech (see ``extract``), with speakers resolved
to the entities stage's entities and dates from the times stage."""
from .extract import find_quotes
from .marks import Quoted, find_quoted

__all__ = ["find_quotes", "find_quoted", "Quoted"]
