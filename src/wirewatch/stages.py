"""The built-in stages. Each is registered by name; the ``pipeline`` setting lists which run."""
from __future__ import annotations

import re

from .decode import decode_bytes, looks_like_html, repair_text
from .document import Document
from .errors import Errors
from .pipeline import stage
from .settings import Settings
from .timestamps import normalise_date

__all__ = ["make_decode", "make_clean", "make_provenance"]


@stage("decode", assigns=["content", "format"])
def make_decode(settings: Settings):
    """Bytes to text (charset detection, mojibake repair); decides HTML or text when the format is auto."""

    def decode(doc: Document) -> Document:
        raw = doc.raw
        if isinstance(raw, bytes):
            text, problem = decode_bytes(raw, declared=doc.hints.get("charset"))
            if problem:
                doc.error("decode", problem)
        else:
            text = raw or ""
        if doc.format == "auto":
            doc.format = "html" if looks_like_html(text) else "text"
        # --no-clean promises offsets into the input as decoded, so the text is left exactly as it is.
        # HTML is repaired after extraction (in `clean`): markup is most of a page, and ftfy's cost
        # grows with the text it reads.
        doc.content = repair_text(text) if doc.clean and doc.format == "text" else text
        return doc

    return decode


@stage("clean", requires=["content", "format"],
       assigns=["record.text", "record.title", "record.published", "record.authors", "record.section",
                "record.boilerplate", "record.language", "layout"])
def make_clean(settings: Settings):
    """Main text and metadata: trafilatura for HTML, wirewatch's line classifier for plain text."""
    from .clean.html import extract_html
    from inscriptis import get_text as render_fragment
    from .clean.plaintext import classify_lines

    def clean(doc: Document) -> Document:
        record, hints = doc.record, doc.hints
        record.language = settings.language
        if not doc.clean:
            record.text = doc.content
        elif doc.format == "html" and hints.get("fragment"):
            # A feed item's HTML is the article body itself: no chrome to remove, and too short for
            # trafilatura's main-text heuristics, so all of its visible text is kept.
            lines = render_fragment(doc.content).splitlines()
            record.text = repair_text("\n\n".join(line for line in lines if line.strip()))
            if not record.text:
                doc.error("clean", Errors.W012)
        elif doc.format == "html":
            page = _fit_html(doc, settings.max_html_chars)
            extraction = extract_html(page, url=hints.get("url"), favor=settings.html_favor)
            doc.annotations["html"] = extraction
            _take_cleaning(record, extraction, extraction.text)
            record.language = extraction.language or settings.language
            record.text = repair_text(record.text)
            record.title = repair_text(record.title) if record.title else record.title
            if not record.text:
                doc.error("clean", Errors.W011)
        else:
            layout = classify_lines(doc.content, language=settings.language)
            doc.annotations["layout"] = layout
            _take_cleaning(record, layout, layout.body)
            record.language = layout.language or settings.language
            record.subheadings = list(layout.subheadings)
            record.boilerplate = list(layout.boilerplate)
            if not record.text.strip():
                doc.error("clean", Errors.W012)
        record.title = hints.get("title") if hints.get("fragment") else record.title or hints.get("title")
        # A feed's own date for its item outranks a date guessed from the item's text; the other
        # hints (--date, a JSONL date, a WARC crawl date) only fill in when the document has none.
        record.published = (normalise_date(hints.get("published")) or record.published
                            or normalise_date(hints.get("date")))
        if not record.authors and hints.get("authors"):
            record.authors = list(hints["authors"])
        return doc

    return clean


_HEAVY = re.compile(r"<script(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style[^>]*>.*?</style\s*>|<!--.*?-->|"
                    r"<svg[^>]*>.*?</svg\s*>", re.I | re.S)


def _fit_html(doc: Document, limit: int) -> str:
    """The page cut to ``limit`` characters once scripts, styles and comments are gone (JSON-LD stays:
    it carries dates and authors); pages under the limit are passed on untouched."""
    page = doc.content
    if len(page) <= limit:
        return page
    page = _HEAVY.sub("", page)
    if len(page) > limit:
        doc.error("clean", Errors.W016.format(size=len(page), limit=limit))
        cut = page.rfind("<", 0, limit)
        page = page[:cut if cut > limit // 2 else limit]
    return page


def _take_cleaning(record, cleaned, text: str) -> None:
    """Copy what HTML extraction or the plain-text layout found (they share these fields)."""
    record.text = text
    record.title = cleaned.title
    record.published = normalise_date(cleaned.published)
    record.authors = list(cleaned.authors)
    record.section = cleaned.section
    record.boilerplate = list(cleaned.boilerplate)


@stage("provenance", requires=["record.text"], assigns=["record.publisher", "record.original_source"])
def make_provenance(settings: Settings):
    """Who carried this copy (publisher) and who wrote it first (original_source), with evidence."""
    from .provenance import find_provenance

    def provenance(doc: Document) -> Document:
        publisher, original = find_provenance(doc)
        doc.record.publisher = publisher
        doc.record.original_source = original
        return doc

    return provenance


from . import nlp  # noqa: E402,F401  (registers the parse stage)
from .times import stage as _times_stage  # noqa: E402,F401  (registers the times stage)
from .entities import stage as _entities_stage  # noqa: E402,F401  (registers the entities stage)
from .quotes import stage as _quotes_stage  # noqa: E402,F401  (registers the quotes stage)
from .events import stage as _events_stage  # noqa: E402,F401  (registers the events stage)
