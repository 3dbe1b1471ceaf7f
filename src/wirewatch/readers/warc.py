"""WARC and WARC.gz web archives: each HTML response is a document with its URL and crawl date."""
from __future__ import annotations

import mmap
import re
from pathlib import Path
from typing import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..document import Document
from ..errors import Errors
from . import ReadOptions, register_reader, unreadable
from .files import _suffixes

__all__ = ["WarcReader", "split_http"]

_CHARSET = re.compile(rb"charset=[\"']?([\w.:-]+)", re.I)


def split_http(block: bytes) -> tuple[dict[str, str], bytes]:
    """HTTP response headers (lower-cased names) and payload of a WARC response block."""
    head, _, payload = block.partition(b"\r\n\r\n")
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return headers, payload


class WarcReader:
    name = "warc"
    priority = 10

    def sniff(self, path: Path, head: bytes) -> bool:
        suffixes = _suffixes(path)
        return (bool(suffixes) and suffixes[-1] in {".warc", ".arc"}) or head.startswith(b"WARC/")

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]:
        index = found = 0
        last_pos = last_length = None
        with open(path, "rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
            handle.seek(0)
            # HTTP is parsed here, not by fastwarc, so that a block shorter than its Content-Length
            # (a truncated record) can be told from a complete one.
            records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=False)
            while True:
                try:
                    record = next(records)
                    block = record.reader.read()
                except StopIteration:
                    break
                except Exception as exc:  # fastwarc raises OSError on a malformed record
                    yield unreadable(f"{path}#record={index + 1}",
                                     Errors.W010.format(index=index + 1, detail=exc), options)
                    return
                index += 1
                last_pos, last_length = record.stream_pos, record.content_length
                if len(block) < record.content_length:
                    yield unreadable(f"{path}#record={index}", Errors.W010.format(
                        index=index, detail=f"{len(block)} of its {record.content_length} bytes are there"), options)
                    return
                headers, payload = split_http(block)
                content_type = headers.get("content-type", "").lower()
                if content_type and "html" not in content_type:
                    continue
                found += 1
                yield self._document(path, index, record, headers, payload, options)
        if not gzipped and last_pos is not None:
            problem = _trailing_garbage(path, last_pos, last_length)
            if problem:
                yield unreadable(f"{path}#record={index + 1}", Errors.W010.format(index=index + 1, detail=problem),
                                 options)
                return
        if not found:
            yield unreadable(path, Errors.W015, options)

    def _document(self, path: Path, index: int, record, headers: dict[str, str], payload: bytes,
                  options: ReadOptions) -> Document:
        charset = _CHARSET.search(headers.get("content-type", "").encode("latin-1"))
        url = record.headers.get("WARC-Target-URI")
        date = record.headers.get("WARC-Date")
        hints = options.hints(url=url, charset=charset.group(1).decode() if charset else None, crawl_date=date)
        if date and "date" not in hints:
            hints["date"] = date[:16].rstrip("Z")
        doc = Document(raw=payload[:options.max_input_bytes], source=f"{path}#record={index}", format="html",
                       hints=hints, clean=options.clean)
        if len(payload) > options.max_input_bytes:
            doc.error("read", Errors.W006.format(size_mb=len(payload) / 1e6, limit_mb=options.max_input_bytes / 1e6))
        return doc


def _trailing_garbage(path: Path, last_pos: int, last_length: int) -> str | None:
    """fastwarc stops quietly at bytes it cannot parse; anything after the last record is reported."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        header_end = data.find(b"\r\n\r\n", last_pos)
        if header_end < 0:
            return None
        rest = data[header_end + 4 + last_length:]
    rest = rest.strip()
    if rest:
        return f"{len(rest)} bytes after the last complete record could not be parsed"
    return None


register_reader(WarcReader())
