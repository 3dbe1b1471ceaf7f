"""Single-document files (.txt, .html, .htm, gzipped or not) and JSON Lines batches."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..decode import gunzip, sniff_binary
from ..document import Document
from ..errors import Errors
from . import ReadOptions, register_reader, unreadable

__all__ = ["FileReader", "JsonlReader", "format_from_name", "read_limited"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


def _suffixes(path: Path) -> list[str]:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes


def format_from_name(path: Path) -> str:
    suffixes = _suffixes(path)
    last = suffixes[-1] if suffixes else ""
    if last in _HTML_SUFFIXES:
        return "html"
    if last in _TEXT_SUFFIXES:
        return "text"
    return "auto"


def read_limited(path: Path, limit: int) -> tuple[bytes, list[str]]:
    """The file's bytes (decompressed when gzipped), cut at ``limit``, and what went wrong."""
    problems: list[str] = []
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        data, problem = gunzip(data)
        if problem:
            problems.append(problem)
    if len(data) > limit:
        problems.append(Errors.W006.format(size_mb=len(data) / 1e6, limit_mb=limit / 1e6))
        data = data[:limit]
    return data, problems


class FileReader:
    """One file, one document; the fallback for anything no other reader claims."""

    name = "file"
    priority = 100

    def sniff(self, path: Path, head: bytes) -> bool:
        return True

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]:
        data, problems = read_limited(path, options.max_input_bytes)
        if not data:
            message = problems[0] if problems else Errors.W001
            yield unreadable(path, message, options)
            return
        kind = sniff_binary(data)
        if kind:
            yield unreadable(path, Errors.W002.format(kind=kind), options)
            return
        fmt = options.format if options.format != "auto" else format_from_name(path)
        doc = Document(raw=data, source=str(path), format=fmt, hints=options.hints(), clean=options.clean)
        for problem in problems:
            doc.error("read", problem)
        yield doc


class JsonlReader:
    """The contract's batch format: one ``{"id", "text"|"html", "date"?, "url"?, "title"?}`` per line."""

    name = "jsonl"
    priority = 30

    def sniff(self, path: Path, head: bytes) -> bool:
        suffixes = _suffixes(path)
        if suffixes and suffixes[-1] in {".jsonl", ".ndjson"}:
            return True
        first = head.lstrip()[:1]
        if first != b"{":
            return False
        line = head.lstrip().split(b"\n", 1)[0]
        try:
            obj = json.loads(line)
        except ValueError:
            return False
        return isinstance(obj, dict) and ("text" in obj or "html" in obj)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]:
        import gzip

        with open(path, "rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        number = 0
        with (gzip.open if gzipped else open)(path, "rb") as handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield self._document(path, number, line, options)
            except (OSError, EOFError) as exc:
                yield unreadable(f"{path}#line={number + 1}", Errors.W005.format(detail=exc, size="?"), options)

    def _document(self, path: Path, number: int, line: bytes, options: ReadOptions) -> Document:
        source = f"{path}#line={number}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError(f"a JSON {type(obj).__name__}, not an object")
        except ValueError as exc:
            return unreadable(source, Errors.W007.format(line=number, path=path, detail=exc), options)
        hints = options.hints(id=obj.get("id"), url=obj.get("url"), title=obj.get("title"))
        if obj.get("date"):
            hints["date"] = str(obj["date"])
        if isinstance(obj.get("html"), str):
            raw, fmt = obj["html"], "html"
        elif isinstance(obj.get("text"), str):
            raw, fmt = obj["text"], "text"
        else:
            doc = Document(raw=None, source=source, hints=hints, clean=options.clean)
            doc.error("read", Errors.W008.format(line=number, path=path))
            doc.annotations["unreadable"] = True
            return doc
        return Document(raw=raw, source=source, format=fmt, hints=hints, clean=options.clean)


register_reader(JsonlReader())
register_reader(FileReader())
