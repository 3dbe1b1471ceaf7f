"""The workbench under load: 16 concurrent clients against `wirewatch serve` on 100,000 synthetic documents.

The store is made of synthetic records (words, actors, quotes and events drawn from fixed vocabularies with
Zipf-like frequencies), written straight into the tables in bulk rather than through the NLP pipeline, and
kept under /tmp between runs (rebuilt when this script's corpus changes). A `wirewatch serve` subprocess
serves it on a free port of 127.0.0.1; each client keeps one connection and, for `--seconds`, asks in turn
for a search (`/api/documents?q=...`: one word, two, or an actor's surname, drawn by their frequency in
the corpus less its 500 commonest words; one in four with a country filter too; with the facet counts)
and for a random document's record (`/api/documents/{id}`). The first seconds are warm-up and not counted.
The issue's bar: p99 at most 100 ms for search and 50 ms for a document. Last line:
    p99_search_ms=<n> p99_document_ms=<n>

    python benchmarks/api_load.py [--quick] [--docs N] [--clients 16] [--seconds 20] [--workers 2]
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

CORPUS_VERSION = 4
SYLLABLES = ["ka", "lo", "mi", "ran", "te", "vo", "su", "ne", "dar", "pi", "gos", "ul", "be", "tor", "chi",
             "ma", "zen", "of", "ri", "an", "del", "sko", "va", "ny"]
EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
# With Zipf's law the corpus's commonest words are in a large share of its documents, as "the", "said" or
# "would" are in news; analysts search for topics and names, so queries skip the 500 commonest words (a
# query's words are otherwise drawn as often as the corpus has them).
QUERY_SKIP = 500
STATUSES = ["asserted", "negated", "hypothetical", "future", "reported"]


def _vocabulary(rng: random.Random, size: int, parts: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, parts)))] = None
    return list(words)


class Corpus:
    """The synthetic world: words, actors, countries and outlets, each drawn with Zipf-like weights."""

    def __init__(self, seed: int = 7):
        rng = random.Random(seed)
        self.words = _vocabulary(rng, 30000, 5)
        self.word_weights = [1 / (rank + 10) for rank in range(len(self.words))]
        # random.choices sums the weights on every call unless given their running sums.
        self.word_cumulative = list(itertools.accumulate(self.word_weights))
        self.countries = sorted({"".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWZ") for _ in range(3))
                                 for _ in range(80)})
        given = _vocabulary(rng, 300, 3)
        family = _vocabulary(rng, 1500, 4)
        self.actors = [(f"{rng.choice(given).title()} {name.title()}", rng.choice(self.countries),
                        rng.choice(["GOV", "OPP", "MIL", "JRN", "BUS", None])) for name in family]
        self.actor_weights = [1 / (rank + 5) for rank in range(len(self.actors))]
        self.actor_cumulative = list(itertools.accumulate(self.actor_weights))
        self.query_words = self.words[QUERY_SKIP:]
        self.query_cumulative = list(itertools.accumulate(self.word_weights[QUERY_SKIP:]))
        self.outlets = [f"{name.title()} News" for name in _vocabulary(rng, 40, 3)]

    def sentence(self, rng: random.Random, length: int) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.word_cumulative, k=length))

    def record(self, index: int) -> dict:
        rng = random.Random(index)
        actors = list(dict.fromkeys(rng.choices(self.actors, cum_weights=self.actor_cumulative, k=3)))
        paragraphs = []
        for name, _, _ in actors:
            paragraphs.append(f"{name} said {self.sentence(rng, 14)}. {self.sentence(rng, 30)}.")
        text = "\n\n".join(paragraphs)
        entities, position = [], 0
        for number, (name, country, sector) in enumerate(actors, 1):
            start = text.index(name, position)
            entities.append({"id": f"e{number}", "name": name, "type": "PERSON", "country": country,
                             "sector": sector, "mentions": [{"start": start, "end": start + len(name),
                                                             "text": name, "rule": "name"}],
                             "evidence": [f"country {country} from '{name}': synthetic"]})
            position = start + len(name)
        first = entities[0]["mentions"][0]
        said = text.index(" said ", first["start"])
        content_start, content_end = said + 6, text.index(".", said)
        day = 1 + index % 700
        published = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(1577836800 + day * 86400 + index % 86400))
        other = entities[-1]
        return {
            "id": f"syn{index:07d}", "source": f"https://example.org/{index}", "url": None,
            "title": self.sentence(rng, 8).capitalize(), "published": published,
            "publisher": {"name": rng.choice(self.outlets)}, "original_source": None, "section": None,
            "authors": [], "language": "en", "text": text, "boilerplate": [], "entities": entities, "times": [],
            "quotes": [{"kind": "indirect", "start": content_start, "end": content_end,
                        "text": text[content_start:content_end],
                        "cue": {"start": said + 1, "end": said + 5, "text": "said"},
                        "speaker": {"entity_id": "e1", "name": entities[0]["name"], **first}, "date": None,
                        "in_title": False}],
            "events": [{"type": rng.choice(EVENT_TYPES), "mode": None, "status": rng.choice(STATUSES),
                        "actor": {"entity_id": "e1", "name": entities[0]["name"], "country": entities[0]["country"],
                                  "sector": entities[0]["sector"]},
                        "recipient": {"entity_id": other["id"], "name": other["name"], "country": other["country"],
                                      "sector": other["sector"]},
                        "date": published[:10], "location": None, "start": content_start, "end": content_end,
                        "text": text[content_start:content_end], "confidence": 0.7}],
            "errors": [],
        }


_CHUNK = 5000


def build_store(path: Path, docs: int, corpus: Corpus) -> None:
    """Write `docs` synthetic records into a new store at `path` (SQLite), in bulk, tables directly."""
    from sqlalchemy import insert

    from wirewatch.store import Store
    from wirewatch.store.models import TABLES
    from wirewatch.store.store import prepare_rows

    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    began = time.perf_counter()
    with Store(f"sqlite:///{path}") as store:
        # A transaction per chunk keeps the write-ahead log small; the marker file says when all is there.
        for at in range(0, docs, _CHUNK):
            rows: dict[str, list[dict]] = {name: [] for name in TABLES}
            for index in range(at, min(at + _CHUNK, docs)):
                _, _, record_rows = prepare_rows(corpus.record(index))
                for name, table_rows in record_rows.items():
                    rows[name].extend(table_rows)
            with store.engine.begin() as connection:
                for name, table in TABLES.items():
                    if rows[name]:
                        connection.execute(insert(table), rows[name])
            print(f"  {at + len(rows['documents'])} documents, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    print(f"built {docs} documents into {path} in {time.perf_counter() - began:.1f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before answering")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/documents?limit=1")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port} within {timeout:.0f} s")


class Client(threading.Thread):
    def __init__(self, port: int, corpus: Corpus, docs: int, seed: int, warmup_until: float, stop_at: float):
        super().__init__(daemon=True)
        self.port, self.corpus, self.docs = port, corpus, docs
        self.rng = random.Random(seed)
        self.warmup_until, self.stop_at = warmup_until, stop_at
        self.search_ms: list[float] = []
        self.document_ms: list[float] = []
        self.failures = 0

    def search_path(self) -> str:
        corpus, rng = self.corpus, self.rng
        roll = rng.random()
        words, weights = corpus.query_words, corpus.query_cumulative
        if roll < 0.4:
            q = rng.choices(words, cum_weights=weights)[0]
        elif roll < 0.7:
            q = " ".join(rng.choices(words, cum_weights=weights, k=2))
        else:
            q = rng.choices(corpus.actors, cum_weights=corpus.actor_cumulative)[0][0].split()[-1]
        params = {"q": q}
        if rng.random() < 0.25:
            params["country"] = rng.choice(corpus.countries)
        return "/api/documents?" + urlencode(params)

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        turn = 0
        while (now := time.monotonic()) < self.stop_at:
            turn += 1
            if turn % 2:
                path, bucket = self.search_path(), self.search_ms
            else:
                path, bucket = f"/api/documents/{quote(f'syn{self.rng.randrange(self.docs):07d}')}", self.document_ms
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            elapsed = (time.perf_counter() - began) * 1000
            if not ok:
                self.failures += 1
            elif now >= self.warmup_until:
                bucket.append(elapsed)
        connection.close()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10,000 documents and 8 seconds")
    parser.add_argument("--docs", type=int, help="documents in the store (default 100,000)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, help="how long the clients run (default 20; 8 with --quick)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds at the start not counted")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp"), help="where the built store is kept")
    args = parser.parse_args()
    docs = args.docs or (10_000 if args.quick else 100_000)
    seconds = args.seconds or (8.0 if args.quick else 20.0)
    corpus = Corpus()
    path = args.cache_dir / f"wirewatch-api-load-v{CORPUS_VERSION}-{docs}.sqlite"
    marker = path.with_name(path.name + ".built")
    if not marker.is_file():
        build_store(path, docs, corpus)
        marker.write_text(json.dumps({"docs": docs, "version": CORPUS_VERSION}))
    else:
        print(f"using the store built before at {path}", file=sys.stderr)

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "wirewatch.cli", "serve", "--db", f"sqlite:///{path}",
                               "--port", str(port), "--workers", str(args.workers)])
    try:
        wait_for(port, server)
        start = time.monotonic()
        clients = [Client(port, corpus, docs, seed, start + args.warmup, start + args.warmup + seconds)
                   for seed in range(args.clients)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    search = [value for client in clients for value in client.search_ms]
    document = [value for client in clients for value in client.document_ms]
    failures = sum(client.failures for client in clients)
    for name, values in (("search", search), ("document", document)):
        print(f"{name}: {len(values)} requests, {len(values) / seconds:.0f}/s, median "
              f"{statistics.median(values):.1f} ms, p95 {statistics.quantiles(values, n=20)[18]:.1f} ms, "
              f"p99 {p99(values):.1f} ms")
    print(f"clients {args.clients}, server workers {args.workers}, documents {docs}, failures {failures}")
    print(f"p99_search_ms={p99(search):.0f} p99_document_ms={p99(document):.0f}")
    if failures or p99(search) > 100 or p99(document) > 50:
        sys.exit(1)


if __name__ == "__main__":
    main()
