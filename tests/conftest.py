"""Shared fixtures: the real public list files live in ../shared/data, never in the repo."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.fail(
            f"shared test data missing: expected the real list files in {path} "
            "(see ../shared/data/SOURCES.md); they are not copied into the repository"
        )
    return path
