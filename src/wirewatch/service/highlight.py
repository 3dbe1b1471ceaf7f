"""An article's text cut into pieces for highlighting: each piece with every annotation over it.

Annotations overlap (a quote holds entity mentions and times; an event's evidence holds a quote), so the
text is cut at every annotation's edges and each piece carries all the annotations covering it, their
classes and their explanations (shown on hover). The pieces are plain strings: the template escapes them.
Quotes with `in_title` have offsets into the title, so the title is cut the same way with those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Mark", "Piece", "body_marks", "title_marks", "cut"]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str                                    # entity, time, quote, cue, speaker, event
    explanation: str
    classes: tuple[str, ...] = ()
    data: tuple[tuple[str, str], ...] = ()       # data-* attributes


@dataclass
class Piece:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        names = {"hl"}
        for mark in self.marks:
            names.add(mark.kind)
            names.update(mark.classes)
        return " ".join(sorted(names))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(mark.explanation for mark in self.marks))

    @property
    def data(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for mark in self.marks:
            for key, value in mark.data:
                values.setdefault(key, value)
        return values


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mark(span: Any, kind: str, explanation: str, *, classes: tuple[str, ...] = (),
          data: dict[str, str | None] | None = None) -> Mark | None:
    if not isinstance(span, dict):
        return None
    start, end = _int(span.get("start")), _int(span.get("end"))
    if start is None or end is None or end <= start:
        return None
    pairs = tuple((key, value) for key, value in (data or {}).items() if value)
    return Mark(start, end, kind, explanation, classes, pairs)


def _quote_marks(quote: dict[str, Any], index: int) -> list[Mark | None]:
    speaker = quote.get("speaker") if isinstance(quote.get("speaker"), dict) else {}
    cue = quote.get("cue") if isinstance(quote.get("cue"), dict) else {}
    name = speaker.get("name")
    said_by = f"speaker {name}" if name else "speaker unknown"
    if speaker.get("text") and speaker.get("text") != name:
        said_by += f" (as “{speaker['text']}”)"
    kind = quote.get("kind") or "quote"
    explanation = f"{kind} quote · {said_by}" + (f" · cue “{cue['text']}”" if cue.get("text") else "")
    if quote.get("date"):
        explanation += f" · said {quote['date']}"
    data = {"speaker": name, "quote": str(index)}
    return [
        _mark(quote, "quote", explanation, classes=(f"quote-{kind}",), data=data),
        _mark(cue, "cue", f"cue of a {kind} quote: “{cue.get('text')}”", data={"quote": str(index)}),
        _mark(speaker, "speaker", f"speaker of a {kind} quote: {name or 'unknown'}", data=data),
    ]


def _actor(value: Any) -> str:
    if not isinstance(value, dict) or not value.get("name"):
        return "?"
    codes = "/".join(code for code in (value.get("country"), value.get("sector")) if code)
    return value["name"] + (f" [{codes}]" if codes else "")


def body_marks(record: dict[str, Any]) -> list[Mark]:
    """The annotations whose offsets are into `text`."""
    marks: list[Mark | None] = []
    for entity in record.get("entities") or []:
        if not isinstance(entity, dict):
            continue
        codes = " ".join(code for code in (entity.get("country"), entity.get("sector")) if code)
        for mention in entity.get("mentions") or []:
            rule = mention.get("rule") if isinstance(mention, dict) else None
            explanation = (f"entity {entity.get('name')} · {entity.get('type') or '?'}"
                           + (f" · {codes}" if codes else "") + (f" · rule: {rule}" if rule else ""))
            marks.append(_mark(mention, "entity", explanation, classes=(f"entity-{entity.get('type')}",),
                               data={"entity": entity.get("name")}))
    for time in record.get("times") or []:
        if isinstance(time, dict):
            mod = f" ({time['mod']})" if time.get("mod") else ""
            marks.append(_mark(time, "time", f"time {time.get('type')} = {time.get('value')}{mod}"))
    for index, quote in enumerate(record.get("quotes") or []):
        if isinstance(quote, dict) and not quote.get("in_title"):
            marks.extend(_quote_marks(quote, index))
    for event in record.get("events") or []:
        if isinstance(event, dict):
            explanation = (f"event {event.get('type')} ({event.get('status') or '?'}) · {_actor(event.get('actor'))}"
                           f" → {_actor(event.get('recipient'))}")
            if isinstance(event.get("confidence"), (int, float)):
                explanation += f" · confidence {event['confidence']:.2f}"
            marks.append(_mark(event, "event", explanation, data={"event-type": event.get("type")}))
    return [mark for mark in marks if mark is not None]


def title_marks(record: dict[str, Any]) -> list[Mark]:
    """The annotations whose offsets are into `title`: the headline's quotes."""
    marks: list[Mark | None] = []
    for index, quote in enumerate(record.get("quotes") or []):
        if isinstance(quote, dict) and quote.get("in_title"):
            marks.extend(_quote_marks(quote, index))
    return [mark for mark in marks if mark is not None]


def cut(value: str | None, marks: list[Mark]) -> list[Piece]:
    """`value` cut at every mark's edges (marks outside it are dropped), each piece with its marks."""
    value = value or ""
    marks = [mark for mark in marks if 0 <= mark.start < mark.end <= len(value)]
    edges = sorted({0, len(value), *(mark.start for mark in marks), *(mark.end for mark in marks)})
    starting: dict[int, list[Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    pieces: list[Piece] = []
    open_marks: list[Mark] = []
    for left, right in zip(edges, edges[1:]):
        open_marks = [mark for mark in open_marks if mark.end > left] + starting.get(left, [])
        pieces.append(Piece(value[left:right], list(open_marks)))
    return pieces
