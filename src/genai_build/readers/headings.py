"""Markdown headings as readers see them: ATX (`## Title`), setext (`Title` over `-----` or
`=====`) and one-line HTML (`<h3>Title</h3>`) headings outside code, the document title told apart from section headings, and the
section path above a question.
"""

from __future__ import annotations

import re
from typing import Sequence

from genai_build.readers.structure import blocks, code_lines
from genai_build.readers.textutil import plain_question

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")

Heading = tuple[int, int, str]  # (0-based line index, level, raw text)
SectionPath = tuple[tuple[int, str], ...]  # ((level, wording), …) from outermost in


class Headings(dict):
    """Headings by the line index they start on. `rest` holds the other lines of setext headings
    (the underline, and any wrapped line of the heading's text): they belong to the heading and
    must never be read as answer text or as a separator."""

    rest: frozenset[int] = frozenset()


_HTML_HEADING = re.compile(r"^ {0,3}<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)\s*>\s*$", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)


def find_headings(lines: Sequence[str]) -> Headings:
    """Every heading outside code, by line index (a `# comment` in code is not one)."""
    text = "\n".join(lines)
    inside = code_lines(text)
    found: dict[int, Heading] = {}
    for index, line in enumerate(lines):
        if index in inside:
            continue
        if (match := _HEADING.match(line)) and (match.group(2) or "").strip():
            found[index] = (index, len(match.group(1)), match.group(2).strip())
        elif "<" in line and (html := _HTML_HEADING.match(line)) and (text := " ".join(_TAG.sub("", html.group("text")).split())):
            found[index] = (index, int(html.group("level")), text)  # `<h3>What…?</h3>` in a Markdown file
    rest: set[int] = set()
    if _SETEXT_UNDERLINE.search(text):  # only then can a setext heading exist: ask markdown-it which are
        for block in blocks(text):
            if block.kind == "heading" and block.start not in found and block.end - block.start >= 2:
                wording = " ".join(line.strip() for line in lines[block.start:block.end - 1])
                found[block.start] = (block.start, block.level, wording)
                rest.update(range(block.start + 1, block.end))
    headings = Headings(sorted(found.items()))
    headings.rest = frozenset(rest)
    return headings


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
