"""Reader for plain-text web articles: `N.` questions under level lines (Beginner / Intermediate / Advanced).

Owns the article layout of 003. Text before the first question is the article's intro; a
level line sets the section and the difficulty hint of the questions under it; an answer runs
to the next question or level line; after the last answer, text that follows a wide gap (two
or more blank lines) is the article's outro, not part of that answer. A numbered line is a
question only when its number continues the count or its wording reads as a question, so a
numbered list inside an answer stays in the answer. Answer lines become Markdown: one
paragraph per line, `•` bullets as nested lists, runs of `Label: text` paragraphs as list
items, short title lines as bold sub-headings; what the dump lost (formulas, names before
labels) is reported, never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from genai_build.diagnostics import Diagnostic, info, warning
from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.textutil import looks_like_question, plain_question

_QUESTION = re.compile(r"^(\d+)\.\s+(\S.*?)\s*$")  # flush left: indented numbers belong to answers
_LEVEL = re.compile(r"^\s*(?:#{1,6}\s*)?(Beginner|Intermediate|Advanced|Expert)(?:'s|s)?(?:[- ]Level)?(?:\s+Questions)?\s*:?\s*$",
                    re.IGNORECASE)
_DIFFICULTY = {"beginner": "beginner", "intermediate": "intermediate", "advanced": "advanced", "expert": "advanced"}
_BULLET = re.compile(r"^(\s*)[•●○◦▪■‣∙➢❖*-]\s+(\S.*)$")
_LABEL = re.compile(r"^(?P<label>[A-Z0-9][^:]{0,60}?):\s+\S")
_NOT_LIST_LABELS = {"example", "for example", "for instance", "note", "e.g", "i.e"}
_TERMINAL = tuple(".,;:!?)\"'`”’")
# KaTeX pages copied as text print each formula three times: rendered, TeX source, rendered again
# ("x0x_0x0"); keep the TeX once, as code.
_KATEX_TRIPLE = re.compile(r"(?<!\S)(?P<shown>\S+?)(?P<tex>\S*?[_^{}\\]\S*?)(?P=shown)(?=[\s,.;:)]|$)")
_KATEX_LETTER = re.compile(r"(?<!\S)([A-Za-z])\1\1(?=[\s,.;:)]|$)")
_FORMULA_FOLLOW_UP = re.compile(r"^(?:where|in which|here,? )\b", re.IGNORECASE)
_LOST_LABEL = re.compile(r"[.!?]:\s")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based line in the dump
    text: str


@dataclass(frozen=True, slots=True)
class _Marker:
    index: int  # 0-based line index
    level: str | None = None  # a level line's name as printed
    number: str | None = None  # a question's number
    wording: str | None = None  # a question's wording, raw


def _is_question_line(value: int, wording: str, previous: int | None, level_start: bool, list_next: int | None) -> bool:
    """Whether a flush-left `N. text` line is the next question or an item of a list inside an answer."""
    asks = looks_like_question(wording)
    asks_outright = asks and wording.rstrip("`*_ ").endswith("?")
    if value == list_next and not (value == (previous or 0) + 1 and asks):
        return False  # the answer's own list goes on
    if value == (previous or 0) + 1 or (level_start and value == 1):
        return True
    if value == 1:
        return asks_outright  # a count restarting without a level line, or a list opening in an answer
    return asks and (previous is None or value > previous or asks_outright)


def _markers(lines: Sequence[str]) -> list[_Marker]:
    """Level lines and question lines, in order; numbered lines that are list items are left out."""
    found: list[_Marker] = []
    previous: int | None = None  # the last question's number
    list_next: int | None = None  # the number that would continue a numbered list inside the current answer
    level_start = True  # right after a level line (or the top), a count may restart at 1
    for index, line in enumerate(lines):
        if _LEVEL.match(line):
            found.append(_Marker(index, level=line.strip().lstrip("#").strip().rstrip(":").strip()))
            level_start, list_next = True, None
            continue
        match = _QUESTION.match(line)
        if not match:
            continue
        value, wording = int(match.group(1)), match.group(2)
        if _is_question_line(value, wording, previous, level_start, list_next):
            found.append(_Marker(index, number=match.group(1), wording=wording))
            previous, level_start, list_next = value, False, None
        elif value == 1 or value == list_next:
            list_next = value + 1
    return found


def _outro_start(body: Sequence[_Line]) -> int | None:
    """Where the article's outro begins after the last answer: the first line after a wide gap."""
    blanks, seen_text = 0, False
    for position, line in enumerate(body):
        if not line.text.strip():
            blanks += 1
            continue
        if seen_text and blanks >= 2:
            return position
        seen_text, blanks = True, 0
    return None


def _strip_glued(body: list[_Line], next_wording: str) -> tuple[list[_Line], int | None]:
    """Drop the next question's wording glued to the end of this answer (the real one follows).

    Returns the answer lines and the dump line the wording was cut from, if any.
    """
    for position in range(len(body) - 1, -1, -1):
        text = body[position].text.rstrip()
        if not text:
            continue
        kept = text[: -len(next_wording)].rstrip() if next_wording and text.endswith(next_wording) else ""
        if kept and kept[-1] in ".!?)\"'”":
            cut = _Line(body[position].number, kept)
            return [*body[:position], cut, *body[position + 1:]], cut.number
        return body, None
    return body, None


def _fix_katex(text: str) -> str:
    def tex_once(match: re.Match[str]) -> str:
        shown, tex = match.group("shown"), match.group("tex")
        # the TeX spells the same symbol ("x_0" for "x0"); anything else is an ordinary word
        return f"`{tex}`" if tex[0] == shown[0] else match.group(0)

    fixed = _KATEX_TRIPLE.sub(tex_once, text)
    if fixed != text:  # a line with formulas: single-letter triples ("TTT") are formulas too
        fixed = _KATEX_LETTER.sub(lambda m: f"`{m.group(1)}`", fixed)
    return fixed


def _label(text: str) -> str | None:
    match = _LABEL.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    if len(label.split()) > 6 or label.lower() in _NOT_LIST_LABELS or re.search(r"[.,;!?]\s", label):
        return None
    return label


def _is_title(text: str) -> bool:
    return len(text.split()) <= 6 and text[:1].isupper() and not text.endswith(_TERMINAL) and not _label(text)


@dataclass(frozen=True, slots=True)
class _Block:
    kind: str  # "para", "list", "label"
    lines: tuple[_Line, ...]
    levels: tuple[int, ...] = ()  # list nesting, one per line


def _blocks(body: Sequence[_Line]) -> list[_Block]:
    """Blank-separated groups of lines, each split into paragraph lines and bullet runs."""
    blocks: list[_Block] = []
    group: list[_Line] = []
    for line in [*body, _Line(0, "")]:
        if line.text.strip():
            group.append(line)
            continue
        paragraph: list[_Line] = []
        bullets: list[tuple[int, _Line]] = []

        def flush() -> None:
            if paragraph:
                blocks.append(_Block("para", tuple(paragraph)))
                paragraph.clear()
            if bullets:
                indents = sorted({indent for indent, _ in bullets})
                blocks.append(_Block("list", tuple(l for _, l in bullets), tuple(indents.index(i) for i, _ in bullets)))
                bullets.clear()

        for item in group:
            bullet = _BULLET.match(item.text)
            if bullet:
                if paragraph:
                    flush()
                bullets.append((len(bullet.group(1).expandtabs(4)), _Line(item.number, bullet.group(2).strip())))
            elif bullets and item.text[:1].isspace():  # an indented line continues the bullet above it
                indent, last = bullets[-1]
                bullets[-1] = (indent, _Line(last.number, f"{last.text} {item.text.strip()}"))
            else:
                if bullets:
                    flush()
                paragraph.append(_Line(item.number, item.text.strip()))
        flush()
        group = []
    return blocks


def _with_label_lists(blocks: list[_Block]) -> list[_Block]:
    """Runs of two or more one-line `Label: text` paragraphs become one list."""
    merged: list[_Block] = []
    run: list[_Line] = []

    def close() -> None:
        if len(run) >= 2:
            merged.append(_Block("label", tuple(run), tuple(0 for _ in run)))
        else:
            merged.extend(_Block("para", (line,)) for line in run)
        run.clear()

    for block in blocks:
        if block.kind == "para" and len(block.lines) == 1 and _label(block.lines[0].text):
            run.append(block.lines[0])
            continue
        close()
        merged.append(block)
    close()
    return merged


def _block_markdown(block: _Block, following: _Block | None, display: str) -> tuple[str, list[Diagnostic]]:
    """One block as Markdown: a paragraph (a short title line as a bold label) or a list."""
    if block.kind == "para":
        text = "\n".join(line.text for line in block.lines)
        return (f"**{text}**" if len(block.lines) == 1 and following is not None and _is_title(text) else text), []
    text = "\n".join(f"{'  ' * level}- {line.text}" for level, line in zip(block.levels, block.lines))
    labels = [_label(line.text) for line in block.lines]
    if len(labels) >= 2 and len(set(labels)) == 1 and labels[0]:
        return text, [warning("reader.lost-labels", f"{len(labels)} list items are all labelled {labels[0] + ':'!r}; the "
                              "names they belonged to seem lost in the dump (kept as they are)", display, block.lines[0].number)]
    return text, []


def _lost_text(block: _Block, following: _Block | None, with_formulas: set[int], display: str) -> list[Diagnostic]:
    """What the dump visibly lost in a block: a formula a line introduces, a label before '.: '."""
    problems = []
    for index, line in enumerate(block.lines):
        after = block.lines[index + 1] if index + 1 < len(block.lines) else (following.lines[0] if following else None)
        # a line that ends in ':' after which the dump goes on with its explanation ("Where: …"),
        # or a line of formulas that ends in ':', lost the displayed formula it introduced
        if line.text.endswith(":") and after is not None and (
                line.number in with_formulas or (block.kind == "para" and _FORMULA_FOLLOW_UP.match(after.text))):
            problems.append(warning("reader.lost-formula", "this line introduces a formula that is missing from "
                                    "the dump (kept as it is)", display, line.number))
        if _LOST_LABEL.search(line.text):
            problems.append(warning("reader.lost-label", "'.: ' inside a sentence: the label before the colon "
                                    "(e.g. 'Example') seems lost in the dump (kept as it is)", display, line.number))
    return problems


def _answer(body: Sequence[_Line], display: str) -> tuple[str | None, list[Diagnostic]]:
    """The answer as Markdown, and what the dump visibly lost in it."""
    problems: list[Diagnostic] = []
    lines = [_Line(line.number, _fix_katex(line.text)) for line in body]
    with_formulas = {fixed.number for fixed, line in zip(lines, body) if fixed.text != line.text}
    blocks = _with_label_lists(_blocks(lines))
    parts: list[str] = []
    for position, block in enumerate(blocks):
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        text, found = _block_markdown(block, following, display)
        parts.append(text)
        problems += found + _lost_text(block, following, with_formulas, display)
    text = "\n\n".join(parts).strip()
    return (text or None), problems


def _trimmed_body(body: list[_Line], marker: _Marker, next_question: _Marker | None, last: bool,
                  display: str) -> tuple[list[_Line], list[Diagnostic]]:
    """A question's lines without the article's outro (after the last answer) or the next question glued on."""
    found: list[Diagnostic] = []
    if last and (outro := _outro_start(body)) is not None:
        end = max(line.number for line in body[outro:] if line.text.strip())
        found.append(info("reader.outro", f"lines {body[outro].number}-{end} after the last answer are the article's "
                          "outro", display, body[outro].number))
        body = body[:outro]
    if next_question is not None:
        body, glued_at = _strip_glued(body, plain_question(next_question.wording or ""))
        if glued_at is not None:
            found.append(warning("reader.glued-question", f"the next question (line {next_question.index + 1}) is glued "
                                 "to the end of this answer; dropped here", display, glued_at))
    question = plain_question(marker.wording or "")
    if question != " ".join((marker.wording or "").split()):
        found.append(warning("reader.stray-markup", f"question cleaned of stray markup: {marker.wording!r}", display,
                             marker.index + 1))
    return body, found


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    lines = source.lines
    markers = _markers(lines)
    questions = [m for m in markers if m.number is not None]
    diagnostics: list[Diagnostic] = []
    if not questions:
        return ReaderResult(())  # the shared guard reports a dump without questions
    first = markers[0].index
    if any(line.strip() for line in lines[:first]):
        diagnostics.append(info("reader.intro", f"lines 1-{first} before the first level or question are the "
                                "article's intro", source.display, 1))
    found: list[RawQuestion] = []
    level: str | None = None
    for position, marker in enumerate(markers):
        end = markers[position + 1].index if position + 1 < len(markers) else len(lines)
        body = [_Line(index + 1, lines[index]) for index in range(marker.index + 1, end)]
        if marker.level is not None:
            level = marker.level
            if any(line.text.strip() for line in body):
                diagnostics.append(warning("reader.dropped-text", f"text under the level line {level!r} before its "
                                           "first question belongs to no question", source.display, marker.index + 1))
            continue
        next_question = next((m for m in markers[position + 1:] if m.number is not None), None)
        body, trimmed = _trimmed_body(body, marker, next_question, marker is questions[-1], source.display)
        answer, problems = _answer(body, source.display)
        diagnostics += trimmed + problems
        difficulty = _LEVEL.match(level).group(1).lower() if level else None
        found.append(RawQuestion(source.name, marker.index + 1, plain_question(marker.wording or ""), answer,
                                 (level,) if level else (), marker.number, _DIFFICULTY.get(difficulty or "")))
    return ReaderResult(tuple(found), tuple(sorted(diagnostics, key=lambda d: (d.line or 0, d.code))))


READER = Reader("numbered-levels-text", "plain text: 'N.' questions under Beginner/Intermediate/Advanced level lines", read)
