"""Reader for plain text whose questions are `Q.` / `Q:` / `Q12.` / `Question:` lines; the
answer runs to the next question.

Traps it handles: a bare title line (`Large Language Models`) standing just before a
question is the section of the questions that follow, not the end of the previous answer; a
question glued to the end of the previous answer's last sentence (`… done. Q. What…?`) is
split off and reported; "Answer:" labels and sentences broken across a blank line are
cleaned like every other answer. In Markdown (a chat transcript), headings are the sections
and `A:` labels are dropped; the assistant's chatter is furniture (readers/furniture.py).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.options import OptionReader
from genai_build.readers.headings import Headings, find_headings
from genai_build.readers.textutil import plain_question, split_number

DEFAULT_PREFIX = r"Q(?:uestion)?\s*\d*\s*[.:)]"

OPTIONS = {
    "prefix": f"regular expression of the question marker at the start of a line (default {DEFAULT_PREFIX!r}; "
              "case-insensitive; digits in it are kept as the question's number)",
    "sections": "'auto' (default): a Markdown heading, or a short bare title line just before a question, is the "
                "section of the questions below; 'none': no sections",
    "split_glued": "true (default): a question marker after the end of a sentence, mid-line, starts a new question",
}

_WORD = re.compile(r"\S+")


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    prefix = opts.pattern("prefix", DEFAULT_PREFIX)
    find_sections = opts.choice("sections", "auto", ("auto", "none")) == "auto"
    split_glued = opts.flag("split_glued", True)
    opts.done()
    question_line = re.compile(rf"^\s*(?:\*\*|__)?\s*(?P<marker>{prefix})\s*(?:\*\*|__)?\s+(?P<rest>\S.*)$", re.IGNORECASE)
    glued = re.compile(rf"(?<=[.!?)\"”'])\s+(?=(?:{prefix})\s+(?-i:[A-Z]))", re.IGNORECASE)

    drafts: list[Draft] = []
    extra: list[Diagnostic] = []
    preamble: list[tuple[int, str]] = []
    current: Draft | None = None
    section: tuple[str, ...] = ()

    def start(number: int, line: str) -> None:
        nonlocal current, section
        match = question_line.match(line)
        if find_sections:
            title = _take_section_line(current.answer if current else preamble, current is not None)
            section = (title,) if title else section
        digits = re.search(r"\d+", match.group("marker"))
        current = Draft(number, plain_question(match.group("rest")), digits.group(0) if digits else None, section)
        drafts.append(current)

    headings = find_headings(source.lines) if find_sections else Headings()
    for number, line in enumerate(source.lines, start=1):
        if number - 1 in headings.rest:
            continue  # the underline of a setext section heading
        if number - 1 in headings and not question_line.match(headings[number - 1][2]):
            # a Markdown heading ("## 3. **Cost**") ends the answer and names the questions below
            section, current, preamble = (split_number(plain_question(headings[number - 1][2]))[1],), None, []
            continue
        if question_line.match(line):
            start(number, line)
            continue
        if split_glued and (cut := glued.search(line)) and question_line.match(line[cut.end():]):
            (current.answer if current else preamble).append((number, line[:cut.start()]))
            extra.append(warning("reader.glued-question", "question glued to the end of the previous answer; split off",
                                 source.display, number))
            start(number, line[cut.end():])
            continue
        (current.answer if current else preamble).append((number, line))
    return finish(source, drafts, extra=extra)


def _take_section_line(rows: list[tuple[int, str]], needs_other_text: bool) -> str | None:
    """Pop and return a bare section title ending `rows` (blank lines after it allowed)."""
    end = len(rows)
    while end and not rows[end - 1][1].strip():
        end -= 1
    if not end or not _is_title(rows[end - 1][1]):
        return None
    before = end - 1
    if before and rows[before - 1][1].strip():
        return None  # part of a paragraph, not a line standing alone
    if needs_other_text and not any(text.strip() for _, text in rows[:before]):
        return None  # the previous question's whole answer is this line: keep it as the answer
    title = plain_question(rows[end - 1][1])
    del rows[end - 1:]
    return title


def _is_title(line: str) -> bool:
    """A short bare line that names a topic: no sentence punctuation, no list, link or label."""
    text = plain_question(line)
    words = _WORD.findall(text)
    if not 1 <= len(words) <= 10 or len(text) > 80:
        return False
    if not (text[0].isupper() or text[0].isdigit()) or text[-1] in ".:;,?!":
        return False
    return not re.search(r"://|:\s|^[-*+>|#!\[]|^\d+[.)]\s", text)


READER = Reader("q-prefixed-text", "plain text: 'Q.' / 'Q:' / 'Q12.' question lines, answers below, bare section lines", read, OPTIONS)
