"""Named stages over one ``Document``, as spaCy's factories.

A stage is registered by name with what it needs and what it sets::

    @stage("shout", requires=["record.text"], assigns=["record.title"])
    def make_shout(settings):
        def shout(doc):
            doc.record.title = doc.record.text[:20].upper()
            return doc
        return shout

Other packages add stages through the ``wirewatch.stages`` entry-point group; the entry point names a
factory decorated with ``@stage`` (or any callable taking the settings). The pipeline is a list of
names in the ``pipeline`` setting.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Callable, Iterable, Iterator

from .document import Document
from .errors import Errors, WirewatchError
from .settings import Settings

__all__ = ["stage", "StageInfo", "Pipeline", "registered_stages", "get_stage"]

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "wirewatch.stages"

StageFn = Callable[[Document], Document]


@dataclass(frozen=True)
class StageInfo:
    name: str
    factory: Callable[[Settings], StageFn]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    help: str = ""


_REGISTRY: dict[str, StageInfo] = {}
_entry_points_loaded = False


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = (),
          help: str = "") -> Callable:
    """Register a stage factory under ``name``."""

    def register(factory: Callable[[Settings], StageFn]) -> Callable[[Settings], StageFn]:
        summary = help or ((factory.__doc__ or "").strip().splitlines() or [""])[0]
        _REGISTRY[name] = StageInfo(name, factory, tuple(requires), tuple(assigns), summary)
        factory.stage_info = _REGISTRY[name]  # type: ignore[attr-defined]
        return factory

    return register


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = point.load()
        except Exception as exc:  # a broken plug-in must not break the core
            log.warning("stage plug-in %s could not be loaded: %s", point.name, exc)
            continue
        if point.name not in _REGISTRY:
            info = getattr(loaded, "stage_info", None)
            _REGISTRY[point.name] = info or StageInfo(point.name, loaded)


def registered_stages() -> dict[str, StageInfo]:
    from . import stages  # noqa: F401  (built-in stages register on import)

    _load_entry_points()
    return dict(_REGISTRY)


def get_stage(name: str) -> StageInfo:
    known = registered_stages()
    if name not in known:
        raise WirewatchError(Errors.E001.format(name=name, known=", ".join(sorted(known))))
    return known[name]


@dataclass
class Pipeline:
    """The configured stages; calling it runs a document through each, never losing the record."""

    settings: Settings
    names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.names:
            self.names = list(self.settings.pipeline)
        self.stages: list[tuple[StageInfo, StageFn]] = []
        assigned: set[str] = {"raw", "source", "hints"}
        for name in self.names:
            info = get_stage(name)
            for need in info.requires:
                if need not in assigned:
                    raise WirewatchError(Errors.E002.format(name=name, missing=need))
            assigned.update(info.assigns)
            self.stages.append((info, info.factory(self.settings)))

    def __call__(self, doc: Document) -> Document:
        for info, run in self.stages:
            if doc.annotations.get("unreadable"):
                break
            doc = _run_one(info, run, doc)
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[Document]:
        """Documents in batches: a stage with a ``pipe`` attribute (the parse: spaCy's ``nlp.pipe``)
        takes many documents at once, the others one document at a time. Order is kept, and documents
        are yielded as soon as they are done, so the caller can let them go (memory stays bounded)."""
        size = max(1, batch_size or self.settings.batch_size)
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self.stream_batch(batch)
                batch = []
        if batch:
            yield from self.stream_batch(batch)

    def run_batch(self, docs: list[Document]) -> list[Document]:
        return list(self.stream_batch(docs))

    def stream_batch(self, docs: list[Document]) -> Iterator[Document]:
        """The stages before the first batched one run over the whole batch; from it on, the batch goes
        in parts of at most ``batch_chars`` characters of text, each part yielded when it is done."""
        docs = list(docs)
        first = next((k for k, (_, run) in enumerate(self.stages) if getattr(run, "pipe", None)), len(self.stages))
        self._run_stages(docs, self.stages[:first])
        budget = self.settings.values.get("batch_chars") or 50_000
        part: list[Document] = []
        chars = 0
        for doc in docs:
            size = len(doc.record.text or "")
            if part and chars + size > budget:
                yield from self._run_stages(part, self.stages[first:])
                part, chars = [], 0
            part.append(doc)
            chars += size
        if part:
            yield from self._run_stages(part, self.stages[first:])

    def _run_stages(self, docs: list[Document], stages) -> list[Document]:
        for info, run in stages:
            live = [i for i, doc in enumerate(docs) if not doc.annotations.get("unreadable")]
            if not live:
                break
            batched = getattr(run, "pipe", None)
            if batched is not None and len(live) > 1:
                try:
                    for i, doc in zip(live, batched([docs[i] for i in live])):
                        docs[i] = doc
                    continue
                except Exception:  # noqa: BLE001 - the batch is retried one by one, to blame one document
                    log.debug("stage %s failed on a batch; retrying one document at a time", info.name,
                              exc_info=True)
            for i in live:
                docs[i] = _run_one(info, run, docs[i])
        return docs


def _run_one(info: StageInfo, run: StageFn, doc: Document) -> Document:
    try:
        return run(doc)
    except Exception as exc:  # one bad document must not stop the run
        log.debug("stage %s failed on %s", info.name, doc.source, exc_info=True)
        doc.error(info.name, Errors.W014.format(stage=info.name, detail=f"{type(exc).__name__}: {exc}"))
        return doc
