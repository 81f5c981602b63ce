"""From what a reader found to what it returns: drafts become RawQuestions with clean answers.

Readers only find where questions start and which lines belong to them; cleaning answers
happens here, once, and the checks every layout shares (numbering, unanswered, question
inside an answer) run afterwards in checks.py, so every layout reports the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from genai_build.diagnostics import Diagnostic
from genai_build.readers.base import RawQuestion, ReaderResult, SourceText
from genai_build.readers.textutil import clean_answer


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


def finish(source: SourceText, drafts: Sequence[Draft], *, extra: Sequence[Diagnostic] = ()) -> ReaderResult:
    """Clean every draft's answer; the reader's own diagnostics come along in line order."""
    questions: list[RawQuestion] = []
    for draft in drafts:
        answer = draft.answer_text if draft.answer_text is not None else clean_answer([text for _, text in draft.answer])
        if answer is not None and not answer.strip():
            answer = None
        questions.append(RawQuestion(source.name, draft.line, draft.question, answer, draft.section, draft.number, draft.difficulty))
    return ReaderResult(tuple(questions), tuple(sorted(extra, key=lambda d: (d.line or 0, d.code))))
