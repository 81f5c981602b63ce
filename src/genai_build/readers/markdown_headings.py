"""Reader for Markdown whose questions are headings (`## What is…?`, `## 3. **Explain…**`,
`### Q1: …`): deeper headings, lists, tables and code below a question are its answer; a
shallower heading is the section (category) of the questions under it; anything before the
first question (a chat prompt, a title, an intro) is not a question.

A heading at the question level that does not read as a question is a part title when
nothing stands under it but the next heading (`## Part 2: Evaluation`), and otherwise notes
that belong to the previous answer (`## Latent Space:` + text): kept there, one level down,
with a warning.

A heading that only labels (`### Question 3`) takes its wording from the paragraph under it; an
`### Answer` (or Solution, Explanation) heading inside a question is a label, dropped.
"""

from __future__ import annotations

import re
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


# a heading that only labels what follows: `### Question 3` over the wording, `### Answer` over the answer
_QUESTION_LABEL = re.compile(r"^(?:Q|Question)\s*#?\s*(?P<number>\d+)?\s*[.:)\-–—]?$", re.IGNORECASE)
_ANSWER_LABEL = re.compile(r"^(?:A|Ans|Answer|Solution|Explanation|Response)\s*#?\s*\d*\s*[.:)\-–—]?$", re.IGNORECASE)


def _question_headings(lines: list[str], headings: dict, levels: tuple[int, ...],
                       every_heading: bool) -> tuple[dict[int, tuple[str | None, str]], frozenset[int]]:
    """The headings at a question level that are questions: {line index: (number, wording)}; and the
    lines a label heading's wording was taken from (they are the question, not its answer)."""
    questions: dict[int, tuple[str | None, str]] = {}
    wording_lines: set[int] = set()
    for index, level, text in headings.values():
        if level not in levels:
            continue
        plain = plain_question(text)
        label = _QUESTION_LABEL.match(plain)
        if label and (below := _paragraph_below(lines, headings, index)):
            questions[index] = (label.group("number"), plain_question(" ".join(lines[row].strip() for row in below)))
            wording_lines.update(below)
            continue
        number, wording = split_number(plain)
        if every_heading or has_question_prefix(plain) or looks_like_question(wording):
            questions[index] = (number, wording)
    return questions, frozenset(wording_lines)


def _paragraph_below(lines: list[str], headings: dict, index: int) -> list[int]:
    """The line indexes of the paragraph right under a heading (blank lines before it skipped)."""
    row = index + 1
    while row < len(lines) and not lines[row].strip():
        row += 1
    rows = []
    while row < len(lines) and lines[row].strip() and row not in headings:
        rows.append(row)
        row += 1
    return rows


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

    def labels_answer(self, index: int, level: int, text: str) -> bool:
        """True for an `Answer` / `Solution` heading right under the question (nothing of the answer yet)."""
        return (self.current is not None and level >= min(self.levels) and not any(t.strip() for _, t in self.current.answer)
                and bool(_ANSWER_LABEL.match(plain_question(text))))

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
    questions, wording_lines = _question_headings(lines, headings, question_levels, every_heading)
    title = title_line(lines, headings, min(questions, default=None))
    walk = _Walk(source, headings, question_levels, section_levels, nested)
    preamble_line: int | None = None
    for index, line in enumerate(lines):
        if index == title or index in headings.rest or index in wording_lines:
            continue
        if index in headings and walk.labels_answer(index, headings[index][1], headings[index][2]):
            continue  # `### Answer` right over the answer: a label, not part of it
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
    levels = sorted({level for _, level, text in find_headings(source.lines).values()
                     if looks_like_question(plain_question(text)) or _QUESTION_LABEL.match(plain_question(text))})
    return [{} if level == 2 else {"question_level": level} for level in levels]

READER = Reader("markdown-headings", "Markdown: questions as headings (any level, numbered or Q-prefixed); deeper headings belong to the answer",
                read, OPTIONS, candidates=candidates)
