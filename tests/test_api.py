from __future__ import annotations

import inspect

import dyad


def test_public_api_is_complete_and_sorted() -> None:
    assert dyad.__all__ == sorted(dyad.__all__)
    for name in dyad.__all__:
        assert hasattr(dyad, name), name
    public = {
        name
        for name, value in vars(dyad).items()
        if not name.startswith("_")
        and name not in ("annotations", "Path")
        and not inspect.ismodule(value)  # submodules imported along the way
    }
    # the Coder is loaded on first use (it imports spaCy), so it is not in vars() yet
    assert public | {"Coder"} == set(dyad.__all__)


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
