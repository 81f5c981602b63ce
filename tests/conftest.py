"""Shared fixtures: the project root, a scratch copy of it, and a built corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of content/ and templates/ to break on purpose."""
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture(scope="session")
def corpus():
    """The real corpus, assembled once per session (the id lock is read, not written)."""
    from genai_build.pipeline import Project, load_corpus

    assembled, _ = load_corpus(Project(ROOT), epoch=1_700_000_000, update_lock=False)
    return assembled.corpus
