"""The document record: wirewatch's output contract (shared/spec/record.md).

Every evaluation, test and downstream consumer reads this shape. Fields may be added; none may be
renamed or change meaning. ``docs/record.schema.json`` is its JSON Schema, checked against real output.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "Span", "Mention", "Entity", "Time", "Speaker", "Quote", "EventActor", "Location", "Event",
    "RecordError", "Record", "SCHEMA_VERSION",
]

SCHEMA_VERSION = "1"


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Mention(Span):
    rule: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # additions to the contract: where a place is, and why the codes are what they are
    lat: float | None = None
    lon: float | None = None
    place: str | None = None        # the gazetteer's name for a place ("Minsk"), with `lat`/`lon`
    evidence: list[str] = field(default_factory=list)


@dataclass
class Time(Span):
    type: str = "DATE"
    value: str = ""
    mod: str | None = None          # TimeML modifier ("early 2020": START); an addition to the contract


@dataclass
class Speaker:
    entity_id: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass
class Quote(Span):
    kind: str = "direct"
    cue: Span | None = None
    speaker: Speaker | None = None
    date: str | None = None
    in_title: bool = False           # an addition to the contract: a headline's quote, offsets into `title`


@dataclass
class EventActor:
    name: str
    entity_id: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Event(Span):
    type: str = ""
    mode: str | None = None
    status: str = "asserted"
    actor: EventActor | None = None
    recipient: EventActor | None = None
    date: str | None = None
    location: Location | None = None
    confidence: float = 0.0


@dataclass
class RecordError:
    stage: str
    message: str


@dataclass
class Record:
    """One document as wirewatch read it. ``to_dict()`` gives the contract's JSON object."""

    id: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: dict[str, Any] | None = None
    original_source: dict[str, Any] | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str = "en"
    text: str = ""
    boilerplate: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    # Added fields (the contract allows additions): where the copy was found and what cleaning saw.
    url: str | None = None
    subheadings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
