"""Where the pipeline runs: one interface maps batches of documents to batches of records.

``ingest`` reads documents in the main process (readers are I/O), cuts them into batches, hands the
batches to an engine and stores what comes back, batch by batch, in input order. The engine is a
setting, not a fork of the code:

- ``local``: the pipeline in this process (``--workers 1``);
- ``processes``: ``--workers N`` processes on this machine, each with its own pipeline (spaCy
  releases no GIL worth having, so threads would not help);
- ``dask``: a Dask distributed cluster, ``--scheduler ADDRESS`` or a ``LocalCluster`` when none is given.

Every engine keeps a bounded number of batches in flight, so memory stays flat however long the input.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Protocol

from .document import Document
from .errors import WirewatchError
from .settings import Settings

__all__ = ["Engine", "LocalEngine", "ProcessEngine", "DaskEngine", "make_engine", "process_batch", "ENGINES"]

ENGINES = ("local", "processes", "dask")


class Engine(Protocol):
    """Maps batches of documents to batches of record dicts (``Record.to_dict()``), in order."""

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[dict[str, Any]]]: ...

    def close(self) -> None: ...


_WORKER_PIPELINES: dict[tuple, Any] = {}


def process_batch(settings_values: dict[str, Any], docs: list[Document]) -> list[dict[str, Any]]:
    """Run one batch through the pipeline of these settings (built once per worker process)."""
    from .api import make_pipeline

    key = tuple(sorted((k, repr(v)) for k, v in settings_values.items()))
    pipeline = _WORKER_PIPELINES.get(key)
    if pipeline is None:
        pipeline = _WORKER_PIPELINES[key] = make_pipeline(Settings(dict(settings_values)))
    records = []
    for doc in pipeline.stream_batch(docs):
        records.append(doc.record.to_dict())
        # the parse and what hangs on it are the heavy part: let each part of the batch go before the
        # next is parsed, so memory is bounded by `batch_chars`, not by the batch or the input
        doc.annotations.clear()
    return records


def _warm(settings_values: dict[str, Any]) -> int:
    """Build the worker's pipeline (loads the model) before the first batch arrives."""
    process_batch(settings_values, [])
    return os.getpid()


class LocalEngine:
    def __init__(self, settings: Settings):
        self.values = dict(settings.values)

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[dict[str, Any]]]:
        for batch in batches:
            yield process_batch(self.values, batch)

    def close(self) -> None:
        pass


def _ordered(submit: Callable[[list[Document]], Any], result: Callable[[Any], list[dict[str, Any]]],
             batches: Iterable[list[Document]], in_flight: int) -> Iterator[list[dict[str, Any]]]:
    """Submit batches ahead, at most ``in_flight`` at once, and yield their results in input order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class ProcessEngine:
    def __init__(self, settings: Settings, workers: int):
        import multiprocessing

        self.values = dict(settings.values)
        self.workers = max(1, workers)
        # spawn, not fork: a forked child would inherit the parent's threads and open database handles
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        for ready in [self.pool.submit(_warm, self.values) for _ in range(self.workers)]:
            ready.result()

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[dict[str, Any]]]:
        return _ordered(lambda batch: self.pool.submit(process_batch, self.values, batch),
                        Future.result, batches, in_flight=2 * self.workers)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskEngine:
    def __init__(self, settings: Settings, scheduler: str | None = None, workers: int = 1):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise WirewatchError(f"the dask engine needs dask.distributed: {exc}") from exc
        self.values = dict(settings.values)
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None, host="127.0.0.1")
            self.client = Client(self.cluster)
        self.client.run(_warm, self.values)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def map(self, batches: Iterable[list[Document]]) -> Iterator[list[dict[str, Any]]]:
        # pure=False: the same batch submitted twice (a re-run) is computed again, not taken from cache
        return _ordered(lambda batch: self.client.submit(process_batch, self.values, batch, pure=False),
                        lambda future: future.result(), batches, in_flight=2 * self.slots)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(settings: Settings, engine: str = "local", workers: int = 1,
                scheduler: str | None = None) -> Engine:
    if engine not in ENGINES:
        raise WirewatchError(f"unknown engine {engine!r}; engines are: {', '.join(ENGINES)}")
    if engine == "dask":
        return DaskEngine(settings, scheduler=scheduler, workers=workers)
    if engine == "processes" or workers > 1:
        return ProcessEngine(settings, workers)
    return LocalEngine(settings)
