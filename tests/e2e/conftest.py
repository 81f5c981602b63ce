"""The project most end-to-end tests break: the real book, topics and templates, one small dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from .projects import small_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")
