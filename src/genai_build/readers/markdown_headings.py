"""Reader for Markdown whose questions are headings of one level; deeper headings belong to answers."""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.textutil import plain_question, tidy_answer

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    level = int(options.get("question_level", 2))
    found: list[RawQuestion] = []
    section: tuple[str, ...] = ()
    current: dict | None = None
    in_fence = False

    def close() -> None:
        if current is not None:
            found.append(RawQuestion(source.name, current["line"], current["question"], tidy_answer(current["answer"]), current["section"]))

    for index, line in enumerate(source.lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading and len(heading.group(1)) < level:
            close()
            current = None
            section = (plain_question(heading.group(2)),)
        elif heading and len(heading.group(1)) == level:
            close()
            current = {"line": index, "question": plain_question(heading.group(2)), "answer": [], "section": section}
        elif current is not None:
            if re.fullmatch(r"\s*-{3,}\s*", line) and not current["answer"]:
                continue
            current["answer"].append(line)
    close()
    return ReaderResult(tuple(found))


READER = Reader("markdown-headings", "Markdown: questions as headings of one level (option question_level, default 2)", read,
                {"question_level": "heading level of the questions (1-6)", "skip_preamble": "ignore text before the first heading"})
