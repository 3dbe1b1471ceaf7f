"""Evaluations of wirewatch's stages on the public dev data (../shared/data)."""

from wirewatch.evaluation.extract import evaluate_extract, format_report

__all__ = ["evaluate_extract", "format_report"]
