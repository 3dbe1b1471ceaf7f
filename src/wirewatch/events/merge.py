"""One event per happening: repeated mentions of the same event in an article are merged.

Two events are the same when they have the same type and status, the same actor and recipient (the
same entity, or the same name and country) and dates that do not disagree. The first mention is kept,
with the best confidence of the group raised a little for each repetition, and the date, place and
mode any mention supplied; ``mentions`` says how many there were.
"""
from __future__ import annotations

from .extract import CodedEvent

__all__ = ["merge_events"]


def _name(actor) -> str:
    name = (actor.name or "").lower().strip()
    return name[4:] if name.startswith("the ") else name


def _same_party(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    return bool(_name(a)) and _name(a) == _name(b) and a.country == b.country


def _compatible_dates(a: str | None, b: str | None) -> bool:
    """No date, or one a refinement of the other ("2020-08-31" and "2020-08-31TMO")."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def merge_events(events: list[CodedEvent]) -> list[CodedEvent]:
    kept: list[CodedEvent] = []
    for event in events:
        if event.actor is None or not event.actor.name:     # an event with no actor is never merged
            kept.append(event)
            continue
        same = next((other for other in kept
                     if other.type == event.type and other.status == event.status
                     and other.actor is not None and other.actor.name
                     and _same_party(other.actor, event.actor) and _same_party(other.recipient, event.recipient)
                     and _compatible_dates(event.date, other.date)
                     and (other.end <= event.start or event.end <= other.start)), None)
        if same is None:
            kept.append(event)
            continue
        same.mentions += 1
        same.confidence = round(min(0.99, max(same.confidence, event.confidence) + 0.05), 3)
        same.date = same.date or event.date
        same.location = same.location or event.location
        same.mode = same.mode or event.mode
    return kept
