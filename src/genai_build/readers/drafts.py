"""From what a reader found to what it returns: drafts become RawQuestions plus the warnings
every layout shares — printed numbers skipped or repeated, questions without an answer, and
text inside an answer that looks like a question of its own.

Readers only find where questions start and which lines belong to them; cleaning answers
and reconciling numbers happen here, once, so every layout reports the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import RawQuestion, ReaderResult, SourceText
from genai_build.readers.textutil import clean_answer, markdown_lines_outside_code, plain_question, split_number


@dataclass
class Draft:
    """One question occurrence while its answer lines are still being collected."""

    line: int
    question: str
    number: str | None = None
    section: tuple[str, ...] = ()
    difficulty: str | None = None
    answer: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    answer_text: str | None = None  # set instead of `answer` when the layout gives the answer whole

    def add(self, line: int, text: str) -> None:
        self.answer.append((line, text))


_HEADING_Q = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(\*\*|__)(.+)\1\s*$")
_NUMBERED_LINE = re.compile(r"^\s*\d+[.)]\s+(.+)$")
_Q_LINE = re.compile(r"^\s*(?:\*\*)?Q(?:uestion)?\s*\d*\s*[.:)]\s+\S", re.IGNORECASE)


def finish(source: SourceText, drafts: Sequence[Draft], *, check_numbering: bool = True,
           extra: Sequence[Diagnostic] = ()) -> ReaderResult:
    """Clean every draft's answer and collect the shared warnings, in line order."""
    questions: list[RawQuestion] = []
    diagnostics: list[Diagnostic] = list(extra)
    for draft in drafts:
        answer = draft.answer_text if draft.answer_text is not None else clean_answer([text for _, text in draft.answer])
        if answer is not None and not answer.strip():
            answer = None
        questions.append(RawQuestion(source.name, draft.line, draft.question, answer, draft.section, draft.number, draft.difficulty))
        if answer is None:
            diagnostics.append(warning("reader.unanswered", f"question without answer: {_short(draft.question)!r}", source.display, draft.line))
        diagnostics += questions_in_answer(source, draft)
    if check_numbering:
        diagnostics += numbering_problems(source, drafts)
    diagnostics.sort(key=lambda d: (d.line or 0, d.code))
    return ReaderResult(tuple(questions), tuple(diagnostics))


def questions_in_answer(source: SourceText, draft: Draft) -> list[Diagnostic]:
    """Lines of an answer that read as a question of their own: a heading, bold line, numbered
    item, `Q.` line or lone paragraph ending with "?" — worth a look, never a new question."""
    found = []
    rows = draft.answer
    for index, (number, row) in enumerate(markdown_lines_outside_code(rows)):
        text = row.strip()
        if not text.endswith(("?", "?**", "?__")):
            continue
        alone = _alone(rows, number)
        if _HEADING_Q.match(row) or _BOLD_LINE.match(row) or _Q_LINE.match(row) or _NUMBERED_LINE.match(row) or (alone and len(text) < 200):
            wording = split_number(plain_question(re.sub(r"^\s*(?:[-*+]\s+)", "", text)))[1]
            found.append(warning("reader.question-in-answer",
                                 f"text inside the answer to line {draft.line} looks like a question: {_short(wording)!r}",
                                 source.display, number))
    return found


def _alone(rows: Sequence[tuple[int, str]], number: int) -> bool:
    """True when the row at line `number` is a paragraph of one line (blank or edge on both sides)."""
    texts = {n: t for n, t in rows}
    return not texts.get(number - 1, "").strip() and not texts.get(number + 1, "").strip()


def numbering_problems(source: SourceText, drafts: Sequence[Draft]) -> list[Diagnostic]:
    """Reconcile the dump's own numbers: a skip, a repeat or a step back is reported.

    Numbering may restart at 1 anywhere (many dumps number each topic from 1).
    """
    problems = []
    previous: tuple[int, int] | None = None  # (number, line)
    seen: dict[int, int] = {}
    for draft in drafts:
        if draft.number is None or not draft.number.isdigit():
            continue
        number = int(draft.number)
        if number == 1:
            seen = {}
        elif previous is None:
            problems.append(warning("reader.numbering", f"numbering starts at {number}, not 1", source.display, draft.line))
        elif number == previous[0]:
            problems.append(warning("reader.numbering", f"number {number} repeated (also at line {previous[1]})", source.display, draft.line))
        elif number > previous[0] + 1:
            gap = f"{previous[0] + 1}" if number == previous[0] + 2 else f"{previous[0] + 1}–{number - 1}"
            problems.append(warning("reader.numbering", f"number {gap} skipped: {number} follows {previous[0]} (line {previous[1]})", source.display, draft.line))
        elif number < previous[0]:
            where = f" (also at line {seen[number]})" if number in seen else ""
            problems.append(warning("reader.numbering", f"number {number} out of order: follows {previous[0]}{where}", source.display, draft.line))
        seen.setdefault(number, draft.line)
        previous = (number, draft.line)
    return problems


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
