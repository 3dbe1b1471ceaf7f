"""Watchlists: named standing queries an analyst gets digests and feeds of, kept in the store's database.

A watch matches a quote or an event when every criterion it has holds, any of a criterion's values
sufficing: `entities` (the speaker, actor or recipient, by canonical name, any case), `countries` (the
speaker's, actor's or recipient's country code), `types` (PLOVER event types; they narrow events only, so a
watch on a person with `--type ACCUSE` still brings his quotes), and `keywords` (the document holds the
words, as the search box reads them). Stories match through their merged quotes and events.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ..store.models import Watch as _WatchRow

__all__ = ["Watch", "WatchError", "WATCHLISTS", "add_watch", "get_watch", "list_watches", "remove_watch"]

WATCHLISTS = _WatchRow.__table__       # the store's model (migration 0004)
# A name is part of a feed's URL (/feeds/NAME.atom), so it keeps to characters a path needs no escaping for.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_CODE = re.compile(r"[A-Z]{3}")


class WatchError(ValueError):
    """A watch that cannot be made, or is not there; the message says which and why."""


@dataclass(frozen=True)
class Watch:
    name: str
    entities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    created_at: str = field(default="", compare=False)

    def describe(self) -> str:
        parts = [f"{label} {', '.join(values)}" for label, values in
                 (("entity", self.entities), ("country", self.countries), ("type", self.types),
                  ("keyword", self.keywords)) if values]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


def make_watch(name: str, *, entities=(), countries=(), types=(), keywords=()) -> Watch:
    """A checked watch: a usable name, three-letter country codes, upper-case types, one criterion at least."""
    if not _NAME.fullmatch(name or ""):
        raise WatchError(f"a watch's name is letters, digits, '.', '_' or '-' (starting with a letter or "
                         f"digit, at most 100), not {name!r}: it names the feed /feeds/NAME.atom")

    def clean(values) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value.strip() for value in values if value and value.strip()))

    countries = tuple(code.upper() for code in clean(countries))
    bad = [code for code in countries if not _CODE.fullmatch(code)]
    if bad:
        raise WatchError(f"countries are ISO 3166-1 alpha-3 codes (RUS, FRA) or PLOVER's (IGO, NGO), not "
                         f"{', '.join(bad)}")
    watch = Watch(name, clean(entities), countries, tuple(kind.upper() for kind in clean(types)), clean(keywords))
    if not (watch.entities or watch.countries or watch.types or watch.keywords):
        raise WatchError(f"the watch {name!r} needs something to watch: --entity, --country, --type or --keyword")
    return watch


def _from_row(row: Any) -> Watch:
    return Watch(row.name, *(tuple(getattr(row, key) or ()) for key in ("entities", "countries", "types",
                                                                       "keywords")), row.created_at)


def add_watch(engine: Engine, watch: Watch, *, replace: bool = False) -> Watch:
    """Store a watch; `WatchError` when one of that name exists (unless `replace`)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    row = {**watch.to_dict(), "created_at": now}
    with engine.begin() as connection:
        exists = connection.execute(sa.select(WATCHLISTS.c.name).where(WATCHLISTS.c.name == watch.name)).first()
        if exists and not replace:
            raise WatchError(f"a watch named {watch.name!r} exists: remove it first, or pick another name")
        if exists:
            connection.execute(sa.delete(WATCHLISTS).where(WATCHLISTS.c.name == watch.name))
        connection.execute(sa.insert(WATCHLISTS), row)
    return Watch(**{**asdict(watch), "created_at": now})


def get_watch(engine: Engine, name: str) -> Watch:
    with engine.connect() as connection:
        row = connection.execute(sa.select(WATCHLISTS).where(WATCHLISTS.c.name == name)).first()
    if row is None:
        raise WatchError(f"no watch named {name!r}: `wirewatch watch list` shows the ones there are")
    return _from_row(row)


def list_watches(engine: Engine) -> list[Watch]:
    with engine.connect() as connection:
        return [_from_row(row) for row in connection.execute(sa.select(WATCHLISTS).order_by(WATCHLISTS.c.name))]


def remove_watch(engine: Engine, name: str) -> None:
    with engine.begin() as connection:
        removed = connection.execute(sa.delete(WATCHLISTS).where(WATCHLISTS.c.name == name)).rowcount
    if not removed:
        raise WatchError(f"no watch named {name!r}: `wirewatch watch list` shows the ones there are")
