"""MediaWiki's block syntax as Markdown, line for line (see readers/dialects.py).

- Headings `== Title ==` (as many `=` on both sides as the level): ATX headings;
- lists by their run of markers, `*` bullets, `#` numbers (`#` is a list here, never a heading),
  `;term` / `:definition` definition lists (`; term : definition` on one line: a bold lead);
- `'''bold'''`, `''italic''`, `[[Page|text]]` and `[https://… text]` links as Markdown's;
- `<syntaxhighlight lang="x">` / `<source>` / `<pre>` alone on their line: code fences;
- templates `{{…}}`, categories and magic words (`__TOC__`) on a line of their own: dropped.
"""

from __future__ import annotations

import re
from typing import Sequence

HEADING = re.compile(r"^(?P<marks>={1,6})[ \t]*(?P<text>[^=\s].*?)[ \t]*(?P=marks)[ \t]*$")
_LIST = re.compile(r"^(?P<marks>[*#:;]+)[ \t]*(?P<text>.*)$")
_CODE_OPEN = re.compile(r"^[ \t]*<(?:syntaxhighlight|source|pre)\b(?:[^>]*\blang=\"?(?P<lang>[\w+#.-]+))?[^>]*>[ \t]*$", re.IGNORECASE)
_CODE_CLOSE = re.compile(r"^[ \t]*</(?:syntaxhighlight|source|pre)\s*>[ \t]*$", re.IGNORECASE)
_DROPPED = re.compile(r"^[ \t]*(?:\{\{.*\}\}|\[\[(?:Category|File|Image):[^\]]*\]\]|__[A-Z]+__)[ \t]*$", re.IGNORECASE)
_SPANS = (
    (re.compile(r"'''(.+?)'''"), r"**\1**"),
    (re.compile(r"''(.+?)''"), r"*\1*"),
    (re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]+)\]\]"), r"\1"),
    (re.compile(r"\[(https?://\S+)[ \t]+([^\]]+)\]"), r"[\2](\1)"),
)


def headings(lines: Sequence[str]) -> int:
    return sum(1 for line in lines if HEADING.match(line))


def _spans(text: str) -> str:
    for pattern, replacement in _SPANS:
        text = pattern.sub(replacement, text)
    return text


def _list_line(marks: str, text: str) -> str:
    """A list line by its markers: the last one says what it is, the others how deep it sits."""
    depth, kind = len(marks) - 1, marks[-1]
    if kind == ";":
        term, _, definition = text.partition(" : ")
        return f"**{term.strip()}** {definition.strip()}" if definition else text.strip()
    if kind == ":":
        return ": " + text if depth == 0 else "    " * depth + text
    return ("   " * depth + "1. " if kind == "#" else "  " * depth + "- ") + text


def _line(line: str) -> str:
    if heading := HEADING.match(line):
        return "#" * len(heading.group("marks")) + " " + _spans(heading.group("text"))
    if _DROPPED.match(line):
        return ""
    if item := _LIST.match(line):
        return _list_line(item.group("marks"), _spans(item.group("text")))
    return _spans(line)


def to_markdown(lines: Sequence[str]) -> list[str]:
    out, code = [], False
    for line in lines:
        if not code and (opening := _CODE_OPEN.match(line)):
            out.append("```" + (opening.group("lang") or ""))
            code = True
        elif code:
            code = not _CODE_CLOSE.match(line)
            out.append(line if code else "```")
        else:
            out.append(_line(line))
    return out
