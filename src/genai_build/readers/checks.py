"""Checks that hold for every reader's output, applied to each dump after it is read.

Owns the oddities a reader cannot see question by question: the dump's own numbers
reconciled per section (gaps, repeats, numbers out of order), questions without an answer,
and text inside an answer that looks like a question (a missed question, or one glued to
the end of the previous answer). Readers may report some of these themselves; a check never
reports a (code, line) that the reader already reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import RawQuestion, SourceText
from genai_build.render import MAX_LIST_DEPTH, MAX_NESTING

NUMBERING = "reader.numbering"
UNANSWERED = "reader.unanswered"
QUESTION_IN_ANSWER = "reader.question-in-answer"
DEEP_LIST = "reader.deep-list"

# Words that open a question. Imperatives ("Explain …") count only for lines a reader already
# takes as question candidates; inside answers only interrogatives ending in '?' are suspicious.
_INTERROGATIVE = ("what", "how", "why", "when", "where", "which", "who", "whom", "whose", "can", "could", "is",
                  "are", "do", "does", "did", "should", "would", "will", "has", "have", "in what", "to what")
_IMPERATIVE = ("explain", "describe", "discuss", "define", "name", "list", "compare", "contrast", "give",
               "tell", "outline", "summarize", "summarise", "differentiate", "distinguish", "walk me")
_INTERROGATIVE_START = re.compile(r"^(?:%s)\b" % "|".join(w.replace(" ", r"\s+") for w in _INTERROGATIVE), re.IGNORECASE)
_QUESTION_START = re.compile(r"^(?:%s)\b" % "|".join(w.replace(" ", r"\s+") for w in _INTERROGATIVE + _IMPERATIVE),
                             re.IGNORECASE)
_LINE_MARKUP = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+)?(?:(?:[-*+•]|\d+[.)])\s+)?(?:\*\*|__|\*|_)?\s*")
_GLUED_TAIL = re.compile(r"(?<=[a-z0-9)\]\"'.!:;])[.!:;)]?([A-Z][^.!?]*\?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_NUMBER = re.compile(r"^\D*?(\d+)\D*$")
# a list item indented far enough to be nested deeper than the editions keep (2 columns a level at least)
_DEEP_ITEM = re.compile(r"^[ \t]{%d,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)" % (MAX_LIST_DEPTH * 2 // 4), re.MULTILINE)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def looks_like_question(text: str) -> bool:
    """Wording that reads as an interview question: ends in '?' or opens with a question word."""
    text = text.strip().strip("*_`").strip()
    return text.endswith("?") or bool(_QUESTION_START.match(text))


def question_in_line(line: str) -> str | None:
    """The question-like text of one answer line, if any: the whole line, or a tail glued on."""
    text = _LINE_MARKUP.sub("", line).strip().rstrip("*_").strip()
    if len(text.split()) >= 3 and text.endswith("?") and _INTERROGATIVE_START.match(text):
        return text
    tail = _GLUED_TAIL.search(text)
    if tail and len(tail.group(1).split()) >= 3 and _INTERROGATIVE_START.match(tail.group(1)):
        return tail.group(1)
    return None


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


def numbering_problems(questions: Sequence[RawQuestion], path: str) -> list[Diagnostic]:
    """Reconcile the dump's own numbers: each section restarts at 1 or continues the last one."""
    problems: list[Diagnostic] = []
    previous: _Numbered | None = None
    seen: dict[int, int] = {}  # number -> first line, within the current section
    for here in _numbered(sorted(questions, key=lambda q: q.line)):
        new_section = previous is None or here.section != previous.section
        if new_section:
            seen = {}
            after = previous.value if previous else 0
            if here.value not in (1, after + 1):
                # a jump past the last number is a gap in a continuing count, anything else a bad restart
                first = after + 1 if here.value > after + 1 else 1
                where = f"after {after} (line {previous.line})" if previous else "at the start of the dump"
                expected = f"1 or {after + 1}" if previous else "1"
                skipped = f"skips {_span(first, here.value - 1)}" if here.value > first else f"starts at {here.value}"
                problems.append(warning(NUMBERING, f"numbering {skipped}: {here.value} opens section "
                                        f"{_section_name(here.section)!r} {where}; expected {expected}", path, here.line))
        elif here.value in seen:
            problems.append(warning(NUMBERING, f"number {here.value} repeated (first at line {seen[here.value]})", path, here.line))
        elif here.value > previous.value + 1:
            problems.append(warning(NUMBERING, f"numbering skips {_span(previous.value + 1, here.value - 1)}: "
                                    f"{previous.value} (line {previous.line}) is followed by {here.value}", path, here.line))
        elif here.value <= previous.value:
            problems.append(warning(NUMBERING, f"number {here.value} out of order: it follows {previous.value} "
                                    f"(line {previous.line})", path, here.line))
        seen.setdefault(here.value, here.line)
        previous = here
    return problems


def unanswered_problems(questions: Sequence[RawQuestion], path: str) -> list[Diagnostic]:
    return [warning(UNANSWERED, f"question has no answer in the dump: {_short(q.question)!r}", path, q.line)
            for q in questions if not (q.answer or "").strip()]


def _answer_line_of(text: str, raw_lines: Sequence[str], start: int, stop: int, fallback: int) -> int:
    """The 1-based dump line, between start and stop, that holds text (or its last words)."""
    probes = [text, " ".join(text.split()[-4:])]
    for probe in probes:
        for number in range(start, min(stop, len(raw_lines)) + 1):
            if probe in raw_lines[number - 1]:
                return number
    return fallback


def question_in_answer_problems(questions: Sequence[RawQuestion], source: SourceText) -> list[Diagnostic]:
    """Lines of an answer that read as a question: a missed question, or one glued to an answer's end."""
    raw_lines = source.lines
    ordered = sorted(questions, key=lambda q: q.line)
    problems: list[Diagnostic] = []
    for index, q in enumerate(ordered):
        if not q.answer:
            continue
        stop = ordered[index + 1].line - 1 if index + 1 < len(ordered) else len(raw_lines)
        in_fence = False
        for line in q.answer.split("\n"):
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            found = None if in_fence else question_in_line(line)
            if found:
                where = _answer_line_of(found, raw_lines, q.line + 1, stop, q.line)
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


def check_questions(source: SourceText, questions: Sequence[RawQuestion],
                    already: Iterable[Diagnostic] = ()) -> tuple[Diagnostic, ...]:
    """Every reader-independent check on one dump, minus what the reader already reported."""
    reported = {(d.code, d.line) for d in already}
    found = [*numbering_problems(questions, source.display), *unanswered_problems(questions, source.display),
             *question_in_answer_problems(questions, source), *deep_list_problems(questions, source.display)]
    fresh: list[Diagnostic] = []
    for d in found:
        if (d.code, d.line) not in reported:
            reported.add((d.code, d.line))
            fresh.append(d)
    return tuple(sorted(fresh, key=lambda d: (d.line or 0, d.code)))
