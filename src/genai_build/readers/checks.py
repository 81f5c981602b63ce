"""Checks that hold for every reader's output, written once and applied to each dump after it is read.

Owns the oddities a reader cannot see question by question: the dump's own numbers
reconciled per section (gaps, repeats, numbers out of order), questions without an answer,
text inside an answer that looks like a question (a missed question, or one glued to the end
of the previous answer), and the two guards on a whole dump: no question at all is an error,
far fewer questions than lines that read as questions is a warning. Readers only find
questions; they report none of these themselves.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from genai_build.diagnostics import Diagnostic, error, warning
from genai_build.readers.base import RawQuestion, SourceText
from genai_build.render import MAX_LIST_DEPTH, MAX_NESTING
from genai_build.readers.structure import code_lines
from genai_build.readers.textutil import INTERROGATIVES, has_question_prefix, looks_like_question, plain_question, split_number

NUMBERING = "reader.numbering"
UNANSWERED = "reader.unanswered"
QUESTION_IN_ANSWER = "reader.question-in-answer"
DEEP_LIST = "reader.deep-list"
NO_QUESTIONS = "reader.no-questions"
MISSED_QUESTIONS = "reader.missed-questions"

_MARKUP = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:(?:[-*+•]|\d+[.)])\s+)?")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_GLUED_TAIL = re.compile(r"(?:(?<=[a-z0-9)\]\"'.!:;])[.!:;)]?|(?<=[.!:;])\s+)([A-Z][^.!?]*\?)\s*$")
_NUMBER = re.compile(r"^\D*?(\d+)\D*$")
# a list item indented far enough to be nested deeper than the editions keep (2 columns a level at least)
_DEEP_ITEM = re.compile(r"^[ \t]{%d,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)" % (MAX_LIST_DEPTH * 2 // 4), re.MULTILINE)
_WORD = re.compile(r"[A-Za-z0-9]+")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def line_wording(line: str) -> str:
    """A line's words without block markers, emphasis, HTML tags, printed number or `Q1:` prefix."""
    text = " ".join(_TAG.sub(" ", _MARKUP.sub("", line)).split())
    return split_number(plain_question(text))[1].strip().rstrip("*_").strip()


def _asks(wording: str) -> bool:
    """An outright question: ends with '?', at least three words, opens with an interrogative."""
    first = _WORD.match(wording)
    return (wording.endswith("?") and len(wording.split()) >= 3 and first is not None
            and first.group(0).lower() in INTERROGATIVES)


def question_in_line(line: str) -> str | None:
    """The question-like text of one answer line, if any: the whole line, or a tail glued on."""
    text = line_wording(line)
    if _asks(text) or (has_question_prefix(plain_question(_MARKUP.sub("", line))) and text.endswith("?")):
        return text
    tail = _GLUED_TAIL.search(text)
    if tail and _asks(tail.group(1)):
        return tail.group(1)
    return None


@lru_cache(maxsize=16)
def question_like_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(1-based line, wording) of every line outside code that reads as a question of its own."""
    inside = code_lines(text)
    found = []
    for index, line in enumerate(text.split("\n")):
        if index in inside or "?" not in line or len(line) > 400:
            continue
        wording = line_wording(line)
        if wording.endswith("?") and len(wording.split()) >= 3 and looks_like_question(wording):
            found.append((index + 1, wording))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Numbered:
    line: int
    value: int
    section: tuple[str, ...]


def _numbered(questions: Iterable[RawQuestion]) -> list[_Numbered]:
    found = []
    for q in questions:
        match = _NUMBER.match(q.number or "")
        if match:
            found.append(_Numbered(q.line, int(match.group(1)), q.section))
    return found


def _span(first: int, last: int) -> str:
    """Missing numbers, compact: '7', '7 and 8', '7-11'."""
    if first == last:
        return str(first)
    return f"{first} and {last}" if last == first + 1 else f"{first}-{last}"


def _section_name(section: tuple[str, ...]) -> str:
    return " / ".join(section) if section else "(no section)"


def _section_start(here: _Numbered, previous: _Numbered | None, path: str) -> Diagnostic | None:
    """A section restarts at 1 or continues the last count; anything else is reported."""
    after = previous.value if previous else 0
    if here.value in (1, after + 1):
        return None
    first = after + 1 if here.value > after + 1 else 1
    where = f"after {after} (line {previous.line})" if previous else "at the start of the dump"
    expected = f"1 or {after + 1}" if previous else "1"
    skipped = f"skips {_span(first, here.value - 1)}" if here.value > first else f"starts at {here.value}"
    return warning(NUMBERING, f"numbering {skipped}: {here.value} opens section {_section_name(here.section)!r} {where}; "
                   f"expected {expected}", path, here.line)


def _within_section(here: _Numbered, previous: _Numbered, seen: dict[int, int], path: str) -> Diagnostic | None:
    if here.value in seen:
        return warning(NUMBERING, f"number {here.value} repeated (first at line {seen[here.value]})", path, here.line)
    if here.value > previous.value + 1:
        return warning(NUMBERING, f"numbering skips {_span(previous.value + 1, here.value - 1)}: "
                       f"{previous.value} (line {previous.line}) is followed by {here.value}", path, here.line)
    if here.value <= previous.value:
        return warning(NUMBERING, f"number {here.value} out of order: it follows {previous.value} (line {previous.line})",
                       path, here.line)
    return None


def numbering_problems(questions: Sequence[RawQuestion], path: str) -> list[Diagnostic]:
    """Reconcile the dump's own numbers: each section restarts at 1 or continues the last one."""
    problems: list[Diagnostic] = []
    previous: _Numbered | None = None
    seen: dict[int, int] = {}  # number -> first line, within the current section
    for here in _numbered(sorted(questions, key=lambda q: q.line)):
        if previous is None or here.section != previous.section:
            seen = {}
            found = _section_start(here, previous, path)
        else:
            found = _within_section(here, previous, seen, path)
        if found:
            problems.append(found)
        seen.setdefault(here.value, here.line)
        previous = here
    return problems


def unanswered_problems(questions: Sequence[RawQuestion], path: str) -> list[Diagnostic]:
    return [warning(UNANSWERED, f"question has no answer in the dump: {_short(q.question)!r}", path, q.line)
            for q in questions if not (q.answer or "").strip()]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class WordIndex:
    """A dump's words as one lower-case string, with where each line starts in it: finds a text
    word by word even when the dump breaks it over lines (one word per line in an extracted PDF)."""

    def __init__(self, raw_lines: Sequence[str]):
        self.starts: list[int] = []  # offset in `text` where each line's words begin
        parts, offset = [], 0
        for line in raw_lines:
            self.starts.append(offset)
            words = " ".join(_words(line))
            if words:
                parts.append(words)
                offset += len(words) + 1
        self.text = " ".join(parts) + " "
        self.starts.append(offset)

    def locate(self, text: str, start: int, stop: int, fallback: int) -> int:
        """The 1-based line, from start to stop, where `text` (its first six words) starts; else fallback."""
        wanted = " ".join(_words(text)[:6])
        if not wanted:
            return fallback
        low, high = self.starts[max(start, 1) - 1], self.starts[min(stop, len(self.starts) - 1)]
        found = self.text.find(wanted + " ", low, high + len(wanted) + 1)
        while found > 0 and self.text[found - 1] != " ":
            found = self.text.find(wanted + " ", found + 1, high + len(wanted) + 1)
        return bisect_right(self.starts, found) if found >= 0 else fallback


def _spans(questions: Sequence[RawQuestion], total: int) -> list[tuple[RawQuestion, int]]:
    """Each question (in line order) with the last dump line that may hold its answer."""
    ordered = sorted(questions, key=lambda q: q.line)
    return [(q, ordered[i + 1].line - 1 if i + 1 < len(ordered) else total) for i, q in enumerate(ordered)]


def question_in_answer_problems(questions: Sequence[RawQuestion], source: SourceText) -> list[Diagnostic]:
    """Lines of an answer (outside code) that read as a question: a missed question, or one glued on."""
    raw_lines = source.lines
    index_of_words = WordIndex(raw_lines)
    problems: list[Diagnostic] = []
    for q, stop in _spans(questions, len(raw_lines)):
        if not q.answer:
            continue
        rows = q.answer.split("\n")
        inside = code_lines(q.answer)
        for index, line in enumerate(rows):
            found = None if index in inside else question_in_line(line)
            if found:
                where = index_of_words.locate(found, q.line + 1, stop, q.line)
                problems.append(warning(QUESTION_IN_ANSWER, f"text in the answer to line {q.line} looks like a question: "
                                        f"{_short(found)!r}", source.display, where))
    return problems


def deep_list_problems(questions: Sequence[RawQuestion], path: str) -> list[Diagnostic]:
    """Answers whose lists nest deeper than every edition keeps (render.MAX_LIST_DEPTH)."""
    from markdown_it import MarkdownIt
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING + 2})  # one level more than the editions
    problems = []
    for q in questions:
        if q.answer and _DEEP_ITEM.search(q.answer):  # cheap test first: most answers have no deep list
            depth = max((t.level + 1) // 2 for t in parser.parse(q.answer) if t.type == "list_item_open")
            if depth > MAX_LIST_DEPTH:
                problems.append(warning(DEEP_LIST, f"the answer nests lists more than {MAX_LIST_DEPTH} levels deep; "
                                        f"the deeper items are left out of every edition: {_short(q.question)!r}", path, q.line))
    return problems


def guard_problems(questions: Sequence[RawQuestion], source: SourceText, reader: str) -> list[Diagnostic]:
    """No question at all is an error; far fewer questions than question-like lines, a warning naming some."""
    if not questions:
        return [error(NO_QUESTIONS, f"reader {reader} found no question in this dump; is it the right reader? "
                      "(`genai-build add --dry-run FILE` shows which layout fits)", source.display)]
    candidates = question_like_lines(source.text)
    starts = {q.line for q in questions}
    missed = [(line, wording) for line, wording in candidates if line not in starts]
    if len(candidates) >= 5 and len(questions) < len(candidates) / 2:
        named = "; ".join(f"line {line}: {_short(wording, 50)!r}" for line, wording in missed[:3])
        return [warning(MISSED_QUESTIONS, f"reader {reader} found {len(questions)} questions but {len(candidates)} lines "
                        f"read as questions, e.g. {named}", source.display, missed[0][0] if missed else None)]
    return []


def check_questions(source: SourceText, questions: Sequence[RawQuestion], reader: str = "") -> tuple[Diagnostic, ...]:
    """Every reader-independent check on one dump, in line order."""
    found = [*guard_problems(questions, source, reader), *numbering_problems(questions, source.display),
             *unanswered_problems(questions, source.display), *question_in_answer_problems(questions, source),
             *deep_list_problems(questions, source.display)]
    return tuple(sorted(found, key=lambda d: (d.line or 0, d.code)))
