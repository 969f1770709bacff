"""Export formats of `dyad events`: each writer reads the events table as the store returns it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from dyad.store.formats import (
    EXPORT_FORMATS,
    GDELT_COLUMNS,
    POLECAT_COLUMNS,
    gdelt_event_id,
    write_events,
)
from dyad.store.rows import EVENT_SCHEMA

MIGRATION = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "dyad"
    / "store"
    / "migrations"
    / "001_initial.sql"
)

SCHEMA = EVENT_SCHEMA


def party(text: str, name: str | None, country: str | None, sector: str | None) -> dict[str, Any]:
    return {"text": text, "name": name, "country": country, "sector": sector}


STRIKE: dict[str, Any] = {  # one-sided violence at a named city
    "event_id": "e9f2c41d07ab3e65",
    "story_id": "story-kharkiv",
    "event_type": "ASSAULT",
    "mode": "drone",
    "cameo": "195",
    "quad_class": 4,
    "intensity": -9.5,
    "modality": "asserted",
    "actors": [party("Russian forces", "Russia", "RUS", "MIL")],
    "recipients": [party("residents of Kharkiv", None, "UKR", "CVL")],
    "actor_country": "RUS",
    "recipient_country": "UKR",
    "actor_countries": ["RUS"],
    "recipient_countries": ["UKR"],
    "date": date(2025, 3, 4),
    "date_precision": "day",
    "location": {
        "text": "Kharkiv",
        "name": "Kharkiv",
        "country": "UKR",
        "lat": 49.9935,
        "lon": 36.2304,
    },
    "confidence": 0.91,
    "num_mentions": 5,
    "num_articles": 3,
    "num_sources": 2,
    "first_seen": date(2025, 3, 4),
    "last_seen": date(2025, 3, 5),
    "article_id": "art-reuters-1",
    "mention_id": "c0ffee1234567890",
    "source_url": "https://www.example-news.com/world/kharkiv-drones",
    "sentence": "Russian forces struck residents of Kharkiv with drones overnight, officials said.",
}

CALL: dict[
    str, Any
] = {  # a reciprocal phone call: both leaders are actors, nobody is the recipient
    "event_id": "e04b7e19a2d5c8f3",
    "story_id": "story-call",
    "event_type": "CONSULT",
    "mode": "phone",
    "cameo": "041",
    "quad_class": 1,
    "intensity": 1.5,
    "modality": "asserted",
    "actors": [
        party("Macron", "Emmanuel Macron", "FRA", "GOV"),
        party("Scholz", "Olaf Scholz", "DEU", "GOV"),
    ],
    "recipients": [],
    "actor_country": "FRA",
    "recipient_country": None,
    "actor_countries": ["DEU", "FRA"],
    "recipient_countries": [],
    "date": date(2025, 2, 10),
    "date_precision": "day",
    "location": None,
    "confidence": 0.8,
    "num_mentions": 1,
    "num_articles": 1,
    "num_sources": 1,
    "first_seen": date(2025, 2, 11),
    "last_seen": date(2025, 2, 11),
    "article_id": "art-afp-7",
    "mention_id": "1a2b3c4d5e6f7081",
    "source_url": "https://news.example.org/europe/call",
    "sentence": "Macron and Scholz spoke by telephone on Monday.",
}

DENIAL: dict[str, Any] = {  # a negated accusation whose date the text does not give
    "event_id": "ee3d9a0c6b1f2447",
    "story_id": "story-un",
    "event_type": "ACCUSE",
    "mode": "disapprove",
    "cameo": "111",
    "quad_class": 3,
    "intensity": -2.0,
    "modality": "negated",
    "actors": [party("the UN chief", "Antonio Guterres", "UNO", "GOV")],
    "recipients": [party("Israel", "Israel", "ISR", "GOV")],
    "actor_country": "UNO",
    "recipient_country": "ISR",
    "actor_countries": ["UNO"],
    "recipient_countries": ["ISR"],
    "date": None,
    "date_precision": None,
    "location": None,
    "confidence": 0.62,
    "num_mentions": 2,
    "num_articles": 2,
    "num_sources": 2,
    "first_seen": date(2025, 1, 20),
    "last_seen": date(2025, 1, 21),
    "article_id": "art-ap-3",
    "mention_id": "77aa88bb99cc00dd",
    "source_url": None,
    "sentence": "The UN chief did not condemn Israel, his spokesman said.",
}


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    con = duckdb.connect()
    con.execute(MIGRATION.read_text("utf-8"))
    columns = [row[0] for row in con.execute("DESCRIBE events").fetchall()]
    incoming = pl.DataFrame([STRIKE, CALL, DENIAL], schema=SCHEMA)
    incoming = incoming.select([name for name in incoming.columns if name in columns])
    con.register("incoming", incoming)
    con.execute("INSERT INTO events BY NAME SELECT * FROM incoming")
    frame: pl.DataFrame = con.sql("SELECT * FROM events ORDER BY first_seen DESC").pl()
    con.close()
    return frame


def export(frame: pl.DataFrame, fmt: str) -> bytes:
    out = io.BytesIO()
    assert write_events(frame, fmt, out) == frame.height
    return out.getvalue()


def tsv_rows(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode("utf-8").splitlines()]


def by_id(rows: list[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


# -- GDELT --------------------------------------------------------------------------------------


def gdelt(events: pl.DataFrame) -> dict[str, dict[str, str]]:
    rows = tsv_rows(export(events, "gdelt"))
    assert all(len(row) == 61 for row in rows)
    records = [dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rows]
    return by_id(records, "GLOBALEVENTID")


def test_gdelt_has_the_61_columns_of_the_event_table_in_order() -> None:
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:35] == (
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
    )
    assert GDELT_COLUMNS[51] == "ActionGeo_Type"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_rows_are_61_tab_separated_fields_without_a_header(events: pl.DataFrame) -> None:
    rows = tsv_rows(export(events, "gdelt"))
    assert len(rows) == 3
    assert {len(row) for row in rows} == {61}
    assert all(row[0].isdigit() for row in rows)  # no header line


def test_gdelt_event_fields(events: pl.DataFrame) -> None:
    strike = gdelt(events)[str(gdelt_event_id(STRIKE["event_id"]))]
    assert strike["GLOBALEVENTID"] == str(int("9f2c41d07ab3e65", 16))
    assert f"e{int(strike['GLOBALEVENTID']):015x}" == STRIKE["event_id"]
    assert (strike["SQLDATE"], strike["MonthYear"], strike["Year"]) == (
        "20250304",
        "202503",
        "2025",
    )
    assert strike["FractionDate"] == "2025.2575"  # (3 * 30 + 4) / 365
    assert (strike["EventCode"], strike["EventBaseCode"], strike["EventRootCode"]) == (
        "195",
        "195",
        "19",
    )
    assert strike["QuadClass"] == "4"
    assert strike["GoldsteinScale"] == "-9.5"
    assert (strike["NumMentions"], strike["NumSources"], strike["NumArticles"]) == ("5", "2", "3")
    assert strike["IsRootEvent"] == "1"
    assert strike["AvgTone"] == ""
    assert strike["DATEADDED"] == "20250304000000"
    assert strike["SOURCEURL"] == STRIKE["source_url"]


def test_gdelt_actors_and_place(events: pl.DataFrame) -> None:
    strike = gdelt(events)[str(gdelt_event_id(STRIKE["event_id"]))]
    assert (strike["Actor1Code"], strike["Actor1Name"]) == ("RUSMIL", "Russia")
    assert (strike["Actor1CountryCode"], strike["Actor1Type1Code"]) == ("RUS", "MIL")
    assert (strike["Actor2Code"], strike["Actor2Name"]) == ("UKRCVL", "residents of Kharkiv")
    assert (strike["ActionGeo_Type"], strike["ActionGeo_FullName"]) == ("4", "Kharkiv")
    assert strike["ActionGeo_CountryCode"] == "UP"  # FIPS 10-4, as GDELT has it
    assert (strike["ActionGeo_Lat"], strike["ActionGeo_Long"]) == ("49.9935", "36.2304")
    assert strike["Actor1Geo_Type"] == strike["Actor2Geo_Type"] == ""


def test_gdelt_reciprocal_and_undated_events(events: pl.DataFrame) -> None:
    rows = gdelt(events)
    call = rows[str(gdelt_event_id(CALL["event_id"]))]
    assert (call["Actor1Code"], call["Actor2Code"]) == ("FRAGOV", "DEUGOV")
    assert call["EventRootCode"] == "04"
    assert call["ActionGeo_Type"] == call["ActionGeo_FullName"] == ""
    denial = rows[str(gdelt_event_id(DENIAL["event_id"]))]
    assert denial["SQLDATE"] == denial["MonthYear"] == denial["FractionDate"] == ""
    assert (denial["Actor1Code"], denial["Actor1KnownGroupCode"]) == ("UNOGOV", "UNO")
    assert denial["Actor1CountryCode"] == ""
    assert denial["DATEADDED"] == "20250120000000"
    assert denial["SOURCEURL"] == ""


def test_gdelt_event_ids_are_integers_for_any_id() -> None:
    assert gdelt_event_id("e000000000000001") == 1
    assert gdelt_event_id("art-7:3") == gdelt_event_id("art-7:3") < 2**60
    assert gdelt_event_id("art-7:3") != gdelt_event_id("art-7:4")


# -- POLECAT ------------------------------------------------------------------------------------


def test_polecat_header_and_rows(events: pl.DataFrame) -> None:
    rows = tsv_rows(export(events, "polecat"))
    assert tuple(rows[0]) == POLECAT_COLUMNS
    assert len(POLECAT_COLUMNS) == 40
    assert len(rows) == 1 + 3
    assert {len(row) for row in rows} == {40}


def test_polecat_fields(events: pl.DataFrame) -> None:
    header, *rows = tsv_rows(export(events, "polecat"))
    records = by_id([dict(zip(header, row, strict=True)) for row in rows], "Event ID")
    strike = records[STRIKE["event_id"]]
    assert (strike["Event Date"], strike["Event Type"], strike["Event Mode"]) == (
        "2025-03-04",
        "ASSAULT",
        "drone",
    )
    assert (strike["Event Intensity"], strike["Quad Code"]) == ("-9.5", "MATERIAL CONFLICT")
    assert (strike["Actor Country"], strike["Primary Actor Sector"]) == ("RUS", "MIL")
    assert strike["Recipient Name Raw"] == "residents of Kharkiv"
    assert (strike["Placename"], strike["City"], strike["Country"]) == ("Kharkiv", "Kharkiv", "UKR")
    assert (strike["Source"], strike["Language"]) == ("example-news.com", "en")
    call = records[CALL["event_id"]]
    assert call["Actor Name"] == "Emmanuel Macron; Olaf Scholz"
    assert call["Actor Country"] == "FRA; DEU"
    assert call["Recipient Name"] == call["Placename"] == ""
    assert records[DENIAL["event_id"]]["Event Date"] == ""


# -- PLOVER -------------------------------------------------------------------------------------


def test_plover_records(events: pl.DataFrame) -> None:
    lines = export(events, "plover").decode("utf-8").splitlines()
    records = by_id([json.loads(line) for line in lines])
    assert set(records) == {STRIKE["event_id"], CALL["event_id"], DENIAL["event_id"]}
    strike = records[STRIKE["event_id"]]
    assert strike["date"] == "2025-03-04"
    assert strike["event"] == ["ASSAULT"]
    assert strike["mode"] == ["drone"]
    assert strike["quad_code"] == 4
    assert strike["event_scale"] == -9.5
    assert strike["actor"] == [
        {
            "code": "RUS",
            "sector": "MIL",
            "actor_text": "Russian forces",
            "identifier_text": "Russia",
        }
    ]
    assert strike["recipient"][0]["code"] == "UKR"
    assert strike["event_loc"]["resolved_place"] == "Kharkiv"
    assert strike["event_loc"]["lat"] == pytest.approx(49.9935)
    assert strike["cite_info"]["url"] == STRIKE["source_url"]
    assert strike["dyad"]["num_articles"] == 3


def test_plover_reciprocal_negated_and_undated(events: pl.DataFrame) -> None:
    records = by_id([json.loads(line) for line in export(events, "plover").splitlines()])
    call = records[CALL["event_id"]]
    assert [actor["code"] for actor in call["actor"]] == ["FRA", "DEU"]
    assert call["recipient"] == []
    assert call["event_loc"] is None
    denial = records[DENIAL["event_id"]]
    assert denial["date"] is None
    assert denial["mode"] == ["disapprove", "negation"]
    assert denial["dyad"]["modality"] == "negated"


# -- dyad's own columns ---------------------------------------------------------------------------


def test_jsonl_keeps_every_column(events: pl.DataFrame) -> None:
    lines = export(events, "jsonl").decode("utf-8").splitlines()
    records = by_id([json.loads(line) for line in lines], "event_id")
    assert set(records[STRIKE["event_id"]]) == set(events.columns)
    strike = records[STRIKE["event_id"]]
    assert strike["date"] == "2025-03-04"
    assert strike["actors"][0]["country"] == "RUS"
    assert strike["location"]["name"] == "Kharkiv"
    assert records[DENIAL["event_id"]]["date"] is None


def test_csv_is_flat(events: pl.DataFrame) -> None:
    reader = csv.DictReader(io.StringIO(export(events, "csv").decode("utf-8")))
    rows = by_id(list(reader), "event_id")
    header = reader.fieldnames or []
    for column in ("actor_names", "actor_countries", "actor_sectors", "recipient_countries"):
        assert header.count(column) == 1
    for column in ("location_name", "location_country", "lat", "lon", "num_articles"):
        assert column in header
    assert "actors" not in header and "location" not in header
    call = rows[CALL["event_id"]]
    assert (call["actor_names"], call["actor_countries"]) == (
        "Emmanuel Macron;Olaf Scholz",
        "FRA;DEU",
    )
    assert call["recipient_countries"] == ""
    strike = rows[STRIKE["event_id"]]
    assert (strike["location_name"], strike["lat"], strike["date"]) == (
        "Kharkiv",
        "49.9935",
        "2025-03-04",
    )


def test_parquet_round_trips(events: pl.DataFrame) -> None:
    back = pl.read_parquet(io.BytesIO(export(events, "parquet")))
    assert back.equals(events)
    assert back.schema == events.schema


def test_every_format_writes_every_event(events: pl.DataFrame) -> None:
    for fmt in EXPORT_FORMATS:
        assert export(events, fmt)


def test_an_empty_frame_writes_nothing_but_the_header(events: pl.DataFrame) -> None:
    empty = events.clear()
    assert export(empty, "gdelt") == b""
    assert tsv_rows(export(empty, "polecat")) == [list(POLECAT_COLUMNS)]


def test_tabs_and_line_breaks_cannot_break_a_tsv_row(events: pl.DataFrame) -> None:
    messy = events.with_columns(pl.lit("https://x.org/a\tb\nc").alias("source_url"))
    rows = tsv_rows(export(messy, "gdelt"))
    assert len(rows) == 3
    assert rows[0][-1] == "https://x.org/a b c"


def test_unknown_format_is_refused(events: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        write_events(events, "xml", io.BytesIO())
