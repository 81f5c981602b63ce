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


_Claim = tuple[str, Decision, str]  # a merge's target, the decision that says so, and its key


def check_contradictions(decisions: Mapping[str, Decision], path: str) -> list[Diagnostic]:
    """Decisions that contradict each other or themselves, in the order of the ids, then of the merges."""
    problems = []
    merged_into: dict[str, _Claim] = {}  # source -> (target, decision that says so, key)
    for qid, d in sorted(decisions.items()):
        problems += _edited_and_gone(qid, d, path)
        for source, target, key in _merge_claims(qid, d.values):
            problem = _claim_conflict(qid, source, target, merged_into.get(source), path, d.line_of(key))
            if problem is not None:
                problems.append(problem)
            else:
                merged_into[source] = (target, d, key)
    for source, claim in sorted(merged_into.items()):
        problems += _merge_problems(source, claim, merged_into, decisions, path)
    return problems


def _contradiction(message: str, path: str, line: int | None) -> Diagnostic:
    return error("curation.contradiction", message, path, line)


def _edited_and_gone(qid: str, d: Decision, path: str) -> list[Diagnostic]:
    """A question dropped, or merged into another, that is also edited."""
    values, problems = d.values, []
    if values.get("drop") and set(values) - {"drop", "note"}:
        problems.append(_contradiction(f"{qid} is dropped and edited or merged at once", path, d.line))
    if values.get("merge_into") and set(values) & (EDIT_KEYS | {"merge", "split"}):
        problems.append(_contradiction(f"{qid} is merged into {values['merge_into']} and edited at once (edit the target)", path, d.line))
    return problems


def _merge_claims(qid: str, values: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(source, target, key) of each merge a decision states, by `merge_into` or by `merge`."""
    claims = []
    if isinstance(values.get("merge_into"), str):
        claims.append((qid, str(values["merge_into"]), "merge_into"))
    if isinstance(values.get("merge"), Sequence) and not isinstance(values.get("merge"), str):
        claims += [(str(other), qid, "merge") for other in values["merge"]]
    return claims


def _claim_conflict(qid: str, source: str, target: str, earlier: _Claim | None, path: str,
                    line: int | None) -> Diagnostic | None:
    """A merge into itself, or a second target for a question already merged elsewhere."""
    if source == target:
        return _contradiction(f"{qid} is merged into itself", path, line)
    if earlier is not None and earlier[0] != target:
        return _contradiction(f"{source} is merged into both {earlier[0]} and {target}", path, line)
    return None


def _merge_end(source: str, target: str, merged_into: Mapping[str, _Claim]) -> tuple[str, bool]:
    """Where following the merges from `source` ends, and whether they run in a cycle."""
    seen, node = {source}, target
    while node in merged_into:
        node = merged_into[node][0]
        if node in seen:
            return node, True
        seen.add(node)
    return node, False


def _merge_problems(source: str, claim: _Claim, merged_into: Mapping[str, _Claim], decisions: Mapping[str, Decision],
                    path: str) -> list[Diagnostic]:
    """One merge against the others: its source edited elsewhere, a cycle, or an end that is dropped."""
    target, d, key = claim
    line, problems = d.line_of(key), []
    edited = decisions.get(source)
    if key == "merge" and edited is not None and set(edited.values) & EDIT_KEYS:
        problems.append(_contradiction(f"{source} is merged into {target} by this line but edited at line {edited.line} (edit the target)", path, line))
    node, cycle = _merge_end(source, target, merged_into)
    if cycle:
        problems.append(_contradiction(f"merge cycle through {source} and {target}", path, line))
    final = decisions.get(node)
    if final is not None and final.values.get("drop"):
        problems.append(_contradiction(f"{source} is merged into {node}, which is dropped", path, line))
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
