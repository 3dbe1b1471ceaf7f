"""What the workbench's tests share: the seed's record and expected facts, a hostile document, a live server.

Names from the seed are never written here: they are read from shared/spec/seed-expected.json at run time.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest

from support import SEED, SEED_EXPECTED

# A document built to attack every place its text reaches: title, body, a speaker's and an entity's name.
EVIL_SCRIPT = "<script>window.__pwned = 1</script>"
EVIL_IMG = '<img src="x" onerror="window.__pwned = 2">'
EVIL_TITLE = f"Council vote {EVIL_SCRIPT} and {EVIL_IMG} in the title"
EVIL_SPEAKER = "Ana Lopez"
EVIL_ENTITY = "<b onmouseover=alert(3)>Port Board</b>"
EVIL_TEXT = (f'{EVIL_SPEAKER} said "{EVIL_SCRIPT} we will win {EVIL_IMG}" on Monday.\n\n'
             f"The {EVIL_ENTITY} accused the council of hiding the plan.")


def _span(text: str, part: str, after: int = 0) -> dict:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def evil_record(doc_id: str = "evil-1", published: str = "2021-04-12T08:15") -> dict:
    """A valid record whose title, text, quote, entity and event all carry markup."""
    text = EVIL_TEXT
    speaker = _span(text, EVIL_SPEAKER)
    content = _span(text, f"{EVIL_SCRIPT} we will win {EVIL_IMG}")
    board = _span(text, EVIL_ENTITY)
    clause = _span(text, f"The {EVIL_ENTITY} accused the council of hiding the plan")
    return {
        "id": doc_id, "source": "https://example.org/evil", "title": EVIL_TITLE, "published": published,
        "publisher": {"name": f"Courier {EVIL_IMG}"}, "original_source": None, "section": None,
        "authors": [EVIL_SCRIPT], "language": "en", "text": text, "boilerplate": [],
        "entities": [
            {"id": "e1", "name": EVIL_SPEAKER, "type": "PERSON", "country": "ESP", "sector": "GOV",
             "mentions": [{**speaker, "rule": "name"}], "evidence": [f"country ESP from {EVIL_SCRIPT}"]},
            {"id": "e2", "name": EVIL_ENTITY, "type": "ORG", "country": "ESP", "sector": "GOV",
             "mentions": [{**board, "rule": "name"}], "evidence": [EVIL_IMG]},
        ],
        "times": [{**_span(text, "on Monday"), "type": "DATE", "value": "2021-04-12"}],
        "quotes": [{"kind": "direct", **content, "cue": _span(text, "said"),
                    "speaker": {"entity_id": "e1", "name": EVIL_SPEAKER, **speaker}, "date": "2021-04-12",
                    "in_title": False}],
        "events": [{"type": "ACCUSE", "mode": None, "status": "asserted",
                    "actor": {"entity_id": "e2", "name": EVIL_ENTITY, "country": "ESP", "sector": "GOV"},
                    "recipient": {"entity_id": None, "name": f"council {EVIL_SCRIPT}", "country": "ESP",
                                  "sector": "GOV"},
                    "date": "2021-04-12", "location": None, **clause, "confidence": 0.8}],
        "errors": [],
    }


class TagCounter(HTMLParser):
    """Every start tag of a page, with its attributes, as a browser's parser would see them."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def assert_markup_is_text(page: str) -> None:
    """The page runs only its own script, has no image and no event handler, and shows the markup as text."""
    parsed = TagCounter(page)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert all(attrs.get("src") == "/static/app.js" for attrs in scripts), scripts
    assert not [tag for tag, _ in parsed.tags if tag == "img"]
    assert not [attrs for _, attrs in parsed.tags if any(name.startswith("on") for name in attrs)]
    shown = "".join(parsed.text)
    assert "window.__pwned" in shown


@pytest.fixture(scope="session")
def expected() -> dict:
    if not SEED_EXPECTED.is_file():
        pytest.skip(f"the seed's expected facts are not at {SEED_EXPECTED}")
    return json.loads(SEED_EXPECTED.read_text("utf-8"))


def speakers(expected: dict, kind: str | None = None) -> list[str]:
    """The seed's speakers (of `kind` quotes), most quoted first."""
    counts: dict[str, int] = {}
    for quote in expected["quotes"]:
        if "speaker" in quote and (kind is None or quote["kind"] == kind):
            counts[quote["speaker"]] = counts.get(quote["speaker"], 0) + 1
    return sorted(counts, key=lambda name: -counts[name])


@pytest.fixture(scope="session")
def seed_record() -> dict:
    """The seed article read by the real pipeline, once per test session."""
    if not SEED.is_file():
        pytest.skip(f"the seed document is not at {SEED}")
    import wirewatch

    return wirewatch.read(SEED).to_dict()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(app) -> Iterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
