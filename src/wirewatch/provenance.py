"""Provenance: the site that carried this copy (``publisher``) and the outlet that wrote it
(``original_source``), each with the evidence that decided it.

Evidence comes from the page's metadata (og:site_name, canonical link, dc.source and similar fields,
authors that are outlets), the container (the URL a feed or WARC gave), and the text itself: wire
datelines ("WASHINGTON (AP) -"), credit lines ("This article originally appeared in ..."), an outlet's
label line beside the headline, a site name inside the chrome.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

from .document import Document

__all__ = ["find_provenance", "looks_like_outlet", "name_from_domain"]

_META_SOURCE_KEYS = ("dc.source", "dcterms.source", "source", "original-source", "syndication-source",
                     "article:source", "og:source", "citation_publisher")
# The lead phrase is matched in any case; the outlet's name must be capitalised, as names are.
_NAME = r"(?P<name>(?:The |the )?[A-Z][\w.&'’-]*(?:\s+(?:of |de |the )?[A-Z][\w.&'’-]*){0,5})"
_CREDIT_PATTERNS = [
    (re.compile(r"(?i:\b(?:this (?:article|story|piece|report) )?(?:was )?(?:originally|first) "
                r"(?:appeared|published|posted|ran)\s+(?:in|on|at|by))\s+" + _NAME), "credit: originally appeared in"),
    (re.compile(r"(?i:\brepublished (?:here )?(?:with permission )?(?:from|of))\s+" + _NAME),
     "credit: republished from"),
    (re.compile(r"^\s*(?i:source|quelle|fuente|via)\s*:\s*(?P<name>[^\n]{2,60}?)\s*$", re.M), "credit: source line"),
]
# "CITY, Country (Agency) -": the wire dateline, in the first paragraph.
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'’/-]{1,60}?\s*\((?P<name>[A-Za-z][A-Za-z&. -]{0,30})\)\s*[-–—:]")
_DOMAIN = re.compile(r"\b((?:[a-z0-9-]+\.)+(?:com|org|net|info|biz|co|io|news|tv|int|gov|edu|[a-z]{2}))\b", re.I)


@lru_cache(maxsize=1)
def _outlets() -> dict[str, Any]:
    return tomllib.loads(files("wirewatch").joinpath("data/outlets.toml").read_text("utf-8"))


def looks_like_outlet(name: str) -> bool:
    """A short name that carries a media word ("... News", "... TV") or is a known wire abbreviation."""
    words = re.findall(r"[A-Za-z]+", name)
    if not words or len(words) > 6:
        return False
    from .clean.lexicon import load_lexicon

    lexicon = load_lexicon()
    if name.strip() in _outlets()["wire_abbreviations"] or name.strip() in lexicon.agencies:
        return True
    media = {word.lower() for word in lexicon.media_words}
    return any(word.lower() in media for word in words)


def name_from_domain(domain: str) -> str:
    domain = domain.lower().removeprefix("www.")
    return domain


def _outlet_key(name: str) -> str:
    name = name.lower().strip().removeprefix("www.").removeprefix("the ")
    name = re.sub(r"\.(com|org|net|co\.uk|co|info|news|tv)$", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def _same_outlet(a: str | None, b: str | None) -> bool:
    """"Example News" and "examplenews.com" are one outlet; a short key must match exactly."""
    if not a or not b:
        return False
    key_a, key_b = _outlet_key(a), _outlet_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    return min(len(key_a), len(key_b)) > 3 and (key_a in key_b or key_b in key_a)


def _entry(name: str, rule: str, text: str, **more: Any) -> dict[str, Any]:
    """An outlet with its evidence; a wire abbreviation ("AP") is given its full name."""
    name = name.strip()
    full = _outlets()["wire_abbreviations"].get(name)
    entry = {"name": full or name, "evidence": [{"rule": rule, "text": text.strip()[:300]}]}
    if full:
        entry["abbreviation"] = name
    entry.update({k: v for k, v in more.items() if v})
    return entry


def _publisher(doc: Document) -> dict[str, Any] | None:
    html = doc.annotations.get("html")
    layout = doc.annotations.get("layout")
    url = (getattr(html, "url", None) or doc.hints.get("url")) if html else doc.hints.get("url")
    domain = urlparse(url).hostname if url else None
    domain = domain.removeprefix("www.") if domain else None
    meta = getattr(html, "meta", None) or {}
    if meta.get("og:site_name"):
        name = meta["og:site_name"]
        return _entry(name, "html: meta og:site_name", f"og:site_name={name}", domain=domain, url=url)
    feed_title = doc.hints.get("feed")
    if feed_title:
        # "Outlet - Politics" / "Outlet | World": the channel title less its section.
        name = re.split(r"\s+[-|–—:]\s+", feed_title, maxsplit=1)[0]
        return _entry(name, "feed: channel title", feed_title, domain=domain, url=url)
    if html is not None and getattr(html, "site_name", None):
        return _entry(html.site_name, "html: site name (trafilatura)", html.site_name, domain=domain, url=url)
    if layout is not None:
        for name in getattr(layout, "site_names", []) or []:
            line = next((b for b in layout.boilerplate if name in b), name)
            return _entry(name, "text: site name inside the chrome", line, domain=domain, url=url)
    if domain:
        return _entry(name_from_domain(domain), "url: host name", url, domain=domain, url=url)
    if html is not None and getattr(html, "hostname", None):
        host = html.hostname.removeprefix("www.")
        return _entry(host, "html: host name", host, domain=host)
    return None


def _original(doc: Document, publisher: dict[str, Any] | None) -> dict[str, Any] | None:
    html = doc.annotations.get("html")
    layout = doc.annotations.get("layout")
    text = doc.record.text or ""
    publisher_name = publisher["name"] if publisher else None
    publisher_domain = publisher.get("domain") if publisher else None
    candidates: list[dict[str, Any]] = []

    meta = getattr(html, "meta", None) or {}
    for key in _META_SOURCE_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and 1 < len(value) < 80 and not value.startswith(("http", "/")):
            candidates.append(_entry(value, f"html: meta {key}", f"{key}={value}"))
    for author in getattr(html, "authors", None) or doc.record.authors or []:
        if looks_like_outlet(author):
            candidates.append(_entry(author, "html: author is an outlet", author))

    # The classifier may have moved a wire dateline or a credit line out of the body into the
    # boilerplate, so both are searched: the body's head and tail, then every removed line.
    boilerplate = list(doc.record.boilerplate or [])
    first_paragraph = text.lstrip().split("\n", 1)[0] if text else ""
    for line in [first_paragraph, *boilerplate[:40]]:
        wire = _WIRE_DATELINE.match(line)
        if wire:
            candidates.append(_entry(wire.group("name"), "text: wire dateline", wire.group(0)))
            break
    searched = "\n".join([text[-3000:], text[:600], *boilerplate])
    for pattern, rule in _CREDIT_PATTERNS:
        for match in pattern.finditer(searched):
            name = re.sub(r"^the ", "The ", match.group("name").strip(" .,;"))
            if _DOMAIN.fullmatch(name) or looks_like_outlet(name) or name[:1].isupper():
                candidates.append(_entry(name, rule, match.group(0)))
    for label in getattr(layout, "source_labels", None) or []:
        candidates.append(_entry(label, "text: outlet label beside the headline", label))

    for candidate in candidates:
        name = candidate["name"]
        if _same_outlet(name, publisher_name) or _same_outlet(name, publisher_domain):
            continue
        others = [c["evidence"][0] for c in candidates if c is not candidate and _same_outlet(c["name"], name)]
        candidate["evidence"].extend(others)
        return candidate
    return None


def find_provenance(doc: Document) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    publisher = _publisher(doc)
    return publisher, _original(doc, publisher)
