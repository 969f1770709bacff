"""The offline gazetteer (src/dyad/geo.py) and its curated data (ontology/places.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dyad.geo import Gazetteer, GazetteerData
from dyad.records import Location

PLACES = Path(__file__).resolve().parents[1] / "src" / "dyad" / "ontology" / "places.yaml"
RAW: dict[str, Any] = yaml.safe_load(PLACES.read_text("utf-8"))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.bundled()


def resolved(gazetteer: Gazetteer, text: str, context: tuple[str, ...] = ()) -> Location:
    location = gazetteer.resolve(text, context)
    assert location is not None, f"{text!r} did not resolve"
    assert location.text == text
    return location


# -- names → (canonical name, country) ---------------------------------------------------------

NAMED = [
    # cities, plain and qualified
    ("Budapest", (), "Budapest", "HUN"),
    ("Budapest, Hungary", (), "Budapest", "HUN"),
    ("Anchorage, Alaska", (), "Anchorage", "USA"),
    ("Saratov", (), "Saratov", "RUS"),
    ("the Saratov region", (), "Saratov", "RUS"),
    ("the city of Kharkiv", (), "Kharkiv", "UKR"),
    ("Kherson Oblast", (), "Kherson", "UKR"),
    ("Gaza", (), "Gaza", "PSE"),
    ("Gaza City", (), "Gaza", "PSE"),
    ("Khan Younis", (), "Khan Yunis", "PSE"),
    ("Bogota", (), "Bogotá", "COL"),
    ("Chișinău", (), "Chisinau", "MDA"),
    ("The Hague", (), "The Hague", "NLD"),
    ("Mexico City", (), "Mexico City", "MEX"),
    # spelling aliases
    ("Kiev", (), "Kyiv", "UKR"),
    ("Kyiv", (), "Kyiv", "UKR"),
    ("Kiev, Ukraine", (), "Kyiv", "UKR"),
    ("Kharkov", (), "Kharkiv", "UKR"),
    ("Odessa", (), "Odesa", "UKR"),
    ("Nikolaev", (), "Mykolaiv", "UKR"),
    ("Dnipropetrovsk", (), "Dnipro", "UKR"),
    ("Zaporozhye", (), "Zaporizhzhia", "UKR"),
    ("Zaporozhye, Ukraine", (), "Zaporizhzhia", "UKR"),
    ("Lugansk", (), "Luhansk", "UKR"),
    ("Artemovsk", (), "Bakhmut", "UKR"),
    ("Peking", (), "Beijing", "CHN"),
    ("Bombay", (), "Mumbai", "IND"),
    # the name as written beats the alias when a qualifier says so
    ("Odessa, Texas", (), "Odessa", "USA"),
    # overrides and their context
    ("St. Petersburg", (), "Saint Petersburg", "RUS"),
    ("St Petersburg", ("USA",), "Saint Petersburg", "RUS"),
    ("St. Petersburg", ("Florida",), "St. Petersburg", "USA"),
    ("St. Petersburg", ("RUS", "USA", "Florida"), "St. Petersburg", "USA"),
    ("St Petersburg, Russia", (), "Saint Petersburg", "RUS"),
    ("Saint Petersburg, Florida", (), "St. Petersburg", "USA"),
    ("Georgia", ("Atlanta",), "Georgia", "USA"),
    ("Georgia", ("GEO", "Texas"), "Georgia", "USA"),
    ("Georgia", ("USA", "Washington"), "Georgia", "GEO"),
    ("the state of Georgia", (), "Georgia", "USA"),
    ("Tbilisi, Georgia", (), "Tbilisi", "GEO"),
    ("Atlanta, Georgia", (), "Atlanta", "USA"),
    ("Paris", (), "Paris", "FRA"),
    ("Paris", ("USA", "Texas"), "Paris", "USA"),
    ("Paris, Texas", (), "Paris", "USA"),
    ("Moscow", ("USA", "Idaho"), "Moscow", "RUS"),
    ("Moscow, Idaho", (), "Moscow", "USA"),
    ("Alexandria", (), "Alexandria", "EGY"),
    ("Alexandria", ("Virginia",), "Alexandria", "USA"),
    ("Birmingham", (), "Birmingham", "GBR"),
    ("Birmingham", ("Alabama",), "Birmingham", "USA"),
    ("Tripoli", (), "Tripoli", "LBY"),
    ("Tripoli", ("LBN",), "Tripoli", "LBN"),
    ("Donetsk", ("RUS",), "Donetsk", "UKR"),
    ("Washington", (), "Washington", "USA"),
    ("Washington, D.C.", (), "Washington", "USA"),
    ("Seattle, Washington", (), "Seattle", "USA"),
    ("New York", (), "New York City", "USA"),
    # namesakes: context country first, unless it is a far smaller place
    ("Valencia", ("VEN",), "Valencia", "VEN"),
    ("Valencia", ("ESP",), "Valencia", "ESP"),
    ("Valencia", (), "Valencia", "VEN"),  # the most populous namesake
    ("London", ("CAN",), "London", "GBR"),
    ("London", ("Ontario",), "London", "CAN"),
    # stoplist words still resolve when qualified
    ("Police, Poland", (), "Police", "POL"),
    ("Mobile, Alabama", (), "Mobile", "USA"),
    # a capitalised "Nice" in a place phrase is the French city
    ("Nice", (), "Nice", "FRA"),
    # landmarks and seats of government
    ("the White House", (), "White House", "USA"),
    ("the Oval Office", (), "Oval Office", "USA"),
    ("Capitol Hill", (), "Capitol Hill", "USA"),
    ("the Pentagon", (), "Pentagon", "USA"),
    ("Camp David", (), "Camp David", "USA"),
    ("Mar-a-Lago", (), "Mar-a-Lago", "USA"),
    ("Joint Base Elmendorf-Richardson", (), "Joint Base Elmendorf-Richardson", "USA"),
    ("the Kremlin", (), "Kremlin", "RUS"),
    ("Red Square", (), "Red Square", "RUS"),
    ("Downing Street", (), "Downing Street", "GBR"),
    ("the Elysee Palace", (), "Élysée Palace", "FRA"),
    ("the Élysée", (), "Élysée Palace", "FRA"),
    ("Bankova", (), "Bankova", "UKR"),
    ("Zhongnanhai", (), "Zhongnanhai", "CHN"),
    ("the Great Hall of the People", (), "Great Hall of the People", "CHN"),
    ("UN headquarters", (), "UN headquarters", "USA"),
    ("NATO headquarters", (), "NATO headquarters", "BEL"),
    # regions
    ("Donbass", (), "Donbas", "UKR"),
    ("Crimea", (), "Crimea", "UKR"),
    ("Sevastopol, Crimea", (), "Sevastopol", "UKR"),
    ("the Kursk region", (), "Kursk region", "RUS"),
    ("Belgorod Oblast", (), "Belgorod region", "RUS"),
    ("the Gaza Strip", (), "Gaza Strip", "PSE"),
    ("the occupied West Bank", (), "West Bank", "PSE"),
    ("Kashmir", (), "Kashmir", None),
    ("Northern Ireland", (), "Northern Ireland", "GBR"),
    ("Central Asia", (), "Central Asia", None),
    # small towns kept in the YAML
    ("Palm Beach", (), "Palm Beach", "USA"),
    ("Davos", (), "Davos", "CHE"),
    ("Sudzha", (), "Sudzha", "RUS"),
    # US states
    ("Alaska", (), "Alaska", "USA"),
    ("Washington state", (), "Washington", "USA"),
    # countries
    ("Ukraine", (), "Ukraine", "UKR"),
    ("eastern Ukraine", (), "Ukraine", "UKR"),
    ("north-eastern Ukraine", (), "Ukraine", "UKR"),
    ("in Russia", (), "Russia", "RUS"),
    ("northeast Syria", (), "Syria", "SYR"),
    ("the south of Lebanon", (), "Lebanon", "LBN"),
    ("Kyiv,", (), "Kyiv", "UKR"),
    ("North Korea", (), "North Korea", "PRK"),
    ("the Netherlands", (), "The Netherlands", "NLD"),
    ("U.S.", (), "United States", "USA"),
    ("Britain", (), "United Kingdom", "GBR"),
    ("Burma", (), "Myanmar", "MMR"),
    ("Türkiye", (), "Turkey", "TUR"),
    ("Georgia", (), "Georgia", "GEO"),
]


@pytest.mark.parametrize(("text", "context", "name", "country"), NAMED)
def test_resolves_name_and_country(
    gazetteer: Gazetteer, text: str, context: tuple[str, ...], name: str, country: str | None
) -> None:
    location = resolved(gazetteer, text, context)
    assert (location.name, location.country) == (name, country)


# -- coordinates -------------------------------------------------------------------------------

# (text, context, lat, lon): within 0.5° of these
POINTS = [
    ("Budapest", (), 47.5, 19.04),
    ("the White House", (), 38.9, -77.04),
    ("the Oval Office", (), 38.9, -77.04),
    ("the Kremlin", (), 55.75, 37.62),
    ("Kiev", (), 50.45, 30.52),
    ("Alaska", (), 64.0, -150.0),
    ("Anchorage, Alaska", (), 61.2, -149.9),
    ("Joint Base Elmendorf-Richardson", (), 61.25, -149.8),
    ("St. Petersburg", (), 59.94, 30.31),
    ("St. Petersburg", ("Florida",), 27.77, -82.68),
    ("Washington", (), 38.9, -77.04),
    ("Washington state", (), 47.4, -120.5),
    ("Springfield", ("Illinois",), 39.8, -89.64),
    ("Georgia", ("Atlanta",), 32.7, -83.2),
    ("Singapore", (), 1.29, 103.85),
]


@pytest.mark.parametrize(("text", "context", "lat", "lon"), POINTS)
def test_places_that_are_points_have_coordinates(
    gazetteer: Gazetteer, text: str, context: tuple[str, ...], lat: float, lon: float
) -> None:
    location = resolved(gazetteer, text, context)
    assert location.lat == pytest.approx(lat, abs=0.5)
    assert location.lon == pytest.approx(lon, abs=0.5)


@pytest.mark.parametrize(
    "text", ["Ukraine", "eastern Ukraine", "in Russia", "Georgia", "U.S.", "Siberia", "Europe"]
)
def test_countries_and_vast_regions_get_no_point(gazetteer: Gazetteer, text: str) -> None:
    location = resolved(gazetteer, text)
    assert (location.lat, location.lon) == (None, None)


# -- what must not resolve ---------------------------------------------------------------------

UNRESOLVED = [
    "Narnia",
    "Police",  # a town in Poland, but in news copy it is the police
    "Mobile",
    "Reading",
    "Of",
    "March",
    "May",
    "President",
    "General",
    "Union",
    "Independence",
    "Trump",
    "Putin",
    "Batman",
    "Victoria",
    "Xinhua",  # the agency, not the town in Guangdong
    "nice",  # lowercase: an adjective, never a place
    "turkey",
    "the",
    "",
    "   ",
]


@pytest.mark.parametrize("text", UNRESOLVED)
def test_common_words_and_unknown_names_do_not_resolve(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.resolve(text) is None


def test_unknown_place_in_a_known_state_falls_back_to_the_state(gazetteer: Gazetteer) -> None:
    location = resolved(gazetteer, "Smallville, Kansas")
    assert (location.name, location.country) == ("Kansas", "USA")


# -- the bundled data --------------------------------------------------------------------------


def entries(section: str) -> Iterator[dict[str, Any]]:
    yield from RAW[section]


@pytest.mark.parametrize("state", list(entries("us_states")), ids=lambda s: s["name"])
def test_every_us_state_resolves_to_usa_with_a_point(
    gazetteer: Gazetteer, state: dict[str, Any]
) -> None:
    text = f"{state['name']} state" if state["name"] in {"Georgia", "Washington"} else None
    location = resolved(gazetteer, text or state["name"])
    assert location.country == "USA"
    assert location.lat is not None and 18 < location.lat < 72
    assert location.lon is not None and -180 < location.lon < -66


def test_us_states_are_complete() -> None:
    codes = {state["code"] for state in RAW["us_states"]}
    assert len(codes) == 51 and "DC" in codes


@pytest.mark.parametrize("landmark", list(entries("landmarks")), ids=lambda e: e["name"])
def test_every_landmark_resolves_to_its_own_point(
    gazetteer: Gazetteer, landmark: dict[str, Any]
) -> None:
    location = resolved(gazetteer, landmark["name"])
    assert landmark["city"]
    assert (location.country, location.lat, location.lon) == (
        landmark["country"],
        landmark["lat"],
        landmark["lon"],
    )


def test_every_alias_target_resolves(gazetteer: Gazetteer) -> None:
    missing = [variant for variant in RAW["aliases"] if gazetteer.resolve(str(variant)) is None]
    assert missing == []


# -- a hand-made gazetteer: the ranking rules without GeoNames' quirks ------------------------


def tiny_gazetteer() -> Gazetteer:
    def city(geonameid: str, country: str, population: int) -> dict[str, Any]:
        return {
            "name": "Kingsport",
            "countrycode": country,
            "admin1code": "01",
            "population": population,
            "latitude": float(geonameid),
            "longitude": 0.0,
            "alternatenames": ["Kingsporte", "KP"],
        }

    countries = {
        "AA": {"name": "Aland", "iso3": "AAA"},
        "BB": {"name": "Beland", "iso3": "BBB"},
        "CC": {"name": "Celand", "iso3": "CCC"},
    }
    cities = {"1": city("1", "AA", 1_000_000), "2": city("2", "BB", 50_000)}
    cities["3"] = city("3", "CC", 200_000)
    return Gazetteer(GazetteerData(places={}, countries=countries, cities=cities))


@pytest.mark.parametrize(
    ("context", "lat"),
    [((), 1.0), (("CCC",), 3.0), (("BBB",), 1.0), (("Celand",), 3.0)],
)
def test_context_promotes_a_namesake_only_if_it_is_not_far_smaller(
    context: tuple[str, ...], lat: float
) -> None:
    location = tiny_gazetteer().resolve("Kingsport", context)
    assert location is not None and location.lat == lat


def test_spelling_variants_resolve_but_short_codes_do_not() -> None:
    gazetteer = tiny_gazetteer()
    assert gazetteer.resolve("Kingsporte") is not None
    assert gazetteer.resolve("KP") is None


def test_countries_resolve_without_coordinates() -> None:
    assert tiny_gazetteer().resolve("Beland") == Location("Beland", "Beland", "BBB")
