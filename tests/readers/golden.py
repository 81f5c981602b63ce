"""Golden files for readers: a fixture's questions and warnings as JSON, compared as text
(tests/golden_files.py; `make golden` regenerates them: review the diff before committing).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Mapping

from genai_build.readers import run_reader
from genai_build.readers.base import ReaderResult, SourceText
from tests.golden_files import assert_golden as assert_golden_text

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "readers"


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
    """Compare with tests/golden/readers/<relative>.json."""
    assert_golden_text(as_json(result), f"readers/{relative}.json")
