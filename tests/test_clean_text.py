from __future__ import annotations

import pytest

from dyad.records import Article, InputProblem, RawDocument
from dyad.settings import Options
from dyad.stages.clean_text import CleanText, LanguageCheck, looks_english

SCRAPED = """Skip to content

Home » World » Leaders meet in Geneva

Leaders meet in Geneva

  • by admin

The two foreign ministers met in Geneva on Monday to discuss a prisoner exchange.

Share this:

Subscribe to our newsletter

Officials said the talks would continue next week.
"""

PAGE = """<html><head><title>Ministers meet</title>
<meta property="article:published_time" content="2025-10-22"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers meet in Geneva</h1>
<p>The two foreign ministers met in Geneva on Monday to discuss a prisoner exchange between
their countries, officials said after the meeting ended late in the evening.</p>
<p>Officials said the talks would continue next week in the Swiss city, with experts from
both sides expected to work on the details of the exchange.</p></article>
<section class="comments"><h3>Comments</h3><div class="comment"><p>Reader42: This is a
disgrace and the ministers should resign immediately!</p></div></section>
<footer>Copyright 2025 Example Outlet</footer></body></html>"""


def clean(raw: RawDocument) -> Article | InputProblem:
    return CleanText(Options())(raw)


def test_plain_text_loses_page_furniture() -> None:
    article = clean(RawDocument("scraped.txt", SCRAPED, is_html=False))
    assert isinstance(article, Article)
    assert article.text.splitlines()[0] == "Leaders meet in Geneva"
    for furniture in ("Skip to content", "Home »", "by admin", "Share this", "Subscribe"):
        assert furniture not in article.text
    assert "prisoner exchange" in article.text and "continue next week" in article.text


def test_html_main_text_without_comments_with_metadata() -> None:
    article = clean(RawDocument("page.html", PAGE, is_html=True))
    assert isinstance(article, Article)
    assert "prisoner exchange" in article.text
    assert "Reader42" not in article.text and "disgrace" not in article.text
    assert "Copyright" not in article.text
    assert article.published is not None and article.published.isoformat() == "2025-10-22"


def test_ids_are_content_hashes_unless_given() -> None:
    first = clean(RawDocument("a.txt", "Russia and Ukraine held talks.", is_html=False))
    second = clean(RawDocument("b.txt", "Russia and Ukraine held talks.", is_html=False))
    given = clean(RawDocument("c.jsonl:1", "Russia and Ukraine held talks.", False, id="X1"))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(given, Article)
    assert first.id == second.id and len(first.id) == 16 and given.id == "X1"


def test_non_english_text_is_skipped_with_a_reason() -> None:
    german = (
        "Der russische Präsident hat am Donnerstag mit dem amerikanischen Präsidenten "
        "telefoniert, teilte der Kreml mit. Die beiden vereinbarten ein Treffen in Budapest."
    )
    result = clean(RawDocument("de.txt", german, is_html=False))
    assert isinstance(result, InputProblem) and "not English" in result.message
    assert looks_english("The minister said the talks were held in Geneva on Monday.")


def test_language_check_reads_words_not_yaml_booleans() -> None:
    check = LanguageCheck.bundled()
    assert all(isinstance(w, str) for w in check.english)
    assert all(isinstance(w, str) for words in check.others for w in words)
    assert {"on", "no"} <= check.english


@pytest.mark.parametrize(
    "text",
    [
        # dense sentences of content words and names, few function words
        "Vietnamese-led forces launched artillery, mortar, and rocket fire against Kampuchean "
        "guerrilla camps near the eastern Thai border today, killing or wounding 50.",
        "WARSAW — Conservative historian Karol Nawrocki narrowly won Poland's presidential "
        "runoff on Sunday, official results showed.",
    ],
)
def test_dense_english_news_is_english(text: str) -> None:
    assert looks_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Le président russe a eu un entretien téléphonique avec le président américain, a "
        "indiqué le Kremlin, et les deux dirigeants sont convenus d'une rencontre à Budapest.",
        "El presidente ruso habló por teléfono con el presidente de los Estados Unidos y los "
        "dos acordaron una cumbre en Budapest, según el Kremlin.",
        "Президент России провел телефонный разговор с президентом США, и стороны "
        "договорились о встрече в Будапеште, сообщили в Кремле.",
    ],
)
def test_other_languages_are_not_english(text: str) -> None:
    assert not looks_english(text)


def test_a_short_headline_sentence_is_english() -> None:
    assert looks_english("A Ukrainian drone strike hit a fuel depot in Russia's Bryansk region.")
