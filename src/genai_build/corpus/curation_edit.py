"""Edits of content/curation.yaml by command (`genai-build curate …`), as a ruamel round trip.

The editor's comments, order, quoting and layout survive: the file is parsed as a
commented tree, one decision is changed, and the tree is written back. Each edit is a
pure function from the file's text to the new text; the command layer checks the result
against the corpus before it replaces the file (genai_build.content.edit_curation).

Every text is recorded exactly: written in a style that reads back identical (a literal
block for multi-line text when it allows one, else double quotes; never folded), and the
new text is parsed again and compared with what was meant before it is returned — an edit
that would not read back as given raises CurationEditError instead.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from genai_build.yamlio import dump_yaml, parse_yaml, plain, round_trip_yaml, text_scalar


class CurationEditError(ValueError):
    """The edit cannot be recorded as given (the file's shape, or a text that would not read back)."""


HEADER = ("# Editorial decisions, keyed by question id (see docs/taxonomy.md, \"Curating\").\n"
          "# Edit by hand or with `genai-build curate …`; comments and layout are kept.\n")


def _load(text: str) -> CommentedMap:
    data, problems = parse_yaml(text, "curation.yaml") if text.strip() else (None, [])
    if problems:
        raise CurationEditError("; ".join(f"line {d.line}: {d.message}" if d.line else d.message for d in problems))
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise CurationEditError("curation.yaml must be a mapping with a 'decisions:' mapping")
    decisions = data.get("decisions")
    if decisions is not None and not isinstance(decisions, CommentedMap):
        raise CurationEditError("'decisions:' must be a mapping of question ids")
    if not decisions:
        fresh = CommentedMap(decisions or {})
        fresh.fa.set_block_style()
        data["decisions"] = fresh
    return data


def _dump(data: CommentedMap, original: str) -> str:
    text = dump_yaml(data)
    return text if original.strip() else HEADER + text


def edit(text: str, qid: str, change: Callable[[CommentedMap], None]) -> str:
    """Apply `change` to the decision of `qid` (created if missing); drop it if it ends up empty."""
    data = _load(text)
    decisions: CommentedMap = data["decisions"]
    decision = decisions.get(qid)
    if decision is not None and not isinstance(decision, CommentedMap):
        raise CurationEditError(f"the decision for {qid} must be a mapping")
    if decision is None:
        decision = CommentedMap()
        decisions[qid] = decision
    change(decision)
    if not decision:
        del decisions[qid]
    meant = plain(data)
    written = _dump(data, text)
    try:
        again = plain(round_trip_yaml().load(written))
    except YAMLError as exc:
        raise CurationEditError(f"the edited file would not parse ({exc}); nothing recorded") from exc
    if again != meant:
        raise CurationEditError("the edited file would not read back as written; nothing recorded")
    return written


def _text(value: str) -> str:
    """A text as it will be written: its exact characters, in a style that keeps them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CurationEditError(f"the text is not valid Unicode (character {exc.start} cannot be written as UTF-8)") from exc
    return text_scalar(value)


def _set(key: str, value: Any) -> Callable[[CommentedMap], None]:
    def change(decision: CommentedMap) -> None:
        decision[key] = _text(value) if isinstance(value, str) else value
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
        decision["split"] = _flow(list(dict.fromkeys([*existing, *occurrences])))
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
            decision["answer"] = _text(replacement)
        if append is not None:
            decision["answer_append"] = _text(append)
    return edit(text, qid, change)


def retag(text: str, qid: str, topic: str | None = None, difficulty: str | None = None, tags: Sequence[str] | None = None) -> str:
    def change(decision: CommentedMap) -> None:
        if topic is not None:
            decision["topic"] = _text(topic)
        if difficulty is not None:
            decision["difficulty"] = difficulty
        if tags is not None:
            decision["tags"] = _flow([_text(t) for t in tags])
    return edit(text, qid, change)


def drop(text: str, qid: str, note: str | None = None) -> str:
    def change(decision: CommentedMap) -> None:
        decision["drop"] = True
        if note:
            decision["note"] = _text(note)
    return edit(text, qid, change)
