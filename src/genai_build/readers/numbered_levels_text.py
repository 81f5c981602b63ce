"""Reader for plain-text articles: `N.` questions under level lines (Beginner / Intermediate / Advanced)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.textutil import plain_question, tidy_answer

_QUESTION = re.compile(r"^(\d+)\.\s+(.+)$")
_LEVEL = re.compile(r"^\s*(Beginner|Intermediate|Advanced)(?:'s)?\s+Level\s*$", re.IGNORECASE)


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    found: list[RawQuestion] = []
    level: str | None = None
    current: dict | None = None

    def close() -> None:
        if current is not None:
            found.append(RawQuestion(source.name, current["line"], current["question"], tidy_answer(current["answer"]),
                                     (current["level"],) if current["level"] else (), current["number"],
                                     current["level"].lower() if current["level"] else None))

    for index, line in enumerate(source.lines, start=1):
        if match := _LEVEL.match(line):
            close()
            current = None
            level = match.group(1).capitalize()
        elif match := _QUESTION.match(line):
            close()
            current = {"line": index, "number": match.group(1), "question": plain_question(match.group(2)), "answer": [], "level": level}
        elif current is not None:
            current["answer"].append(line)
    close()
    return ReaderResult(tuple(found))


READER = Reader("numbered-levels-text", "plain text: 'N.' questions under Beginner/Intermediate/Advanced level lines", read)
