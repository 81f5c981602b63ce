"""An answer's words from the PDF book (see words.py) as clean Markdown.

Owns: rejoining words into lines and paragraphs (a paragraph or page break inside a sentence
is joined back; a short title printed whole gets a paragraph of its own), turning the book's
bullet glyphs into nested Markdown lists and numbered items run into the text into ordered
list items, and putting code (found by code.py) into fenced blocks.

Nesting follows the book's habit, by rank: ❖ and ★ are outermost, numbered items next, then
➢ ➔ ●, then ○ ◆, then ■. An item closes the open items of its own rank or deeper and nests
under the others, so a list that starts with an inner glyph starts at the outer level, and a
glyph seen again goes back to the level it had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_build.readers.chunked_pdf.code import code_lines, code_start, opens_statement
from genai_build.readers.chunked_pdf.tables import find_tables
from genai_build.readers.chunked_pdf.words import BREAK, GLUE, LINE, PAGE, SOFT, SPACE, WIDE, Word

BULLET_RANKS = {"❖": 0, "★": 0, "➢": 2, "➔": 2, "●": 2, "•": 2, "○": 3, "◆": 3, "▪": 3, "■": 4, "➤": 2, "✓": 3, "✔": 3}
NUMBER_RANK = 1  # numbered items sit between ❖ and ➢
BULLET_GLYPHS = "".join(BULLET_RANKS)
_NUMBER_MARKER = re.compile(r"^(\d{1,2})\.$")
_SENTENCE_END = (".", "?", "!", ":")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[\w)]) +(?=[,;:.](?:\s|$))")  # "Transformer :" (a bold word, then its colon)


def words_text(words: list[Word]) -> str:
    """The words as one line of text: glued where the extraction broke a word from its punctuation."""
    parts: list[str] = []
    for word in words:
        if parts and word.sep != GLUE:
            parts.append(" ")
        parts.append(word.text)
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "para", "item", "code" or "table" (its Markdown)
    text: str
    rank: int = 0  # items: the glyph's rank
    marker: str = "-"  # items: "-" or "3."


_HEADING_MAX_WORDS = 8


def _heading_like(words: list[Word], index: int) -> bool:
    """Do the words from `index` up to the next break form a short title (no full stop)?"""
    end = index + 1
    while end < len(words) and words[end].sep == SPACE and words[end].line == words[index].line:
        end += 1
    return end - index <= _HEADING_MAX_WORDS and not words[end - 1].text.endswith(".")


def _starts_line(words: list[Word], index: int) -> bool:
    """Does words[index] open a new printed line or block?"""
    word, previous = words[index], words[index - 1]
    if word.sep in (BREAK, PAGE, WIDE, LINE):
        return True
    if word.sep == SPACE and word.whole and word.line != previous.line:
        # a line printed whole, on its own line of the extraction: a title, or a new block
        return previous.text.endswith(_SENTENCE_END) and _heading_like(words, index)
    if word.sep == SOFT:
        # two printed pieces run together: a new line after a title, or for an item
        if word.text[:1] in BULLET_GLYPHS:
            return True
        return word.text[:1].isupper() and not previous.text.endswith((".", ",", ";"))
    return False


def _open_parenthesis(line: list[Word]) -> bool:
    """Does the line leave a parenthesis open ("… assistants (like Siri, Alexa, or Google" at a page end)?"""
    text = words_text(line)
    return text.count("(") > text.count(")")


def _lines(words: list[Word]) -> list[list[Word]]:
    """Printed lines and paragraphs; a break or page header inside a sentence is joined back."""
    lines: list[list[Word]] = []
    for index, word in enumerate(words):
        if not lines:
            lines.append([])
        elif _starts_line(words, index):
            previous = lines[-1][-1].text
            starts_item = word.text[:1] in BULLET_GLYPHS or bool(_NUMBER_MARKER.match(word.text))
            runs_on = (
                (word.sep != WIDE or code_start(lines[-1]) is None)
                and not starts_item
                and not previous.endswith(_SENTENCE_END)
                and previous[-1:] not in BULLET_GLYPHS
                and (word.text[:1].islower() or (word.sep == PAGE and _open_parenthesis(lines[-1])))
            )
            if not runs_on:
                lines.append([])
        lines[-1].append(word)
    return lines


_LABEL_MAX_WORDS = 4
_TITLE_MAX_WORDS = 6
_TITLE_SMALL_WORDS = frozenset("a an and as at by for from in of on or the to vs with".split())
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.")


def _trailing_label(words: list[Word]) -> list[Word]:
    """A short title run into the end of a text, after a sentence: it heads what follows.

    "… of critical content. Conciseness:" then "➢ Length Ratio: …"; or, without a colon, a
    sub-heading in title case ("… image associations. Role in CLIP" then "◆ CLIP …"). Empty
    when there is none.
    """
    if not words:
        return []
    colon = words[-1].text.endswith(":")
    longest = _LABEL_MAX_WORDS if colon else _TITLE_MAX_WORDS
    for start in range(len(words) - 2, max(-1, len(words) - 2 - longest), -1):
        previous = words[start].text
        if not previous.endswith(_SENTENCE_END):
            continue
        label = words[start + 1 :]
        if colon:
            # a title capitalises every word; "The value can be:" leads into the list instead
            return label if all(word.text[:1].isupper() for word in label) else []
        if previous.endswith(_ABBREVIATIONS) or (previous.endswith(":") and len(label) < 2):
            return []  # one capitalised word after a colon starts the list's text, not a heading
        return label if _title_case(label) else []
    return []


def _title_case(words: list[Word]) -> bool:
    """Words of a heading: capitalised but for small words, none closing a clause."""
    texts = [w.text for w in words]
    return (texts[0][:1].isupper() and texts[-1][:1].isupper() and texts[-1][-1:].isalnum() or texts[-1].endswith(")")) \
        and all(t[:1].isupper() or t in _TITLE_SMALL_WORDS for t in texts) and not any(t.endswith((",", ";", ".")) for t in texts)


def _blocks(line: list[Word], last_number: int) -> tuple[list[Block], int]:
    """A line cut at its bullet glyphs and numbered markers into a paragraph and list items."""
    blocks: list[Block] = []
    current: list[Word] = []
    kind, rank, marker = "para", 0, "-"

    def close() -> None:
        label = _trailing_label(current)
        body = current[: len(current) - len(label)]
        if body or kind == "item":
            blocks.append(Block(kind, words_text(body), rank, marker))
        if label:
            blocks.append(Block("para", words_text(label)))

    for position, word in enumerate(line):
        glyph = word.text[:1]
        following = line[position + 1].text if position + 1 < len(line) else ""
        number = _NUMBER_MARKER.match(word.text)
        if glyph in BULLET_RANKS:
            close()
            current, kind, rank, marker = [], "item", BULLET_RANKS[glyph], "-"
            rest = word.text[1:].strip()
            if rest:
                current.append(word._replace(text=rest))
            continue
        if number and (following[:1].isupper() or not following) and int(number.group(1)) in (1, last_number + 1):
            close()
            last_number = int(number.group(1))
            current, kind, rank, marker = [], "item", NUMBER_RANK, f"{last_number}."
            continue
        current.append(word)
    close()
    return blocks, last_number


def _escape(text: str) -> str:
    """Plain text made safe for Markdown: no accidental emphasis, code spans or block markers."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    text = re.sub(r"(?<![\w\\])_|_(?!\w)", r"\\_", text)
    text = re.sub(r"^([#>+=|-])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return _SPACE_BEFORE_PUNCT.sub("", text)


def _merge_empty_items(blocks: list[Block]) -> list[Block]:
    """A glyph printed alone at the end of a line belongs to the text on the next line."""
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1].kind == "item" and not merged[-1].text and block.kind == "para":
            merged[-1] = Block("item", block.text, merged[-1].rank, merged[-1].marker)
        else:
            merged.append(block)
    return [b for b in merged if b.text]


def _render(blocks: list[Block]) -> str:
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (rank, indent) of the open list levels
    previous_kind = ""
    code: list[str] = []

    def flush_code() -> None:
        if code:
            out.extend(["", "```python", *code, "```"])
            code.clear()

    for block in blocks:
        if block.kind == "table":
            flush_code()
            stack.clear()
            out.extend(["", block.text])
            previous_kind = "table"
            continue
        if block.kind == "code":
            if previous_kind == "item":
                stack.clear()
            code.append(block.text)
            previous_kind = "code"
            continue
        flush_code()
        if block.kind == "para":
            stack.clear()
            out.extend(["", _escape(block.text)])
        else:
            while stack and stack[-1][0] >= block.rank:
                stack.pop()
            indent = stack[-1][1] if stack else 0
            if previous_kind != "item":
                out.append("")
            out.append(" " * indent + f"{block.marker} {_escape(block.text)}")
            stack.append((block.rank, indent + 4))
        previous_kind = block.kind
    flush_code()
    return "\n".join(out).strip("\n")


def answer_markdown(words: list[Word]) -> str | None:
    """The answer as Markdown, or None when there are no words; flattened tables rebuilt (tables.py)."""
    blocks: list[Block] = []
    last_number = 0
    done = 0
    for table in find_tables(words):
        last_number = _prose_blocks(words[done : table.start], blocks, last_number)
        blocks.append(Block("table", table.markdown()))
        done = table.end
    _prose_blocks(words[done:], blocks, last_number)
    text = _render(_merge_empty_items(blocks))
    return text or None


def _prose_blocks(words: list[Word], blocks: list[Block], last_number: int) -> int:
    """Append the blocks of a run of prose (lists and code included); returns the last item number seen."""
    depth, indent_next, in_code = 0, False, False  # code state carried from line to line
    for line in _lines(words) if words else ():
        rest = line
        while rest:
            continues = depth > 0 or in_code and opens_statement(rest, 0)
            start = 0 if continues else code_start(rest)
            prose = rest if start is None else rest[:start]
            if prose:
                line_blocks, last_number = _blocks(prose, last_number)
                blocks.extend(line_blocks)
                in_code = indent_next = False
            if start is None:
                break
            run = code_lines(rest[start:], depth, indent_next)
            blocks.append(Block("code", "\n".join(run.lines)))
            depth, indent_next, in_code = run.depth, run.indent_next, True
            rest = rest[start + run.used :]
    return last_number
