"""Control characters out of every question, answer and section, for every reader.

A text dump with a NUL is refused when it is decoded; but structured dumps (JSON, YAML, a
notebook) can spell any character as an escape (`"\u0000"`, `"\u001b[31m"`, a lone surrogate
`"\ud800"`), and a PDF extraction can leave form feeds. None of them is text a reader should
see: a NUL makes a Markdown page binary, an escape sequence colours a terminal, a lone
surrogate cannot be written as UTF-8 at all. They are removed (tab and newline are text) with
one warning per question naming its line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import RawQuestion, ReaderResult, SourceText

CONTROL_CHARACTER = "reader.control-character"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str | None) -> str | None:
    return _CONTROL.sub("", text) if text is not None and _CONTROL.search(text) else text


def drop_control_characters(source: SourceText, result: ReaderResult) -> ReaderResult:
    questions: list[RawQuestion] = []
    found: list[Diagnostic] = []
    for q in result.questions:
        texts = (q.question, q.answer, *q.section)
        if not any(text and _CONTROL.search(text) for text in texts):
            questions.append(q)
            continue
        names = sorted({f"U+{ord(ch):04X}" for text in texts if text for ch in _CONTROL.findall(text)})
        found.append(warning(CONTROL_CHARACTER, f"control characters removed from this question or its answer: {', '.join(names)}",
                             source.display, q.line))
        questions.append(replace(q, question=_clean(q.question) or "", answer=_clean(q.answer) or None,
                                 section=tuple(_clean(s) or "" for s in q.section)))
    if not found:
        return result
    return ReaderResult(tuple(questions), (*result.diagnostics, *found))
