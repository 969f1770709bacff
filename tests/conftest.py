"""Shared fixtures: one Coder per test session (loading the model is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
