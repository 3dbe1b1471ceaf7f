"""Small records for the story tests, made here: distinct made-up stories and their copies."""
from __future__ import annotations

import random
from typing import Any

_WORDS = ("council harbour bridge vote budget school river storm minister court hospital road farmers "
          "election tax police museum festival union strike train airport water contract mayor park "
          "flood market rent energy library teachers nurses ferry tunnel housing plan report inquiry "
          "fishing wind solar grid factory port museum stadium clinic village valley border trade").split()


def story_text(seed: int, words: int = 150) -> str:
    """A made-up article body of `words` words, in sentences and paragraphs, the same for the same seed."""
    rng = random.Random(seed)
    sentences = []
    while sum(len(sentence.split()) for sentence in sentences) < words:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 16)))
        sentences.append(sentence.capitalize() + ".")
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def cut(text: str, share: float) -> str:
    """The first `share` of the text's words (a truncated copy)."""
    tokens = text.split(" ")
    return " ".join(tokens[: int(len(tokens) * share)])


def record(doc_id: str, text: str, *, publisher: str | None = None, domain: str | None = None,
           original_source: str | None = None, published: str | None = None, title: str | None = None,
           quotes: list[dict[str, Any]] | None = None, events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A record of the contract's shape with what stories use."""
    url = f"https://{domain}/news/{doc_id}" if domain else None
    return {
        "id": doc_id, "source": url, "url": url, "title": title, "published": published,
        "publisher": {"name": publisher, "domain": domain} if publisher or domain else None,
        "original_source": {"name": original_source} if original_source else None,
        "section": None, "authors": [], "language": "en", "text": text, "boilerplate": [],
        "entities": [], "times": [], "quotes": quotes or [], "events": events or [], "errors": [],
    }


def quote(text: str, speaker: str | None, kind: str = "direct") -> dict[str, Any]:
    return {"kind": kind, "start": 0, "end": len(text), "text": text, "cue": None,
            "speaker": {"entity_id": None, "name": speaker, "start": None, "end": None, "text": None},
            "date": None}


def event(kind: str, actor: str, recipient: str | None, text: str) -> dict[str, Any]:
    def party(name):
        return {"entity_id": None, "name": name, "country": None, "sector": None}

    return {"type": kind, "mode": None, "status": "asserted", "actor": party(actor),
            "recipient": party(recipient) if recipient else None, "date": None, "location": None,
            "start": 0, "end": len(text), "text": text, "confidence": 0.8}
