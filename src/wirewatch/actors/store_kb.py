"""The knowledge base a pipeline uses: the shipped one, the store's actors and the ``actor_files`` setting.

:func:`kb_for_settings` is what the ``entities`` stage calls. It adds to a copy of the shipped knowledge base
(:func:`~wirewatch.actors.kb.load_kb`) every actor stored at ``settings.db`` (imported with ``wirewatch actors
import`` or learned with ``wirewatch actors learn``) and every actor of the files named by ``actor_files``.
Reading never creates a database: a SQLite file that is not there is simply no stored actors. The result is
cached per database, files and store content, so building a pipeline twice reads nothing twice; it is shared,
so callers must not add to it (``.copy()`` it first).

:func:`read_actor_file` reads one file in any supported format (CAMEO/Phoenix dictionary, CSV or TOML list),
deciding by content when asked to; :func:`learned_actors` finds people introduced by a title or an apposition
in stored records ("Polish Foreign Minister Jan Kowalczyk").
"""
from __future__ import annotations

import logging
import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import WirewatchError
from .kb import (
    Actor,
    KnowledgeBase,
    PhoenixStats,
    _csv_rows,
    list_actors,
    _slug,
    _toml_rows,
    load_kb,
    parse_actor_list,
    parse_phoenix,
)

__all__ = ["FORMATS", "detect_format", "read_actor_file", "kb_for_settings", "learned_actors", "LEARNED_PREFIX"]

log = logging.getLogger(__name__)

FORMATS = ("auto", "phoenix", "csv", "toml")
# The source of every learned actor starts with this, then the id of the record it was learned from.
LEARNED_PREFIX = "learned from "

# A CAMEO code in brackets, optionally dated: [BLRGOV], [RUSGOV >080508], [AFGGOV 331108-730717].
# Agent dictionaries write codes with a tilde ([~GOV]): Phoenix-shaped too (and have no actors in them).
_PHOENIX_CODE = re.compile(r"\[\s*(?:~?[A-Z]{3}[A-Z0-9]*|-{3})(?:\s+[<>]?\s*\d{6,10}(?:\s*-\s*\d{6,10})?)?\s*\]")
_SNIFF_BYTES = 256 * 1024
_SNIFF_LINES = 200


def detect_format(path: str | Path) -> str:
    """"phoenix", "csv" or "toml" for an actor file, by its content as well as its name.

    ``.toml`` is a TOML list and ``.csv``/``.tsv`` a CSV list. Anything else (Phoenix dictionaries are
    ``.txt``) is a Phoenix dictionary when, among its first lines that are not comments, one is a synonym
    (starts with ``+``), holds a bracketed CAMEO code (``[BLRGOV >940720]``) or is ``---STOP---``; otherwise
    a CSV list.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix in {".csv", ".tsv"}:
        return "csv"
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    seen = 0
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";", "<!--")):
            continue
        if stripped.startswith("+") or "---STOP---" in stripped or _PHOENIX_CODE.search(stripped):
            return "phoenix"
        seen += 1
        if seen >= _SNIFF_LINES:
            break
    return "csv"


def read_actor_file(path: str | Path, format: str = "auto", kb: KnowledgeBase | None = None,
                    stats: PhoenixStats | None = None) -> Iterator[Actor]:
    """The actors of one file: a CAMEO/Phoenix dictionary, or a user's CSV or TOML list.

    format: "auto" (:func:`detect_format`), "phoenix", "csv" or "toml". ``kb`` resolves country names in
    lists (default: the shipped knowledge base). A Phoenix dictionary's problems go to ``stats.warnings``
    and never stop it; a bad row of a list raises ``ValueError`` naming its line.
    """
    path = Path(path)
    if format not in FORMATS:
        raise ValueError(f"unknown actor file format {format!r}; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise FileNotFoundError(f"no actor file at {path}")
    fmt = detect_format(path) if format == "auto" else format
    if fmt == "phoenix":
        return parse_phoenix(path, stats=stats)
    suffix = path.suffix.lower()
    if (fmt == "toml" and suffix == ".toml") or (fmt == "csv" and suffix in {".csv", ".tsv", ".txt"}):
        return parse_actor_list(path, kb=kb)
    return _list_as(path, fmt, kb)


def _list_as(path: Path, fmt: str, kb: KnowledgeBase | None) -> Iterator[Actor]:
    """A list whose name does not say its format (``--format csv`` on ``people.list``)."""
    rows = _toml_rows(path) if fmt == "toml" else _csv_rows(path, delimiter=",")
    yield from list_actors(rows, path, kb)


# --------------------------------------------------------------------------------------------- the KB

_CACHE: OrderedDict[tuple, KnowledgeBase] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def kb_for_settings(settings: Any = None) -> KnowledgeBase:
    """The shipped knowledge base plus the actors stored at ``settings.db`` and those of ``actor_files``.

    The store is read only when it exists already (for SQLite: its file), and never changed; one that cannot
    be reached is logged and skipped, so reading documents never depends on a database. A file of
    ``actor_files`` that is missing or broken raises :class:`~wirewatch.errors.WirewatchError`. Cached per
    (database, files with their size and time, the store's actor count and latest import): shared, do not add
    to it. With nothing to add, this is :func:`load_kb` itself.
    """
    if settings is None:
        from ..settings import load_settings

        settings = load_settings()
    url = settings.db
    files = tuple(settings.values.get("actor_files") or ())
    file_keys = tuple(_file_key(name) for name in files)
    store = _existing_store(url)
    try:
        version = store.actors_version() if store is not None else (0, None)
        key = (os.getcwd(), url, file_keys, version)
        with _LOCK:
            cached = _CACHE.get(key)
            if cached is not None:
                _CACHE.move_to_end(key)
                return cached
        if not version[0] and not files:
            kb = load_kb()
        else:
            kb = load_kb().copy()
            if store is not None and version[0]:
                kb.add_all(store.iter_actors())
            for name, (path, *_) in zip(files, file_keys):
                stats = PhoenixStats()
                try:
                    kb.add_all(list(read_actor_file(path, kb=kb, stats=stats)))
                except (OSError, ValueError) as exc:
                    raise WirewatchError(f"setting actor_files: cannot read {name}: {exc}") from None
                kb.warnings.extend(stats.warnings)
    finally:
        if store is not None:
            store.close()
    with _LOCK:
        _CACHE[key] = kb
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return kb


def _file_key(name: str) -> tuple[str, int, int]:
    path = Path(name).expanduser()
    try:
        stat = path.stat()
    except OSError:
        raise WirewatchError(f"setting actor_files: no actor file at {name}") from None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def _existing_store(url: str):
    from ..store import StoreError, open_existing_store

    try:
        return open_existing_store(url)
    except StoreError as exc:
        log.warning("%s; going on without its stored actors", exc)
        return None


# --------------------------------------------------------------------------------------------- learning

_TITLE_RULES = frozenset({"title", "apposition"})
_ROLE_EVIDENCE = re.compile(r"role (.+?) from '")


def learned_actors(records: Iterable[dict[str, Any]], known: KnowledgeBase | None = None,
                   ) -> tuple[list[Actor], Counter]:
    """People the records introduce with a title or apposition, as actors; and what was seen, counted.

    A PERSON entity is learned when one of its mentions was linked by the ``title`` or ``apposition`` rule
    and it has a country and a sector. When the entity carries ``evidence``, the sector must come from such
    a mention ("Polish Foreign Minister") and the country from one of the person's own mentions ("Polish
    Foreign Minister", "Jan Kowalczyk of Poland"), not from the countries named around them. Names ``known`` already
    knows (default: the shipped knowledge base), other than by an earlier learning, are skipped. A name seen
    in several records with different codes gets the codes seen most often (the first record on a tie). Each
    actor is undated, of kind "person", with ``source`` "learned from <record id>" (the first record that
    gave it those codes) and ``id`` "learned:<name>".

    The counter has "records", "known" (titled people the knowledge base knows: skipped), "candidates"
    (the others whose codes came from the text: learned, one actor per name) and "outvoted".
    """
    known = known if known is not None else load_kb()
    counts: Counter = Counter()
    votes: dict[str, Counter] = {}
    first: dict[tuple[str, tuple], tuple[str, str]] = {}    # (key, codes) -> (record id, name)
    order: list[str] = []
    for record in records:
        counts["records"] += 1
        doc_id = str(record.get("id"))
        for entity in record.get("entities") or ():
            titled = _titled_person(entity)
            if titled is None:
                continue
            name, titles = titled
            if _known(known, name):
                counts["known"] += 1
                continue
            codes = _codes(entity, titles)
            if codes is None:
                continue
            counts["candidates"] += 1
            key = _slug(name)
            if key not in votes:
                votes[key] = Counter()
                order.append(key)
            votes[key][codes] += 1
            first.setdefault((key, codes), (doc_id, name))
    actors: list[Actor] = []
    for key in order:
        ranked = votes[key].most_common()      # first seen first among equal counts
        codes = ranked[0][0]
        counts["outvoted"] += sum(n for c, n in ranked if c != codes)
        doc_id, name = first[(key, codes)]
        country, sector, role = codes
        actors.append(Actor(id=f"learned:{key}", name=name, country=country, sector=sector, role=role,
                            kind="person", source=f"{LEARNED_PREFIX}{doc_id}", code=country + sector))
    return actors, counts


def _titled_person(entity: Any) -> tuple[str, set[str]] | None:
    """A PERSON entity's name and the texts of its title and apposition mentions; None if it has none."""
    if not isinstance(entity, dict) or entity.get("type") != "PERSON":
        return None
    name = entity.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    titles = {m["text"] for m in entity.get("mentions") or ()
              if isinstance(m, dict) and m.get("rule") in _TITLE_RULES and m.get("text")}
    return (name.strip(), titles) if titles else None


def _codes(entity: dict[str, Any], titles: set[str]) -> tuple[str, str, str | None] | None:
    """(country, sector, role) of a titled person, when the text gave them (see :func:`learned_actors`)."""
    country, sector = entity.get("country"), entity.get("sector")
    if not (isinstance(country, str) and country and isinstance(sector, str) and sector):
        return None
    evidence = entity.get("evidence")
    if not isinstance(evidence, list):
        return country, sector, None
    lines = [line for line in evidence if isinstance(line, str)]
    # the sector from the title itself; the country from the person's own words ("Polish Foreign
    # Minister", "Jan Kowalczyk of Poland"), never from the countries named around them
    texts = {m["text"] for m in entity.get("mentions") or () if isinstance(m, dict) and m.get("text")}
    if not (_from_title(lines, f"sector {sector}", titles) and _from_title(lines, f"country {country}", texts)):
        return None
    role = None
    for line in lines:
        match = _ROLE_EVIDENCE.match(line)
        if match and _from_title([line], f"role {match.group(1)}", titles):
            role = match.group(1)
            break
    return country, sector, role


def _from_title(lines: list[str], claim: str, titles: set[str]) -> bool:
    """Whether an evidence line says ``claim`` came from one of the title/apposition mentions."""
    return any(line.startswith(f"{claim} from '{text}'") for line in lines for text in titles)


def _known(kb: KnowledgeBase, name: str) -> bool:
    return any(not actor.source.startswith(LEARNED_PREFIX) for actor in kb.lookup(name))
