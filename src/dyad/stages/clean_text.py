"""Stage: RawDocument → Article. Main text from HTML, page furniture out of plain text.

needs: a RawDocument.  adds: Article.text (the text every offset points into), id, metadata.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

import trafilatura

from dyad.datafiles import read_yaml
from dyad.records import Article, InputProblem, RawDocument
from dyad.settings import Options

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    line_patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def bundled(cls) -> BoilerplateRules:
        raw = read_yaml((files("dyad") / "data" / "boilerplate.yaml").read_text("utf-8"))
        return cls(tuple(re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in raw["line_patterns"]))

    def is_boilerplate(self, line: str) -> bool:
        stripped = line.strip().strip("•·|").strip()
        # Only short lines are furniture; a long line matching "by ..." is prose.
        return len(stripped) < 120 and any(p.match(stripped) for p in self.line_patterns)


class CleanText:
    """Turns a RawDocument into an Article, or reports why it cannot be coded."""

    needs: tuple[str, ...] = ("RawDocument",)
    adds: tuple[str, ...] = ("Article",)

    def __init__(self, options: Options, rules: BoilerplateRules | None = None) -> None:
        self.options = options
        self.rules = rules or BoilerplateRules.bundled()
        self.language = LanguageCheck.bundled()

    def __call__(self, raw: RawDocument) -> Article | InputProblem:
        title, published = raw.title, raw.published
        if raw.is_html:
            text, title_html, published_html = extract_html(raw.content)
            title, published = title or title_html, published or published_html
        else:
            text = self.strip_boilerplate(raw.content)
        text = normalise_whitespace(text)
        if not text:
            return InputProblem(raw.origin, f"{raw.origin}: no article text found, skipped")
        if not self.language.is_english(text):
            return InputProblem(raw.origin, f"{raw.origin}: not English text, skipped (not coded)")
        return Article(
            id=raw.id or content_id(text),
            text=text,
            origin=raw.origin,
            published=published or self.options.published,
            url=raw.url,
            title=title,
            source=raw.source,
        )

    def strip_boilerplate(self, text: str) -> str:
        paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
        kept = []
        for paragraph in paragraphs:
            lines = [ln for ln in paragraph.split("\n") if not self.rules.is_boilerplate(ln)]
            if any(ln.strip() for ln in lines):
                kept.append("\n".join(lines))
        return drop_repeated_title(kept)


def drop_repeated_title(paragraphs: list[str]) -> str:
    """Scraped pages repeat the headline (breadcrumb, then h1); keep its first copy only."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.strip().lower()
        if len(key) < 200 and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return "\n\n".join(kept)


def extract_html(html: str) -> tuple[str, str | None, date | None]:
    """Main text (no comments, no navigation), title and publication date of an HTML page."""
    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True
    )
    if doc is None:
        return "", None, None
    text = getattr(doc, "text", None) or ""
    title = getattr(doc, "title", None)
    raw_date = getattr(doc, "date", None)
    published = None
    if isinstance(raw_date, str):
        try:
            published = date.fromisoformat(raw_date[:10])
        except ValueError:
            published = None
    return text, title, published


def normalise_whitespace(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\r\n", "\n")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


@dataclass(frozen=True, slots=True)
class LanguageCheck:
    """Is a text English? Function words of English against those of other languages
    (data/languages.yaml): cheap, and it needs no model."""

    english: frozenset[str]
    others: tuple[frozenset[str], ...]

    @classmethod
    def bundled(cls) -> LanguageCheck:
        raw = read_yaml((files("dyad") / "data" / "languages.yaml").read_text("utf-8"))
        others = tuple(frozenset(words) for words in raw["other"].values())
        return cls(frozenset(raw["english"]), others)

    def is_english(self, text: str) -> bool:
        # Capitalised words are mostly names, which say nothing about the language.
        words = [w for w in _WORD.findall(text[:5000]) if w[0].islower()]
        if len(words) < 8:
            return True  # too short to judge: let the coder try
        if sum(w.isascii() for w in words) < len(words) / 2:
            return False  # another script: Cyrillic, Arabic, Chinese ...
        english = sum(w in self.english for w in words)
        rival = max(sum(w in other for w in words) for other in self.others)
        # English news prose runs at 30-50% of function words among lowercase ones; a dense
        # sentence of content words has a few, and no other language's more.
        return english >= rival and (english > 0 or len(words) < 12)


def looks_english(text: str, check: LanguageCheck | None = None) -> bool:
    return (check or LanguageCheck.bundled()).is_english(text)


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def clean_one(clean: CleanText, raw: RawDocument) -> Article | InputProblem:
    """Clean one document; a page that cannot be read becomes a one-line problem, so one bad
    page never stops a batch."""
    try:
        return clean(raw)
    except Exception as err:
        return InputProblem(raw.origin, f"{raw.origin}: cannot extract text: {err}")
