"""Reader for GitHub collapsible blocks: each question is a `<details>` block whose `<summary>`
holds the question (`<summary><b>12. What is…?</b></summary>`) and whose body is the answer,
up to the matching `</details>`. Markdown headings outside the blocks are the sections; a
title, intro, theme links or a closing line outside every block belong to no question.

Traps: the tags never reach a question or an answer; a `<details>` nested in an answer stays
in that answer; a block whose summary does not read as a question ("Show hints") is not a
question unless `questions: all`.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.textutil import looks_like_question, plain_question, split_number

OPTIONS = {
    "questions": "'question-like' (default): a summary must read as a question; 'all': every top-level block is one",
    "sections": "'nested' (default): section path by heading level; 'last': only the latest heading",
}

_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>(?P<text>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _summary(lines: list[str], start: int) -> tuple[str, int, int] | None:
    """The summary text of the block opened on line `start`, and the indexes of the lines it starts and ends on."""
    for end in range(start, min(start + 8, len(lines))):
        match = _SUMMARY.search("\n".join(lines[start:end + 1]))
        if match:
            first = start + "\n".join(lines[start:end + 1])[:match.start()].count("\n")
            return " ".join(_TAG.sub(" ", match.group("text")).split()), first, end
    return None


def _body_end(lines: list[str], start: int, depth: int) -> int:
    """The index of the line holding the `</details>` that closes a block (nested blocks counted)."""
    for index in range(start, len(lines)):
        depth += len(_OPEN.findall(lines[index])) - len(_CLOSE.findall(lines[index]))
        if depth <= 0:
            return index
    return len(lines)


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    every_block = opts.choice("questions", "question-like", ("question-like", "all")) == "all"
    nested = opts.choice("sections", "nested", ("nested", "last")) == "nested"
    opts.done()

    lines = source.lines
    headings = find_headings(lines)
    title = title_line(lines, headings, None)
    drafts: list[Draft] = []
    extra: list[Diagnostic] = []
    path: SectionPath = ()
    index = 0
    while index < len(lines):
        if index in headings and index != title:
            path = enter_section(path, headings[index][1], headings[index][2], nested)
        if not _OPEN.search(lines[index]):
            index += 1
            continue
        found = _summary(lines, index)
        opened = len(_OPEN.findall(lines[index])) - len(_CLOSE.findall(lines[index]))
        summary_end = found[2] if found else index
        end = _body_end(lines, summary_end + 1, opened) if opened > 0 else index
        number, wording = split_number(plain_question(found[0])) if found else (None, "")
        if wording and (every_block or looks_like_question(wording)):
            draft = Draft(found[1] + 1, wording, number, section_names(path))  # the question's own line
            for row in range(summary_end, min(end + 1, len(lines))):
                text = lines[row]
                if row == summary_end:
                    text = re.split(r"</summary\s*>", text, maxsplit=1, flags=re.IGNORECASE)[-1]
                if row == end:
                    text = _CLOSE.split(text, maxsplit=1)[0]
                draft.add(row + 1, text)
            drafts.append(draft)
        elif wording:
            extra.append(warning("reader.not-a-question", f"collapsible block {wording!r} does not read as a question; "
                                 "skipped", source.display, index + 1))
        index = end + 1
    return finish(source, drafts, extra=extra)


def candidates(source: SourceText) -> list[dict[str, Any]]:
    return [{}] if _OPEN.search(source.text) else []

READER = Reader("collapsible-blocks", "Markdown: each question a <details> block, the <summary> the question, "
                "its body the answer; headings are sections", read, OPTIONS, candidates=candidates)
