"""The curation overlay (content/curation.yaml): editors' decisions keyed by question id.

Decisions: `merge_into: other-id` (this question joins another, which keeps its id),
`merge: [ids]` (those questions join this one), `split: ["file:line", …]` (those occurrences
leave this question and become one new question), `question:` (reword), `answer:` (replace),
`answer_append:` (amend), `topic:`, `difficulty:`, `tags:`, `drop: true`, `note:`,
`distinct: [ids]` (different questions, never to be joined: the clustering keeps them apart
and the review queue stops offering the pair).
Every decision is checked — unknown ids, unknown keys, bad values and contradictions (a
dropped question that is also edited or merged, merge cycles, one question merged into two,
a key given twice) — and all problems, those of the file alone and those found against the
corpus, are reported together, each naming its line in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from genai_build.config import CURATION_FILE, display_path
from genai_build.diagnostics import BuildError, Diagnostic, error
from genai_build.model import DIFFICULTIES
from genai_build.yamlio import line_of, load_yaml

DECISION_KEYS = {"drop", "merge_into", "merge", "split", "question", "answer", "answer_append", "topic",
                 "difficulty", "tags", "note", "distinct"}
EDIT_KEYS = {"question", "answer", "answer_append", "topic", "difficulty", "tags"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OCCURRENCE = re.compile(r"^(?P<source>[^:/\\]+):(?P<line>\d+)$")


@dataclass(frozen=True)
class Decision:
    qid: str
    values: Mapping[str, Any]
    line: int | None
    lines: Mapping[str, int | None] = field(default_factory=dict)  # key -> its line

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key) or self.line


@dataclass(frozen=True)
class Curation:
    path: str
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    problems: tuple[Diagnostic, ...] = ()  # found in the file alone; reported with those found against the corpus

    def merges(self) -> dict[str, str]:
        """source id -> target id, from both `merge_into` and `merge` decisions."""
        pairs: dict[str, str] = {}
        for qid, d in sorted(self.decisions.items()):
            if d.values.get("merge_into"):
                pairs[qid] = str(d.values["merge_into"])
            for other in _listed(d.values.get("merge")):
                pairs.setdefault(str(other), qid)
        return pairs

    def distinct(self) -> frozenset[frozenset[str]]:
        """Pairs of ids an editor declared different questions."""
        return frozenset(frozenset((qid, str(other))) for qid, d in self.decisions.items()
                         for other in _listed(d.values.get("distinct")) if str(other) != qid)

    def splits(self) -> dict[str, tuple[tuple[str, int], ...]]:
        out = {}
        for qid, d in sorted(self.decisions.items()):
            places = tuple(p for p in (parse_occurrence(str(o)) for o in _listed(d.values.get("split"))) if p)
            if places:
                out[qid] = places
        return out


def _listed(value: Any) -> list:
    """The items of a list value; nothing for a value of the wrong kind (reported on its own)."""
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def parse_occurrence(text: str) -> tuple[str, int] | None:
    match = _OCCURRENCE.match(text.strip())
    return (match["source"], int(match["line"])) if match else None


def load_curation(content: Path) -> Curation:
    path = content / CURATION_FILE
    shown = display_path(path)
    if not path.exists():
        return Curation(shown)
    data, problems = load_yaml(path, shown)
    if problems:
        # a key given twice ("topic:" twice) is two decisions that contradict each other
        raise BuildError([error("curation.contradiction", d.message.replace("malformed YAML: ", ""), d.path, d.line)
                          if "duplicate key" in d.message else d for d in problems])
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
        lines = {str(key): line_of(values, key) for key in values}
        decision = Decision(str(qid), dict(values), where, lines)
        problems += check_values(decision, shown)
        decisions[str(qid)] = decision
    problems += check_contradictions(decisions, shown)
    return Curation(shown, decisions, tuple(problems))


def check_values(d: Decision, path: str) -> list[Diagnostic]:
    """Problems of one decision on its own: unknown keys, values of the wrong kind."""
    problems = []
    values = d.values
    for key in values:
        if key not in DECISION_KEYS:
            problems.append(error("curation.unknown-key", f"unknown decision {key!r} for {d.qid} (known: {', '.join(sorted(DECISION_KEYS))})", path, d.line_of(key)))
    for key in ("question", "answer", "answer_append", "note", "merge_into", "topic"):
        if key in values and not (isinstance(values[key], str) and values[key].strip()):
            problems.append(error("curation.value", f"{key} of {d.qid} must be non-empty text", path, d.line_of(key)))
    if "difficulty" in values and values["difficulty"] not in DIFFICULTIES:
        problems.append(error("curation.value", f"difficulty of {d.qid} must be one of {', '.join(DIFFICULTIES)}", path, d.line_of("difficulty")))
    if "drop" in values and not isinstance(values["drop"], bool):
        problems.append(error("curation.value", f"drop of {d.qid} must be true or false", path, d.line_of("drop")))
    for key in ("tags", "merge", "split", "distinct"):
        if key in values and (not isinstance(values[key], Sequence) or isinstance(values[key], str)):
            problems.append(error("curation.value", f"{key} of {d.qid} must be a list", path, d.line_of(key)))
    for tag in values.get("tags") or () if isinstance(values.get("tags"), Sequence) else ():
        if not _SLUG.match(str(tag)):
            problems.append(error("curation.value", f"tag {tag!r} of {d.qid} must be a slug (a-z, 0-9, -)", path, d.line_of("tags")))
    for item in values.get("split") or () if isinstance(values.get("split"), Sequence) else ():
        if parse_occurrence(str(item)) is None:
            problems.append(error("curation.value", f"split of {d.qid}: {item!r} is not 'file:line'", path, d.line_of("split")))
    return problems


def check_contradictions(decisions: Mapping[str, Decision], path: str) -> list[Diagnostic]:
    problems = []
    merged_into: dict[str, tuple[str, Decision, str]] = {}  # source -> (target, decision that says so, key)
    for qid, d in sorted(decisions.items()):
        values = d.values
        if values.get("drop") and set(values) - {"drop", "note"}:
            problems.append(error("curation.contradiction", f"{qid} is dropped and edited or merged at once", path, d.line))
        if values.get("merge_into") and set(values) & (EDIT_KEYS | {"merge", "split"}):
            problems.append(error("curation.contradiction", f"{qid} is merged into {values['merge_into']} and edited at once (edit the target)", path, d.line))
        claims = []
        if isinstance(values.get("merge_into"), str):
            claims.append((qid, str(values["merge_into"]), "merge_into"))
        if isinstance(values.get("merge"), Sequence) and not isinstance(values.get("merge"), str):
            claims += [(str(other), qid, "merge") for other in values["merge"]]
        for source, target, key in claims:
            if source == target:
                problems.append(error("curation.contradiction", f"{qid} is merged into itself", path, d.line_of(key)))
            elif source in merged_into and merged_into[source][0] != target:
                problems.append(error("curation.contradiction", f"{source} is merged into both {merged_into[source][0]} and {target}", path, d.line_of(key)))
            else:
                merged_into[source] = (target, d, key)
    for source, (target, d, key) in sorted(merged_into.items()):
        edited = decisions.get(source)
        if key == "merge" and edited is not None and set(edited.values) & EDIT_KEYS:
            problems.append(error("curation.contradiction", f"{source} is merged into {target} by this line but edited at line {edited.line} (edit the target)", path, d.line_of(key)))
        seen, node = {source}, target
        while node in merged_into:
            node = merged_into[node][0]
            if node in seen:
                problems.append(error("curation.contradiction", f"merge cycle through {source} and {target}", path, d.line_of(key)))
                break
            seen.add(node)
        final = decisions.get(node)
        if final is not None and final.values.get("drop"):
            problems.append(error("curation.contradiction", f"{source} is merged into {node}, which is dropped", path, d.line_of(key)))
    return problems


def unknown_ids(curation: Curation, known: set[str], topics: set[str] | None = None,
                occurrences: Mapping[str, set[tuple[str, int]]] | None = None) -> list[Diagnostic]:
    """Decisions that name a question, topic or occurrence the build does not have."""
    problems = []
    for qid, d in sorted(curation.decisions.items()):
        if qid not in known:
            problems.append(error("curation.unknown-id", f"no question has the id {qid!r}", curation.path, d.line))
        target = d.values.get("merge_into")
        if isinstance(target, str) and target not in known:
            problems.append(error("curation.unknown-id", f"{qid} is merged into {target!r}, which no question has as id", curation.path, d.line_of("merge_into")))
        for other in _listed(d.values.get("merge")):
            if str(other) not in known:
                problems.append(error("curation.unknown-id", f"{qid} merges {other!r}, which no question has as id", curation.path, d.line_of("merge")))
        for other in _listed(d.values.get("distinct")):
            if str(other) not in known:
                problems.append(error("curation.unknown-id", f"{qid} is kept distinct from {other!r}, which no question has as id", curation.path, d.line_of("distinct")))
        if topics is not None and isinstance(d.values.get("topic"), str) and d.values["topic"] not in topics:
            problems.append(error("curation.unknown-topic", f"topic {d.values['topic']!r} of {qid} is not in topics.yaml", curation.path, d.line_of("topic")))
        if occurrences is not None and qid in occurrences:
            for item in _listed(d.values.get("split")):
                where = parse_occurrence(str(item))
                if where is not None and where not in occurrences[qid]:
                    problems.append(error("curation.unknown-occurrence", f"{qid} has no occurrence {item}", curation.path, d.line_of("split")))
    return problems
