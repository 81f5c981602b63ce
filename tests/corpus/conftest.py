"""Helpers for corpus tests: raw occurrences from short wordings, the real dumps' occurrences."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_build.model import RawQuestion

ROOT = Path(__file__).resolve().parents[2]


def occurrences(*wordings: str, source: str = "t.txt") -> list[RawQuestion]:
    return [RawQuestion(source, n * 10, w, f"Answer {n}.") for n, w in enumerate(wordings, start=1)]


@pytest.fixture(scope="session")
def real_raw() -> list[RawQuestion]:
    """Every occurrence the readers find in the real dumps (read once per session)."""
    from genai_build.corpus.normalise import normalise
    from genai_build.pipeline import Project, read_all

    _, reports = read_all(Project(ROOT))
    return [normalise(q) for r in reports for q in r.questions]
