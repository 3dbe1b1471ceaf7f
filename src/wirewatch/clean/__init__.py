"""Cleaning: the main text and metadata of an HTML page, and the layout of a plain-text page."""

from wirewatch.clean.html import HtmlExtraction, extract_html
from wirewatch.clean.plaintext import LineLabel, PlainTextLayout, classify_lines

__all__ = ["HtmlExtraction", "LineLabel", "PlainTextLayout", "classify_lines", "extract_html"]
