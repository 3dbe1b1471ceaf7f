"""Readers turn inputs (files, directories, feeds, web archives, JSON Lines) into ``Document`` objects.

A reader is chosen by content as well as by name: each registered reader's ``sniff`` looks at the path
and the first bytes, in priority order. Other packages add readers through the ``wirewatch.readers``
entry-point group (an object with ``name``, ``priority``, ``sniff(path, head)`` and
``read(path, opener, options)``).
"""
from __future__ import annotations

import logging
import os
import zlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from ..document import Document
from ..errors import Errors

__all__ = ["Reader", "ReadOptions", "register_reader", "registered_readers", "iter_documents",
           "document_from_text"]

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "wirewatch.readers"
SNIFF_BYTES = 4096


@dataclass
class ReadOptions:
    """format: "auto", "text" or "html"; date: the anchor date when the input has none;
    clean: False keeps text inputs verbatim; max_input_bytes: per-document cut-off."""

    format: str = "auto"
    date: str | None = None
    clean: bool = True
    max_input_bytes: int = 5_000_000
    extra_hints: dict[str, Any] = field(default_factory=dict)

    def hints(self, **more: Any) -> dict[str, Any]:
        merged = dict(self.extra_hints)
        if self.date:
            merged["date"] = self.date
        merged.update({k: v for k, v in more.items() if v is not None})
        return merged


class Reader(Protocol):
    name: str
    priority: int

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]: ...


_READERS: list[Reader] = []
_plugins_loaded = False


def register_reader(reader: Reader) -> Reader:
    _READERS.append(reader)
    _READERS.sort(key=lambda r: r.priority)
    return reader


def registered_readers() -> list[Reader]:
    global _plugins_loaded
    from . import feeds, files, warc  # noqa: F401  (built-in readers register on import)

    if not _plugins_loaded:
        _plugins_loaded = True
        for point in entry_points(group=ENTRY_POINT_GROUP):
            try:
                register_reader(point.load())
            except Exception as exc:
                log.warning("reader plug-in %s could not be loaded: %s", point.name, exc)
    return list(_READERS)


def unreadable(path: Path | str, message: str, options: ReadOptions, stage: str = "read") -> Document:
    """A record for an input that could not be read at all."""
    doc = Document(raw=None, source=str(path), hints=options.hints(), clean=options.clean)
    doc.error(stage, message)
    doc.annotations["unreadable"] = True
    return doc


def _walk(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    yield Path(root) / name
    else:
        yield path


def _read_head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            return inflater.decompress(head, SNIFF_BYTES) or head
        except zlib.error:
            return head
    return head


def iter_documents(inputs: Iterable[str | os.PathLike], options: ReadOptions | None = None,
                   on_missing: Callable[[str], None] | None = None) -> Iterator[Document]:
    """Every document in ``inputs`` (files and directories, recursively), in a stable order."""
    options = options or ReadOptions()
    readers = registered_readers()
    for item in inputs:
        root = Path(item)
        if not root.exists():
            if on_missing:
                on_missing(str(item))
            yield unreadable(root, Errors.E005.format(path=item), options)
            continue
        for path in _walk(root):
            try:
                head = _read_head(path)
            except OSError as exc:
                yield unreadable(path, Errors.W013.format(path=path, detail=exc), options)
                continue
            reader = next(r for r in readers if r.sniff(path, head))
            try:
                yield from reader.read(path, options)
            except OSError as exc:
                yield unreadable(path, Errors.W013.format(path=path, detail=exc), options)


def document_from_text(text: str, options: ReadOptions | None = None, source: str | None = None) -> Document:
    """A document from a string given to the API (not a path)."""
    options = options or ReadOptions()
    return Document(raw=text, source=source, format=options.format, hints=options.hints(),
                    clean=options.clean)
