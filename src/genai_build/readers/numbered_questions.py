"""Reader for Markdown or plain text whose questions are numbered or bold lines:
`1. What is…?`, `**2.** Explain…`, `**3. How…?**`, `**What is…?**`; the answer runs to the
next question. Markdown headings above the questions are their section.

Numbered list items inside answers are not questions: by default a question line must start
at the left margin (`max_indent`) and read as a question; `questions: all` trusts the
layout instead, for dumps whose indentation alone separates questions from answers (000).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.textutil import looks_like_question, plain_question, split_number

OPTIONS = {
    "style": "'any' (default): numbered or bold question lines; 'numbered': only `N.`/`N)` lines; 'bold': only whole-bold lines",
    "questions": "'question-like' (default): a line must end with '?' or open with a question word; "
                 "'all': every numbered/bold line at the margin is a question",
    "max_indent": "most spaces before a question line (default 0): indented numbered items belong to answers",
    "section_levels": "heading levels whose text becomes the section (default: all; a lone level-1 title excluded)",
    "sections": "'nested' (default): section path by level; 'last': only the latest heading",
    "check_numbering": "true (default): warn when printed numbers skip, repeat or go back",
}

_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?:\*\*|__)?\s*\d+\s*[.)]")
_BOLD = re.compile(r"^(?P<indent>[ \t]*)(\*\*|__)(?P<body>.+)\2\s*$")


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    style = opts.choice("style", "any", ("any", "numbered", "bold"))
    every_line = opts.choice("questions", "question-like", ("question-like", "all")) == "all"
    max_indent = opts.number("max_indent", 0, 0, 12)
    section_levels = opts.levels("section_levels", (1, 2, 3, 4, 5, 6))
    nested = opts.choice("sections", "nested", ("nested", "last")) == "nested"
    check_numbering = opts.flag("check_numbering", True)
    opts.done()

    lines = source.lines
    headings = find_headings(lines)
    questions = {index: found for index, line in enumerate(lines)
                 if index not in headings and (found := _question_line(line, style, every_line, max_indent))}
    title = title_line(lines, headings, min(questions, default=None))

    drafts: list[Draft] = []
    current: Draft | None = None
    path: SectionPath = ()
    for index, line in enumerate(lines):
        if index in headings and headings[index][1] in section_levels:
            current = None
            if index != title:
                path = enter_section(path, headings[index][1], headings[index][2], nested)
            continue
        if index in questions:
            number, wording = questions[index]
            current = Draft(index + 1, wording, number, section_names(path))
            drafts.append(current)
        elif current is not None:
            current.add(index + 1, line)
    return finish(source, drafts, check_numbering=check_numbering)


def _question_line(line: str, style: str, every_line: bool, max_indent: int) -> tuple[str | None, str] | None:
    """(number, wording) when the line opens a question, else None."""
    numbered = style != "bold" and _NUMBERED.match(line)
    bold = style != "numbered" and not numbered and _BOLD.match(line)
    match = numbered or bold
    if not match or len(match.group("indent").expandtabs(4)) > max_indent:
        return None
    number, wording = split_number(plain_question(line))
    if not wording or (not every_line and not looks_like_question(wording)):
        return None
    return number, wording


READER = Reader("numbered-questions", "Markdown or text: numbered (`1. What…?`) or bold (`**What…?**`) question lines", read, OPTIONS)
