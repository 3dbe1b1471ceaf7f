"""The plain Python API: ``wirewatch.read(text_or_path)`` gives the record."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from .document import Document
from .pipeline import Pipeline
from .readers import ReadOptions, document_from_text, iter_documents
from .record import Record
from .settings import Settings, load_settings

__all__ = ["read", "read_many", "make_pipeline"]

_PIPELINES: dict[tuple, Pipeline] = {}


def make_pipeline(settings: Settings | None = None) -> Pipeline:
    """The configured pipeline, built once per distinct setting values (stages may load models)."""
    settings = settings or load_settings()
    key = tuple(sorted((k, repr(v)) for k, v in settings.values.items()))
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return _PIPELINES[key]


def _options(settings: Settings, *, format: str = "auto", date: str | None = None, clean: bool = True,
             **hints: Any) -> ReadOptions:
    return ReadOptions(format=format, date=date, clean=clean, max_input_bytes=settings.max_input_bytes,
                       extra_hints={k: v for k, v in hints.items() if v is not None})


def _is_path(value: str | os.PathLike) -> bool:
    if isinstance(value, os.PathLike):
        return True
    if "\n" in value or len(value) >= 4096:
        return False
    try:
        return Path(value).exists()
    except OSError:  # a sentence longer than a file name can be, or with characters no path has
        return False


def read_many(inputs: Iterable[str | os.PathLike], *, settings: Settings | None = None,
              format: str = "auto", date: str | None = None, clean: bool = True) -> Iterator[Record]:
    """Records for every document in ``inputs`` (files, directories, feeds, WARC, JSON Lines)."""
    settings = settings or load_settings()
    pipeline = make_pipeline(settings)
    options = _options(settings, format=format, date=date, clean=clean)
    for doc in pipeline.pipe(iter_documents(inputs, options)):
        yield doc.record


def read(text_or_path: str | os.PathLike, *, format: str = "auto", date: str | None = None,
         clean: bool = True, url: str | None = None, title: str | None = None,
         settings: Settings | None = None, **setting_overrides: Any) -> Record:
    """Read one document into its record.

    text_or_path (str | PathLike): the document's text or HTML, or a path to a file.
    format (str): "auto" (decide from name and content), "text" or "html".
    date (str): the document's date when it carries none ("2020-08-31" or "2020-08-31T15:37").
    clean (bool): False keeps the text verbatim (offsets then point into the input).
    url, title (str): what a caller knows of the document beyond its content.
    setting_overrides: any setting by name (see ``wirewatch.settings.SETTINGS``).
    """
    settings = (settings or load_settings()).replace(**setting_overrides)
    pipeline = make_pipeline(settings)
    options = _options(settings, format=format, date=date, clean=clean, url=url, title=title)
    if _is_path(text_or_path):
        docs = list(iter_documents([text_or_path], options))
        doc = docs[0] if docs else Document(raw=None, source=str(text_or_path))
    else:
        doc = document_from_text(str(text_or_path), options)
    return pipeline(doc).record
