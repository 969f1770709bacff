from __future__ import annotations

import dyad


def test_public_api_is_complete_and_sorted() -> None:
    assert dyad.__all__ == sorted(dyad.__all__)
    for name in dyad.__all__:
        assert hasattr(dyad, name), name
    public = {n for n in vars(dyad) if not n.startswith("_") and n not in ("annotations", "Path")}
    modules = {
        "pipeline",
        "records",
        "settings",
        "inputs",
        "kb",
        "lexicon",
        "stages",
        "evaluate",
        "output",
        "cli",
    }
    assert public - modules == set(dyad.__all__)


def test_extract_from_text_with_a_reused_coder(coder: dyad.Coder) -> None:
    events = dyad.extract(
        "Russian President Vladimir Putin praised Donald Trump on Thursday.",
        published="2025-10-17",
        coder=coder,
    )
    (event,) = events
    assert event.event_type == "SUPPORT"
    assert [a.country for a in event.actors] == ["RUS"]
    assert [r.country for r in event.recipients] == ["USA"]
    assert event.actors[0].name == "Vladimir Putin"
