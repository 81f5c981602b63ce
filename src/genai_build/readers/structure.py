"""The block structure of a dump, as markdown-it parses it: which lines are code, which are
headings, list items, HTML blocks, tables or paragraphs.

Readers and checks ask this module instead of matching fences by hand, so a `# comment` in
a fenced or indented code block is never a heading and a `?` in code is never a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])  # blocks only: cheaper


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the document: kind ('heading', 'paragraph', 'list_item', 'html', 'table', 'code',
    'hr', 'blockquote'), its 0-based first line and end line (exclusive), heading level, nesting depth."""

    kind: str
    start: int
    end: int
    level: int = 0
    depth: int = 0


_MAY_HOLD_CODE = re.compile(r"```|~~~|^(?: {4}|\t)", re.MULTILINE)
_KINDS = {"heading_open": "heading", "paragraph_open": "paragraph", "list_item_open": "list_item",
          "html_block": "html", "table_open": "table", "fence": "code", "code_block": "code", "hr": "hr",
          "blockquote_open": "blockquote"}


@lru_cache(maxsize=1024)
def blocks(text: str) -> tuple[Block, ...]:
    """Every block markdown-it finds, in document order (nested ones included, with their depth)."""
    found = []
    for token in _PARSER.parse(text):
        kind = _KINDS.get(token.type)
        if kind and token.map:
            level = int(token.tag[1]) if kind == "heading" else 0
            found.append(Block(kind, token.map[0], token.map[1], level, token.level))
    return tuple(found)


def code_lines(text: str) -> frozenset[int]:
    """0-based indexes of the lines inside fenced or indented code blocks (fences included)."""
    if not _MAY_HOLD_CODE.search(text):
        return frozenset()  # no fence and no indented line: CommonMark has no code here, no need to parse
    return frozenset(line for block in blocks(text) if block.kind == "code" for line in range(block.start, block.end))


_DEFINITION = re.compile(r"^ {0,3}:(?:[ \t]|$)")


def paragraph_starts(text: str) -> frozenset[int]:
    """0-based indexes of the lines where a top-level paragraph starts (not inside a list, quote or block,
    nor the term of a definition list: a line whose definition, `: …`, follows it)."""
    lines = text.split("\n")
    return frozenset(block.start for block in blocks(text) if block.kind == "paragraph" and block.depth == 0
                     and not _defines(lines, block))


def _defines(lines: list[str], block: Block) -> bool:
    """The paragraph is one line, the term of a definition that follows it (after at most one blank line)."""
    if block.end - block.start > 2 or ":" not in "".join(lines[block.start + 1:block.start + 3]):
        return False
    following = [line for line in lines[block.start + 1:block.start + 3] if line.strip()][:1]
    return bool(following) and bool(_DEFINITION.match(following[0]))
