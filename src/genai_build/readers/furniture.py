"""Furniture: what a dump's page carries that is not interview content, removed for every reader.

Navigation links (`[⬆ Back to Top](#table-of-contents)`), raw HTML anchors and presentational
tags (`<a id="…"></a>`, `<b>`, `</details>`), tables of contents (lists of in-page links),
an assistant's chatter ("Great question!", "Would you like me to …?", "Awesome 🔥 …") and a
file's closing note after its last answer. Each removal is a warning naming the dump line;
an answer that was only furniture leaves its question unanswered. Code (fenced, indented or
in backticks) is never touched.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import RawQuestion, ReaderResult, SourceText
from genai_build.readers.checks import WordIndex
from genai_build.readers.structure import code_lines
from genai_build.readers.textutil import split_number

FURNITURE = "reader.furniture"

# Presentational HTML elements a Markdown page uses for layout; other <words> are kept as text.
_HTML_NAMES = ("a|abbr|b|big|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|"
               "mark|ol|p|picture|pre|q|s|samp|section|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|"
               "tfoot|th|thead|tr|tt|u|ul")
_TAG = re.compile(rf"</?(?:{_HTML_NAMES})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\s+(?:id|name)\s*=\s*[\"']?[^<>]*>\s*</a>", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_IN_PAGE_LINK = re.compile(r"\[[^\]]*\]\(#[^)]*\)")
_NAV_LEFTOVER = re.compile(r"^[\s|•·\-–—>*_↑⬆⬇↓←→⇧⤴️🔝⏫^\[\]()]*$")
_NAV_WORDS = re.compile(r"\b(?:back to (?:top|contents|index)|go to top|top of page|table of contents|contents)\b", re.IGNORECASE)
_LIST_LINK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*)?\[[^\]]+\]\(#[^)]*\)(?:\*\*)?\s*$")
_CHATTER = re.compile(
    r"^(?:great|good|excellent|awesome|perfect|nice|sure|absolutely|certainly|of course|okay|ok|alright|love (?:it|this))\b"
    r"[^.?]{0,40}[!🔥🚀✨👌👍😊🙌💡]"
    r"|\b(?:would you like me to|do you want me to|want me to|shall i|should i (?:also|go on|continue)|let me know if|"
    r"if you(?:'d| would) like,? i can|i can also (?:prepare|make|create|turn|give|write)|i hope this helps|"
    r"happy to help|feel free to ask|hope that helps|next,? i(?:'ll| will)|ready for (?:part|the next))\b",
    re.IGNORECASE)
_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_ITALIC_PARAGRAPH = re.compile(r"^\s*(?:\*(?!\*)|_(?!_)).+(?:(?<!\*)\*|(?<!_)_)\s*$")


def strip_tags(text: str) -> str:
    """Text without HTML anchors and presentational tags, outside code spans; spaces tidied."""
    def clean(part: str) -> str:
        return _TAG.sub("", _ANCHOR.sub("", part))
    pieces, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        pieces += [clean(text[last:match.start()]), match.group(0)]
        last = match.end()
    pieces.append(clean(text[last:]))
    return "".join(pieces)


def plain_label(text: str) -> str:
    """A question or section wording without tags, in-page links, leading emoji or symbols."""
    text = _IN_PAGE_LINK.sub(lambda m: "" if _NAV_LEFTOVER.match(m.group(0)[1:m.group(0).index("]")]) else
                             m.group(0)[1:m.group(0).index("]")], strip_tags(text))
    text = re.sub(r"^[^\w(\"'`$\\]+", "", text.strip())  # "🔹 Section 3" -> "Section 3"
    return " ".join(text.split())


def section_label(text: str) -> str:
    """A section name as a label: furniture and a printed number removed ("## 3. **Cost**" -> "Cost")."""
    label = plain_label(text)
    return split_number(label)[1] or label


def _is_navigation(line: str) -> bool:
    """A line that only links elsewhere in the page ("[⬆ Back to Top](#top)", "[Next](#q2) | [Prev](#q1)")."""
    if "(#" not in line and not _NAV_WORDS.search(line):
        return False
    rest = _IN_PAGE_LINK.sub("", line)
    return bool(_NAV_LEFTOVER.match(rest)) or (bool(_NAV_WORDS.fullmatch(rest.strip(" *_[]()⬆↑"))))


def _paragraphs(rows: Sequence[str], inside: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) row ranges of the blank-separated paragraphs outside code."""
    spans, start = [], None
    for index, row in enumerate([*rows, ""]):
        if row.strip() and index not in inside:
            start = index if start is None else start
        elif start is not None:
            spans.append((start, index))
            start = None
    return spans


def _is_toc(rows: Sequence[str], start: int, end: int) -> bool:
    items = [row for row in rows[start:end] if row.strip()]
    return len(items) >= 2 and all(_LIST_LINK.match(row) for row in items)


def _closing_start(rows: list[str], inside: frozenset[int]) -> int | None:
    """Where a closing note starts in the last answer: after a final thematic break, or a final italic paragraph."""
    paragraphs = _paragraphs(rows, inside)
    if not paragraphs:
        return None
    last_text = max((row for row, text in enumerate(rows) if text.strip() and not _BREAK.match(text)), default=0)
    for row in range(last_text - 1, paragraphs[0][0], -1):  # a break with text on both sides (`---` right under text is a heading's)
        if row not in inside and _BREAK.match(rows[row]) and (not rows[row - 1].strip() or rows[row].strip()[0] != "-"):
            return row
    if len(paragraphs) < 2:
        return None
    start, end = paragraphs[-1]
    return start if all(_ITALIC_PARAGRAPH.match(row) for row in rows[start:end]) else None


def _paragraph_kind(rows: Sequence[str], start: int, end: int) -> str | None:
    """What furniture a whole paragraph is, if any: a table of contents or chatter."""
    if _is_toc(rows, start, end):
        return "table of contents"
    text = " ".join(rows[start:end])
    if _CHATTER.search(text) and not text.lstrip().startswith(("|", "-", "*", ">")):
        return "chat chatter"
    return None


def _drop(rows: list[str], inside: frozenset[int], last: bool) -> tuple[list[str], list[tuple[str, str]]]:
    """The answer rows without furniture, and (what, text) for each removal."""
    removed: list[tuple[str, str]] = []
    keep = [True] * len(rows)
    if last and (cut := _closing_start(rows, inside)) is not None:
        removed.append(("closing note after the last answer", next(r for r in rows[cut:] if r.strip() and not _BREAK.match(r))))
        keep[cut:] = [False] * (len(rows) - cut)
    for start, end in _paragraphs(rows, inside):
        what = _paragraph_kind(rows, start, end) if keep[start] else None
        if what:
            removed.append((what, rows[start]))
            keep[start:end] = [False] * (end - start)
        for index in range(start, end):
            if keep[index] and _is_navigation(rows[index]):
                removed.append(("navigation link", rows[index]))
                keep[index] = False
    kept = [index for index in range(len(rows)) if keep[index]]
    removed += [("HTML tag", rows[i]) for i in kept if i not in inside and rows[i].strip() and not strip_tags(rows[i]).strip()]
    return [rows[i] if i in inside else strip_tags(rows[i]) for i in kept], removed


def _tidy(rows: list[str]) -> str | None:
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", "\n".join(row.rstrip() for row in rows)).strip("\n")
    while True:  # a separator left dangling at either end by a removal
        lines = text.split("\n")
        if lines and _BREAK.match(lines[-1]):
            text = "\n".join(lines[:-1]).rstrip()
        elif lines and _BREAK.match(lines[0]):
            text = "\n".join(lines[1:]).lstrip("\n")
        else:
            break
    return text if text.strip() else None


def strip_furniture(source: SourceText, result: ReaderResult) -> ReaderResult:
    """The reader's result with furniture removed from every question, section and answer."""
    ordered = sorted(result.questions, key=lambda q: q.line)
    last = ordered[-1].line if ordered else None
    stops = {q.line: (ordered[i + 1].line - 1 if i + 1 < len(ordered) else len(source.lines)) for i, q in enumerate(ordered)}
    questions: list[RawQuestion] = []
    found: list[Diagnostic] = []
    words = WordIndex(source.lines)
    for q in result.questions:
        answer = q.answer
        if answer:
            rows, removed = _drop(answer.split("\n"), code_lines(answer), q.line == last)
            answer = _tidy(rows)
            for what, text in removed:
                line = words.locate(text, q.line, stops[q.line], q.line)
                left = " (the answer was only furniture: unanswered)" if answer is None else ""
                found.append(warning(FURNITURE, f"{what} removed from the answer to line {q.line}: "
                                     f"{_short(text.strip())!r}{left}", source.display, line))
        questions.append(replace(q, question=plain_label(q.question) or q.question, answer=answer,
                                 section=tuple(s for s in (section_label(part) for part in q.section) if s)))
    diagnostics = tuple(sorted((*result.diagnostics, *found), key=lambda d: (d.line or 0, d.code)))
    return ReaderResult(tuple(questions), diagnostics)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
