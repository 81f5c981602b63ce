"""Reader for titled blocks: each question is the title of a block whose body is the answer.

Markdown's dialects spell such a block in several ways; all of them are read the same:

- HTML collapsible blocks (GitHub, GitLab, Docusaurus): `<details>` / `<summary><b>12. What…?</b></summary>` /
  answer / `</details>` (nested `<details>` counted);
- admonitions (Python-Markdown, MkDocs Material, pymdownx.details): `??? question "What…?"`,
  `???+ note "What…?"`, `!!! tip "What…?"`, the body indented by four spaces;
- callouts (Obsidian, GitHub-style alerts with a title): `> [!question]- What…?`, the body the
  following `>` lines;
- fenced containers (Docusaurus, pandoc fenced divs, markdown-it-container): `:::details What…?`,
  `:::tip[What…?]`, up to the closing `:::`;
- definition lists (PHP Markdown Extra, pandoc, kramdown): the term `What…?` on its own line, the
  definition on the next lines as `: …` (continuation lines indented).

Markdown headings outside the blocks are the sections; a title, intro, links or a closing line
outside every block belong to no question.

Traps: the markers (tags, `???`, `>`, the body's indentation, `:::`) never reach a question or an
answer; a block nested in an answer stays in that answer; a block whose title does not read as a
question ("Show hints", a `> [!NOTE]` without a title) is not a question unless `questions: all`;
markers inside code are code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from genai_build.diagnostics import Diagnostic, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.structure import code_lines
from genai_build.readers.textutil import looks_like_question, plain_question, split_number

OPTIONS = {
    "questions": "'question-like' (default): a block's title must read as a question; 'all': every top-level block is one",
    "sections": "'nested' (default): section path by heading level; 'last': only the latest heading",
}


@dataclass(frozen=True)
class TitledBlock:
    """A block found at line index `start`: its title, the index of the title's line, its body as
    (0-based line index, text without the block's markers), and the index of its last line."""

    title: str
    title_line: int
    body: tuple[tuple[int, str], ...]
    end: int


# --- HTML <details> / <summary> ---------------------------------------------------------------

_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>(?P<text>.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _summary(lines: Sequence[str], start: int) -> tuple[str, int, int] | None:
    """The summary text of the block opened on line `start`, and the indexes of the lines it starts and ends on."""
    for end in range(start, min(start + 8, len(lines))):
        match = _SUMMARY.search("\n".join(lines[start:end + 1]))
        if match:
            first = start + "\n".join(lines[start:end + 1])[:match.start()].count("\n")
            return " ".join(_TAG.sub(" ", match.group("text")).split()), first, end
    return None


def _details_end(lines: Sequence[str], start: int, depth: int) -> int:
    """The index of the line holding the `</details>` that closes a block (nested blocks counted)."""
    for index in range(start, len(lines)):
        depth += len(_OPEN.findall(lines[index])) - len(_CLOSE.findall(lines[index]))
        if depth <= 0:
            return index
    return len(lines) - 1


def _details(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    if not _OPEN.search(lines[index]):
        return None
    found = _summary(lines, index)
    opened = len(_OPEN.findall(lines[index])) - len(_CLOSE.findall(lines[index]))
    summary_end = found[2] if found else index
    end = _details_end(lines, summary_end + 1, opened) if opened > 0 else index
    body = []
    for row in range(summary_end, end + 1):
        text = lines[row]
        if row == summary_end:
            text = re.split(r"</summary\s*>", text, maxsplit=1, flags=re.IGNORECASE)[-1]
        if row == end:
            text = _CLOSE.split(text, maxsplit=1)[0]
        body.append((row, text))
    return TitledBlock(found[0] if found else "", found[1] if found else index, tuple(body), end)


# --- admonitions: `??? kind "title"` / `!!! kind "title"`, body indented --------------------------

_ADMONITION = re.compile(r'^(?P<indent> {0,3})(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+(?:[ \t]+[\w-]+)*)?'
                         r'(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _admonition(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    match = _ADMONITION.match(lines[index])
    if not match:
        return None
    inner = len(match.group("indent")) + 4
    end = index
    for row in range(index + 1, len(lines)):
        if lines[row].strip() and _indent(lines[row].expandtabs(4)) < inner:
            break
        if lines[row].strip():
            end = row
    body = tuple((row, lines[row].expandtabs(4)[inner:]) for row in range(index + 1, end + 1))
    return TitledBlock(match.group("title") or "", index, body, end)


# --- callouts: `> [!kind]- title`, body the following quoted lines ------------------------------

_CALLOUT = re.compile(r"^ {0,3}>[ \t]?\[!(?P<kind>[\w-]+)\][+-]?[ \t]*(?P<title>.*)$")
_QUOTED = re.compile(r"^ {0,3}>[ \t]?")


def _callout(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    match = _CALLOUT.match(lines[index])
    if not match:
        return None
    end = index
    while end + 1 < len(lines) and _QUOTED.match(lines[end + 1]):
        end += 1
    body = tuple((row, _QUOTED.sub("", lines[row], count=1)) for row in range(index + 1, end + 1))
    return TitledBlock(match.group("title").strip(), index, body, end)


# --- fenced containers: `:::kind title` or `:::kind[title]` … `:::` -------------------------------

_CONTAINER = re.compile(r"^ {0,3}(?P<fence>:{3,})[ \t]*(?P<kind>[\w-]+)?[ \t]*(?:\{[^}]*\})?[ \t]*"
                        r"(?:\[(?P<bracketed>[^\]]*)\]|(?P<title>[^\s{].*?))?[ \t]*$")
_CONTAINER_CLOSE = re.compile(r"^ {0,3}(?P<fence>:{3,})[ \t]*$")


def _container(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    match = _CONTAINER.match(lines[index])
    if not match or _CONTAINER_CLOSE.match(lines[index]):
        return None
    depth, end = 1, len(lines)
    for row in range(index + 1, len(lines)):
        if row in in_code:
            continue
        if _CONTAINER_CLOSE.match(lines[row]):
            depth -= 1
        elif _CONTAINER.match(lines[row]):
            depth += 1
        if depth == 0:
            end = row
            break
    body = tuple((row, lines[row]) for row in range(index + 1, min(end, len(lines))))
    title = match.group("bracketed") or match.group("title") or ""
    return TitledBlock(title.strip(), index, body, min(end, len(lines) - 1))


# --- definition lists (PHP Markdown Extra, pandoc, kramdown): `term` then `: definition` ----------

_DEFINITION = re.compile(r"^ {0,3}:(?:[ \t]+(?P<text>\S.*)|[ \t]*$)")  # a lone `:`, an empty definition


def _definition(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    term = lines[index]
    if not term.strip() or term.startswith((" ", "\t")) or _DEFINITION.match(term):
        return None
    first = index + 1 if index + 1 < len(lines) and lines[index + 1].strip() else index + 2
    if first >= len(lines) or first in in_code or not _DEFINITION.match(lines[first]):
        return None
    end, body = first, []
    for row in range(first, len(lines)):
        text = lines[row]
        if (match := _DEFINITION.match(text)) is not None:
            text = match.group("text") or ""  # a further definition of the same term: more of the answer
        elif text.strip() and not text.startswith((" ", "\t")):
            break
        else:
            text = text[4:] if text.startswith("    ") else text.lstrip("\t")
        body.append((row, text))
        end = row if text.strip() else end
    return TitledBlock(term.strip(), index, tuple(item for item in body if item[0] <= end), end)


# every spelling of a titled block, tried in this order on each line outside code
SYNTAXES: tuple[Callable[[Sequence[str], int, frozenset[int]], TitledBlock | None], ...] = (
    _details, _admonition, _callout, _container, _definition)
_ANY_OPENER = re.compile(r"<details\b|^ {0,3}(?:!!!|\?\?\?)|^ {0,3}>[ \t]?\[!|^ {0,3}:(?:::|[ \t]+\S)", re.IGNORECASE | re.MULTILINE)


def titled_block(lines: Sequence[str], index: int, in_code: frozenset[int]) -> TitledBlock | None:
    """The titled block opened on line `index`, in whichever spelling, or None."""
    for syntax in SYNTAXES:
        if (block := syntax(lines, index, in_code)) is not None:
            return block
    return None


def quote_nested_blocks(texts: list[str]) -> list[str]:
    """An answer's own admonitions and ::: containers as Markdown every edition renders: a quote
    whose first line is the block's title in bold (kept indented, their body would read as code).
    Line for line, so line numbers stay exact; blocks nested deeper are quoted inside the quote."""
    in_code = code_lines("\n".join(texts))
    out = list(texts)
    index = 0
    while index < len(texts):
        block = None if index in in_code else (_admonition(texts, index, in_code) or _container(texts, index, in_code))
        if block is None:
            index += 1
            continue
        kind = re.search(r"(?:!!!|\?\?\?\+?|:{3,})[ \t]*([\w-]+)?", texts[index])
        title = block.title or (kind.group(1).replace("-", " ").capitalize() if kind and kind.group(1) else "")
        inner = quote_nested_blocks([text for _, text in block.body])
        out[index] = f"> **{title}**" if title else ">"
        for (row, _), text in zip(block.body, inner):
            out[row] = f"> {text}".rstrip()
        for row in range(index + 1 + len(block.body), block.end + 1):
            out[row] = ""  # a container's closing fence
        index = block.end + 1
    return out


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    every_block = opts.choice("questions", "question-like", ("question-like", "all")) == "all"
    nested = opts.choice("sections", "nested", ("nested", "last")) == "nested"
    opts.done()

    lines = source.lines
    headings = find_headings(lines)
    title = title_line(lines, headings, None)
    in_code = code_lines(source.text)
    drafts: list[Draft] = []
    extra: list[Diagnostic] = []
    path: SectionPath = ()
    index = 0
    while index < len(lines):
        if index in headings and index != title:
            path = enter_section(path, headings[index][1], headings[index][2], nested)
        block = None if index in in_code else titled_block(lines, index, in_code)
        if block is None:
            index += 1
            continue
        number, wording = split_number(plain_question(" ".join(_TAG.sub(" ", block.title).split())))
        if wording and (every_block or looks_like_question(wording)):
            draft = Draft(block.title_line + 1, wording, number, section_names(path))  # the question's own line
            for (row, _), text in zip(block.body, quote_nested_blocks([text for _, text in block.body])):
                draft.add(row + 1, text)
            drafts.append(draft)
        elif wording:
            extra.append(warning("reader.not-a-question", f"titled block {wording!r} does not read as a question; "
                                 "skipped", source.display, block.title_line + 1))
        index = block.end + 1
    return finish(source, drafts, extra=extra)


def candidates(source: SourceText) -> list[dict[str, Any]]:
    return [{}] if _ANY_OPENER.search(source.text) else []


READER = Reader("collapsible-blocks", "Markdown: each question the title of a block — <details>/<summary>, an "
                "admonition (??? / !!!), a callout (> [!type] title) or a ::: container — its body the answer; "
                "headings are sections", read, OPTIONS, candidates=candidates)
