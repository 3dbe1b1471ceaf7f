"""The one object that flows through the pipeline.

A reader turns an input into a ``Document``; each stage reads what earlier stages set and adds its own
fields to ``doc.record`` (the contract) or to ``doc.annotations`` (working state a later stage may use,
such as the HTML extraction or the plain-text layout). No stage re-reads the input.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .record import Record, RecordError

__all__ = ["Document", "stable_id"]


def stable_id(*parts: str | bytes | None) -> str:
    """An id that depends only on the input: the same bytes (and URL) give the same id."""
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            part = b""
        if isinstance(part, str):
            part = part.encode("utf-8", "surrogatepass")
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:16]


@dataclass
class Document:
    """An input on its way to becoming a record.

    raw (bytes | str | None): the input as read (decoded by the ``decode`` stage).
    format (str): "text", "html" or "auto" (decided by the reader from name and content).
    hints (dict): what the container said of this document: ``url``, ``date``, ``title``, ``charset``,
        ``id``; a hint never overrides what the document itself says, except ``id``.
    clean (bool): False treats the input as already-clean body text, kept verbatim.
    """

    raw: bytes | str | None
    source: str | None = None
    format: str = "auto"
    hints: dict[str, Any] = field(default_factory=dict)
    clean: bool = True
    content: str = ""
    record: Record = field(default_factory=lambda: Record(id=""))
    annotations: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.record.id:
            given = self.hints.get("id")
            raw = self.raw if self.raw is not None else b""
            self.record.id = str(given) if given else stable_id(self.hints.get("url"), raw)
        if self.record.source is None:
            self.record.source = self.source
        if self.record.url is None and self.hints.get("url"):
            self.record.url = self.hints["url"]

    def error(self, stage: str, message: str) -> None:
        """Note what went wrong without losing the record."""
        self.record.errors.append(RecordError(stage=stage, message=message))

    @property
    def failed(self) -> bool:
        """True when nothing could be read: no text and at least one error."""
        return not self.record.text and bool(self.record.errors)
