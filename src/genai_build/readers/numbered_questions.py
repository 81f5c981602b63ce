"""Reader for Markdown or plain text whose questions are numbered or bold lines:
`1. What is…?`, `**2.** Explain…`, `**3. How…?**`, `**What is…?**`, or (`style: bullets`) list
items at the margin, `- What is…?`, with the answer nested under them or none; the answer runs
to the next question. (`style: lines`, unmarked lines that ask, is the plain-questions reader.) Markdown headings above the questions are their section.

Numbered list items inside answers are not questions: by default a question line must start
at the left margin (`max_indent`) and read as a question; `questions: all` trusts the
layout instead, for dumps whose indentation alone separates questions from answers (000).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.structure import paragraph_starts
from genai_build.readers.textutil import has_question_prefix, looks_like_question, plain_question, split_number

OPTIONS = {
    "style": "'any' (default): numbered or bold question lines; 'numbered': only `N.`/`N)` lines; 'bold': only whole-bold "
             "lines; 'bullets': list items (`- What…?`, plain or bold), the answer nested under them; 'lines': "
             "unmarked lines (the plain-questions reader)",
    "questions": "'question-like' (default): a line must end with '?' or open with a question word; "
                 "'all': every numbered/bold line at the margin is a question",
    "max_indent": "most spaces before a question line (default 0): indented numbered items belong to answers",
    "section_levels": "heading levels whose text becomes the section (default: all; a lone level-1 title excluded)",
    "sections": "'nested' (default): section path by level; 'last': only the latest heading",
}

_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<bold>\*\*|__)?\s*(?P<value>\d+)\s*[.)]")
# a whole line emphasised, in any of Markdown's spellings: `**What…?**`, `__What…?__`, `*What…?*`, `_What…?_`, `***…***`
_EMPHASIS = r"(?P<mark>\*{1,3}|_{1,3})"
_BOLD = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-*+]\s+)?" + _EMPHASIS + r"(?P<body>[^\s*_](?:.*[^\s*_])?)(?P=mark)\s*$")
# `**What is a token?** A unit of text.`, `3. **What…?** …`: an emphasised question leading its paragraph
# (or numbered item), the answer after it
_BOLD_LEAD = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<n>\d+)[.)][ \t]+)?" + _EMPHASIS
                        + r"(?P<body>[^*_\s][^*_]*?\?)(?P=mark)[ \t]+(?P<rest>\S.*)$")
_TASK_BOX = re.compile(r"^\[[ xX]\]\s+")  # a task list's checkbox: `- [ ] What…?`
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-*+][ \t]+)(?P<body>\S.*)$")


def _next_content(lines: list[str], index: int, headings: dict) -> int | None:
    """The index of the first non-blank line after `index` that is not a heading."""
    for following in range(index + 1, len(lines)):
        if lines[following].strip() and following not in headings:
            return following
    return None


class _Scan:
    """Walks the dump once: question lines, the answers' own lists, headings as sections or answer text."""

    def __init__(self, lines: list[str], style: str, every_line: bool, max_indent: int):
        self.lines, self.style, self.every_line, self.max_indent = lines, style, every_line, max_indent
        self.list_next: int | None = None  # the next number of a numbered list inside the current answer
        self.inline_answer: str | None = None  # the answer's start on the question's own line, if any
        self.paragraphs: frozenset[int] | None = None  # where top-level paragraphs start (style 'lines'), once

    def question_at(self, index: int, in_answer: bool) -> tuple[str | None, str] | None:
        """(number, wording) when the line opens a question, else None."""
        line = self.lines[index]
        self.inline_answer = None
        if self.style == "bullets":
            return self._bullet_at(line)
        if self.style == "lines":
            return self._plain_line_at(index)
        if (lead := self._bold_lead_at(line)) is not None:
            return lead
        numbered = self.style != "bold" and _NUMBERED.match(line)
        bold = self.style != "numbered" and not numbered and _BOLD.match(line)
        match = numbered or bold
        if not match:
            return None
        if len(match.group("indent").expandtabs(4)) > self.max_indent:
            return None
        if numbered and not numbered.group("bold") and in_answer and self._continues_list(int(numbered.group("value"))):
            return None  # "1." opening, or the next item of, a numbered list at the margin inside an answer
        number, wording = split_number(plain_question(line.lstrip(" -*+\t") if bold and bold.group("bullet") else line))
        if not wording or (not self.every_line and not looks_like_question(wording)):
            return None
        return number, wording

    def _bold_lead_at(self, line: str) -> tuple[str | None, str] | None:
        """`**What is a token?** A unit of text.`: the question, its answer's start kept in `inline_answer`."""
        lead = _BOLD_LEAD.match(line)
        if not lead or len(lead.group("indent").expandtabs(4)) > self.max_indent or (self.style == "numbered" and not lead.group("n")):
            return None
        number, wording = split_number(plain_question(lead.group("body")))
        number = lead.group("n") or number
        if not wording or not looks_like_question(wording):
            return None
        self.inline_answer = lead.group("rest")
        return number, wording

    def _plain_line_at(self, index: int) -> tuple[str | None, str] | None:
        if self.paragraphs is None:
            self.paragraphs = paragraph_starts("\n".join(self.lines))
        line = self.lines[index]
        if index not in self.paragraphs or len(line) > 300 or _NOT_PROSE.match(line):
            return None
        return (None, line.strip()) if _unmarked_question(line) else None

    def _bullet_at(self, line: str) -> tuple[str | None, str] | None:
        match = _BULLET.match(line)
        if not match or len(match.group("indent").expandtabs(4)) > self.max_indent:
            return None
        number, wording = split_number(plain_question(_TASK_BOX.sub("", match.group("body"))))
        return (number, wording) if wording and (self.every_line or looks_like_question(wording)) else None

    def _continues_list(self, value: int) -> bool:
        if value == 1 or value == self.list_next:
            self.list_next = value + 1
            return True
        return False

    def sibling_title(self, index: int, previous: int | None) -> bool:
        """A whole-bold bullet right under a question bullet that does not read as one ("- **Case Study: …**")."""
        bold = _BOLD.match(self.lines[index])
        return bool(bold and bold.group("bullet") and previous is not None and previous == index - 1)


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    style = opts.choice("style", "any", ("any", "numbered", "bold", "bullets", "lines"))
    every_line = opts.choice("questions", "question-like", ("question-like", "all")) == "all"
    max_indent = opts.number("max_indent", 0, 0, 12)
    section_levels = opts.levels("section_levels", (1, 2, 3, 4, 5, 6))
    nested = opts.choice("sections", "nested", ("nested", "last")) == "nested"
    opts.done()

    lines = source.lines
    headings = find_headings(lines)
    scan = _Scan(lines, style, every_line, max_indent)
    title = title_line(lines, headings, None)
    drafts: list[Draft] = []
    extra: list[Diagnostic] = []
    current: Draft | None = None
    path: SectionPath = ()
    last_question_line: int | None = None  # the index of the last line that was a question (or its sibling title)
    for index, line in enumerate(lines):
        if index in headings.rest and current is None:
            continue  # the underline of a setext section heading
        if index in headings and headings[index][1] in section_levels:
            if current is not None and not _opens_section(scan, lines, index, headings):
                current.add(index + 1, line)  # a sub-heading of the answer ("### Summary:"), not a section
                continue
            current = None
            if index != title:
                path = enter_section(path, headings[index][1], headings[index][2], nested)
            continue
        found = None if index in headings else scan.question_at(index, current is not None)
        if found:
            number, wording = found
            current, last_question_line, scan.list_next = Draft(index + 1, wording, number, section_names(path)), index, None
            if scan.inline_answer is not None:
                current.add(index + 1, scan.inline_answer)
                scan.inline_answer = None
            drafts.append(current)
        elif scan.sibling_title(index, last_question_line):
            extra.append(warning("reader.not-a-question", f"{plain_question(line.lstrip(' -*+'))!r} stands among the "
                                 "questions but does not read as one; skipped", source.display, index + 1))
            current, last_question_line = None, index
        elif current is not None:
            current.add(index + 1, line)
    return finish(source, drafts, extra=extra)


def _opens_section(scan: _Scan, lines: list[str], index: int, headings: dict) -> bool:
    """A heading opens a section when the next thing under it (headings aside) is a question."""
    following = _next_content(lines, index, headings)
    return following is None or scan.question_at(following, False) is not None


def candidates(source: SourceText) -> list[dict[str, Any]]:
    """Question-like lines of any shape; or every numbered line at the margin (answers indented under them);
    or, when list items at the margin ask questions, those items."""
    bullets = any(_bullet_asks(line) for line in source.lines)
    return [{}, {"style": "numbered", "questions": "all"}, *([{"style": "bullets"}] if bullets else [])]


_NOT_PROSE = re.compile(r"^(?:[ \t]|[-*+>|#<:]|\d+[.)]|```|~~~|!\[|\?\?\?|!!!)")


def _unmarked_question(line: str) -> bool:
    """A line that asks with no mark of its own: no number, `Q.` prefix or emphasis (those are other styles' and readers')."""
    text = line.strip()
    return (text.endswith("?") and "*" not in text and "_" not in text[:1] and split_number(text)[0] is None
            and not has_question_prefix(text) and looks_like_question(text))


def plain_questions(lines: list[str]) -> int:
    """How many unmarked lines ask and open a paragraph (what the plain-questions reader would take)."""
    starts = paragraph_starts("\n".join(lines))
    return sum(1 for index in starts if "?" in lines[index] and len(lines[index]) <= 300 and not _NOT_PROSE.match(lines[index])
               and _unmarked_question(lines[index]))


_MAPPING_ENTRY = re.compile(r"[\w-]+:\s")  # `- question: What…?` is a YAML record, not a list item


def _bullet_asks(line: str) -> bool:
    match = _BULLET.match(line)
    return (bool(match) and not match.group("indent") and match.group("body").rstrip("*_ ").endswith("?")
            and not _MAPPING_ENTRY.match(match.group("body")))

READER = Reader("numbered-questions", "Markdown or text: numbered (`1. What…?`), bold (`**What…?**`) or bold-bullet "
                "(`- **What…?**`) question lines; sub-headings and margin lists inside answers stay there", read, OPTIONS, candidates=candidates)
