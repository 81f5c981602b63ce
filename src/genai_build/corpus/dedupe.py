"""Clustering of question occurrences that ask the same thing.

First cut: occurrences whose wording has the same comparison key form one cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from genai_build.corpus.normalise import comparison_key
from genai_build.readers.base import RawQuestion


@dataclass(frozen=True)
class Cluster:
    members: tuple[RawQuestion, ...]  # in a stable order: by source file, then line
    similarity: float = 1.0  # the weakest link that joined the members


def occurrence_order(raw: RawQuestion) -> tuple[str, int]:
    return (raw.source, raw.line)


def cluster(questions: Sequence[RawQuestion]) -> list[Cluster]:
    groups: dict[str, list[RawQuestion]] = {}
    for raw in sorted(questions, key=occurrence_order):
        groups.setdefault(comparison_key(raw.question), []).append(raw)
    return [Cluster(tuple(members)) for members in groups.values()]
