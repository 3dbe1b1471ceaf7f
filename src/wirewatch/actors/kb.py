"""The actor knowledge base: who a name stands for, in PLOVER country and sector codes.

Everything here is offline data: our own TOML files under ``wirewatch/data/actors`` (countries with the
names and adjectives pycountry lacks, metonyms, IGOs, agent words, leaders with dated terms), plus what a
caller imports: CAMEO/Phoenix actor dictionaries (:func:`parse_phoenix`) and a user's own CSV or TOML list
(:func:`parse_actor_list`).

Conventions (see the data files' headers for the reasons):

* ``country`` is an ISO 3166-1 alpha-3 code (Kosovo "KOS", as PLOVER writes it), or ``None`` for
  international actors; those carry ``sector`` "IGO"/"NGO"/"MNC"/"IMG"/"ISM" and a CAMEO-style ``code``
  ("IGOUNO"). :attr:`Actor.plover_country` gives what PLOVER puts in its country field ("UNO", "EUR", "IGO"...).
* ``sector`` is a PLOVER sector code (GOV, OPP, MIL, COP, JUD, LEG, REB, JRN, BUS, CVL, EDU, ...); PLOVER's
  MED is health and JRN is media. Secondary codes go to ``other_sectors``.
* One :class:`Actor` is one *role* of a referent: a person with three terms is three Actors sharing an ``id``.
  A dated role applies on a day when ``start <= day <= end`` (both inclusive, as in PETRARCH; a missing
  bound is open). A ``fallback`` role (Phoenix's undated code next to dated ones) applies only when no dated
  role of the same ``id`` does.
* Names are compared by :func:`name_key`: case, diacritics, dots, hyphens, apostrophes, a leading "the" and
  a trailing possessive are ignored ("the U.S.'s" == "US").
"""
from __future__ import annotations

import csv
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = [
    "Actor",
    "KnowledgeBase",
    "PhoenixStats",
    "PLOVER_SECTORS",
    "load_kb",
    "name_key",
    "parse_actor_list",
    "parse_phoenix",
    "split_code",
]

# PLOVER v2.0 sector codes (manual, "Sector Codes"), and the international non-state codes.
PLOVER_SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
    "IGO", "NGO", "MNC", "IMG", "ISM",
})
# CAMEO sector codes that PLOVER renamed or merged (manual, sector notes 3 and 4): CAMEO's MED was media,
# HLH health; INS (insurgents) and SEP (separatists) are REB; UNR (unrecognised) is PLOVER's PRE.
CAMEO_TO_PLOVER_SECTOR = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "UNR": "PRE"}
# Code prefixes that stand for international non-state actors, not countries (CAMEO and PLOVER).
INTERNATIONAL_PREFIXES = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "ISM"})
# CAMEO country codes that are not ISO 3166-1 alpha-3, and what we write instead.
CAMEO_COUNTRY_CODES = {"KSV": "KOS", "TMP": "TLS"}
# Former states CAMEO codes as countries: kept as they are (no ISO alpha-3 today).
HISTORIC_COUNTRY_CODES = frozenset({"USR", "SUN", "DDR", "YUG", "SCG", "CSK", "FRY"})

KIND_RANK = {"person": 0, "metonym": 1, "igo": 2, "ngo": 2, "actor": 3, "agent": 4, "region": 5,
             "country": 5, "territory": 6}
_ELI_AFTER = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "IGO"})


# --------------------------------------------------------------------------------------------- names

_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "Þ": "th",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ß": "ss",
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "&": " and ",
})
_SEPARATORS = re.compile(r"[_\-/\s\"“”«»(),;:!?\[\]{}]+")
_POSSESSIVE = re.compile(r"(?:'s|')$")


@lru_cache(maxsize=1 << 16)  # the entities stage asks for the same few thousand words over and over
def name_key(text: str) -> str:
    """The form names are compared in: ``name_key("The U.S.'s") == name_key("us")``."""
    if text.isascii():
        folded = text.translate(_FOLD).lower()
    else:
        folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = folded.replace(".", "")
    folded = " ".join(_SEPARATORS.sub(" ", folded).split())
    folded = _POSSESSIVE.sub("", folded).replace("'", "")
    if folded.startswith("the "):
        folded = folded[4:]
    return folded.strip()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "x"


# --------------------------------------------------------------------------------------------- Actor

@dataclass(frozen=True)
class Actor:
    """One role of a referent (a person's term, a country, a metonym, an IGO, an agent word).

    ``id`` is stable and shared by all roles of one referent; ``source`` says where the role came from
    ("leaders.toml:412", "Phoenix.Countries.actors.txt:4080", "derived from leaders.toml:412").
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kind: str = "actor"
    start: date | None = None
    end: date | None = None
    source: str = ""
    code: str | None = None
    other_sectors: tuple[str, ...] = ()
    fallback: bool = False

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def applies_on(self, on: date | None) -> bool:
        """Whether this role holds on ``on`` (always, when ``on`` is None or the role is undated)."""
        if on is None:
            return True
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def plover_country(self) -> str | None:
        """What PLOVER v2.0 puts in the country field: the ISO code, or UNO/EUR/IGO/NGO/MNC/IMG/ISM."""
        if self.country:
            return self.country
        code = self.code or ""
        if code.startswith("IGOUNO"):
            return "UNO"
        if code.startswith("IGOEUR") and not code.startswith("IGOEURCOE"):
            return "EUR"
        for prefix in (code[:3], self.sector or ""):
            if prefix in {"IGO", "NGO", "MNC", "IMG", "ISM"}:
                return prefix
            if prefix == "NGM":
                return "NGO"
        return None


@lru_cache(maxsize=4096)
def split_code(code: str, cameo: bool = True) -> tuple[str | None, str | None, tuple[str, ...]]:
    """A CAMEO/Phoenix code ("BLRGOV", "EGYGOVJUD", "IGOUNOKID", "ELI") as (country, sector, other sectors).

    Country codes take their first three letters as the country and the next three as the sector, when those
    are a sector code ("USRARM", Soviet Armenia, and "GBRVGB", a British territory, have none); codes of
    international actors (IGO..., NGO..., MNC..., IMG...) have no country and that prefix as the sector; a
    bare sector code ("ELI") has only the sector. With ``cameo`` (the default), CAMEO sector codes become
    PLOVER's (MED -> JRN, HLH -> MED, INS/SEP -> REB, UNR -> PRE). Later 3-letter sector codes go to the
    third value ("EGYGOVJUD" -> JUD).
    """
    def sector_of(chunk: str) -> str | None:
        if cameo:
            chunk = CAMEO_TO_PLOVER_SECTOR.get(chunk, chunk)
        return chunk if chunk in PLOVER_SECTORS else None

    def others(chunks: list[str], primary: str | None) -> tuple[str, ...]:
        found = (sector_of(c) for c in chunks)
        return tuple(dict.fromkeys(s for s in found if s and s != primary))

    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    head, rest = chunks[0], chunks[1:]
    if head in INTERNATIONAL_PREFIXES:
        sector = "NGO" if head == "NGM" else head
        return None, sector, others(rest, sector)
    country = _country_prefix(head)
    if country is not None:
        sector = sector_of(rest[0]) if rest else None
        return country, sector, others(rest[1:], sector)
    sector = sector_of(head)
    if sector is not None:
        return None, sector, others(rest, sector)
    # CAMEO regions (AFR, MEA, WEU ...): no country; keep a sector if one follows.
    sector = sector_of(rest[0]) if rest else None
    return None, sector, others(rest[1:], sector)


@lru_cache(maxsize=1)
def _iso_alpha3() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries) | {"KOS"}


def _country_prefix(code: str) -> str | None:
    if code in CAMEO_COUNTRY_CODES:
        return CAMEO_COUNTRY_CODES[code]
    if code in _iso_alpha3() or code in HISTORIC_COUNTRY_CODES:
        return code
    return None


# --------------------------------------------------------------------------------------------- the KB

@dataclass
class _Entry:
    rank: int      # 0: our own data files, 1: added (imported, learned)
    seq: int       # insertion order, for stable sorting
    alias: bool    # matched by an alias rather than the primary name
    actor: Actor


class KnowledgeBase:
    """Actors by name. Build the shipped one with :func:`load_kb` (cached) or :meth:`builtin` (fresh)."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[_Entry]] = {}
        self._by_id: dict[str, list[Actor]] = {}
        self._countries: dict[str, str] = {}     # name key -> alpha-3 (countries, territories, regions)
        self._adjectives: dict[str, str] = {}    # adjective / demonym key -> alpha-3
        self._agents: dict[str, Actor] = {}      # agent phrase key -> agent Actor
        self._eli_modifiers: frozenset[str] = frozenset()
        self._eli_applies_to: frozenset[str] = frozenset()
        self._seq = 0
        self.warnings: list[str] = []            # data problems met while loading (conflicts, bad rows)

    # ---------------------------------------------------------------- building

    @classmethod
    def builtin(cls) -> KnowledgeBase:
        """A fresh knowledge base from the shipped data files (not cached: safe to :meth:`add` to)."""
        kb = cls()
        _load_builtin(kb)
        return kb

    def copy(self) -> KnowledgeBase:
        """A copy that can be added to without changing this one (the lists are copied, Actors are frozen)."""
        new = KnowledgeBase()
        new._by_key = {k: list(v) for k, v in self._by_key.items()}
        new._by_id = {k: list(v) for k, v in self._by_id.items()}
        new._countries = dict(self._countries)
        new._adjectives = dict(self._adjectives)
        new._agents = dict(self._agents)
        new._eli_modifiers = self._eli_modifiers
        new._eli_applies_to = self._eli_applies_to
        new._seq = self._seq
        new.warnings = list(self.warnings)
        return new

    def add(self, actor: Actor) -> None:
        """Add an imported or learned actor: it is found by its name and aliases from now on.

        Added actors rank after the shipped data when both match a lookup equally well. An added actor of
        kind "country" also teaches :meth:`country_for_name` its names (never overriding shipped ones).
        """
        self._add(actor, rank=1)
        if actor.kind == "country" and actor.country:
            for text in actor.names:
                self._countries.setdefault(name_key(text), actor.country)

    def add_all(self, actors: Iterable[Actor]) -> int:
        """:meth:`add` each actor; returns how many were added."""
        count = 0
        for actor in actors:
            self.add(actor)
            count += 1
        return count

    def _add(self, actor: Actor, rank: int) -> None:
        self._seq += 1
        self._by_id.setdefault(actor.id, []).append(actor)
        seen: set[str] = set()
        for i, text in enumerate(actor.names):
            key = name_key(text)
            if not key or key in seen:
                continue
            seen.add(key)
            self._by_key.setdefault(key, []).append(_Entry(rank, self._seq, i > 0, actor))

    # ---------------------------------------------------------------- queries

    def lookup(self, name: str, on: date | None = None) -> list[Actor]:
        """Every actor ``name`` can stand for, the most specific first.

        With ``on``, only roles that hold on that day (dated roles within their dates, undated ones, and a
        referent's fallback role when none of its dated roles holds). Without ``on``, every role: current and
        undated ones first, then ended ones (latest end first), then fallbacks. To learn who a name is
        when none of its roles holds on a day (a dead or not yet appointed person), call it without ``on``.

        Ranking: roles that hold (fallbacks last), then our own data before imported or added, then
        person > seat/institution metonym > IGO/NGO > imported actor > agent > country/region > territory >
        capital metonym, then a primary-name match before an alias match, then dated before undated, then
        the role that started last (so in overlapping Phoenix ranges the newer role comes first).
        """
        entries = self._by_key.get(name_key(name), [])
        if not entries:
            return []
        if on is not None:
            holding_ids = {e.actor.id for e in entries
                           if e.actor.dated and not e.actor.fallback and e.actor.applies_on(on)}
            picked = [e for e in entries
                      if (e.actor.id not in holding_ids if e.actor.fallback else e.actor.applies_on(on))]
        else:
            picked = list(entries)
        picked.sort(key=lambda e: self._rank(e, on))
        out: list[Actor] = []
        seen: set[Actor] = set()
        for entry in picked:
            if entry.actor not in seen:
                seen.add(entry.actor)
                out.append(entry.actor)
        return out

    @staticmethod
    def _rank(entry: _Entry, on: date | None) -> tuple:
        actor = entry.actor
        if actor.fallback:
            tier = 2
        elif on is None and actor.dated and actor.end is not None:
            tier = 1                                   # without a date: ended roles after current ones
        else:
            tier = 0
        kind = KIND_RANK.get(actor.kind, 3)
        if actor.kind == "metonym" and actor.role == "capital":
            kind = 7
        ended = -actor.end.toordinal() if tier == 1 else 0
        latest = -(actor.start or date.min).toordinal()
        return (tier, entry.rank, kind, entry.alias, not actor.dated, ended, latest, entry.seq)

    def by_id(self, actor_id: str) -> list[Actor]:
        """All roles of one referent, in the order they were added."""
        return list(self._by_id.get(actor_id, []))

    def country_for_name(self, name: str) -> str | None:
        """The alpha-3 code a country, territory or region name stands for ("Moldova" -> "MDA",
        "Britain" -> "GBR", "Puerto Rico" -> "USA", "Transnistria" -> "MDA")."""
        return self._countries.get(name_key(name))

    def country_for_adjective(self, word: str) -> str | None:
        """The alpha-3 code of a nationality adjective or demonym ("Moldovan" -> "MDA", "Britons" -> "GBR")."""
        return self._adjectives.get(name_key(word))

    def agent_for(self, phrase: str) -> Actor | None:
        """The agent entry for a role phrase: the whole phrase, else its longest listed ending
        ("senior White House spokesman" -> "White House spokesman"). A leading "former", "ex-", "exiled" ... turns a
        government, military or legislative role into PLOVER ELI ("former president" -> ELI)."""
        tokens = name_key(phrase).split()
        if not tokens:
            return None
        for i in range(len(tokens)):
            agent = self._agents.get(" ".join(tokens[i:]))
            if agent is None:
                continue
            before = tokens[:i]
            if (agent.sector in self._eli_applies_to and agent.sector != "ELI"
                    and any(t in self._eli_modifiers for t in before)):
                return replace(agent, sector="ELI", other_sectors=(agent.sector,),
                               role=f"former {agent.role or agent.name}",
                               code=(agent.country or "") + "ELI")
            return agent
        return None

    def sector_for_agent(self, phrase: str) -> str | None:
        """The PLOVER sector of a role phrase ("spokesman" -> "GOV", "riot police" -> "COP"), or None."""
        agent = self.agent_for(phrase)
        return agent.sector if agent else None

    def actors(self) -> Iterator[Actor]:
        for roles in self._by_id.values():
            yield from roles

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_id.values())

    def counts(self) -> dict[str, int]:
        """How many distinct referents of each kind (metonyms split by their kind: seat, capital, institution)."""
        out: dict[str, int] = {}
        for roles in self._by_id.values():
            first = roles[0]
            kind = f"metonym:{first.role}" if first.kind == "metonym" else first.kind
            out[kind] = out.get(kind, 0) + 1
        return out

    # ---------------------------------------------------------------- imports

    def import_phoenix(self, path: str | Path) -> PhoenixStats:
        """Add every actor of a CAMEO/Phoenix dictionary; returns what was read."""
        stats = PhoenixStats()
        for actor in parse_phoenix(path, stats=stats):
            self.add(actor)
        return stats

    def import_list(self, path: str | Path) -> int:
        """Add every actor of a user's CSV or TOML list; returns how many roles were added."""
        return self.add_all(parse_actor_list(path, kb=self))


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once. Shared: use ``load_kb().copy()`` before adding to it."""
    return KnowledgeBase.builtin()


# --------------------------------------------------------------------------------------------- data files

def _data_text(name: str) -> str:
    return files("wirewatch").joinpath(f"data/actors/{name}").read_text("utf-8")


def _header_lines(text: str, pattern: str) -> list[int]:
    """1-based line numbers of the lines matching ``pattern`` (table headers), in file order."""
    rx = re.compile(pattern)
    return [i for i, line in enumerate(text.splitlines(), 1) if rx.match(line)]


def _load_builtin(kb: KnowledgeBase) -> None:
    _load_countries(kb)
    _load_metonyms(kb)
    _load_igos(kb)
    _load_agents(kb)
    _load_leaders(kb)


def _plural(word: str, invariant: frozenset[str] = frozenset(), irregular: dict[str, str] | None = None) -> str | None:
    """A simple English plural of a noun phrase (its head: the word before " of ", else the last word)."""
    irregular = irregular or {}
    low = word.strip()
    key = name_key(low)
    if key in irregular:
        return irregular[key]
    head, sep, tail = low.partition(" of ")
    if sep:
        plural_head = _plural(head, invariant, irregular)
        return f"{plural_head} of {tail}" if plural_head else None
    words = low.split(" ")
    last = words[-1]
    last_key = name_key(last)
    if key in invariant or last_key in invariant:
        return None
    if last_key in irregular:
        new = irregular[last_key]
    elif last.lower().endswith("man") and not last.lower().endswith(("human", "german", "roman", "ottoman")):
        new = last[:-3] + ("MEN" if last.isupper() else "men")
    elif re.search(r"(ss|sh|ch|x|z)$", last, re.I):
        if last.lower().endswith("ch") and last.lower() in {"czech", "stomach"}:
            new = last + "s"
        else:
            new = last + "es"
    elif last.lower().endswith("s"):
        return None                                  # already plural (troops, forces) or invariant (Swiss)
    elif last.lower().endswith("ese"):
        return None
    elif re.search(r"[^aeiou]y$", last, re.I) and not last.isupper():
        new = last[:-1] + "ies"
    elif last.isupper() and len(last) <= 4:
        new = last + "s"                             # MP -> MPs, CEO -> CEOs
    else:
        new = last + "s"
    return " ".join([*words[:-1], new])


def _demonym_plural(word: str) -> str | None:
    """Plural of a person noun of nationality: Russian -> Russians, Frenchman -> Frenchmen; none for
    adjectives that are not nouns (British, Danish, Dutch) or do not change (Chinese, Swiss)."""
    low = word.lower()
    if word.isupper() or "." in word:
        return None
    if low.endswith(("sh", "ch", "ese", "s", "x", "z")) and low != "czech":
        return None
    if low.endswith("man") and not low.endswith(("german", "roman", "oman")):
        return word[:-3] + "men"
    return word + "s"


def _load_countries(kb: KnowledgeBase) -> None:
    import pycountry

    text = _data_text("countries.toml")
    data = tomllib.loads(text)
    lines = text.splitlines()
    line_of: dict[str, int] = {}
    for i, line in enumerate(lines, 1):
        m = re.match(r"\[(countries|regions)\.([\w-]+)\]", line)
        if m:
            line_of[f"{m.group(1)}.{m.group(2)}"] = i
    territories_line = next((i for i, line in enumerate(lines, 1) if line.startswith("[territories]")), 0)
    ambiguous = {name_key(k): v for k, v in data.get("ambiguous", {}).items()}

    def add_adjectives(code: str, spec: dict[str, Any]) -> None:
        adjectives = spec.get("adjectives", [])
        demonyms = spec.get("demonyms", adjectives)
        forms = list(adjectives) + list(demonyms)
        forms += [p for p in (_demonym_plural(d) for d in demonyms) if p]
        for form in forms:
            key = name_key(form)
            if key in ambiguous:
                kb._adjectives[key] = ambiguous[key]
            elif key in kb._adjectives and kb._adjectives[key] != code:
                kb.warnings.append(f"countries.toml: adjective {form!r} is both {kb._adjectives[key]} and {code}")
            else:
                kb._adjectives.setdefault(key, code)

    def iso_names(code: str) -> list[str]:
        record = pycountry.countries.get(alpha_3=code)
        if record is None:
            return []
        found = (record.name, getattr(record, "official_name", None), getattr(record, "common_name", None))
        return [n for n in found if n]

    for code, spec in data["countries"].items():
        names = list(dict.fromkeys([*spec.get("names", []), *iso_names(code)]))
        for text_name in names:
            kb._countries.setdefault(name_key(text_name), code)
        add_adjectives(code, spec)
        kb._add(Actor(id=f"country:{code.lower()}", name=names[0], aliases=tuple(names[1:]), country=code,
                      kind="country", source=f"countries.toml:{line_of.get(f'countries.{code}', 0)}", code=code),
                rank=0)

    extra = data.get("territory_names", {})
    for iso, controlling in data.get("territories", {}).items():
        spec = extra.get(iso, {})
        names = list(dict.fromkeys([*iso_names(iso), *spec.get("names", [])]))
        if not names:
            continue
        for text_name in names:
            kb._countries.setdefault(name_key(text_name), controlling)
        for adjective in spec.get("adjectives", []):
            kb._adjectives.setdefault(name_key(adjective), controlling)
        kb._add(Actor(id=f"territory:{iso.lower()}", name=names[0], aliases=tuple(names[1:]), country=controlling,
                      kind="territory", source=f"countries.toml:{territories_line}", code=controlling), rank=0)

    for slug, spec in data.get("regions", {}).items():
        country = spec["country"]
        sector = spec.get("sector")
        names = spec.get("names", [])
        for text_name in names:
            kb._countries.setdefault(name_key(text_name), country)
        add_adjectives(country, spec)
        kb._add(Actor(id=f"region:{slug}", name=names[0], aliases=tuple(names[1:]), country=country, sector=sector,
                      kind="region", source=f"countries.toml:{line_of.get(f'regions.{slug}', 0)}",
                      code=country + (sector or "")), rank=0)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _load_metonyms(kb: KnowledgeBase) -> None:
    text = _data_text("metonyms.toml")
    lines = _header_lines(text, r"\[\[metonym\]\]")
    for spec, line in zip(tomllib.loads(text)["metonym"], lines):
        country, sector = spec.get("country"), spec.get("sector")
        # the same place listed twice with different dates is one referent; another country, another one
        actor_id = f"metonym:{_slug(spec['name'])}" + (f"-{country.lower()}" if country else "")
        kb._add(Actor(id=actor_id, name=spec["name"], aliases=tuple(spec.get("aliases", [])), country=country,
                      sector=sector, role=spec["kind"], kind="metonym", start=_date(spec.get("start")),
                      end=_date(spec.get("end")), source=f"metonyms.toml:{line}",
                      code=spec.get("code") or ((country or "") + (sector or "")) or None), rank=0)


def _load_igos(kb: KnowledgeBase) -> None:
    text = _data_text("igos.toml")
    data = tomllib.loads(text)
    for table, kind, sector in (("igo", "igo", "IGO"), ("ngo", "ngo", "NGO")):
        lines = _header_lines(text, rf"\[\[{table}\]\]")
        for spec, line in zip(data.get(table, []), lines):
            kb._add(Actor(id=f"{kind}:{_slug(spec['name'])}", name=spec["name"], aliases=tuple(spec.get("aliases", [])),
                          country=None, sector=sector, kind=kind, start=_date(spec.get("start")),
                          end=_date(spec.get("end")), source=f"igos.toml:{line}", code=spec.get("code") or sector,
                          other_sectors=tuple(spec.get("other_sectors", []))), rank=0)


def _load_agents(kb: KnowledgeBase) -> None:
    text = _data_text("agents.toml")
    data = tomllib.loads(text)
    plurals = data.get("plurals", {})
    invariant = frozenset(name_key(w) for w in plurals.get("invariant", []))
    irregular = {name_key(k): v for k, v in plurals.get("irregular", {}).items()}
    modifiers = data.get("modifiers", {})
    kb._eli_modifiers = frozenset(name_key(w) for w in modifiers.get("eli", []) if name_key(w))
    kb._eli_applies_to = frozenset(modifiers.get("eli_applies_to", []))
    lines = _header_lines(text, r"\[\[agent\]\]")
    for spec, line in zip(data.get("agent", []), lines):
        sector, country = spec["sector"], spec.get("country")
        others = tuple(spec.get("other_sectors", []))
        for word in spec["words"]:
            forms = [word]
            plural = _plural(word, invariant, irregular)
            if plural and name_key(plural) != name_key(word):
                forms.append(plural)
            actor = Actor(id=f"agent:{_slug(word)}" + (f"-{country.lower()}" if country else ""), name=word,
                          aliases=tuple(forms[1:]), country=country, sector=sector, role=word, kind="agent",
                          source=f"agents.toml:{line}", code=(country or "") + sector, other_sectors=others)
            for form in forms:
                key = name_key(form)
                existing = kb._agents.get(key)
                if existing is not None and (existing.sector, existing.country) != (sector, country):
                    kb.warnings.append(f"agents.toml:{line}: {form!r} is already {existing.sector} "
                                       f"({existing.source}); kept that")
                    continue
                kb._agents.setdefault(key, actor)
            kb._add(actor, rank=0)


def _load_leaders(kb: KnowledgeBase) -> None:
    text = _data_text("leaders.toml")
    data = tomllib.loads(text)
    all_lines = text.splitlines()
    headers = _header_lines(text, r"\[\[person\]\]")
    for index, spec in enumerate(data.get("person", [])):
        header = headers[index]
        stop = headers[index + 1] if index + 1 < len(headers) else len(all_lines) + 1
        term_lines = [i for i in range(header, stop) if re.match(r"\s*\{\s*role\s*=", all_lines[i - 1])]
        terms = spec.get("terms", [])
        if len(term_lines) != len(terms):
            term_lines = [header] * len(terms)
        for actor in _person_roles(spec, terms, term_lines, header):
            kb._add(actor, rank=0)


def _person_roles(spec: dict[str, Any], terms: list[dict[str, Any]], term_lines: list[int], header: int) -> list[Actor]:
    name = spec["name"]
    actor_id = spec.get("id") or f"person:{_slug(name)}"
    aliases = tuple(a for a in dict.fromkeys(spec.get("aliases", [])) if name_key(a) != name_key(name))
    home = spec.get("country")
    died = _date(spec.get("died"))
    roles: list[Actor] = []
    for term, line in zip(terms, term_lines):
        code = term.get("code")
        sector = term["sector"]
        country = None if code and code[:3] in INTERNATIONAL_PREFIXES else term.get("country", home)
        roles.append(Actor(id=actor_id, name=name, aliases=aliases, country=country, sector=sector,
                           role=term.get("role"), kind="person", start=_date(term.get("start")),
                           end=_date(term.get("end")), source=f"leaders.toml:{line}",
                           code=code or (country or "") + sector, other_sectors=tuple(term.get("other_sectors", []))))
    # PLOVER ELI between and after official posts (never before the first, never after death).
    official = sorted((r for r in roles if r.sector in _ELI_AFTER and r.end is not None),
                      key=lambda r: r.end or date.min)
    for role in official:
        gap_start = role.end + timedelta(days=1)
        if died is not None and gap_start > died:
            continue
        if any(r.applies_on(gap_start) for r in roles):
            continue
        later = [r.start for r in roles if r.start is not None and r.start > role.end]
        gap_end = min(later) - timedelta(days=1) if later else died
        roles.append(Actor(id=actor_id, name=name, aliases=aliases, country=home, sector="ELI",
                           role=f"former {role.role}", kind="person", start=gap_start, end=gap_end,
                           source=f"derived from {role.source}", code=(home or "") + "ELI",
                           other_sectors=(role.sector,)))
    return roles


# --------------------------------------------------------------------------------------------- Phoenix

@dataclass
class PhoenixStats:
    """What :func:`parse_phoenix` read: entries (actors with at least one code), roles yielded, and
    problems (each "file:line: what"), which never stop the parse."""

    lines: int = 0
    entries: int = 0
    roles: int = 0
    uncoded: int = 0          # entries that ended without any code (skipped)
    null_codes: int = 0       # [---] restrictions (PETRARCH's "do not code")
    warnings: list[str] = field(default_factory=list)


@dataclass
class _PhoenixEntry:
    names: list[tuple[str, int]]
    comment: str
    codes: list[tuple[str, date | None, date | None, bool, int]] = field(default_factory=list)
    # (code, start, end, dated, line)


_BRACKETS = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"[A-Z]{3}[A-Z0-9]*")


def parse_phoenix(path: str | Path, stats: PhoenixStats | None = None) -> Iterator[Actor]:
    """Read a CAMEO/Phoenix (TABARI/PETRARCH) actor dictionary, one entry at a time.

    The format, as PETRARCH reads it: a primary phrase at the start of a line (``ALYAKSANDR_LUKASHENKA_``),
    optionally followed by a default code (``AFGHANISTAN_  [AFG]``); synonyms on lines starting with ``+``;
    date restrictions on indented lines, ``[BLRGOV >940720]`` (on or after), ``[RUSGOV <080508]`` (on or
    before), ``[AFGGOV 331108-730717]`` (between, inclusive), or an undated ``[BLRELI]`` which is the code when
    no restriction holds. Dates are YYMMDD (00-30 = 20YY, else 19YY) or YYYYMMDD. Several bracketed codes may
    share a line (the older TABARI layout). A primary phrase with no codes before the next primary phrase is
    a synonym of the next entry (so PETRARCH groups them). ``#`` starts a comment, as do ``;`` (legacy) and
    ``<!-- ... -->``; ``[---]`` is the null code (dropped); ``---STOP---`` ends the file.

    Deviations, each noted in ``stats.warnings``: a bare date without ``<``/``>`` (``[MNEGOV 20121204]``) is
    taken as a start date; a 10-digit date (``1920030320``, a typo) uses its last eight digits; an invalid date
    or code drops that restriction only.

    Yields one :class:`Actor` per code (role) of each entry: country = first three letters, sector = next
    three (see :func:`split_code`), ``code`` = the whole code, ``source`` = "file:line" of the restriction.
    """
    path = Path(path)
    stats = stats if stats is not None else PhoenixStats()
    prefix = _slug(path.name.split(".txt")[0].replace(".", " "))
    ids: dict[str, int] = {}
    current: _PhoenixEntry | None = None
    pending: list[tuple[str, int]] = []      # uncoded primary phrases waiting for the next entry's codes
    in_xml_comment = False

    def finish(entry: _PhoenixEntry | None) -> Iterator[Actor]:
        if entry is None:
            return
        if not entry.codes:
            stats.uncoded += 1
            return
        yield from _phoenix_actors(entry, path.name, prefix, ids, stats)

    with open(path, "rb") as handle:
        for lineno, raw_bytes in enumerate(handle, 1):
            stats.lines = lineno
            raw = _decode(raw_bytes)
            if in_xml_comment:
                end = raw.find("-->")
                if end < 0:
                    continue
                raw = raw[end + 3:]
                in_xml_comment = False
            if "<!--" in raw:
                raw = re.sub(r"<!--.*?-->", " ", raw)
                if "<!--" in raw:
                    raw, in_xml_comment = raw[:raw.index("<!--")], True
            if "---STOP---" in raw:
                break
            body, _, comment = raw.partition("#")
            body = body.partition(";")[0].rstrip("\r\n")
            stripped = body.strip()
            if not stripped:
                continue
            if body[:1] in (" ", "\t"):
                if current is None:
                    stats.warnings.append(f"{path.name}:{lineno}: restriction before any actor; skipped")
                    continue
                _phoenix_codes(stripped, lineno, current, path.name, stats)
                continue
            if stripped.startswith("+"):
                phrase = stripped[1:].split("[", 1)[0].strip()
                if current is None:
                    stats.warnings.append(f"{path.name}:{lineno}: synonym before any actor; skipped")
                    continue
                if phrase:
                    current.names.append((phrase, lineno))
                if "[" in stripped:
                    _phoenix_codes(stripped[stripped.index("["):], lineno, current, path.name, stats)
                continue
            phrase = stripped.split("[", 1)[0].strip()
            if current is not None and not current.codes:
                pending.extend(current.names)        # uncoded: a synonym of what follows
                current = None
            yield from finish(current)
            current = _PhoenixEntry(names=[*pending, (phrase, lineno)], comment=comment.strip())
            pending = []
            if "[" in stripped:
                _phoenix_codes(stripped[stripped.index("["):], lineno, current, path.name, stats)
    yield from finish(current)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _phoenix_codes(text: str, lineno: int, entry: _PhoenixEntry, filename: str, stats: PhoenixStats) -> None:
    groups = _BRACKETS.findall(text)
    if not groups:
        stats.warnings.append(f"{filename}:{lineno}: no [code] in restriction line; skipped")
        return
    for group in groups:
        parts = group.split(None, 1)
        if not parts:
            stats.warnings.append(f"{filename}:{lineno}: empty []; skipped")
            continue
        code, rest = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
        if code.strip("-") == "":
            stats.null_codes += 1
            continue
        if not _CODE.fullmatch(code):
            stats.warnings.append(f"{filename}:{lineno}: code {code!r} is not CAMEO-shaped; skipped")
            continue
        start = end = None
        dated = bool(rest)
        try:
            if not rest:
                pass
            elif rest[0] == "<":
                end = _phoenix_date(rest[1:], filename, lineno, stats)
            elif rest[0] == ">":
                start = _phoenix_date(rest[1:], filename, lineno, stats)
            elif "-" in rest:
                first, _, second = rest.partition("-")
                start = _phoenix_date(first, filename, lineno, stats)
                end = _phoenix_date(second, filename, lineno, stats)
                if end < start:
                    raise ValueError("end before start")
            else:
                start = _phoenix_date(rest, filename, lineno, stats)
                stats.warnings.append(f"{filename}:{lineno}: bare date in [{group}] taken as a start date")
        except ValueError as error:
            stats.warnings.append(f"{filename}:{lineno}: [{group}]: {error}; restriction skipped")
            continue
        entry.codes.append((code, start, end, dated, lineno))


def _phoenix_date(text: str, filename: str, lineno: int, stats: PhoenixStats) -> date:
    digits = text.strip()
    if not digits.isdigit():
        digits = re.sub(r"\D", "", digits)
    if len(digits) < 6:
        raise ValueError(f"date {text.strip()!r} is too short")
    if len(digits) <= 7:                              # YYMMDD (PETRARCH: up to 7 characters)
        year = int(digits[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(digits[2:4]), int(digits[4:6])
    else:
        if len(digits) >= 10:                         # e.g. 1920030320: a stray "19" before YYYYMMDD
            stats.warnings.append(f"{filename}:{lineno}: date {digits} read as {digits[-8:]}")
            digits = digits[-8:]
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return date(year, month, day)                     # ValueError on an impossible date


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "la", "le", "du", "des", "da", "do", "dos",
                          "van", "von", "der", "al", "el", "bin", "ibn"})


def _phoenix_title(phrase: str) -> str:
    """A readable form of an upper-case Phoenix phrase: MOHAMMAD_ZAHIR_SHAH -> Mohammad Zahir Shah."""
    words = phrase.split()
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0]                               # NATO, IAEA, UNHCR
    out = []
    for i, word in enumerate(words):
        if "." in word:
            out.append(word)                          # U.S., U.N.
        elif i and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(_POSSESSIVE_TITLE.sub("'s", word.title()))   # Al-Qaeda, O'Brien, Children's
    return " ".join(out)


_POSSESSIVE_TITLE = re.compile(r"'S\b")


def _phoenix_actors(entry: _PhoenixEntry, filename: str, prefix: str, ids: dict[str, int],
                    stats: PhoenixStats) -> Iterator[Actor]:
    names: dict[str, str] = {}                        # upper-case form -> cleaned phrase, first wins
    for phrase, _ in entry.names:
        cleaned = " ".join(phrase.replace("_", " ").split())
        if cleaned:
            names.setdefault(cleaned.upper(), cleaned)
    if not names:
        stats.uncoded += 1
        return
    first, *others = names.values()
    display = _phoenix_title(first)
    # aliases only need to match (lookups ignore case); str.title is enough for showing them
    aliases = tuple(_POSSESSIVE_TITLE.sub("'s", n.title()) for n in others)
    slug = _slug(display)
    ids[slug] = ids.get(slug, 0) + 1
    actor_id = f"{prefix}:{slug}" + (f"-{ids[slug]}" if ids[slug] > 1 else "")
    has_dated = any(dated for *_, dated, _ in entry.codes)
    is_person = "countryinfo" in entry.comment.lower()
    stats.entries += 1
    for code, start, end, dated, lineno in entry.codes:
        country, sector, others = split_code(code)
        if is_person:
            kind = "person"
        elif not has_dated and len(entry.codes) == 1 and len(code) == 3 and country:
            kind = "country"
        else:
            kind = "actor"
        stats.roles += 1
        yield Actor(id=actor_id, name=display, aliases=aliases, country=country, sector=sector, kind=kind,
                    start=start, end=end, source=f"{filename}:{lineno}", code=code, other_sectors=others,
                    fallback=has_dated and not dated)


# --------------------------------------------------------------------------------------------- user lists

_LIST_COLUMNS = ("name", "aliases", "country", "sector", "start", "end")


def parse_actor_list(path: str | Path, kb: KnowledgeBase | None = None) -> Iterator[Actor]:
    """Read a user's own actor list: CSV or TOML. (YAML is not supported: PyYAML is not installed.)

    CSV: columns ``name,aliases,country,sector,start,end`` (aliases separated by ";", dates ISO, empty =
    open), with a header row or in that order without one; optional extra columns ``role``, ``kind``
    (default "person"), ``code``, ``id``, ``other_sectors`` (";"-separated). TOML: ``[[actor]]`` tables with
    the same keys (aliases and other_sectors as arrays, dates as TOML dates or strings).

    ``country`` may be an alpha-3 or alpha-2 code or a country name ("Moldova"); names are resolved with
    ``kb`` (default: the shipped knowledge base). A bad row raises ValueError naming its line.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        raise ValueError(f"{path.name}: YAML lists are not supported (PyYAML is not installed); "
                         "give the list as CSV or TOML")
    if suffix == ".toml":
        rows = _toml_rows(path)
    elif suffix in {".csv", ".tsv", ".txt"}:
        rows = _csv_rows(path, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise ValueError(f"{path.name}: unknown list format {suffix!r}; use .csv or .toml")
    yield from list_actors(rows, path, kb)


def list_actors(rows, path: Path, kb) -> Iterator[Actor]:
    """The actors of a list's rows (line number, row), each with its file and line as source."""
    ids: dict[str, int] = {}
    for lineno, row in rows:
        try:
            yield _list_actor(row, f"{path.name}:{lineno}", ids, kb)
        except (ValueError, KeyError) as error:
            raise ValueError(f"{path.name}:{lineno}: {error}") from error


def _csv_rows(path: Path, delimiter: str) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header: list[str] | None = None
        for row in reader:
            lineno = reader.line_num
            if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in row]
            if header is None:
                if "name" in (c.lower() for c in cells):
                    header = [c.lower() for c in cells]
                    continue
                header = list(_LIST_COLUMNS)
            values = dict(zip(header, cells))
            values["aliases"] = [a.strip() for a in values.get("aliases", "").split(";") if a.strip()]
            values["other_sectors"] = [s.strip() for s in values.get("other_sectors", "").split(";") if s.strip()]
            yield lineno, values


def _toml_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text("utf-8")
    lines = _header_lines(text, r"\s*\[\[actor\]\]")
    for spec, line in zip(tomllib.loads(text).get("actor", []), lines):
        yield line, spec


def _list_actor(row: dict[str, Any], source: str, ids: dict[str, int], kb: KnowledgeBase | None) -> Actor:
    name = str(row.get("name") or "").strip()
    if not name:
        raise ValueError("no name")
    raw_country = str(row.get("country") or "").strip()
    sector = str(row.get("sector") or "").strip().upper() or None
    if raw_country.upper() in INTERNATIONAL_PREFIXES | {"UNO", "EUR"}:
        country = None                                 # an international actor: no country, sector IGO/NGO...
        sector = sector or {"UNO": "IGO", "EUR": "IGO", "NGM": "NGO"}.get(raw_country.upper(), raw_country.upper())
    else:
        country = _user_country(raw_country, kb)
    if sector is not None and not re.fullmatch(r"[A-Z]{3}", sector):
        raise ValueError(f"sector {sector!r} is not a 3-letter code")
    start, end = _date(row.get("start")), _date(row.get("end"))
    if start and end and end < start:
        raise ValueError("end is before start")
    actor_id = str(row.get("id") or "").strip()
    if not actor_id:
        actor_id = f"list:{_slug(name)}"   # rows with the same name are roles of one referent
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(";") if a.strip()]
    others = row.get("other_sectors") or []
    if isinstance(others, str):
        others = [s.strip() for s in others.split(";") if s.strip()]
    code = str(row.get("code") or "").strip() or ((country or "") + (sector or "")) or None
    return Actor(id=actor_id, name=name, aliases=tuple(aliases), country=country, sector=sector,
                 role=str(row.get("role") or "").strip() or None, kind=str(row.get("kind") or "").strip() or "person",
                 start=start, end=end, source=source, code=code, other_sectors=tuple(s.upper() for s in others))


def _user_country(value: str, kb: KnowledgeBase | None) -> str | None:
    if not value:
        return None
    upper = value.upper()
    if len(upper) == 3 and _country_prefix(upper):
        return _country_prefix(upper)
    if len(upper) == 2 and upper.isalpha():
        import pycountry

        record = pycountry.countries.get(alpha_2=upper)
        if record is not None:
            return record.alpha_3
    code = (kb or load_kb()).country_for_name(value)
    if code is None:
        raise ValueError(f"unknown country {value!r}")
    return code
