"""The web app over the sample store: every endpoint and page answers, filters filter, bad
input is a clear 4xx, review needs the token, corrections show everywhere, and the SQL
analysis the API uses agrees with `dyad.analysis`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from fastapi.testclient import TestClient
from polars.testing import assert_frame_equal

from dyad import analysis
from dyad.store import EventQuery, open_store
from dyad.store.review import corrections_as_gold
from dyad.web import aggregates as sql
from dyad.web import create_app
from dyad.web.highlights import Span, segments
from dyad.web.params import By, Freq, Role

TOKEN = "s3cret-review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = "wdd-20251016-trump-putin-call"
FAST = ["--no-embeddings"]
READ_ONLY = "review is read-only: start the server with DYAD_TOKEN set"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles ingested once (story clustering without embeddings: faster)."""
    db = tmp_path_factory.mktemp("web") / "sample.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "dyad.cli", "ingest", "data/sample", "--db", str(db), *FAST],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return db


def copy_of(store: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(store, folder / "store.duckdb"))


@pytest.fixture(scope="module")
def client(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client that only reads (tests that write get their own store)."""
    db = copy_of(sample_store, tmp_path_factory.mktemp("read"))
    with TestClient(create_app(db, TOKEN)) as test_client:
        yield test_client


@pytest.fixture
def writer(sample_store: Path, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(copy_of(sample_store, tmp_path), TOKEN)) as test_client:
        yield test_client


def first_event(client: TestClient, **params: Any) -> dict[str, Any]:
    events: list[dict[str, Any]] = client.get("/api/events", params=params).json()["events"]
    return events[0]


# -- every endpoint and page ---------------------------------------------------------------

API_URLS = [
    "/api/events",
    "/api/events?order=review&status=unreviewed&limit=5",
    "/api/series?dyad=RUS>USA&freq=month&by=quad_class",
    "/api/series?freq=week&by=type&modality=all&since=2025-08-01&until=2025-10-31",
    "/api/series",
    "/api/cooperation?dyad=RUS-USA&freq=week",
    "/api/top-actors?n=5&role=any",
    "/api/top-dyads?n=5",
    "/api/network?min_count=2",
    "/api/stories?limit=5",
    "/api/corrections",
    "/api/corrections/export?format=gold",
    "/openapi.json",
]
PAGES = ["/", "/dyads", "/network", "/stories", "/review", "/docs", f"/articles/{ARTICLE}"]


@pytest.mark.parametrize("url", API_URLS)
def test_every_api_endpoint_answers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text


def test_a_story_and_its_page_answer(client: TestClient) -> None:
    story_id = client.get("/api/stories?limit=1").json()["stories"][0]["story_id"]
    detail = client.get(f"/api/stories/{story_id}").json()
    assert detail["story"]["story_id"] == story_id
    assert detail["articles"] and all(a["article_id"] for a in detail["articles"])
    assert {e["story_id"] for e in detail["events"]} <= {story_id}
    assert detail["total_events"] == len(detail["events"])
    page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200
    assert 'data-testid="story-outlets"' in page.text
    assert 'data-testid="story-events"' in page.text


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-testid="token"' in response.text
    assert "Content-Security-Policy" in response.headers


def test_a_submitted_filter_form_with_empty_fields_is_fine(client: TestClient) -> None:
    form = {"since": "", "until": "", "actor": "rus", "recipient": "", "type": "", "modality": ""}
    page = client.get("/", params={**form, "freq": "week"})
    assert page.status_code == 200
    rows = re.findall(r'data-testid="event-row-([^"]+)"', page.text)
    expected = client.get("/api/events", params={"actor": "RUS", "limit": 50}).json()["events"]
    assert rows == [e["event_id"] for e in expected]
    assert 'value="rus"' in page.text  # the form keeps what was typed


def test_pages_load_scripts_and_styles_from_the_app_only(client: TestClient) -> None:
    for url in PAGES:
        html = client.get(url).text
        for link in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
            assert link.startswith("/static/"), (url, link)
            assert client.get(link).status_code == 200, link
    plotly = client.get("/static/plotly.min.js")
    assert plotly.status_code == 200
    assert "javascript" in plotly.headers["content-type"]
    assert "plotly" in plotly.text[:500].lower()


def test_the_timeline_page_has_its_controls(client: TestClient) -> None:
    html = client.get("/").text
    for testid in ("filter-actor", "filter-since", "apply-filters", "events-table"):
        assert f'data-testid="{testid}"' in html
    assert 'data-testid="chart-timeline"' in html
    event = first_event(client)
    assert f'data-testid="event-row-{event["event_id"]}"' in html


def test_the_article_page_highlights_and_offers_review(client: TestClient) -> None:
    html = client.get(f"/articles/{ARTICLE}").text
    assert 'data-testid="article-text"' in html
    assert 'data-testid="highlight-trigger"' in html
    assert 'data-testid="highlight-actor"' in html
    assert 'data-testid="legend"' in html
    event_id = client.get(f"/api/articles/{ARTICLE}").json()["events"][0]["event_id"]
    for testid in ("review-right", "review-wrong", "review-change", "review-status"):
        assert f'data-testid="{testid}-{event_id}"' in html


# -- the JSON answers ------------------------------------------------------------------------


def test_events_filters_narrow_the_events(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()
    assert everything["total"] == len(everything["events"]) > 0
    cases: list[tuple[dict[str, str], Callable[[dict[str, Any]], bool]]] = [
        ({"actor": "RUS"}, lambda e: "RUS" in e["actor_countries"]),
        ({"recipient": "ukr"}, lambda e: "UKR" in e["recipient_countries"]),
        ({"type": "CONSULT"}, lambda e: e["event_type"] == "CONSULT"),
        ({"modality": "planned"}, lambda e: e["modality"] == "planned"),
        (
            {"since": "2025-10-01", "until": "2025-10-17"},
            lambda e: bool(e["date"]) and "2025-10-01" <= e["date"] <= "2025-10-17",
        ),
    ]
    for params, keep in cases:
        found = client.get("/api/events", params={**params, "limit": 1000}).json()
        expected = [e["event_id"] for e in everything["events"] if keep(e)]
        assert [e["event_id"] for e in found["events"]] == expected, params
        assert found["total"] == len(expected) > 0, params


def test_events_of_a_story_are_the_story_events(client: TestClient) -> None:
    story_id = first_event(client)["story_id"]
    found = client.get("/api/events", params={"story": story_id}).json()
    assert found["total"] >= 1
    assert {e["story_id"] for e in found["events"]} == {story_id}


def test_event_pages_tile_the_whole_list(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()["events"]
    paged: list[str] = []
    for offset in range(0, len(everything), 7):
        page = client.get("/api/events", params={"limit": 7, "offset": offset}).json()
        assert page["offset"] == offset and page["limit"] == 7
        paged += [e["event_id"] for e in page["events"]]
    assert paged == [e["event_id"] for e in everything]


def test_events_carry_the_review_columns(client: TestClient) -> None:
    event = first_event(client)
    for column in ("review_verdict", "review_event_type", "review_at", "confidence"):
        assert column in event


def test_the_store_and_the_api_count_the_same_events(
    client: TestClient, sample_store: Path, tmp_path: Path
) -> None:
    with open_store(copy_of(sample_store, tmp_path)) as store:
        for query, params in [
            (EventQuery(), {}),
            (
                EventQuery(actor="USA", modality="asserted"),
                {"actor": "USA", "modality": "asserted"},
            ),
            (EventQuery(since=date(2025, 10, 17)), {"since": "2025-10-17"}),
        ]:
            expected = store.events(query, columns=["event_id"])["event_id"].to_list()
            found = client.get("/api/events", params={**params, "limit": 1000}).json()
            assert [e["event_id"] for e in found["events"]] == expected


def test_review_order_puts_unreviewed_and_least_confident_first(client: TestClient) -> None:
    events = client.get("/api/events", params={"order": "review", "limit": 1000}).json()["events"]
    confidences = [e["confidence"] for e in events]
    assert confidences == sorted(confidences)


def test_series_by_quad_class_has_every_quad_in_every_period(client: TestClient) -> None:
    found = client.get("/api/series", params={"dyad": "RUS>USA", "by": "quad_class"}).json()
    assert found["dyad"] == "RUS>USA" and found["modalities"] == ["asserted"]
    periods = {p["period"] for p in found["points"]}
    assert len(found["points"]) == 4 * len(periods)
    assert sum(p["count"] for p in found["points"]) > 0


def test_the_network_has_positions_and_respects_min_count(client: TestClient) -> None:
    found = client.get("/api/network", params={"min_count": 3}).json()
    assert found["nodes"]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in found["nodes"])
    assert all(n["events"] >= 3 for n in found["nodes"])
    assert all(link["count"] >= 3 for link in found["links"])
    ids = {n["id"] for n in found["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in found["links"])


def test_the_article_has_text_sentences_highlights_and_events(client: TestClient) -> None:
    found = client.get(f"/api/articles/{ARTICLE}").json()
    text = found["text"]
    assert found["sentences"] and found["events"]
    for sentence in found["sentences"]:
        assert text[sentence["start"] : sentence["end"]].strip() == sentence["text"].strip()
    kinds = {h["kind"] for h in found["highlights"]}
    assert {"trigger", "actor"} <= kinds
    for mark in found["highlights"]:
        assert text[mark["start"] : mark["end"]] == mark["text"]
    triggers = {(h["start"], h["end"]) for h in found["highlights"] if h["kind"] == "trigger"}
    for event in found["events"]:
        assert event["confidence"] > 0 and event["mentions"]
        for mention in event["mentions"]:
            spot = mention["trigger"]
            assert (spot["start"], spot["end"]) in triggers
            assert text[spot["start"] : spot["end"]] == spot["text"]


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/series?dyad=RUSSIA>USA", "dyad"),
        ("/api/cooperation?dyad=RUS>>USA", "dyad"),
        ("/api/events?since=2025-02-30", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?actor=Russia", "actor"),
        ("/api/events?type=HUG", "type"),
        ("/api/events?modality=maybe", "modality"),
        ("/api/events?status=pending", "status"),
        ("/api/series?freq=year", "freq"),
        ("/api/series?by=actor", "by"),
        ("/api/series?modality=asserted,rumoured", "modality"),
        ("/api/top-actors?role=victim", "role"),
        ("/api/corrections/export?format=csv", "format"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client: TestClient, url: str, param: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{param}:")


def test_unknown_article_story_and_page_are_404(client: TestClient) -> None:
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.get("/api/stories/no-such-story").status_code == 404
    page = client.get("/articles/no-such-article")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "no-such-article" in page.text


def test_a_bad_dyad_page_says_what_is_wrong(client: TestClient) -> None:
    page = client.get("/dyads", params={"dyad": "R>U"})
    assert page.status_code == 400
    assert 'data-testid="dyad-error"' in page.text


def test_limits_out_of_range_are_422(client: TestClient) -> None:
    assert client.get("/api/events?limit=0").status_code == 422
    assert client.get("/api/events?limit=100000").status_code == 422
    assert client.get("/api/events?offset=-1").status_code == 422


def test_values_reach_sql_only_as_parameters(client: TestClient) -> None:
    sneaky = client.get("/api/events", params={"story": "x' OR '1'='1"}).json()
    assert sneaky["total"] == 0
    assert client.get("/api/articles/x' OR '1'='1").status_code == 404


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/api/events",
        "/api/series",
        "/api/cooperation",
        "/api/top-actors",
        "/api/top-dyads",
        "/api/network",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/corrections",
        "/api/corrections/export",
    ]:
        assert path in paths, path
    assert "post" in paths["/api/corrections"]


# -- review ----------------------------------------------------------------------------------


def test_without_a_token_review_is_read_only(sample_store: Path, tmp_path: Path) -> None:
    with TestClient(create_app(copy_of(sample_store, tmp_path), None)) as client:
        event_id = first_event(client)["event_id"]
        body = {"event_id": event_id, "verdict": "right"}
        response = client.post("/api/corrections", json=body, headers=AUTH)
        assert response.status_code == 403
        assert response.json() == {"detail": READ_ONLY}
        assert 'data-testid="readonly-banner"' in client.get("/review").text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
)
def test_a_missing_or_wrong_token_is_401(writer: TestClient, headers: dict[str, str]) -> None:
    body = {"event_id": first_event(writer)["event_id"], "verdict": "right"}
    response = writer.post("/api/corrections", json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/corrections").json()["total"] == 0


def test_the_token_is_checked_before_the_body(writer: TestClient) -> None:
    response = writer.post("/api/corrections", json={"verdict": "maybe"})
    assert response.status_code == 401


def test_a_correction_shows_in_events_corrections_pages_and_gold(writer: TestClient) -> None:
    event = first_event(writer, modality="asserted")
    body = {"event_id": event["event_id"], "verdict": "right", "note": "checked"}
    response = writer.post("/api/corrections", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["verdict"] == "right" and saved["correction_id"]

    events = writer.get("/api/events", params={"limit": 1000}).json()["events"]
    reviewed = next(e for e in events if e["event_id"] == event["event_id"])
    assert reviewed["review_verdict"] == "right" and reviewed["review_note"] == "checked"
    assert writer.get("/api/corrections").json()["corrections"][0]["event_id"] == event["event_id"]
    only = writer.get("/api/events", params={"status": "reviewed"}).json()
    assert [e["event_id"] for e in only["events"]] == [event["event_id"]]

    gold = writer.get("/api/corrections/export", params={"format": "gold"})
    assert gold.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in gold.text.splitlines()]
    assert len(records) == 1 and records[0]["text"] == event["sentence"]
    assert {"type": event["event_type"]}.items() <= records[0]["events"][0].items()

    row = writer.get("/").text
    status = f'data-testid="review-status-{event["event_id"]}"'
    assert re.search(status + r"[^>]*>right<", row)
    article = writer.get(f"/api/articles/{event['article_id']}").json()
    assert any(e["review_verdict"] == "right" for e in article["events"])


def test_a_changed_event_is_exported_as_corrected(writer: TestClient) -> None:
    event = first_event(writer, type="CONSULT", modality="asserted")
    body = {
        "event_id": event["event_id"],
        "verdict": "changed",
        "event_type": "AGREE",
        "actor_countries": ["rus"],
        "recipient_countries": ["USA"],
    }
    saved = writer.post("/api/corrections", json=body, headers=AUTH).json()
    assert saved["actor_countries"] == ["RUS"]
    reviewed = first_event(writer, status="reviewed")
    assert reviewed["review_event_type"] == "AGREE"
    assert reviewed["review_recipient_countries"] == ["USA"]
    record = json.loads(writer.get("/api/corrections/export").text.splitlines()[0])
    # a new type drops the coder's mode: modes belong to a type
    corrected = {"type": "AGREE", "mode": None, "source": ["RUS"], "target": ["USA"]}
    assert record["events"] == [corrected]


def test_the_gold_export_matches_the_review_module(writer: TestClient) -> None:
    events = writer.get("/api/events", params={"limit": 6}).json()["events"]
    verdicts = ["right", "wrong", "right", "wrong", "right", "right"]
    for event, verdict in zip(events, verdicts, strict=True):
        body = {"event_id": event["event_id"], "verdict": verdict}
        assert writer.post("/api/corrections", json=body, headers=AUTH).status_code == 201
    lines = writer.get("/api/corrections/export").text.splitlines()
    store = writer.app.state.db.store  # type: ignore[attr-defined]
    assert [json.loads(line) for line in lines] == corrections_as_gold(store)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"verdict": "maybe"}, 422),
        ({"verdict": "changed"}, 422),
        ({"verdict": "changed", "event_type": "HUG"}, 422),
        ({"verdict": "changed", "modality": "rumoured"}, 422),
        ({"verdict": "changed", "actor_countries": ["Russia"]}, 422),
        ({"verdict": "right", "event_id": "no-such-event"}, 404),
    ],
)
def test_a_bad_correction_is_refused(
    writer: TestClient, change: dict[str, Any], status: int
) -> None:
    body = {"event_id": first_event(writer)["event_id"], **change}
    response = writer.post("/api/corrections", json=body, headers=AUTH)
    assert response.status_code == status, response.text
    assert writer.get("/api/corrections").json()["total"] == 0


# -- the SQL analysis is the analysis module's -------------------------------------------------


FREQS: tuple[Freq, ...] = ("day", "week", "month")
BYS: tuple[By | None, ...] = (None, "type", "quad_class")
ROLES: tuple[Role, ...] = ("actor", "recipient", "any")
DYADS = [None, "RUS>USA", "RUS-USA", "USA", "UKR-*", "RUS>UKR:ASSAULT,COERCE", "USA>USA"]


def test_sql_analysis_agrees_with_dyad_analysis(sample_store: Path, tmp_path: Path) -> None:
    every = ("asserted", "negated", "hypothetical", "planned")
    with open_store(copy_of(sample_store, tmp_path)) as store:
        query = EventQuery()
        events = store.events(query)
        for spec in DYADS:
            dyad = analysis.Dyad.parse(spec) if spec else None
            for freq in FREQS:
                for by in BYS:
                    for modalities in (("asserted",), every):
                        expected = analysis.series(events, dyad, freq, by, modalities)
                        found = sql.series(store, query, dyad, freq, by, modalities)
                        assert_frame_equal(found, expected, check_dtypes=False)
                expected = analysis.cooperation_conflict(events, dyad, freq)
                found = sql.cooperation_conflict(store, query, dyad, freq)
                assert_frame_equal(found, expected, check_dtypes=False)
        for role in ROLES:
            expected = analysis.top_actors(events, 10, role)
            assert_frame_equal(sql.top_actors(store, query, 10, role), expected, check_dtypes=False)
        expected = analysis.top_dyads(events, 50)
        assert_frame_equal(sql.top_dyads(store, query, 50), expected, check_dtypes=False)
        expected_net = analysis.network_json(analysis.actor_network(events))
        found_net = analysis.network_json(sql.actor_network(store, query))
    assert found_net["nodes"] == expected_net["nodes"]
    assert [_rounded(link) for link in found_net["links"]] == [
        _rounded(link) for link in expected_net["links"]
    ]


def _rounded(link: dict[str, Any]) -> dict[str, Any]:
    mean = link["mean_intensity"]
    return {**link, "mean_intensity": None if mean is None else round(mean, 9)}


def test_the_api_series_is_the_analysis_series(
    client: TestClient, sample_store: Path, tmp_path: Path
) -> None:
    with open_store(copy_of(sample_store, tmp_path)) as store:
        query = EventQuery(since=date(2025, 8, 1))
        events = store.events(query)
    expected = analysis.series(events, analysis.Dyad.parse("RUS-USA"), "week", "type")
    found = client.get(
        "/api/series",
        params={"dyad": "RUS-USA", "freq": "week", "by": "type", "since": "2025-08-01"},
    ).json()["points"]
    assert [(p["period"], p["event_type"], p["count"]) for p in found] == [
        (r["period"].isoformat(), r["event_type"], r["count"])
        for r in expected.iter_rows(named=True)
    ]


# -- an empty store, and highlights ------------------------------------------------------------


def test_an_empty_store_still_serves_every_page(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "empty.duckdb", TOKEN)) as client:
        for url in [*PAGES[:-1], "/api/network", "/api/series?by=type", "/api/top-dyads"]:
            assert client.get(url).status_code == 200, url
        assert client.get("/api/series").json()["points"] == []
        assert client.get("/api/events").json() == {
            "total": 0,
            "limit": 100,
            "offset": 0,
            "events": [],
        }


def test_overlapping_highlights_become_flat_segments() -> None:
    text = "Putin called Trump."
    marks = [
        Span(0, 5, "actor", "Putin", ("e1",)),
        Span(6, 12, "trigger", "called", ("e1",)),
        Span(0, 12, "place", "Putin called", ("e2",)),
    ]
    pieces = segments(text, marks)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.kinds) for p in pieces] == [
        ("Putin", ("actor", "place")),
        (" ", ("place",)),
        ("called", ("trigger", "place")),
        (" Trump.", ()),
    ]
