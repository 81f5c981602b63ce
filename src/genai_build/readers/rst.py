"""reStructuredText's block syntax as Markdown, line for line (see readers/dialects.py).

- Section titles: a line of text underlined (and perhaps overlined) by one punctuation character
  repeated. RST gives no level to a character: levels go by the order in which the title styles
  (character, with or without overline) first appear, as docutils does. The title becomes an ATX
  heading on its own line; the adornment lines become blank.
- Code: `.. code-block:: lang` (also `code`, `sourcecode`) and a paragraph ending in `::` open a
  literal block, the indented lines under them; it becomes a fenced block (the fence on the
  directive's line or the blank line after `::`, the closing fence on the blank line after it).
- Other directives and comments (`.. note::`, `.. _target:`, `.. comment`): the marker line goes,
  an admonition's title stays as a bold line, the indented body is kept, dedented.
- Definition lists (a term, its definition indented on the next line): the pandoc spelling, `: …`.
- Auto-numbered and parenthesised list items (`#.`, `(1)`) as `1.`.
"""

from __future__ import annotations

import re
from typing import Sequence

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+[ \t]*$")  # one punctuation character, repeated
_SETEXT = frozenset("=-")
_CODE_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(?P<lang>[\w+#.-]*)[ \t]*$")
_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<kind>[\w-]+)::[ \t]*(?P<title>.*)$")
_EXPLICIT = re.compile(r"^(?P<indent>[ \t]*)\.\.(?:[ \t]|$)")  # a comment, target or substitution
_ADMONITIONS = frozenset({"note", "tip", "hint", "important", "warning", "caution", "danger", "attention", "error",
                          "admonition", "seealso"})
_AUTO_NUMBER = re.compile(r"^(?P<indent>[ \t]*)(?:#\.|\((?P<n>\d+)\))(?=[ \t])")
_LIST_OR_MARKER = re.compile(r"^(?:[-*+•][ \t]|\d+[.)][ \t]|#\.|\.\.|:[\w -]*:)")

Title = tuple[int, int, int | None, tuple[str, bool]]  # (text line, underline line, overline line, style)


def _is_adornment(line: str) -> bool:
    return bool(_ADORNMENT.match(line)) and len(line.strip()) >= 2


def _underlined(lines: Sequence[str], index: int) -> Title | None:
    """The title whose text is on line `index`, if the next line underlines it."""
    text = lines[index]
    if not text.strip() or text[:1].isspace() or index + 1 >= len(lines) or not _is_adornment(lines[index + 1]):
        return None
    under = lines[index + 1].strip()
    if len(under) < min(len(text.strip()), 4) or _is_adornment(text):
        return None
    over = index - 1 if index > 0 and lines[index - 1].strip() == under else None
    if over is None and index > 0 and lines[index - 1].strip():
        return None  # a title stands apart: blank line (or start) above
    return index, index + 1, over, (under[0], over is not None)


def titles(lines: Sequence[str]) -> list[Title]:
    found = []
    index = 0
    while index < len(lines):
        title = _underlined(lines, index)
        if title is None:
            index += 1
            continue
        found.append(title)
        index = title[1] + 1
    return found


def foreign_titles(lines: Sequence[str]) -> int:
    """How many titles no Markdown reads as setext headings (another character, or an overline)."""
    return sum(1 for *_, (char, over) in titles(lines) if over or char not in _SETEXT)


def _dedent(lines: Sequence[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] if line.strip() else "" for line in lines]


def _indented_end(lines: Sequence[str], start: int, indent: int) -> int:
    """The index after the last line, from `start`, indented deeper than `indent` (blank lines inside kept)."""
    end = start
    for index in range(start, len(lines)):
        line = lines[index].expandtabs(4)
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if line.strip():
            end = index + 1
    return end


def _literal(out: list[str], lines: Sequence[str], opening: int, body_start: int, lang: str = "") -> int:
    """A literal block: the fence at `opening`, the body dedented, the closing fence on the line after it."""
    indent = len(lines[opening].expandtabs(4)) - len(lines[opening].expandtabs(4).lstrip())
    end = _indented_end(lines, body_start, indent)
    if end <= body_start:
        return body_start
    first = next(index for index in range(body_start, end) if lines[index].strip())
    out[opening] = ""
    out[max(first - 1, opening)] = "```" + lang  # the fence right above the code: no blank first line
    out[first:end] = _dedent(lines[first:end])
    if end < len(lines) and not lines[end].strip():
        out[end] = "```"
    return end


def _directive(out: list[str], lines: Sequence[str], index: int) -> int:
    """A directive or comment at `index`: the index after it."""
    if code := _CODE_DIRECTIVE.match(lines[index]):
        return _literal(out, lines, index, index + 1, code.group("lang"))
    directive = _DIRECTIVE.match(lines[index])
    indent = len(_EXPLICIT.match(lines[index]).group("indent").expandtabs(4))
    end = _indented_end(lines, index + 1, indent)
    if directive and directive.group("kind").lower() in _ADMONITIONS:
        title = directive.group("title").strip() or directive.group("kind").capitalize()
        out[index] = f"**{title}**"
        out[index + 1:end] = _dedent(lines[index + 1:end])
    elif directive and directive.group("kind").lower() not in ("image", "figure", "include", "contents", "toctree"):
        out[index] = ""
        out[index + 1:end] = _dedent(lines[index + 1:end])  # its content is still the author's text
    else:
        out[index:end] = [""] * (end - index)  # a comment, target, substitution or table of contents
    return max(end, index + 1)


def _definition(out: list[str], lines: Sequence[str], index: int) -> int:
    """A term at `index` whose definition is indented on the next line: the pandoc spelling."""
    term, following = lines[index], lines[index + 1] if index + 1 < len(lines) else ""
    if (not term.strip() or term[:1].isspace() or not following[:1].isspace() or not following.strip()
            or (index > 0 and lines[index - 1].strip()) or _LIST_OR_MARKER.match(term) or term.rstrip().endswith("::")):
        return index
    end = _indented_end(lines, index + 1, 0)
    body = _dedent(lines[index + 1:end])
    out[index + 1:end] = [": " + body[0], *("    " + line if line else "" for line in body[1:])]
    return end


def to_markdown(lines: Sequence[str]) -> list[str]:
    out = list(lines)
    styles: list[tuple[str, bool]] = []
    for text, under, over, style in titles(lines):
        styles += [style] if style not in styles else []
        out[text] = "#" * min(styles.index(style) + 1, 6) + " " + lines[text].strip()
        out[under] = ""
        if over is not None:
            out[over] = ""
    heading_lines = {title[0] for title in titles(lines)}
    index = 0
    while index < len(lines):
        index = _block(out, lines, index, heading_lines)
    return out


def _block(out: list[str], lines: Sequence[str], index: int, heading_lines: set[int]) -> int:
    """Translate the block at `index` (directive, literal, definition, list item); the index after it."""
    line = lines[index]
    if index in heading_lines or out[index] != line:
        return index + 1
    if _EXPLICIT.match(line):
        return _directive(out, lines, index)
    if line.rstrip().endswith("::") and index + 2 < len(lines) and not lines[index + 1].strip():
        out[index] = line.rstrip()[:-1] if line.strip() != "::" else ""
        return max(_literal(out, lines, index + 1, index + 2), index + 1)
    if numbered := _AUTO_NUMBER.match(line):
        out[index] = f"{numbered.group('indent')}{numbered.group('n') or 1}." + line[numbered.end():]
        return index + 1
    return max(_definition(out, lines, index), index + 1)
