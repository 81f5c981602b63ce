"""Text helpers shared by readers: markup stripped from question wording, answers tidied."""

from __future__ import annotations

import re
import textwrap

_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def plain_question(text: str) -> str:
    """A question's wording without Markdown emphasis, heading marks or stray backticks/space."""
    text = _HEADING.sub("", text.strip())
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    text = text.replace("**", "").strip().strip("`").strip()
    return _SPACES.sub(" ", text)


def tidy_answer(lines: list[str]) -> str | None:
    """Answer lines as Markdown: common indent removed, blank runs collapsed, ends trimmed."""
    text = textwrap.dedent("\n".join(line.rstrip() for line in lines))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text if text.strip() else None
