"""The dashboard in a real browser, as a person uses it: a live `dyad serve` over the sample
store, driven by headless Chromium through Playwright. Every page renders without a
JavaScript error and draws its charts; the timeline filters; an event opens its article;
a reviewer corrects events, the corrections show everywhere and export as gold that
`dyad eval` reads; without the token nothing is stored and the reviewer is told why.

The tests run in file order and share one server: the review tests leave corrections the
later ones look for, and the last one stops the server to read the store with the CLI.
Screenshots of the pages go to tests/screenshots/ (git-ignored) for a reviewer to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ErrorWatch,
    LiveServer,
    count_of,
    dyad,
    screenshot,
)
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

# .ci/run installs Debian's chromium (apt-get) before `make test`, so in CI these tests
# always run; on a machine without it they are skipped rather than failed.
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it",
        allow_module_level=True,
    )

TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
EVENT_ROWS = "tbody tr[data-testid^='event-row-']"
UNAUTHORIZED = r"401 \(Unauthorized\)"  # the browser logs the refused POST as an error


@dataclass
class Reviewed:
    """What the review test corrected, for the tests that look for it afterwards."""

    changed: str = ""  # event id
    old_type: str = ""
    new_type: str = ""
    wrong: str = ""  # event id
    article_href: str = ""  # the changed event in its article
    api_export: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Tab:
    """A page of a fresh browser context (its own storage: no token) and its JS errors."""

    page: Page
    watch: ErrorWatch
    base: str

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample ingested into a fresh store (no embeddings: faster)."""
    db = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    result = dyad("ingest", "data/sample", "--db", str(db), "--no-embeddings")
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[LiveServer]:
    live = LiveServer(store, store.with_suffix(".serve.log"))
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def tab(browser: Browser, server: LiveServer) -> Iterator[Tab]:
    assert server.running, "the server was stopped (the CLI test must come last)"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    watch = ErrorWatch()
    watch.attach(page)
    try:
        yield Tab(page, watch, server.url)
    finally:
        context.close()


@pytest.fixture(scope="module")
def reviewed() -> Reviewed:
    return Reviewed()


def by_id(page: Page, test_id: str) -> Locator:
    return page.get_by_test_id(test_id)


def chart_ready(page: Page, test_id: str) -> None:
    """The chart finished drawing: data-state="ready" and plotly's SVG inside."""
    chart = by_id(page, test_id)
    expect(chart).to_have_attribute("data-state", re.compile("ready|error|empty"))
    state = chart.get_attribute("data-state")
    assert state == "ready", f"{test_id} is {state}: {chart.inner_text()!r}"
    expect(chart.locator(".main-svg").first).to_be_visible()


def event_ids(table: Locator) -> list[str]:
    ids: list[str] = table.locator(EVENT_ROWS).evaluate_all(
        "rows => rows.map(r => r.dataset.testid.slice('event-row-'.length))"
    )
    return ids


def review_boxes(page: Page) -> list[dict[str, str]]:
    """The review controls of the review table: event id, type, modality, status text."""
    boxes: list[dict[str, str]] = (
        by_id(page, "review-table")
        .locator(".review")
        .evaluate_all(
            """boxes => boxes.map(b => ({
            id: b.dataset.eventId,
            type: b.dataset.eventType,
            modality: b.dataset.modality,
            status: document.querySelector(
                '[data-testid="review-status-' + b.dataset.eventId + '"]').textContent.trim(),
        }))"""
        )
    )
    return boxes


def corrections(server: LiveServer) -> list[dict[str, Any]]:
    answer = httpx.get(f"{server.url}/api/corrections", params={"limit": 1000}, timeout=10)
    answer.raise_for_status()
    found: list[dict[str, Any]] = answer.json()["corrections"]
    return found


def gold_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def gold_types(records: list[dict[str, Any]]) -> set[str]:
    return {event["type"] for record in records for event in record["events"]}


# (1) every page renders without a JavaScript error and draws its charts


@pytest.mark.parametrize(
    ("name", "path", "charts"),
    [
        ("timeline", "/", ["chart-timeline"]),
        ("dyads", "/dyads", ["chart-dyad-types", "chart-dyad-cooperation"]),
        ("network", "/network", ["chart-network"]),
        ("docs", "/docs", []),
    ],
)
def test_chart_pages_render(tab: Tab, name: str, path: str, charts: list[str]) -> None:
    tab.open(path)
    for chart in charts:
        chart_ready(tab.page, chart)
    expect(by_id(tab.page, f"nav-{name}")).to_have_attribute("aria-current", "page")
    screenshot(tab.page, name)
    tab.watch.assert_clean()


def test_timeline_lists_events(tab: Tab) -> None:
    tab.open("/")
    table = by_id(tab.page, "events-table")
    total = count_of(by_id(tab.page, "events-total").first.inner_text())
    assert total > 0
    assert len(event_ids(table)) == min(total, 50)
    tab.watch.assert_clean()


def test_dyad_explorer_shows_another_dyad(tab: Tab) -> None:
    tab.open("/dyads")
    rows = by_id(tab.page, "top-dyads-table").locator("tbody tr[data-testid^='top-dyad-']")
    assert rows.count() >= 2, "the sample should have several dyads"
    testid = rows.nth(1).get_attribute("data-testid") or ""
    actor, recipient = testid.removeprefix("top-dyad-").split("-")
    chart_ready(tab.page, "chart-dyad-types")
    by_id(tab.page, "dyad-input").fill(f"{actor}>{recipient}")
    by_id(tab.page, "dyad-apply").click()
    expect(by_id(tab.page, "dyad-name")).to_have_text(f"{actor}>{recipient}")
    chart_ready(tab.page, "chart-dyad-types")
    chart_ready(tab.page, "chart-dyad-cooperation")
    tab.watch.assert_clean()


def test_stories_story_and_article_render(tab: Tab) -> None:
    tab.open("/stories")
    links = by_id(tab.page, "stories-table").locator("a[data-testid^='story-link-']")
    assert links.count() > 0
    screenshot(tab.page, "stories")

    # the story with the most articles: the richest page to look at
    counts = (
        by_id(tab.page, "stories-table")
        .locator("tbody tr")
        .evaluate_all("rows => rows.map(r => Number(r.querySelectorAll('td')[2].textContent))")
    )
    links.nth(counts.index(max(counts))).click()
    tab.page.wait_for_url(re.compile(r"/stories/[^/]+$"))
    outlets = by_id(tab.page, "story-outlets").locator("tbody tr")
    assert outlets.count() == max(counts)
    expect(by_id(tab.page, "story-events")).to_be_visible()
    meta = tab.page.locator("p.meta").first.inner_text()
    assert not re.search(r"\b1 (articles|sources|events)\b", meta), f"plural of one: {meta!r}"
    screenshot(tab.page, "story")

    outlets.first.locator("a[data-testid^='article-link-']").click()
    tab.page.wait_for_url(re.compile(r"/articles/[^/]+$"))
    expect(by_id(tab.page, "article-text")).to_be_visible()
    expect(by_id(tab.page, "article-events")).to_be_visible()
    screenshot(tab.page, "article")
    tab.watch.assert_clean()


def test_review_page_renders(tab: Tab) -> None:
    tab.open("/review")
    rows = by_id(tab.page, "review-table").locator("tbody tr[data-testid^='review-row-']")
    assert rows.count() > 0
    expect(by_id(tab.page, "readonly-banner")).to_have_count(0)  # the server has a token
    screenshot(tab.page, "review")
    tab.watch.assert_clean()


# (2) the timeline filters


def test_timeline_filters_by_actor(tab: Tab) -> None:
    page = tab.page
    tab.open("/")
    chart_ready(page, "chart-timeline")
    before = count_of(by_id(page, "events-total").first.inner_text())

    by_id(page, "filter-actor").fill("RUS")
    by_id(page, "apply-filters").click()
    page.wait_for_url(re.compile(r"[?&]actor=RUS(&|$)"))
    chart_ready(page, "chart-timeline")
    expect(by_id(page, "filter-actor")).to_have_value("RUS")

    after = count_of(by_id(page, "events-total").first.inner_text())
    assert 0 < after < before
    screenshot(page, "timeline-actor-RUS")

    # every row of every page (the pager keeps the filter)
    parties: list[str] = []
    while True:
        rows = by_id(page, "events-table").locator(f"{EVENT_ROWS} .parties").all_inner_texts()
        assert rows, "an empty page"
        parties += rows
        following = by_id(page, "page-next").first
        if not following.count():
            break
        following.click()
        page.wait_for_url(re.compile(rf"[?&]actor=RUS&.*offset={len(parties)}"))
    assert len(parties) == after
    for text in parties:
        actors = [code.strip() for code in text.split("→")[0].split(",")]
        assert "RUS" in actors, f"a row without RUS among its actors: {text!r}"
    tab.watch.assert_clean()


# (3) an event opens its article, with the words that coded it highlighted


def test_event_opens_its_article(tab: Tab) -> None:
    page = tab.page
    tab.open("/")
    event_id = event_ids(by_id(page, "events-table"))[0]
    by_id(page, f"event-link-{event_id}").click()
    page.wait_for_url(re.compile(rf"/articles/[^/]+#event-{event_id}$"))

    text = by_id(page, "article-text")
    expect(text).to_be_visible()
    expect(text.get_by_test_id("highlight-trigger").first).to_be_visible()
    assert text.get_by_test_id("highlight-trigger").count() > 0
    expect(by_id(page, f"event-{event_id}")).to_be_visible()
    # arriving at #event-<id> outlines that event's words
    expect(text.locator("mark.focus").first).to_be_visible()
    for events in text.locator("mark.focus").evaluate_all("ms => ms.map(m => m.dataset.events)"):
        assert event_id in events.split()
    tab.watch.assert_clean()


# (4) a reviewer corrects an event and marks another wrong


def test_review_corrects_and_rejects(tab: Tab, server: LiveServer, reviewed: Reviewed) -> None:
    page = tab.page
    tab.open("/review")
    by_id(page, "token").fill(server.token)

    boxes = [b for b in review_boxes(page) if b["status"] == "unreviewed"]
    # an asserted event, so the corrected type is a claim the gold export keeps
    change = next(b for b in boxes if b["modality"] == "asserted")
    wrong = next(b for b in boxes if b["id"] != change["id"])
    cid, wid = change["id"], wrong["id"]
    reviewed.article_href = by_id(page, f"review-article-{cid}").get_attribute("href") or ""

    by_id(page, f"review-change-{cid}").click()
    expect(by_id(page, f"review-form-{cid}")).to_be_visible()
    select = by_id(page, f"change-type-{cid}")
    expect(select).to_have_value(change["type"])
    types = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    new_type = next(t for t in types if t != change["type"])
    select.select_option(new_type)
    by_id(page, f"review-save-{cid}").click()
    expect(by_id(page, f"review-status-{cid}")).to_have_text(f"changed: {new_type}")
    expect(by_id(page, f"review-form-{cid}")).to_be_hidden()
    expect(by_id(page, f"review-error-{cid}")).to_have_text("")
    expect(by_id(page, f"review-row-{cid}")).to_have_class(re.compile(r"\bverdict-changed\b"))

    by_id(page, f"review-wrong-{wid}").click()
    expect(by_id(page, f"review-status-{wid}")).to_have_text("wrong")
    expect(by_id(page, f"review-row-{wid}")).to_have_class(re.compile(r"\bverdict-wrong\b"))
    screenshot(page, "review-after")

    stored = {c["event_id"]: c for c in corrections(server)}
    assert stored.keys() == {cid, wid}
    assert stored[cid]["verdict"] == "changed"
    assert stored[cid]["event_type"] == new_type
    assert stored[wid]["verdict"] == "wrong"

    # the page shows the same after a reload (the server renders the stored review)
    by_id(page, "review-filter-status").select_option("reviewed")
    by_id(page, "review-apply").click()
    page.wait_for_url(re.compile(r"status=reviewed"))
    expect(by_id(page, f"review-status-{cid}")).to_have_text(f"changed: {new_type}")
    expect(by_id(page, f"review-status-{wid}")).to_have_text("wrong")
    expect(by_id(page, "token")).to_have_value(server.token)  # kept in this browser

    reviewed.changed, reviewed.old_type, reviewed.new_type = cid, change["type"], new_type
    reviewed.wrong = wid
    tab.watch.assert_clean()


# (5) the correction shows in the timeline, the article and the export


def needs_review(reviewed: Reviewed) -> None:
    if not reviewed.changed:
        pytest.skip("needs test_review_corrects_and_rejects to run first")


def test_correction_shows_in_timeline_and_article(tab: Tab, reviewed: Reviewed) -> None:
    needs_review(reviewed)
    page = tab.page
    cid, wid = reviewed.changed, reviewed.wrong

    page.goto(tab.base + reviewed.article_href)
    expect(by_id(page, f"review-status-{cid}")).to_have_text(f"changed: {reviewed.new_type}")
    expect(by_id(page, f"event-{cid}")).to_have_class(re.compile(r"\bverdict-changed\b"))
    screenshot(page, "article-reviewed")

    # the timeline has a few pages: turn them until both events are seen
    tab.open("/")
    seen: set[str] = set()
    while True:
        ids = set(event_ids(by_id(page, "events-table")))
        if cid in ids:
            expect(by_id(page, f"review-status-{cid}")).to_have_text(
                f"changed: {reviewed.new_type}"
            )
            seen.add(cid)
        if wid in ids:
            expect(by_id(page, f"review-status-{wid}")).to_have_text("wrong")
            expect(by_id(page, f"event-row-{wid}")).to_have_class(re.compile(r"verdict-wrong"))
            seen.add(wid)
        following = by_id(page, "page-next").first
        if seen == {cid, wid} or not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert seen == {cid, wid}, "the reviewed events are missing from the timeline"
    tab.watch.assert_clean()


def test_correction_in_api_export(server: LiveServer, reviewed: Reviewed) -> None:
    needs_review(reviewed)
    answer = httpx.get(
        f"{server.url}/api/corrections/export", params={"format": "gold"}, timeout=10
    )
    assert answer.status_code == 200
    records = gold_lines(answer.text)
    assert records, "the export is empty"
    assert reviewed.new_type in gold_types(records)
    reviewed.api_export = records


# (6) without the token the reviewer sees the 401 and nothing is stored


def test_review_without_token_is_refused(tab: Tab, server: LiveServer) -> None:
    page = tab.page
    before = corrections(server)
    tab.open("/review")
    expect(by_id(page, "token")).to_have_value("")  # a fresh browser has no token
    box = next(b for b in review_boxes(page) if b["status"] == "unreviewed")
    eid = box["id"]

    by_id(page, f"review-right-{eid}").click()
    error = by_id(page, f"review-error-{eid}")
    expect(error).to_be_visible()
    expect(error).to_contain_text("token")
    expect(by_id(page, f"review-status-{eid}")).to_have_text("unreviewed")
    screenshot(page, "review-no-token")

    assert corrections(server) == before
    page.reload()
    expect(by_id(page, f"review-status-{eid}")).to_have_text("unreviewed")
    tab.watch.assert_clean(UNAUTHORIZED)
    assert any(re.search(UNAUTHORIZED, e) for e in tab.watch.errors), "no request was refused"


# The CLI reads the store only once the server let it go (DuckDB: one writing process), so
# this test comes last: it stops the module's server itself.


def test_cli_exports_gold_that_eval_reads(
    server: LiveServer, store: Path, reviewed: Reviewed, tmp_path: Path
) -> None:
    needs_review(reviewed)
    server.stop()

    exported = dyad("corrections", "--db", str(store), "--format", "gold")
    assert exported.returncode == 0, exported.stderr
    records = gold_lines(exported.stdout)
    assert reviewed.new_type in gold_types(records)
    if reviewed.api_export:
        assert records == reviewed.api_export, "the CLI and the API export differ"

    gold = tmp_path / "reviewed-gold.jsonl"
    gold.write_text(exported.stdout, encoding="utf-8")
    scored = dyad("eval", str(gold), "--json")
    assert scored.returncode == 0, scored.stderr
    scores = json.loads(scored.stdout)
    assert scores[str(gold)]["records"] == len(records)
