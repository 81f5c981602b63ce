"""Edits of content/curation.yaml by command (`genai-build curate …`), as a ruamel round trip.

The editor's comments, order, quoting and layout survive: the file is parsed as a
commented tree, one decision is changed, and the tree is written back. Each edit is a
pure function from the file's text to the new text; the command layer checks the result
against the corpus before it replaces the file.
"""

from __future__ import annotations

from io import StringIO
from typing import Any, Callable, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from genai_build.yamlio import round_trip_yaml

HEADER = ("# Editorial decisions, keyed by question id (see docs/taxonomy.md, \"Curating\").\n"
          "# Edit by hand or with `genai-build curate …`; comments and layout are kept.\n")


def _load(text: str) -> CommentedMap:
    data = round_trip_yaml().load(text) if text.strip() else None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ValueError("curation.yaml must be a mapping with a 'decisions:' mapping")
    decisions = data.get("decisions")
    if not isinstance(decisions, CommentedMap) or not decisions:
        fresh = CommentedMap(decisions or {})
        fresh.fa.set_block_style()
        data["decisions"] = fresh
    return data


def _dump(data: CommentedMap, original: str) -> str:
    buffer = StringIO()
    round_trip_yaml().dump(data, buffer)
    text = buffer.getvalue()
    return text if original.strip() else HEADER + text


def edit(text: str, qid: str, change: Callable[[CommentedMap], None]) -> str:
    """Apply `change` to the decision of `qid` (created if missing); drop it if it ends up empty."""
    data = _load(text)
    decisions: CommentedMap = data["decisions"]
    decision = decisions.get(qid)
    if not isinstance(decision, CommentedMap):
        decision = CommentedMap()
        decisions[qid] = decision
    change(decision)
    if not decision:
        del decisions[qid]
    return _dump(data, text)


def _set(key: str, value: Any) -> Callable[[CommentedMap], None]:
    def change(decision: CommentedMap) -> None:
        decision[key] = value
    return change


def _flow(items: Sequence[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def merge(text: str, sources: Sequence[str], target: str) -> str:
    for qid in sources:
        text = edit(text, qid, _set("merge_into", target))
    return text


def split(text: str, qid: str, occurrences: Sequence[str]) -> str:
    def change(decision: CommentedMap) -> None:
        existing = [str(o) for o in decision.get("split") or ()]
        decision["split"] = _flow(existing + [o for o in occurrences if o not in existing])
    return edit(text, qid, change)


def distinct(text: str, qid: str, other: str) -> str:
    """Record that `qid` and `other` are different questions (under `qid`, the first named)."""
    def change(decision: CommentedMap) -> None:
        existing = [str(o) for o in decision.get("distinct") or ()]
        decision["distinct"] = _flow(existing + ([other] if other not in existing else []))
    return edit(text, qid, change)


def reword(text: str, qid: str, wording: str) -> str:
    return edit(text, qid, _set("question", wording))


def answer(text: str, qid: str, replacement: str | None = None, append: str | None = None) -> str:
    def change(decision: CommentedMap) -> None:
        if replacement is not None:
            decision["answer"] = replacement
        if append is not None:
            decision["answer_append"] = append
    return edit(text, qid, change)


def retag(text: str, qid: str, topic: str | None = None, difficulty: str | None = None, tags: Sequence[str] | None = None) -> str:
    def change(decision: CommentedMap) -> None:
        if topic is not None:
            decision["topic"] = topic
        if difficulty is not None:
            decision["difficulty"] = difficulty
        if tags is not None:
            decision["tags"] = _flow(list(tags))
    return edit(text, qid, change)


def drop(text: str, qid: str, note: str | None = None) -> str:
    def change(decision: CommentedMap) -> None:
        decision["drop"] = True
        if note:
            decision["note"] = note
    return edit(text, qid, change)
