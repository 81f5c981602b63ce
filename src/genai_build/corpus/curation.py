"""The curation overlay (content/curation.yaml): editors' decisions keyed by question id.

Decisions: `merge_into: other-id` (this question joins another, which keeps its id),
`merge: [ids]` (those questions join this one), `split: ["file:line", …]` (those occurrences
leave this question and become one new question), `question:` (reword), `answer:` (replace),
`answer_append:` (amend), `fix: [{find, replace}]` (correct a passage of the shown answer,
e.g. put back a formula the dump lost; `find` must occur exactly once), `key_points:` (the
short answer to recall), `topic:`, `difficulty:`, `tags:`, `drop: true`, `note:`,
`distinct: [ids]` (different questions, never to be joined: the clustering keeps them apart
and the review queue stops offering the pair).
Every decision is checked — unknown keys and bad values (by the schema in genai_build.config,
when genai_build.content reads the file), contradictions (a dropped question that is also
edited or merged, merge cycles, one question merged into two, a key given twice) and unknown
ids — and all problems, those of the file alone and those found against the corpus, are
reported together, each naming its line in the file. This module does no file I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from genai_build.diagnostics import Diagnostic, error

EDIT_KEYS = {"question", "answer", "answer_append", "fix", "key_points", "topic", "difficulty", "tags"}
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
