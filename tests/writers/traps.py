"""The corpus every writer's tests share (tests/fixtures/writers/corpus.yaml): every trap in one small book."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from genai_build.model import Corpus, Question

TRAPS = Path(__file__).resolve().parents[1] / "fixtures" / "writers" / "corpus.yaml"


@cache
def trap_corpus() -> Corpus:
    return Corpus.model_validate(YAML(typ="safe").load(TRAPS.read_text(encoding="utf-8")))


def trap(question_id: str) -> Question:
    """One question of the shared corpus, by id."""
    return next(q for q in trap_corpus().questions if q.id == question_id)
