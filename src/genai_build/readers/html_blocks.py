"""HTML's block elements as the Markdown blocks readers read, line for line (see readers/dialects.py).

- `<dl>` / `<dt>term</dt>` / `<dd>definition</dd>`: the term on its line, the definition as
  `: …` (its further lines indented), the Markdown definition list; a term and its definition on
  one line, `**term** definition` (a bold lead, as Markdown spells it);
- `<table>` rows: a pipe table, each row on the line its first cell starts (the header and the
  delimiter row on the table's first two lines, the other lines of the table empty rows);
- a whole HTML document: `<h1>`…`<h6>` as ATX headings, `<li>` as list items, `<pre>` as indented
  code, `<details>`/`<summary>` kept (the collapsible-blocks reader's), `<p>`/`<div>`/… dropped, inline `<strong>`/`<b>`, `<em>`/`<i>`, `<code>`, `<a>`, `<img>`,
  `<br>` as Markdown's spans, entities decoded.
"""

from __future__ import annotations

import html
import re
from typing import Sequence

_INLINE = (
    (re.compile(r"<(?:strong|b)\b[^>]*>\s*|\s*</(?:strong|b)\s*>", re.IGNORECASE), "**"),
    (re.compile(r"<(?:em|i)\b[^>]*>\s*|\s*</(?:em|i)\s*>", re.IGNORECASE), "*"),
    (re.compile(r"</?code\b[^>]*>", re.IGNORECASE), "`"),
)
_LINK = re.compile(r"<a\b[^>]*\bhref=\"(?P<href>[^\"]*)\"[^>]*>(?P<text>.*?)</a\s*>", re.IGNORECASE)
_IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"(?P<src>[^\"]*)\"[^>]*?(?:\balt=\"(?P<alt>[^\"]*)\")?[^>]*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->|<!DOCTYPE[^>]*>", re.IGNORECASE)


def inline(fragment: str, list_item: str = "- ") -> str:
    """A fragment of HTML as Markdown text: spans kept as Markdown's, other tags dropped, entities decoded."""
    text = _LINK.sub(lambda m: f"[{m.group('text')}]({m.group('href')})", fragment)
    text = _IMAGE.sub(lambda m: f"![{m.group('alt') or ''}]({m.group('src')})", text)
    text = re.sub(r"\s*<br\s*/?>\s*", " ", text, flags=re.IGNORECASE)
    text = _LIST_ITEM.sub(list_item, text)
    for pattern, mark in _INLINE:
        text = pattern.sub(mark, text)
    return html.unescape(_TAG.sub("", text))


# --- definition lists ----------------------------------------------------------------------------

_DL = re.compile(r"</?dl\b[^>]*>", re.IGNORECASE)
_DT = re.compile(r"<dt\b[^>]*>(?P<text>.*?)(?:</dt\s*>|$)", re.IGNORECASE)
_DD_OPEN = re.compile(r"<dd\b[^>]*>", re.IGNORECASE)
_DD_CLOSE = re.compile(r"</dd\s*>", re.IGNORECASE)


class _DefinitionList:
    """Walks the lines inside `<dl>`: whether a definition is open, has had its first line, is in `<pre>`."""

    def __init__(self) -> None:
        self.open = self.started = self.pre = False

    def line(self, line: str) -> str:
        line = _DL.sub("", line)
        term, opened = _DT.search(line), _DD_OPEN.search(line)
        if term and opened:  # `<dt>What…?</dt><dd>…</dd>` on one line
            self.open = not _DD_CLOSE.search(line)
            return f"**{inline(term.group('text')).strip()}** {inline(line[opened.end():]).strip()}"
        if term:
            self.open = False
            return inline(term.group("text")).strip()
        if opened:
            self.open, self.started, line = True, False, line[opened.end():]
        return self._definition(line) if self.open else inline(line).strip()

    def _definition(self, line: str) -> str:
        """A line of the open definition: `: ` before its first words, four spaces before the next ones
        (eight in `<pre>`, code inside the definition)."""
        self.open = not _DD_CLOSE.search(line)
        line = _DD_CLOSE.split(line)[0]
        if self.pre or _PRE_OPEN.match(line):
            code = _PRE_OPEN.sub("", line) if not self.pre else line
            self.pre = not _PRE_CLOSE.search(code)
            code = html.unescape(_TAG.sub("", _PRE_CLOSE.sub("", code)))
            return "        " + code if code.strip() else ""
        content = inline(line).strip()
        if not content:
            return ""
        prefix, self.started = ("    " if self.started else ": "), True
        return prefix + content


def _definition_lists(out: list[str], lines: Sequence[str], skip: frozenset[int]) -> None:
    depth, walker, inside = 0, _DefinitionList(), []
    for index, line in enumerate(lines):
        if index in skip:
            continue
        opens = len(re.findall(r"<dl\b", line, re.IGNORECASE))
        if depth or opens:
            out[index] = walker.line(line)
            inside.append(index)
        depth = max(depth + opens - len(re.findall(r"</dl\s*>", line, re.IGNORECASE)), 0)
    _empty_definitions(out, lines, inside)


def _empty_definitions(out: list[str], lines: Sequence[str], inside: list[int]) -> None:
    """A term with no `<dd>` is still a term: an empty definition (`:`) on the first free line under it."""
    terms = [index for index in inside if _DT.search(lines[index]) and not _DD_OPEN.search(lines[index])]
    for term in terms:
        following = [index for index in inside if index > term]
        free = next((index for index in following if not out[index].strip()), None)
        defined = next((index for index in following if out[index].strip()), None)
        if free is not None and (defined is None or free < defined) and (defined is None or not out[defined].startswith(":")):
            out[free] = ":"


# --- tables --------------------------------------------------------------------------------------

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(?P<cells>.*?)(?=<tr\b|</table\s*>|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t(?P<kind>[hd])\b[^>]*>(?P<text>.*?)(?:</t[hd]\s*>|(?=<t[hd]\b)|$)", re.IGNORECASE | re.DOTALL)


def _cell(fragment: str) -> str:
    """A cell's HTML as the text of a pipe-table cell: its lines joined by `<br>`, pipes escaped."""
    pieces = [inline(piece, "<br>- ").strip() for piece in re.split(r"<br\s*/?>|</p\s*>|\n", fragment, flags=re.IGNORECASE)]
    text = "<br>".join(piece for piece in pieces if piece)
    return text.removeprefix("<br>").replace("|", "\\|")


def _rows(text: str, first_line: int) -> list[tuple[int, list[str]]]:
    """The rows of one table's HTML: (the line its first cell starts on, its cells)."""
    found = []
    for row in _ROW.finditer(text):
        cells = list(_CELL.finditer(row.group("cells")))
        if cells:  # the row starts where its first cell with words does (not at a `#` cell)
            first = next((cell for cell in cells if re.search(r"[^\W\d_]", cell.group("text"))), cells[0])
            start = row.start("cells") + first.start()
            found.append((first_line + text[:start].count("\n"), [_cell(cell.group("text")) for cell in cells]))
    return found


def _table(out: list[str], lines: Sequence[str], start: int, end: int) -> None:
    """The table on lines `start`..`end` as a pipe table, when each row starts on a line of its own
    and the table's first two lines are free for the header and the delimiter row."""
    rows = _rows("\n".join(lines[start:end + 1]), start)
    if len(rows) < 2:
        return
    (_, header), body = rows[0], rows[1:]
    data_lines = [line for line, _ in body]
    if len(set(data_lines)) != len(data_lines) or data_lines[0] < start + 2:
        return
    for index in range(start, end + 1):
        out[index] = "|" if index < data_lines[-1] else ""  # an empty row keeps the table whole between rows
    out[start] = "| " + " | ".join(header) + " |"
    out[start + 1] = "|" + " --- |" * len(header)
    for line, cells in body:
        out[line] = "| " + " | ".join(cells) + " |"


def _tables(out: list[str], lines: Sequence[str], skip: frozenset[int]) -> None:
    index = 0
    while index < len(lines):
        if index in skip or not _TABLE_OPEN.search(lines[index]):
            index += 1
            continue
        end = next((row for row in range(index, len(lines)) if _TABLE_CLOSE.search(lines[row])), len(lines) - 1)
        _table(out, lines, index, end)
        index = end + 1


def lists_and_tables(lines: Sequence[str], code: frozenset[int]) -> list[str]:
    """HTML definition lists and tables, outside code, as Markdown's."""
    out = list(lines)
    text = "\n".join(lines)
    if re.search(r"<dl\b", text, re.IGNORECASE):
        _definition_lists(out, lines, code)
    if _TABLE_OPEN.search(text):
        _tables(out, list(out), code)
    return out


# --- a whole HTML document -------------------------------------------------------------------------

_HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)\s*>", re.IGNORECASE)
_PRE_OPEN = re.compile(r"^\s*<pre\b[^>]*>(?:\s*<code\b[^>]*>)?", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"(?:</code\s*>)?\s*</pre\s*>\s*$", re.IGNORECASE)
_HIDDEN = re.compile(r"<(?P<tag>head|script|style|title)\b", re.IGNORECASE)
_LIST_OPEN = re.compile(r"<(?P<kind>[uo])l\b", re.IGNORECASE)
_LIST_CLOSE = re.compile(r"</[uo]l\s*>", re.IGNORECASE)
_COLLAPSIBLE = re.compile(r"</?(?:details|summary)\b", re.IGNORECASE)


def is_html_document(lines: Sequence[str]) -> bool:
    """Most lines that hold something open with a tag (or the file declares itself HTML)."""
    filled = [line.strip() for line in lines if line.strip()]
    if filled and re.match(r"<!DOCTYPE html|<html\b", filled[0], re.IGNORECASE):
        return True
    tagged = sum(1 for line in filled if line.startswith("<") and not line.startswith("<!--"))
    return len(filled) >= 3 and tagged >= 0.8 * len(filled)


class _Document:
    """Walks an HTML document line by line: code in `<pre>`, the nesting of lists, hidden parts."""

    def __init__(self) -> None:
        self.pre = False
        self.hidden: str | None = None
        self.lists: list[list] = []  # the open lists, outermost first: [kind ('u'/'o'), items so far]

    def line(self, line: str) -> str:
        """A line of `<pre>` as indented code (the tags alone on a line leave it blank), any other as text."""
        opening = None if self.pre else _PRE_OPEN.match(line)
        if not self.pre and opening is None:
            return self._text(line)
        code = line[opening.end():] if opening else line
        closing = _PRE_CLOSE.search(code)
        self.pre = closing is None
        code = html.unescape(_TAG.sub("", code[:closing.start()] if closing else code))
        return "    " + code if code.strip() else ""

    def _text(self, line: str) -> str:
        if _COLLAPSIBLE.search(line):
            return line.strip()  # `<details>` / `<summary>`: the collapsible-blocks reader's own markers
        if self.hidden or (hidden := _HIDDEN.search(line)):
            self.hidden = self.hidden or hidden.group("tag").lower()
            if re.search(rf"</{self.hidden}\s*>", line, re.IGNORECASE):
                self.hidden = None
            return ""
        if heading := _HEADING.search(line):
            return "#" * int(heading.group("level")) + " " + " ".join(inline(heading.group("text")).split())
        self.lists += [[m.group("kind"), 0] for m in _LIST_OPEN.finditer(line)]
        text = self._item(line) if _LIST_ITEM.search(line) and self.lists else inline(line).strip()
        del self.lists[max(len(self.lists) - len(_LIST_CLOSE.findall(line)), 0):]
        return text

    def _item(self, line: str) -> str:
        """A list item, indented by its depth: `- ` in `<ul>`, its number in `<ol>`."""
        kind, depth = self.lists[-1][0], len(self.lists) - 1
        if kind == "u":
            return "  " * depth + inline(line, "- ").strip()
        self.lists[-1][1] += 1
        return "   " * depth + inline(line, f"{self.lists[-1][1]}. ").strip()


def document(lines: Sequence[str]) -> list[str]:
    mapped = lists_and_tables(lines, frozenset())
    walker = _Document()
    return [walker.line(line) if line == original else line for line, original in zip(mapped, lines)]
