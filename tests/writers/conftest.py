"""The shared corpus of the writers' tests, as a fixture."""

from __future__ import annotations

import pytest

from genai_build.model import Corpus

from .traps import trap_corpus


@pytest.fixture(scope="session")
def traps() -> Corpus:
    return trap_corpus()
