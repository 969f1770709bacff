"""Export writers for `dyad events --format ...`: the consolidated events table in other shapes.

Every writer takes the polars frame of `SELECT * FROM events` (one row per real event) and a
binary stream. jsonl, csv and parquet keep dyad's own columns; gdelt, polecat and plover map them
onto the layouts other event data users already read. docs/formats.md gives the column mappings
and where they depart from the originals.
"""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from importlib import metadata
from types import MappingProxyType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import polars as pl

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt", "polecat", "plover")

Row = Mapping[str, Any]

# The GDELT 2.0 Event table (export files), in file order: 61 columns, no header row.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)

# The header of the POLECAT release files (tab-separated, one event per line).
POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Event Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)

# PLOVER sector → CAMEO actor type code (GDELT Actor*Type*Code). PLOVER moved "MED" from
# media to health, so MED becomes CAMEO HLH and JRN (journalists) becomes CAMEO MED. Sectors
# with no CAMEO counterpart (PTY, PRM, REL, SOC, PRE, UNK) get no type code.
CAMEO_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "GOV": "GOV",
        "MIL": "MIL",
        "COP": "COP",
        "JUD": "JUD",
        "LEG": "LEG",
        "OPP": "OPP",
        "REB": "REB",
        "SPY": "SPY",
        "UAF": "UAF",
        "AGR": "AGR",
        "BUS": "BUS",
        "CRM": "CRM",
        "CVL": "CVL",
        "EDU": "EDU",
        "ELI": "ELI",
        "LAB": "LAB",
        "REF": "REF",
        "MED": "HLH",
        "JRN": "MED",
    }
)

# PLOVER's non-state "country" codes → (CAMEO known group code, CAMEO type code).
NON_STATE: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "UNO": ("UNO", ""),
        "EUR": ("EEC", ""),
        "IGO": ("", "IGO"),
        "NGO": ("", "NGO"),
        "MNC": ("", "MNC"),
        "IMG": ("", "IMG"),
        "ISM": ("", "NGM"),
    }
)

# ISO 3166 alpha-3 → FIPS 10-4 country code (GDELT geography uses FIPS), from the GeoNames
# country table; KOS is PLOVER's code for Kosovo.
_ISO3_FIPS = (
    "ABW:AA AFG:AF AGO:AO AIA:AV ALB:AL AND:AN ANT:NT ARE:AE ARG:AR ARM:AM ASM:AQ ATA:AY "
    "ATF:FS ATG:AC AUS:AS AUT:AU AZE:AJ BDI:BY BEL:BE BEN:BN BFA:UV BGD:BG BGR:BU BHR:BA "
    "BHS:BF BIH:BK BLM:TB BLR:BO BLZ:BH BMU:BD BOL:BL BRA:BR BRB:BB BRN:BX BTN:BT BVT:BV "
    "BWA:BC CAF:CT CAN:CA CCK:CK CHE:SZ CHL:CI CHN:CH CIV:IV CMR:CM COD:CG COG:CF COK:CW "
    "COL:CO COM:CN CPV:CV CRI:CS CUB:CU CUW:UC CXR:KT CYM:CJ CYP:CY CZE:EZ DEU:GM DJI:DJ "
    "DMA:DO DNK:DA DOM:DR DZA:AG ECU:EC EGY:EG ERI:ER ESH:WI ESP:SP EST:EN ETH:ET FIN:FI "
    "FJI:FJ FLK:FK FRA:FR FRO:FO FSM:FM GAB:GB GBR:UK GEO:GG GGY:GK GHA:GH GIB:GI GIN:GV "
    "GLP:GP GMB:GA GNB:PU GNQ:EK GRC:GR GRD:GJ GRL:GL GTM:GT GUF:FG GUM:GQ GUY:GY HKG:HK "
    "HMD:HM HND:HO HRV:HR HTI:HA HUN:HU IDN:ID IMN:IM IND:IN IOT:IO IRL:EI IRN:IR IRQ:IZ "
    "ISL:IC ISR:IS ITA:IT JAM:JM JEY:JE JOR:JO JPN:JA KAZ:KZ KEN:KE KGZ:KG KHM:CB KIR:KR "
    "KNA:SC KOR:KS KOS:KV KWT:KU LAO:LA LBN:LE LBR:LI LBY:LY LCA:ST LIE:LS LKA:CE LSO:LT "
    "LTU:LH LUX:LU LVA:LG MAC:MC MAF:RN MAR:MO MCO:MN MDA:MD MDG:MA MDV:MV MEX:MX MHL:RM "
    "MKD:MK MLI:ML MLT:MT MMR:BM MNE:MJ MNG:MG MNP:CQ MOZ:MZ MRT:MR MSR:MH MTQ:MB MUS:MP "
    "MWI:MI MYS:MY MYT:MF NAM:WA NCL:NC NER:NG NFK:NF NGA:NI NIC:NU NIU:NE NLD:NL NOR:NO "
    "NPL:NP NRU:NR NZL:NZ OMN:MU PAK:PK PAN:PM PCN:PC PER:PE PHL:RP PLW:PS PNG:PP POL:PL "
    "PRI:RQ PRK:KN PRT:PO PRY:PA PSE:WE PYF:FP QAT:QA REU:RE ROU:RO RUS:RS RWA:RW SAU:SA "
    "SCG:YI SDN:SU SEN:SG SGP:SN SGS:SX SHN:SH SJM:SV SLB:BP SLE:SL SLV:ES SMR:SM SOM:SO "
    "SPM:SB SRB:RI SSD:OD STP:TP SUR:NS SVK:LO SVN:SI SWE:SW SWZ:WZ SXM:NN SYC:SE SYR:SY "
    "TCA:TK TCD:CD TGO:TO THA:TH TJK:TI TKL:TL TKM:TX TLS:TT TON:TN TTO:TD TUN:TS TUR:TU "
    "TUV:TV TWN:TW TZA:TZ UGA:UG UKR:UP URY:UY USA:US UZB:UZ VAT:VT VCT:VC VEN:VE VGB:VI "
    "VIR:VQ VNM:VM VUT:NH WLF:WF WSM:WS XKX:KV YEM:YM ZAF:SF ZMB:ZA ZWE:ZI"
)
ISO3_TO_FIPS: Mapping[str, str] = MappingProxyType(
    {iso3: fips for iso3, fips in (pair.split(":") for pair in _ISO3_FIPS.split())}
)

QUAD_LABELS: Mapping[int, str] = MappingProxyType(
    {
        1: "VERBAL COOPERATION",
        2: "MATERIAL COOPERATION",
        3: "VERBAL CONFLICT",
        4: "MATERIAL CONFLICT",
    }
)

# dyad modality → PLOVER auxiliary mode; "asserted" adds none.
PLOVER_AUXILIARY: Mapping[str, str] = MappingProxyType(
    {"negated": "negation", "hypothetical": "hypothetical", "planned": "future"}
)

PARTY_COLUMNS: Mapping[str, str] = MappingProxyType({"actors": "actor", "recipients": "recipient"})
POLECAT_SEPARATOR = "; "
LANGUAGE = "en"  # dyad codes English text only


# -- entry point ----------------------------------------------------------------------------


def write_events(frame: pl.DataFrame, fmt: str, out: BinaryIO) -> int:
    """Write the events frame to `out` in format `fmt`; returns the number of events written."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})")
    writer(frame, out)
    return frame.height


# -- dyad's own columns -----------------------------------------------------------------------


def _write_jsonl(frame: pl.DataFrame, out: BinaryIO) -> None:
    frame.write_ndjson(out)


def _write_parquet(frame: pl.DataFrame, out: BinaryIO) -> None:
    frame.write_parquet(out)


def _write_csv(frame: pl.DataFrame, out: BinaryIO) -> None:
    frame.select(_csv_columns(frame)).write_csv(out)


def _csv_columns(frame: pl.DataFrame) -> list[pl.Expr]:
    """Flat columns: each party list becomes aligned ';'-joined names, countries and sectors."""
    derived = {f"{role}_{part}" for role in PARTY_COLUMNS.values() for part in _PARTS}
    columns: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        if name in PARTY_COLUMNS:
            columns.extend(_party_columns(name, PARTY_COLUMNS[name]))
        elif name in derived:
            continue  # the filter lists; the aligned party columns above carry the same codes
        elif name == "location":
            columns.extend(_location_columns())
        elif isinstance(dtype, pl.List):
            columns.append(pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(";"))
        else:
            columns.append(pl.col(name))
    return columns


_PARTS = ("names", "countries", "sectors")


def _party_columns(column: str, role: str) -> list[pl.Expr]:
    party = pl.element().struct
    values = {
        "names": party.field("name").fill_null(party.field("text")),
        "countries": party.field("country"),
        "sectors": party.field("sector"),
    }
    return [
        pl.col(column).list.eval(values[part].fill_null("")).list.join(";").alias(f"{role}_{part}")
        for part in _PARTS
    ]


def _location_columns() -> list[pl.Expr]:
    place = pl.col("location").struct
    return [
        place.field("text").alias("location_text"),
        place.field("name").alias("location_name"),
        place.field("country").alias("location_country"),
        place.field("lat").alias("lat"),
        place.field("lon").alias("lon"),
    ]


# -- tab-separated helpers --------------------------------------------------------------------


def _write_tsv(out: BinaryIO, rows: Iterable[Sequence[str]], header: Sequence[str] = ()) -> None:
    if header:
        out.write(("\t".join(header) + "\n").encode("utf-8"))
    for row in rows:
        out.write(("\t".join(map(_cell, row)) + "\n").encode("utf-8"))


def _cell(value: str) -> str:
    """A field that cannot break the line: tabs and line breaks become spaces."""
    return " ".join(value.replace("\t", " ").splitlines()) if value else ""


def _text(value: Any) -> str:
    """A field as text; null becomes the empty field."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def _parties(row: Row, column: str) -> list[Row]:
    return list(row.get(column) or [])


def _party_name(party: Row) -> str:
    return str(party.get("name") or party.get("text") or "")


def _is_point(place: Row) -> bool:
    """A named place with coordinates: a city or landmark rather than a whole country."""
    return bool(place.get("name")) and place.get("lat") is not None and place.get("lon") is not None


# -- GDELT 2.0 event table --------------------------------------------------------------------


def _write_gdelt(frame: pl.DataFrame, out: BinaryIO) -> None:
    _write_tsv(out, (_gdelt_row(row) for row in frame.iter_rows(named=True)))


def _gdelt_row(row: Row) -> list[str]:
    actor1, actor2 = _gdelt_dyad(row)
    return [
        str(gdelt_event_id(row["event_id"])),
        *_gdelt_dates(row.get("date")),
        *_gdelt_actor(actor1),
        *_gdelt_actor(actor2),
        "1",  # IsRootEvent: dyad events all come from a sentence that names them
        *_gdelt_event_codes(row.get("cameo")),
        _text(row.get("quad_class")),
        _text(row.get("intensity")),
        _text(row.get("num_mentions")),
        _text(row.get("num_sources")),
        _text(row.get("num_articles")),
        "",  # AvgTone: dyad does not score tone
        *_gdelt_geo(None),
        *_gdelt_geo(None),
        *_gdelt_geo(row.get("location")),
        _gdelt_timestamp(row.get("first_seen")),
        _text(row.get("source_url")),
    ]


def gdelt_event_id(event_id: str) -> int:
    """GLOBALEVENTID (an integer below 2**60): the last 15 hex digits of dyad's event id.

    Consolidated ids are "e" + 15 hex digits, so `f"e{n:015x}"` turns the number back into the
    id. An id that is not hexadecimal is hashed (sha1) first.
    """
    digits = event_id.lower()
    if not digits or digits.strip(string.hexdigits):
        digits = hashlib.sha1(event_id.encode("utf-8")).hexdigest()
    return int(digits[-15:], 16)


def _gdelt_dyad(row: Row) -> tuple[Row | None, Row | None]:
    """Actor1 is the first actor; Actor2 the first recipient, else a second (reciprocal) actor."""
    actors, recipients = _parties(row, "actors"), _parties(row, "recipients")
    second = recipients[:1] or actors[1:2]
    return (actors[0] if actors else None), (second[0] if second else None)


def _gdelt_dates(day: date | None) -> list[str]:
    """SQLDATE, MonthYear, Year and FractionDate (the codebook's (month * 30 + day) / 365)."""
    if day is None:
        return ["", "", "", ""]
    fraction = day.year + (day.month * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _gdelt_actor(party: Row | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1/2, Type1-3 of one party."""
    if party is None:
        return [""] * 10
    country = str(party.get("country") or "")
    known, org_type = NON_STATE.get(country, ("", ""))
    country_code = "" if country in NON_STATE else country
    kinds = [org_type, CAMEO_TYPES.get(str(party.get("sector") or ""), "")]
    types = list(dict.fromkeys(kind for kind in kinds if kind))
    code = country_code + known + "".join(types)
    padded = [*types, "", "", ""][:3]
    return [code, _party_name(party), country_code, known, "", "", "", *padded]


def _gdelt_event_codes(cameo: str | None) -> list[str]:
    """EventCode, EventBaseCode (three digits) and EventRootCode (two digits)."""
    if not cameo:
        return ["", "", ""]
    return [cameo, cameo[:3], cameo[:2]]


def _gdelt_geo(place: Row | None) -> list[str]:
    """Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID of one place."""
    if place is None:
        return [""] * 8
    fips = ISO3_TO_FIPS.get(str(place.get("country") or ""), "")
    if _is_point(place):
        geo_type = "3" if place.get("country") == "USA" else "4"
    else:
        geo_type = "1" if fips else ""
    name = _text(place.get("name") or place.get("text"))
    lat, lon = _text(place.get("lat")), _text(place.get("lon"))
    feature = fips if geo_type == "1" else ""
    return [geo_type, name, fips, fips, "", lat, lon, feature]


def _gdelt_timestamp(day: date | None) -> str:
    return day.strftime("%Y%m%d000000") if day is not None else ""


# -- POLECAT ----------------------------------------------------------------------------------


def _write_polecat(frame: pl.DataFrame, out: BinaryIO) -> None:
    version = _dyad_version()
    rows = (_polecat_row(row, version) for row in frame.iter_rows(named=True))
    _write_tsv(out, rows, header=POLECAT_COLUMNS)


def _polecat_row(row: Row, version: str) -> list[str]:
    quad = row.get("quad_class")
    return [
        _text(row["event_id"]),
        _text(row.get("date")),
        _text(row.get("event_type")),
        _text(row.get("mode")),
        _text(row.get("intensity")),
        QUAD_LABELS.get(quad, "") if isinstance(quad, int) else "",
        "",  # Contexts: dyad does not code PLOVER contexts
        *_polecat_parties(_parties(row, "actors")),
        *_polecat_parties(_parties(row, "recipients")),
        *_polecat_place(row.get("location")),
        _source_host(row.get("source_url")),
        _text(row.get("first_seen")),
        "",  # Story People
        "",  # Story Organizations
        "",  # Story Locations
        LANGUAGE,
        f"dyad {version}",
    ]


def _polecat_parties(parties: list[Row]) -> list[str]:
    """Name, Country, COW, Primary Sector, Sectors, Title, Name Raw, Wikipedia ID of one side."""

    def joined(values: Iterable[Any]) -> str:
        return POLECAT_SEPARATOR.join(_text(value) for value in values)

    primary = _text(parties[0].get("sector")) if parties else ""
    return [
        joined(_party_name(party) for party in parties),
        joined(party.get("country") for party in parties),
        "",  # COW: dyad codes ISO alpha-3, not Correlates of War numbers
        primary,
        joined(party.get("sector") for party in parties),
        "",  # Title
        joined(party.get("text") for party in parties),
        "",  # Wikipedia ID
    ]


def _polecat_place(place: Row | None) -> list[str]:
    """Placename, City, District, Province, Country, Latitude, Longitude, GeoNames ID,
    Raw Placename and Feature Type."""
    if place is None:
        return [""] * 10
    name = _text(place.get("name"))
    city = name if _is_point(place) else ""
    lat, lon = _text(place.get("lat")), _text(place.get("lon"))
    return [name, city, "", "", _text(place.get("country")), lat, lon, "", _text(place["text"]), ""]


def _source_host(url: str | None) -> str:
    """The publisher's host name from the first report's URL (POLECAT's Source is an outlet)."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _dyad_version() -> str:
    try:
        return metadata.version("dyad")
    except metadata.PackageNotFoundError:
        return "unknown"


# -- PLOVER JSON ------------------------------------------------------------------------------


def _write_plover(frame: pl.DataFrame, out: BinaryIO) -> None:
    version = _dyad_version()
    for row in frame.iter_rows(named=True):
        record = plover_record(row, version)
        out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))


def plover_record(row: Row, version: str) -> dict[str, Any]:
    """One event as a PLOVER JSON record (field names of the PLOVER manual's JSON chapter)."""
    modes = [row["mode"]] if row.get("mode") else []
    auxiliary = PLOVER_AUXILIARY.get(str(row.get("modality")))
    return {
        "id": row["event_id"],
        "date": _iso(row.get("date")),
        "actor": [_plover_actor(party) for party in _parties(row, "actors")],
        "recipient": [_plover_actor(party) for party in _parties(row, "recipients")],
        "event": [row["event_type"]],
        "mode": modes + ([auxiliary] if auxiliary else []),
        "context": [],
        "quad_code": row.get("quad_class"),
        "event_scale": row.get("intensity"),
        "event_loc": _plover_location(row.get("location")),
        "text": row.get("sentence"),
        "cite_info": {"url": row.get("source_url"), "citation": row.get("article_id")},
        "coder": f"dyad {version}",
        "dyad": _plover_extras(row),
    }


def _plover_actor(party: Row) -> dict[str, Any]:
    return {
        "code": party.get("country"),
        "sector": party.get("sector"),
        "actor_text": party.get("text"),
        "identifier_text": party.get("name"),
    }


def _plover_location(place: Row | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "extracted_place": place.get("text"),
        "resolved_place": place.get("name"),
        "country_code": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
    }


def _plover_extras(row: Row) -> dict[str, Any]:
    """dyad's own fields that PLOVER has no name for (the manual allows extra named fields)."""
    keys = ("cameo", "modality", "date_precision", "confidence", "story_id", "mention_id")
    counts = ("num_mentions", "num_articles", "num_sources")
    extras = {key: row.get(key) for key in (*keys, *counts)}
    extras["first_seen"] = _iso(row.get("first_seen"))
    extras["last_seen"] = _iso(row.get("last_seen"))
    return extras


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


_WRITERS: Mapping[str, Callable[[pl.DataFrame, BinaryIO], None]] = MappingProxyType(
    {
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "parquet": _write_parquet,
        "gdelt": _write_gdelt,
        "polecat": _write_polecat,
        "plover": _write_plover,
    }
)
