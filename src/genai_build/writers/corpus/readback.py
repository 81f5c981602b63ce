"""The contract read back as its consumers read it: the questions array of corpus.json."""

from __future__ import annotations

import json
from pathlib import Path


def ids_in_corpus_json(path: Path, known: set[str]) -> list[str]:
    return [q["id"] for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]
