"""Text helpers shared by readers: question wording without markup, answers as clean Markdown.

`plain_question` and `tidy_answer` are the first-cut helpers other readers may still use;
`clean_answer` is the full answer cleaner (labels, indentation, broken paragraphs, stray
separators), `split_number` takes a printed number or `Q1:` prefix off a question, and
`looks_like_question` is the one test of "is this line asking something".
"""

from __future__ import annotations

import re
import textwrap
from typing import Iterable, Sequence

from genai_build.readers.structure import code_lines

_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?![\s_])(.+?)(?<![\s_])_(?![\w_])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")

# A printed number or question prefix: "12.", "3)", "Q1:", "Q 2.", "Question 3 -", "Q.", "Q:".
_NUMBER_PREFIX = re.compile(
    r"^(?:Q(?:uestion)?\s*#?\s*(?P<qn>\d+)\s*[.:)\-–—]?|#?(?P<n>\d+)\s*[.):]|Q(?:uestion)?\s*[.:])\s+",
    re.IGNORECASE)

# Words an interview question starts with when it does not end with "?".
QUESTION_WORDS = frozenset("""
what how why when where which who whom whose is are was were do does did can could should would will shall may might
has have explain describe discuss compare contrast define give list name outline propose highlight tell walk share
illustrate summarize summarise differentiate distinguish elaborate state identify suggest design implement evaluate
provide write show imagine mention assess analyse analyze justify clarify demonstrate derive
""".split())
# The subset that asks outright: inside an answer only these, with a '?', suggest a hidden question.
INTERROGATIVES = frozenset("what how why when where which who whom whose is are do does did can could should would will has have"
                           .split())

_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LABEL_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:answer|ans|solution)\s*(?:\*\*|__)?\s*[:.\-–]?\s*(?:\*\*|__)?\s*$", re.IGNORECASE)
_LABEL_PREFIX = re.compile(r"^(\s*)(?:[-*+]\s+)?(?:\*\*|__)?(?:(?:answer|ans)\s*(?:\*\*|__)?\s*[:.]|a\s*(?:\*\*|__)?\s*:)"
                           r"\s*(?:\*\*|__)?\s*", re.IGNORECASE)
# a collapsible block's toggle inside an answer: `<summary>Answer</summary>`, `<summary>Show solution</summary>`
_SUMMARY_LINE = re.compile(r"^(?P<before>\s*(?:<details\b[^>]*>\s*)?)<summary\b[^>]*>(?P<text>.*?)</summary\s*>\s*$", re.IGNORECASE)
_REVEAL = re.compile(r"^(?:(?:show|hide|view|see|reveal|click\s+(?:here\s+)?(?:to\s+)?(?:see|show|view|expand|reveal)?|expand|toggle)"
                     r"\s*(?:the\s+)?)?(?:answer|ans|solution|explanation|details|more)?\s*[:.!]?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ONE_SPACE_BULLET = re.compile(r"^ ([-*+] )")
_HALF_BOLD_ITEM = re.compile(r"^(\s*[-*+]\s+)(?!\*\*)([^*\n]{1,80}?:)\*\*(\s)")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|\||>|!\[|<|```|~~~|[-*+]\s|\d+[.)]\s|https?://)")


def plain_question(text: str) -> str:
    """A question's wording without Markdown emphasis, heading marks or stray backticks/space."""
    text = _HEADING.sub("", text.strip())
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4), text)
    text = text.replace("**", "").strip().strip("`").strip()
    return _SPACES.sub(" ", text)


def has_question_prefix(text: str) -> bool:
    """True for wording that says it is a question: `Q1:`, `Q.`, `Question 3.`."""
    return bool(re.match(r"Q(?:uestion)?\s*#?\s*\d*\s*[.:)\-–—]?\s", text, re.IGNORECASE))


def split_number(text: str) -> tuple[str | None, str]:
    """(printed number or None, wording) of a question line already stripped of markup."""
    match = _NUMBER_PREFIX.match(text)
    if not match:
        return None, text
    return match.group("qn") or match.group("n"), text[match.end():].strip()


def looks_like_question(text: str) -> bool:
    """True when a line of wording asks something: it ends with '?' or opens like a question (not a label ending with ':').

    The one test of "is this asking something" for every reader, check and the layout detector."""
    wording = split_number(plain_question(text))[1].rstrip().rstrip("*_`").rstrip()
    if wording.endswith("?"):
        return True
    if wording.endswith(":"):
        return False  # "Identify Redundant Weights:" is a label over what follows
    first = re.match(r"[A-Za-z]+", wording)
    return bool(first) and first.group(0).lower() in QUESTION_WORDS


def tidy_answer(lines: list[str]) -> str | None:
    """Answer lines as Markdown: common indent removed, blank runs collapsed, ends trimmed."""
    text = textwrap.dedent("\n".join(line.rstrip() for line in lines))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text if text.strip() else None


def clean_answer(lines: Sequence[str]) -> str | None:
    """Answer lines as clean Markdown, or None when nothing is left.

    "Answer:" labels dropped, the common indent removed (an answer indented under a list
    label must not become a code block), separators at either end dropped, paragraphs
    re-joined where a sentence was broken across a blank line, one-space nested bullets
    made real nested lists, a list item's half-open bold label mended.
    """
    rows = [_summary_label(line.rstrip()) if line.strip() else "" for line in lines]
    rows = _trim_separators(_drop_labels(rows))  # a separator at the margin would block the dedent
    rows = _trim_separators(textwrap.dedent("\n".join(rows)).split("\n"))
    rows = _unwrapped(rows)
    rows = rejoin_broken_paragraphs(rows)
    rows = [_mend_line(row) for row in rows]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(rows)).strip("\n")
    return text if text.strip() else None


def _summary_label(row: str) -> str:
    """A `<summary>` line inside an answer: a reveal toggle ("Answer", "Show solution") goes; any other
    summary stays as a bold label over what it folded."""
    match = _SUMMARY_LINE.match(row) if "<" in row else None
    if not match:
        return row
    text = " ".join(re.sub(r"</?[A-Za-z][^<>]*>", " ", match.group("text")).split())
    return match.group("before") + ("" if _REVEAL.match(text) else f"**{text}**")


def _drop_labels(rows: list[str]) -> list[str]:
    """Remove "Answer:" label lines and a leading "Answer:" before the first words."""
    rows = list(rows)
    index = 0
    while index < len(rows):
        if not rows[index].strip():
            index += 1
        elif _LABEL_ONLY.match(rows[index]):
            rows[index] = ""
            index += 1
        else:
            match = _LABEL_PREFIX.match(rows[index])
            if match and rows[index][match.end():].strip():
                rows[index] = match.group(1) + rows[index][match.end():]
            break
    return rows


_QUOTED = re.compile(r"^>[ ]?")
_BULLET_ITEM = re.compile(r"^[-*+][ \t]+")


def _unwrapped(rows: list[str]) -> list[str]:
    """An answer that is all one quote, or one bullet item, is the text inside it: the dump put its
    answer in a quote or under a bullet for layout (`> It weights…`, `- Low-rank adapters…`)."""
    texts = [row for row in rows if row.strip()]
    if texts and all(row.startswith(">") for row in texts):
        return _unwrapped(textwrap.dedent("\n".join(_QUOTED.sub("", row) for row in rows)).split("\n"))
    first = _BULLET_ITEM.match(texts[0]) if texts else None
    if first and not any(_BULLET_ITEM.match(row) or _LIST_ITEM.match(row) and not row[:1].isspace() for row in texts[1:]) \
            and all(row[:1].isspace() or not row.strip() for row in rows[rows.index(texts[0]) + 1:]):
        at = rows.index(texts[0])
        rest = textwrap.dedent("\n".join(rows[at + 1:])).split("\n") if at + 1 < len(rows) else []
        return [*rows[:at], rows[at][first.end():], *rest]
    return rows


def _trim_separators(rows: list[str]) -> list[str]:
    """Drop blank lines and thematic breaks (`---`) at both ends of an answer."""
    start, end = 0, len(rows)
    while start < end and (not rows[start].strip() or _BREAK.match(rows[start])):
        start += 1
    while end > start and (not rows[end - 1].strip() or _BREAK.match(rows[end - 1])):
        end -= 1
    return rows[start:end]


def _mend_line(row: str) -> str:
    row = _ONE_SPACE_BULLET.sub(r"  \1", row)  # " - x" under "- y": the dump meant a nested item
    if row.count("**") == 1:
        row = _HALF_BOLD_ITEM.sub(r"\1**\2**\3", row)  # "- Label:** text" lost its opening "**"
    return row


def _ends_open(line: str) -> bool:
    """A prose line cut mid-sentence: ends on a word or comma, and is not a heading, table, link…"""
    text = line.strip()
    if not text or not (text[-1].isalnum() or text[-1] == ","):
        return False
    if re.match(r"^(?:#{1,6}\s|\||!\[|<|```|~~~)", text) or re.search(r"https?://\S+$", text):
        return False
    return len(_LIST_ITEM.sub("", text).split()) >= 4


def _starts_continuation(line: str) -> bool:
    """The rest of a broken sentence: starts with a lower-case word, not a list, link or block."""
    text = line.strip()
    return bool(re.match(r"[a-z]", text)) and not _BLOCK_START.match(text)


def rejoin_broken_paragraphs(rows: Sequence[str]) -> list[str]:
    """Join a paragraph cut by a blank line in mid-sentence with its continuation (outside code)."""
    out: list[str] = []
    pending_blank = False
    inside = code_lines("\n".join(rows))
    for index, row in enumerate(rows):
        if index in inside:
            if pending_blank:
                out.append("")
                pending_blank = False
            out.append(row)
            continue
        if not row.strip():
            pending_blank = bool(out)
            continue
        if pending_blank and out and _ends_open(out[-1]) and _starts_continuation(row):
            out[-1] = out[-1].rstrip() + " " + row.strip()
        else:
            if pending_blank:
                out.append("")
            out.append(row)
        pending_blank = False
    return out


def markdown_lines_outside_code(rows: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The (line number, text) pairs that are not inside a code block (as markdown-it sees them)."""
    rows = list(rows)
    inside = code_lines("\n".join(text for _, text in rows))
    return [row for index, row in enumerate(rows) if index not in inside]
