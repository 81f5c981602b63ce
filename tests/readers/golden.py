"""Golden files for readers: a fixture's questions and warnings as JSON, compared as text.

Regenerate with `UPDATE_GOLDEN=1 pytest tests/readers` and review the diff before committing.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Mapping

from genai_build.readers import run_reader
from genai_build.readers.base import ReaderResult, SourceText

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "readers"
GOLDEN = TESTS / "golden" / "readers"


def read_fixture(reader: str, relative: str, options: Mapping[str, Any] | None = None) -> ReaderResult:
    path = FIXTURES / relative
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return run_reader(reader, SourceText(path.name, f"fixtures/{relative}", text), options or {})


def as_json(result: ReaderResult) -> str:
    data = {
        "questions": [dataclasses.asdict(q) for q in result.questions],
        "diagnostics": [str(d) for d in result.diagnostics],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def assert_golden(result: ReaderResult, relative: str) -> None:
    """Compare with tests/golden/readers/<relative>.json (written instead when UPDATE_GOLDEN=1)."""
    path = GOLDEN / (relative + ".json")
    actual = as_json(result)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{relative}: output differs from {path} (UPDATE_GOLDEN=1 to accept)"
