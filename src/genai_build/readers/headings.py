"""Markdown headings as readers see them: ATX headings outside code fences, the document
title told apart from section headings, and the section path above a question.
"""

from __future__ import annotations

import re
from typing import Sequence

from genai_build.readers.structure import code_lines
from genai_build.readers.textutil import plain_question

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")

Heading = tuple[int, int, str]  # (0-based line index, level, raw text)
SectionPath = tuple[tuple[int, str], ...]  # ((level, wording), …) from outermost in


def find_headings(lines: Sequence[str]) -> dict[int, Heading]:
    """Every ATX heading outside fenced code, by line index (a `# comment` in code is not one)."""
    found: dict[int, Heading] = {}
    inside = code_lines("\n".join(lines))
    for index, line in enumerate(lines):
        if index not in inside and (match := _HEADING.match(line)) and (match.group(2) or "").strip():
            found[index] = (index, len(match.group(1)), match.group(2).strip())
    return found


def title_line(lines: Sequence[str], headings: dict[int, Heading], first_question: int | None) -> int | None:
    """The index of the document title: the only level-1 heading, first in the file and before any
    question (a lone `# Category` further down is a section, not a title)."""
    level_one = [index for index, level, _ in headings.values() if level == 1]
    first_text = next((index for index, line in enumerate(lines) if line.strip()), None)
    if len(level_one) == 1 and level_one[0] == first_text and (first_question is None or level_one[0] < first_question):
        return level_one[0]
    return None


def enter_section(path: SectionPath, level: int, text: str, nested: bool) -> SectionPath:
    """The section path after a heading: nested by level, or (flat) the heading alone."""
    wording = plain_question(text)
    if not nested:
        return ((level, wording),)
    return tuple(item for item in path if item[0] < level) + ((level, wording),)


def section_names(path: SectionPath) -> tuple[str, ...]:
    return tuple(wording for _, wording in path)
