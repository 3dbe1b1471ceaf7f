"""WARC and WARC.gz web archives: each HTML response is a document with its URL and crawl date."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..document import Document
from ..errors import Errors
from . import ReadOptions, register_reader, unreadable
from .files import _suffixes

__all__ = ["WarcReader"]


class WarcReader:
    name = "warc"
    priority = 10

    def sniff(self, path: Path, head: bytes) -> bool:
        suffixes = _suffixes(path)
        return (bool(suffixes) and suffixes[-1] in {".warc", ".arc"}) or head.startswith(b"WARC/")

    def read(self, path: Path, options: ReadOptions) -> Iterator[Document]:
        index = 0
        found = 0
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True)
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except Exception as exc:  # fastwarc raises OSError/ValueError on a malformed record
                    yield unreadable(f"{path}#record={index + 1}",
                                     Errors.W010.format(index=index + 1, detail=exc), options)
                    return
                index += 1
                content_type = (record.http_content_type or "").lower()
                if content_type and "html" not in content_type:
                    continue
                try:
                    body = record.reader.read()
                except Exception as exc:
                    yield unreadable(f"{path}#record={index}",
                                     Errors.W010.format(index=index, detail=exc), options)
                    return
                found += 1
                url = record.headers.get("WARC-Target-URI")
                date = record.headers.get("WARC-Date")
                hints = options.hints(url=url, charset=record.http_charset, crawl_date=date)
                if date and "date" not in hints:
                    hints["date"] = date[:16].rstrip("Z")
                truncated = body[:options.max_input_bytes]
                doc = Document(raw=truncated, source=f"{path}#record={index}", format="html", hints=hints,
                               clean=options.clean)
                if len(body) > options.max_input_bytes:
                    doc.error("read", Errors.W006.format(size_mb=len(body) / 1e6,
                                                        limit_mb=options.max_input_bytes / 1e6))
                yield doc
        if not found:
            yield unreadable(path, Errors.W015, options)


register_reader(WarcReader())
