"""Reader for Markdown notes with numbered questions under `##` topics and `- Answer:` blocks."""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.textutil import plain_question, tidy_answer

_QUESTION = re.compile(r"^(\d+)\.\s+(.+)$")
_TOPIC = re.compile(r"^##\s+(.+)$")
_ANSWER_LABEL = re.compile(r"^\s*[-*]?\s*\**Answer\**\s*:\s*\**\s*(.*)$", re.IGNORECASE)


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    found: list[RawQuestion] = []
    section: tuple[str, ...] = ()
    current: dict | None = None

    def close() -> None:
        if current is not None:
            found.append(RawQuestion(source.name, current["line"], current["question"], tidy_answer(current["answer"]), section, current["number"]))

    for index, line in enumerate(source.lines, start=1):
        if topic := _TOPIC.match(line):
            close()
            current = None
            section = (plain_question(topic.group(1)),)
        elif question := _QUESTION.match(line):
            close()
            current = {"line": index, "number": question.group(1), "question": plain_question(question.group(2)), "answer": []}
        elif current is not None:
            if line.strip() == "---":
                continue
            if label := _ANSWER_LABEL.match(line):
                if label.group(1).strip():
                    current["answer"].append(label.group(1))
                continue
            current["answer"].append(line)
    close()
    return ReaderResult(tuple(found))


READER = Reader("aishwarya-markdown", "Markdown: numbered questions under ## topics, answers under '- Answer:'", read)
