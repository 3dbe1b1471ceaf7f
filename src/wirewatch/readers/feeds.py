"""RSS and Atom feed files: each item is a document with its link, date and content."""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import feedparser

from ..document import Document
from ..errors import Errors
from . import ReadOptions, register_reader, unreadable
from .files import _suffixes, read_limited

__all__ = ["FeedReader"]

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def _iso(struct) -> str | None:
    if not struct:
        return None
    moment = datetime.fromtimestamp(calendar.timegm(struct), tz=timezone.utc)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%dT%H:%M")


class FeedReader:
    name = "feed"
    priority = 20

    def sniff(self, path: Path, head: bytes) -> bool:
        suffixes = _suffixes(path)
        if suffixes and suffixes[-1] in {".rss", ".atom", ".rdf", ".feed"}:
            return True
        return bool(_FEED_ROOT.search(head[:2048])) and not re.search(rb"<html", head[:2048], re.I)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]:
        # A feed holds many documents, so the per-document limit applies to each item, not the file.
        data, problems = read_limited(path, max(options.max_input_bytes * 8, options.max_input_bytes))
        parsed = feedparser.parse(data)
        if not parsed.entries:
            detail = str(parsed.get("bozo_exception") or "no <item> or <entry> elements")
            yield unreadable(path, Errors.W009.format(detail=detail), options)
            return
        feed_title = parsed.feed.get("title")
        for number, entry in enumerate(parsed.entries, start=1):
            content = ""
            if entry.get("content"):
                content = max((part.get("value", "") for part in entry.content), key=len)
            content = content or entry.get("summary", "") or ""
            date = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
            hints = options.hints(url=entry.get("link"), title=entry.get("title"), feed=feed_title,
                                  fragment=True, published=date)
            if entry.get("author"):
                hints["authors"] = [entry.author]
            fmt = "html" if "<" in content else "text"
            doc = Document(raw=content, source=f"{path}#item={number}", format=fmt, hints=hints,
                           clean=options.clean)
            for problem in problems:
                doc.error("read", problem)
            yield doc


register_reader(FeedReader())
