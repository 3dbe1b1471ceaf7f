"""Helpers the tests share: paths to shared/ and small documents built here (no external data needed)."""
from __future__ import annotations

import gzip
import uuid
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_38f5dc2e7397f804.txt"
SEED_EXPECTED = SHARED / "spec" / "seed-expected.json"

ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Lakeside Courier</title>
<meta property="og:site_name" content="Lakeside Courier">
<meta property="article:published_time" content="2021-04-12T08:15:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The regional council voted on Monday to close three rural schools, despite a petition signed by more than four thousand parents who said the closures would force children onto long bus journeys.</p>
<p>"We cannot keep half-empty buildings open while classrooms in town are overflowing," the council leader told the meeting, adding that savings would be spent on teachers.</p>
<p>Parents' groups said they would challenge the decision in court and planned a protest outside the council offices next week.</p>
</article><footer>&copy; 2021 Lakeside Courier. All rights reserved.</footer></body></html>"""


def article_html(title: str = "Council votes to close rural schools") -> str:
    return ARTICLE_HTML.format(title=title)


def warc_record(url: str, body: bytes, *, date: str = "2021-04-12T10:00:00Z",
                content_type: str = "text/html; charset=utf-8") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
            .encode() + body)
    headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
               f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
               f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return headers.encode() + http + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes], *, gzipped: bool = False) -> Path:
    with open(path, "wb") as handle:
        for record in records:
            handle.write(gzip.compress(record) if gzipped else record)
    return path
