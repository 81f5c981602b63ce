"""The wikis' markups as Markdown, line for line (see readers/dialects.py).

MediaWiki:

- Headings `== Title ==` (as many `=` on both sides as the level): ATX headings;
- lists by their run of markers, `*` bullets, `#` numbers (`#` is a list here, never a heading),
  `;term` / `:definition` definition lists (`; term : definition` on one line: a bold lead);
- `'''bold'''`, `''italic''`, `[[Page|text]]` and `[https://… text]` links as Markdown's;
- `<syntaxhighlight lang="x">` / `<source>` / `<pre>` alone on their line: code fences;
- templates `{{…}}`, categories and magic words (`__TOC__`) on a line of their own: dropped.

Textile (Redmine, Textpattern): `h2. Title` headings, `*`/`#` lists, `bc.` code, `bq.` quotes,
`*strong*`, `_emphasis_`, `@code@`, `"text":url` links.
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


def count(pattern: re.Pattern, lines: Sequence[str]) -> int:
    """How many lines the pattern matches (the evidence for a markup: its headings)."""
    return sum(1 for line in lines if pattern.match(line))


def _spans(text: str, spans: tuple = _SPANS) -> str:
    for pattern, replacement in spans:
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


# --- Textile (Redmine, Textpattern) ------------------------------------------------------------------

TEXTILE_HEADING = re.compile(r"^h(?P<level>[1-6])\.[ \t]+(?P<text>.*)$")
_TEXTILE_LIST = re.compile(r"^(?P<marks>[*#]+)[ \t]+(?P<text>.*)$")
_TEXTILE_BLOCK = re.compile(r"^(?P<kind>bc|bq|p)\.[ \t]+(?P<text>.*)$")
_TEXTILE_SPANS = (
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"*\1*"),
    (re.compile(r"(?<![\w@])@(?=\S)(.+?)(?<=\S)@(?![\w@])"), r"`\1`"),
    (re.compile(r"\"([^\"]+)\":(https?://\S+)"), r"[\1](\2)"),
)


def _textile_spans(text: str) -> str:
    return _spans(text, _TEXTILE_SPANS)


def _textile_line(line: str) -> str:
    if heading := TEXTILE_HEADING.match(line):
        return "#" * int(heading.group("level")) + " " + _textile_spans(heading.group("text"))
    if item := _TEXTILE_LIST.match(line):
        depth, kind = len(item.group("marks")) - 1, item.group("marks")[-1]
        return ("   " * depth + "1. " if kind == "#" else "  " * depth + "- ") + _textile_spans(item.group("text"))
    if block := _TEXTILE_BLOCK.match(line):
        kind, text = block.group("kind"), block.group("text")
        return "    " + text if kind == "bc" else ("> " if kind == "bq" else "") + _textile_spans(text)
    return _textile_spans(line)


def textile_to_markdown(lines: Sequence[str]) -> list[str]:
    return [_textile_line(line) for line in lines]
