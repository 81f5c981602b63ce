"""Reader for a PDF book extracted as overlapping ~500-character chunks separated by `---` lines.

First cut: questions `Qn.` found on their own lines, words joined, ligatures fixed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText

_QUESTION = re.compile(r"^\s*Q(\d+)\.\s+(.+)$")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _clean(text: str) -> str:
    for glyph, letters in _LIGATURES.items():
        text = text.replace(glyph, letters)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    found: list[RawQuestion] = []
    seen: set[str] = set()
    current: dict | None = None

    def close() -> None:
        if current is not None and current["key"] not in seen:
            seen.add(current["key"])
            answer = _clean(" ".join(current["answer"])) or None
            found.append(RawQuestion(source.name, current["line"], current["question"], answer, (), current["number"]))

    for index, line in enumerate(source.lines, start=1):
        if match := _QUESTION.match(line):
            close()
            question = _clean(match.group(2))
            current = {"line": index, "number": match.group(1), "question": question, "answer": [], "key": question.lower()}
        elif current is not None and line.strip() not in {"---", ""}:
            current["answer"].append(line.strip())
    close()
    return ReaderResult(tuple(found))


READER = Reader("chunked-pdf-text", "PDF book extracted as overlapping text chunks separated by '---'", read)
