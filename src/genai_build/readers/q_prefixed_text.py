"""Reader for plain text with `Q.` / `Q:` question lines; the answer runs to the next question."""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.textutil import plain_question, tidy_answer

_QUESTION = re.compile(r"^\s*Q\s*\d*\s*[.:)]\s*(.+)$")


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    found: list[RawQuestion] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            found.append(RawQuestion(source.name, current["line"], current["question"], tidy_answer(current["answer"])))

    for index, line in enumerate(source.lines, start=1):
        if match := _QUESTION.match(line):
            close()
            current = {"line": index, "question": plain_question(match.group(1)), "answer": []}
        elif current is not None:
            current["answer"].append(line)
    close()
    return ReaderResult(tuple(found))


READER = Reader("q-prefixed-text", "plain text: 'Q.' or 'Q:' question lines, answers below", read)
