"""Python code flattened into the PDF book's prose, found again and laid out as code lines.

The extraction runs a code listing into the sentence that introduces it ("Load the model:
from transformers import … tokenizer = …"), its lines separated by nothing more than spaces.
This module owns recognising where such code starts (an import, a `def`, or an assignment or
call right after a colon) and cutting it back into statements: a new statement starts, outside
brackets, at a wide gap, an import, a `def`/`return`, an assignment or a call after a closed
call; inside brackets each wide gap starts an indented argument line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_build.readers.chunked_pdf.words import GLUE, WIDE, Word

_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.]*$")
_CALL = re.compile(r"^[A-Za-z_][\w.]*\(")
_LIST_MARKER = re.compile(r"^\d{1,2}\.$")
_OPENERS = "([{"
_CLOSERS = ")]}"


def _depth_change(text: str) -> int:
    return sum(text.count(c) for c in _OPENERS) - sum(text.count(c) for c in _CLOSERS)


def opens_statement(words: list[Word], index: int) -> bool:
    """Could a statement start at words[index] (judged on the words around it)?"""
    text = words[index].text
    following = words[index + 1].text if index + 1 < len(words) else ""
    after_next = words[index + 2].text if index + 2 < len(words) else ""
    previous = words[index - 1].text if index else ""
    if text == "from":
        return bool(_IDENTIFIER.match(following)) and after_next == "import"
    if text == "import":
        return bool(_IDENTIFIER.match(following)) and (index < 2 or words[index - 2].text != "from")
    if text == "def":
        return bool(_CALL.match(following))
    if text == "return" or text.startswith("print("):
        return True
    if _IDENTIFIER.match(text) and following == "=":
        return True
    # a call standing alone: after another statement's closing bracket, not after "="
    return bool(_CALL.match(text)) and text.endswith(")") and (not previous or previous.endswith((*_CLOSERS, ":")))


def code_start(words: list[Word]) -> int | None:
    """Index where code begins in a line of prose, or None."""
    for index, word in enumerate(words):
        if word.text in ("from", "import", "def") and opens_statement(words, index):
            return index
        after_colon = index == 0 or words[index - 1].text.endswith(":")
        if after_colon and not word.text[:1].isupper() and opens_statement(words, index):
            if index + 1 < len(words) and words[index + 1].text == "=" or _CALL.match(word.text):
                return index
    return None


@dataclass(frozen=True, slots=True)
class CodeRun:
    lines: list[str]  # the code lines, indented
    used: int  # how many of the words were code
    depth: int  # brackets left open at its end
    indent_next: bool  # the last line opened a block ("def …:")


def code_lines(words: list[Word], depth: int = 0, indent_next: bool = False) -> CodeRun:
    """The code at the start of `words` as code lines; it ends at a numbered list marker."""
    lines: list[tuple[int, list[str]]] = []  # (indent, parts)
    used = 0
    for index, word in enumerate(words):
        if depth == 0 and lines and _LIST_MARKER.match(word.text):
            break  # the next item of the list the code sits in
        new_line = not lines or (word.sep == WIDE or (depth == 0 and opens_statement(words, index)))
        if new_line:
            indent = 0 if word.text[:1] in _CLOSERS else 4 if depth > 0 or indent_next else 0
            lines.append((indent, []))
            indent_next = False
        parts = lines[-1][1]
        if parts and word.sep != GLUE:
            parts.append(" ")
        parts.append(word.text)
        depth = max(0, depth + _depth_change(word.text))
        if depth == 0 and word.text.endswith(":") and parts[0] in ("def", "class", "for", "if", "with"):
            indent_next = True
        used = index + 1
    return CodeRun([" " * indent + "".join(parts) for indent, parts in lines], used, depth, indent_next)
