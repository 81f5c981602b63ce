"""Reader for Markdown whose questions are headings (`## What is…?`, `## 3. **Explain…**`,
`### Q1: …`): deeper headings, lists, tables and code below a question are its answer; a
shallower heading is the section (category) of the questions under it; anything before the
first question (a chat prompt, a title, an intro) is not a question.

A heading at the question level that does not read as a question is a part title when
nothing stands under it but the next heading (`## Part 2: Evaluation`), and otherwise notes
that belong to the previous answer (`## Latent Space:` + text): kept there, one level down,
with a warning.
"""

from __future__ import annotations

from typing import Any, Mapping

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.textutil import has_question_prefix, looks_like_question, plain_question, split_number

OPTIONS = {
    "question_level": "heading level of the questions, or a list of levels (default 2)",
    "section_levels": "heading levels whose text becomes the section of the questions below "
                      "(default: every level above the question level; the lone level-1 title excluded)",
    "sections": "'nested' (default): section path by level; 'last': only the latest section heading",
    "questions": "'auto' (default): a question heading must read as a question (ends with '?', "
                 "is Q-prefixed, or opens with a question word and does not end with ':'); 'all': every such heading is one",
    "skip_preamble": "true (default): text before the first question is ignored; false: reported as a warning",
}


def _question_headings(headings: dict, levels: tuple[int, ...], every_heading: bool) -> dict[int, tuple[str | None, str]]:
    """The headings at a question level that are questions: {line index: (number, wording)}."""
    questions: dict[int, tuple[str | None, str]] = {}
    for index, level, text in headings.values():
        if level in levels:
            plain = plain_question(text)
            number, wording = split_number(plain)
            if every_heading or has_question_prefix(plain) or looks_like_question(wording):
                questions[index] = (number, wording)
    return questions


class _Walk:
    """The dump read top to bottom: the open question, its heading level, the section path."""

    def __init__(self, source: SourceText, headings: dict, levels: tuple[int, ...], section_levels: tuple[int, ...], nested: bool):
        self.source, self.headings, self.levels, self.section_levels, self.nested = source, headings, levels, section_levels, nested
        self.drafts: list[Draft] = []
        self.extra: list[Diagnostic] = []
        self.current: Draft | None = None
        self.current_level = 0
        self.path: SectionPath = ()

    def question(self, index: int, level: int, number: str | None, wording: str) -> None:
        self.current, self.current_level = Draft(index + 1, wording, number, section_names(self.path)), level
        self.drafts.append(self.current)

    def heading(self, index: int, level: int, text: str) -> bool:
        """Handle a heading that is not a question; False when it is ordinary answer text."""
        if level < min(self.levels):
            self.current = None  # a shallower heading ends the answer
            if level in self.section_levels:
                self.path = enter_section(self.path, level, text, self.nested)
            return True
        if level in self.levels and _bare(self.source.lines, self.headings, index, level):
            self.current = None  # a heading at the question level with nothing under it: a part title
            self.path = enter_section(self.path, level, text, self.nested)
            return True
        if level in self.levels and self.current is not None and level <= self.current_level:
            self.extra.append(warning("reader.not-a-question", f"heading {plain_question(text)!r} at the question level does "
                                      f"not read as a question; kept in the answer to line {self.current.line}",
                                      self.source.display, index + 1))
            # kept as a bold label, not a heading: the answer's own sub-headings may repeat
            # its words one level down, and two equal sibling headings break anchors
            self.current.add(index + 1, f"**{plain_question(text)}**")
            return True
        return False


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    question_levels = opts.levels("question_level", (2,))
    section_levels = opts.levels("section_levels", tuple(range(1, min(question_levels))))
    nested = opts.choice("sections", "nested", ("nested", "last")) == "nested"
    every_heading = opts.choice("questions", "auto", ("auto", "all")) == "all"
    skip_preamble = opts.flag("skip_preamble", True)
    opts.done()

    lines = source.lines
    headings = find_headings(lines)
    questions = _question_headings(headings, question_levels, every_heading)
    title = title_line(lines, headings, min(questions, default=None))
    walk = _Walk(source, headings, question_levels, section_levels, nested)
    preamble_line: int | None = None
    for index, line in enumerate(lines):
        if index == title or index in headings.rest:
            continue
        if index in questions:
            walk.question(index, headings[index][1], *questions[index])
            continue
        if index in headings and walk.heading(index, headings[index][1], headings[index][2]):
            continue
        if walk.current is not None:
            walk.current.add(index + 1, line)
        elif preamble_line is None and line.strip() and not set(line.strip()) <= set("-*_= "):
            preamble_line = index + 1
    if preamble_line is not None and not skip_preamble:
        walk.extra.append(warning("reader.preamble", "text before the first question is not part of any question",
                                  source.display, preamble_line))
    return finish(source, walk.drafts, extra=walk.extra)


def _bare(lines: list[str], headings: dict, index: int, level: int) -> bool:
    """True when nothing but blank lines or separators stands between this heading and the next
    heading of the same or a shallower level (or the end)."""
    for following in range(index + 1, len(lines)):
        if following in headings:
            return headings[following][1] <= level
        if lines[following].strip() and not set(lines[following].strip()) <= set("-*_= "):
            return False
    return True


def candidates(source: SourceText) -> list[dict[str, Any]]:
    """The heading levels that hold something worded as a question, each a possible question level."""
    levels = sorted({level for _, level, text in find_headings(source.lines).values() if looks_like_question(plain_question(text))})
    return [{} if level == 2 else {"question_level": level} for level in levels]

READER = Reader("markdown-headings", "Markdown: questions as headings (any level, numbered or Q-prefixed); deeper headings belong to the answer",
                read, OPTIONS, candidates=candidates)
