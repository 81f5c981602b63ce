"""The editors' report read back: the clusters of its HTML page (questions with several occurrences, riskiest first)."""

from __future__ import annotations

import re
from pathlib import Path

from genai_build.model import Corpus

_CLUSTER = re.compile(r'<section class="cluster" id="([^"]+)">')


def ids_in_report(path: Path, known: set[str]) -> list[str]:
    return [qid for qid in _CLUSTER.findall(path.read_text(encoding="utf-8")) if qid in known]


def merged_questions(corpus: Corpus) -> list[str]:
    """What the report must list, each once: every question gathered from more than one occurrence."""
    return [q.id for q in corpus.questions if len(q.provenance) > 1]
