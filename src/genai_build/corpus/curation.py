"""The curation overlay (content/curation.yaml): editors' decisions keyed by question id.

First cut: drop, reword, replace the answer, set topic, difficulty or tags. Every decision is
checked; an unknown id or key is an error naming its line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from genai_build.config import CURATION_FILE, display_path
from genai_build.diagnostics import BuildError, Diagnostic, error
from genai_build.yamlio import line_of, load_yaml

DECISION_KEYS = {"drop", "question", "answer", "topic", "difficulty", "tags", "note"}


@dataclass(frozen=True)
class Decision:
    qid: str
    values: Mapping[str, Any]
    line: int | None


@dataclass(frozen=True)
class Curation:
    path: str
    decisions: Mapping[str, Decision] = field(default_factory=dict)


def load_curation(content: Path) -> Curation:
    path = content / CURATION_FILE
    shown = display_path(path)
    if not path.exists():
        return Curation(shown)
    data, problems = load_yaml(path, shown)
    if problems:
        raise BuildError(problems)
    if data is None:
        return Curation(shown)
    if not isinstance(data, Mapping) or not isinstance(data.get("decisions") or {}, Mapping):
        raise BuildError([error("curation.shape", "expected a mapping with a 'decisions:' mapping of question ids", shown, 1)])
    decisions, problems = {}, []
    block = data.get("decisions") or {}
    for qid, values in block.items():
        where = line_of(block, qid)
        if not isinstance(values, Mapping):
            problems.append(error("curation.shape", f"decision for {qid!r} must be a mapping", shown, where))
            continue
        for key in values:
            if key not in DECISION_KEYS:
                problems.append(error("curation.unknown-key", f"unknown decision {key!r} for {qid} (known: {', '.join(sorted(DECISION_KEYS))})", shown, line_of(values, key)))
        if values.get("drop") and set(values) - {"drop", "note"}:
            problems.append(error("curation.contradiction", f"{qid} is dropped and edited at once", shown, where))
        decisions[str(qid)] = Decision(str(qid), dict(values), where)
    if problems:
        raise BuildError(problems)
    return Curation(shown, decisions)


def unknown_ids(curation: Curation, known: set[str]) -> list[Diagnostic]:
    return [
        error("curation.unknown-id", f"no question has the id {qid!r}", curation.path, d.line)
        for qid, d in sorted(curation.decisions.items()) if qid not in known
    ]
