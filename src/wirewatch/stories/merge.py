"""What a story is made of: its copies, the one that is the original, and quotes and events merged over them.

A `Copy` is what a story needs of one record (where it was found, who carried it and who wrote it, its
quotes and events); a `Story` is built from its copies alone, so the same copies always give the same story
whatever order they came in.

Outlets are compared by a key: a domain ("www.examplenews.co.uk") by its registered label ("examplenews"),
a name by its letters and digits without a leading "the" ("The Example News" -> "examplenews"). A copy's
outlet, the one that counts towards independent sources, is the `original_source` it names, else its
publisher, else the domain it was found on.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlparse

from wirewatch.document import stable_id
from wirewatch.stories.signature import words

__all__ = ["Copy", "Story", "StoryQuote", "StoryEvent", "build_story", "outlet_key", "story_id_for"]

# Second-level labels that are part of a country's public suffix ("bbc.co.uk", "abc.net.au").
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"}
_QUOTE_SIMILAR = 0.8
_EVENT_SIMILAR = 0.6


def _first_line(name: str | None) -> str | None:
    """A name as one line, without the trailing full stop a credit line leaves."""
    if not name:
        return None
    line = name.strip().split("\n", 1)[0].strip().rstrip(".").strip()
    return line or None


def _host(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip().lower()
    host = urlparse(text if "://" in text else f"//{text}").hostname
    return host.removeprefix("www.") if host and "." in host else None


def outlet_key(name: str | None) -> str | None:
    """What two spellings of one outlet share; None when there is nothing to compare."""
    name = _first_line(name)
    if not name:
        return None
    if " " not in name and "." in name:            # a domain or a URL
        host = _host(name)
        if host:
            labels = host.split(".")[:-1]           # without the top-level domain
            if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
                labels = labels[:-1]
            return labels[-1] if labels else None
    key = re.sub(r"[\W_]+", "", name.casefold().removeprefix("the "))
    return key or None


def _published_key(published: str | None) -> tuple[int, str]:
    """Sorts dated copies first, in time order (offsets taken into account), then the undated."""
    if not published:
        return (1, "")
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return (0, published)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    # A bare date ("2020-08-31") sorts before any time of that day: the isoformat of midnight would not.
    return (0, moment.isoformat() if len(published) > 10 else published)


@dataclass
class Copy:
    """One document of a story: where it was found, who carried it and who wrote it, and its evidence.

    quotes, events: the record's, reduced to what merging compares and reports (`position` is the index
    in the record's list).
    """

    document_id: str
    url: str | None = None
    publisher: str | None = None
    publisher_domain: str | None = None
    original_source: str | None = None
    published: str | None = None
    title: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Copy:
        publisher = record.get("publisher") or {}
        original = record.get("original_source") or {}
        url = record.get("url") or record.get("source")
        return cls(
            document_id=record["id"],
            url=url,
            publisher=_first_line(publisher.get("name")),
            publisher_domain=_host(publisher.get("domain") or publisher.get("url") or url),
            original_source=_first_line(original.get("name")),
            published=record.get("published"),
            title=record.get("title"),
            quotes=[_quote(position, quote) for position, quote in enumerate(record.get("quotes") or [])],
            events=[_event(position, event) for position, event in enumerate(record.get("events") or [])],
        )

    @property
    def outlet(self) -> str:
        """The outlet this copy counts for: the one it credits, else its site, else its document."""
        return self.original_source or self.publisher or self.publisher_domain or f"document {self.document_id}"

    @property
    def outlet_key(self) -> str:
        return (outlet_key(self.original_source) or outlet_key(self.publisher)
                or outlet_key(self.publisher_domain) or f"document:{self.document_id}")

    def carrier_keys(self) -> set[str]:
        """The keys of the site that carried this copy (its publisher's name and domain)."""
        return {key for key in (outlet_key(self.publisher), outlet_key(self.publisher_domain)) if key}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Copy:
        return cls(**data)


def _actor(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not value.get("name"):
        return None
    return {key: value.get(key) for key in ("name", "country", "sector")}


def _quote(position: int, quote: dict[str, Any]) -> dict[str, Any]:
    speaker = quote.get("speaker") or {}
    return {"position": position, "kind": quote.get("kind"), "text": quote.get("text") or "",
            "speaker": speaker.get("name"), "date": quote.get("date")}


def _event(position: int, event: dict[str, Any]) -> dict[str, Any]:
    location = event.get("location")
    return {"position": position, "type": event.get("type"), "mode": event.get("mode"),
            "status": event.get("status"), "actor": _actor(event.get("actor")),
            "recipient": _actor(event.get("recipient")), "date": event.get("date"),
            "location": location.get("name") if isinstance(location, dict) else None,
            "text": event.get("text") or "", "confidence": event.get("confidence")}


@dataclass
class _Merged:
    """Fields common to a story's quotes and events."""

    text: str
    copies: int = 0
    independent_sources: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)   # {"document_id", "position"}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StoryQuote(_Merged):
    """A quote as the story's copies carry it: counted once however many copies repeat it."""

    kind: str | None = None
    speaker: str | None = None
    date: str | None = None


@dataclass
class StoryEvent(_Merged):
    """An event as the story's copies carry it (same type, actor, recipient and like evidence)."""

    type: str | None = None
    mode: str | None = None
    status: str | None = None
    actor: dict[str, Any] | None = None
    recipient: dict[str, Any] | None = None
    date: str | None = None
    location: str | None = None
    confidence: float | None = None


@dataclass
class Story:
    """Copies of one story across sites.

    id: stable, derived from the original's document id (`story_id_for`).
    original: the document id of the copy taken as the original.
    original_source: the outlet that wrote the story: the one its copies credit, else the original's site.
    copies, independent_sources: how many documents, and how many distinct outlets (`Copy.outlet`).
    sources: those outlets' names. documents: every copy, the original first, then by date and id.
    """

    id: str
    original: str
    original_source: str | None
    title: str | None
    published: str | None
    copies: int
    independent_sources: int
    sources: list[str]
    documents: list[dict[str, Any]]
    quotes: list[StoryQuote]
    events: list[StoryEvent]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        data = dict(data)
        data["quotes"] = [StoryQuote(**quote) for quote in data["quotes"]]
        data["events"] = [StoryEvent(**event) for event in data["events"]]
        return cls(**data)


def story_id_for(original_document_id: str) -> str:
    """The id of the story whose original is that document."""
    return "story-" + stable_id("story", original_document_id)


def _order(copy: Copy) -> tuple[tuple[int, str], str]:
    return (_published_key(copy.published), copy.document_id)


def choose_original(copies: Iterable[Copy]) -> Copy:
    """The copy whose site is the outlet another copy credits, else the earliest (ties by id)."""
    ordered = sorted(copies, key=_order)
    credited = {key for copy in ordered if (key := outlet_key(copy.original_source))}
    crediting_self = [copy for copy in ordered if copy.carrier_keys() & credited]
    return (crediting_self or ordered)[0]


def _credited_outlet(copies: list[Copy], original: Copy) -> str | None:
    names = Counter(copy.original_source for copy in copies if copy.original_source)
    if names:
        # The most credited; equal counts by name, so the choice does not depend on the copies' order.
        return min(names, key=lambda name: (-names[name], name))
    return original.publisher or original.publisher_domain


def _token_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """max(Jaccard, containment of the shorter) over the two word sets: a cut quote still matches."""
    set_a, set_b = set(a), set(b)
    if not set_a or not set_b:
        return 1.0 if set_a == set_b else 0.0
    shared = len(set_a & set_b)
    return max(shared / len(set_a | set_b), shared / min(len(set_a), len(set_b)) if min(len(a), len(b)) >= 4 else 0)


def _name_key(name: str | None) -> str:
    return " ".join(words(name)) if name else ""


class _Grouper:
    """Puts like items of the story's copies together; `key` must be equal, `text` similar.

    Two items of one copy are never put together: they are two quotes (or events) of that copy.
    """

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.groups: list[tuple[Any, list[tuple[str, ...]], list[tuple[Copy, dict[str, Any]]]]] = []
        self._by_key: dict[Any, list[int]] = {}

    def add(self, key: Any, text: str, copy: Copy, item: dict[str, Any]) -> None:
        tokens = tuple(words(text))
        for index in self._by_key.get(key, []):
            _, texts, members = self.groups[index]
            if any(member.document_id == copy.document_id for member, _ in members):
                continue
            if any(tokens == seen or _token_similarity(tokens, seen) >= self.threshold for seen in texts):
                if tokens not in texts:
                    texts.append(tokens)
                members.append((copy, item))
                return
        self._by_key.setdefault(key, []).append(len(self.groups))
        self.groups.append((key, [tokens], [(copy, item)]))


def _counts(members: list[tuple[Copy, dict[str, Any]]]) -> dict[str, Any]:
    return {
        "copies": len({copy.document_id for copy, _ in members}),
        "independent_sources": len({copy.outlet_key for copy, _ in members}),
        "documents": [{"document_id": copy.document_id, "position": item["position"]} for copy, item in members],
    }


def _merge_quotes(copies: list[Copy]) -> list[StoryQuote]:
    grouper = _Grouper(_QUOTE_SIMILAR)
    for copy in copies:
        for quote in copy.quotes:
            grouper.add(_name_key(quote["speaker"]), quote["text"], copy, quote)
    merged = []
    for _, _, members in grouper.groups:
        first = members[0][1]
        merged.append(StoryQuote(text=first["text"], kind=first["kind"], speaker=first["speaker"],
                                 date=next((item["date"] for _, item in members if item["date"]), None),
                                 **_counts(members)))
    return merged


def _merge_events(copies: list[Copy]) -> list[StoryEvent]:
    grouper = _Grouper(_EVENT_SIMILAR)
    for copy in copies:
        for event in copy.events:
            key = (event["type"], _name_key((event["actor"] or {}).get("name")),
                   _name_key((event["recipient"] or {}).get("name")))
            grouper.add(key, event["text"], copy, event)
    merged = []
    for _, _, members in grouper.groups:
        first = members[0][1]
        confidences = [item["confidence"] for _, item in members if item["confidence"] is not None]
        merged.append(StoryEvent(
            text=first["text"], type=first["type"], mode=first["mode"], status=first["status"],
            actor=first["actor"], recipient=first["recipient"],
            date=next((item["date"] for _, item in members if item["date"]), None),
            location=next((item["location"] for _, item in members if item["location"]), None),
            confidence=max(confidences) if confidences else None, **_counts(members)))
    return merged


def build_story(copies: Iterable[Copy]) -> Story:
    """The story its copies make; the same copies give the same story in any order."""
    copies = list(copies)
    if not copies:
        raise ValueError("a story needs at least one copy")
    original = choose_original(copies)
    ordered = [original] + sorted((copy for copy in copies if copy is not original), key=_order)
    outlets: dict[str, str] = {}
    for copy in ordered:
        outlets.setdefault(copy.outlet_key, copy.outlet)
    documents = [
        {"id": copy.document_id, "url": copy.url, "publisher": copy.publisher,
         "original_source": copy.original_source, "published": copy.published, "title": copy.title,
         "original": copy is original}
        for copy in ordered
    ]
    return Story(
        id=story_id_for(original.document_id),
        original=original.document_id,
        original_source=_credited_outlet(ordered, original),
        title=original.title,
        published=original.published,
        copies=len(ordered),
        independent_sources=len(outlets),
        sources=sorted(outlets.values()),
        documents=documents,
        quotes=_merge_quotes(ordered),
        events=_merge_events(ordered),
    )
