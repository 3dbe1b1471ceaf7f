"""Facet counts from memory: every document's facet value ids as arrays, for a SQLite store that is not
changing under the server.

Counting a search's facets in SQL joins each of its newest matches to its facet rows and groups them: a
few milliseconds a search, most of a cold search's time. A server mostly answers searches on a store that
changes now and then (an ingest run), so each server process keeps a copy of `documents_fts_facets` as two
numpy arrays in CSR form (the documents' index rowids, sorted, with where each one's value ids start),
built in a background thread, and counts with `np.bincount`: tens of microseconds. The copy is used only
while the store is exactly as it was when the copy was read (`SqliteChanges.generation` unchanged); after
any write, searches count in SQL again until a new copy is ready, so counts are never stale. Rebuilds wait
at least ten times as long as the last one took, so a store that is written all the time is not re-read
all the time.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Callable, Sequence

import numpy as np
from sqlalchemy.engine import Engine

__all__ = ["FacetIndex"]

log = logging.getLogger(__name__)
_PAIR = np.dtype([("doc", np.int64), ("value", np.int64)])
_CHUNK = 1_000_000


class FacetIndex:
    """Facet value ids per document, in memory; `counts(rowids)` or None while no current copy exists."""

    def __init__(self, engine: Engine, generation: Callable[[], int], facets: tuple[str, ...],
                 *, background: bool = True):
        self.engine, self.generation, self.facets = engine, generation, facets
        self.background = background
        self._lock = threading.Lock()
        self._building = False
        self._next_build = 0.0
        self._snapshot: _Snapshot | None = None

    def counts(self, rowids: Sequence[int], size: int) -> dict[str, list[dict[str, Any]]] | None:
        """The `size` commonest values of each facet among the documents with these index rowids; None when
        the copy is missing or older than the store (a build is then started)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.generation != self.generation():
            self._maybe_build()
            return None
        return snapshot.counts(np.asarray(rowids, dtype=np.int64), size, self.facets)

    def prepare(self) -> None:
        """Start reading a copy in the background now (a server's start), so that the first searches need
        not wait for one."""
        if self._snapshot is None or self._snapshot.generation != self.generation():
            self._maybe_build()

    def build(self) -> None:
        """Read the facet table into a new copy now (`counts` starts builds by itself)."""
        began = time.monotonic()
        generation = self.generation()
        docs, values = [], []
        with self.engine.connect() as connection:       # one read transaction: one state of the store
            after = (-(1 << 63), -(1 << 63))
            while True:
                # In the table's own order, a chunk at a time, each as two JSON arrays: four times faster
                # than a row at a time, and a chunk's numbers are all the memory it takes on the way.
                listed_docs, listed_values, count = connection.exec_driver_sql(
                    "SELECT json_group_array(doc), json_group_array(value), count(*) FROM ("
                    "SELECT doc, value FROM documents_fts_facets WHERE (doc, value) > (?, ?) "
                    f"ORDER BY doc, value LIMIT {_CHUNK})", after).one()
                if not count:
                    break
                docs.append(np.array(json.loads(listed_docs), dtype=np.int64))
                values.append(np.array(json.loads(listed_values), dtype=np.int64))
                after = (int(docs[-1][-1]), int(values[-1][-1]))
                if count < _CHUNK:
                    break
            names = connection.exec_driver_sql("SELECT id, facet, value FROM documents_fts_values").all()
        pairs = np.empty(sum(len(part) for part in docs), dtype=_PAIR)
        if docs:
            pairs["doc"], pairs["value"] = np.concatenate(docs), np.concatenate(values)
        snapshot = _Snapshot(generation, pairs, names, self.facets)
        took = time.monotonic() - began
        with self._lock:
            self._snapshot = snapshot if generation == self.generation() else None
            self._next_build = time.monotonic() + 10 * took
        log.info("facet index: %d documents, %d values, read in %.2f s", len(snapshot.rowids), len(names), took)

    def _maybe_build(self) -> None:
        with self._lock:
            if self._building or time.monotonic() < self._next_build:
                return
            self._building = True
        if self.background:
            threading.Thread(target=self._build_then_release, name="wirewatch-facet-index", daemon=True).start()
        else:
            self._build_then_release()

    def _build_then_release(self) -> None:
        try:
            self.build()
        except Exception:  # the SQL path answers meanwhile; the next search tries again later
            log.exception("facet index: the build failed")
            with self._lock:
                self._next_build = time.monotonic() + 60
        finally:
            with self._lock:
                self._building = False


class _Snapshot:
    def __init__(self, generation: int, pairs: np.ndarray, names: list[Any], facets: tuple[str, ...]):
        self.generation = generation
        self.rowids, first = np.unique(pairs["doc"], return_index=True)
        self.starts = np.append(first, len(pairs)).astype(np.int64)
        self.values = pairs["value"]
        width = max((row[0] for row in names), default=0) + 1
        self.text = [""] * width
        self.facet_of = np.full(width, -1, dtype=np.int64)
        for value_id, facet, value in names:
            self.text[value_id] = value
            if facet in facets:
                self.facet_of[value_id] = facets.index(facet)
        self.width = width

    def counts(self, rowids: np.ndarray, size: int, facets: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
        result: dict[str, list[dict[str, Any]]] = {name: [] for name in facets}
        if not len(self.rowids) or not len(rowids):
            return result
        at = np.minimum(np.searchsorted(self.rowids, rowids), len(self.rowids) - 1)
        at = at[self.rowids[at] == rowids]
        starts, lengths = self.starts[at], self.starts[at + 1] - self.starts[at]
        # Every listed document's run of value ids, gathered in one index array.
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
        tally = np.bincount(self.values[offsets], minlength=self.width)
        present = np.flatnonzero(tally)
        for index, name in enumerate(facets):
            ids = present[self.facet_of[present] == index]
            if not len(ids):
                continue
            if len(ids) > size:
                # Every value tied with the size-th commonest, so that ties break by the value's text.
                floor = np.partition(tally[ids], len(ids) - size)[len(ids) - size]
                ids = ids[tally[ids] >= floor]
            ranked = sorted(((-int(tally[value_id]), self.text[value_id]) for value_id in ids))[:size]
            result[name] = [{"value": value, "count": -count} for count, value in ranked]
        return result
