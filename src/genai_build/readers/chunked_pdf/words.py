"""The rebuilt PDF text as a stream of words, each with its original line and how it was spaced.

The extraction prints most body text one word per line (words separated by lines holding a
single space) and some lines whole, with two spaces between words; a single space or three
and more inside a line mark where two printed lines or blocks were run together; two or more
blank lines mark a new line or paragraph. Running page headers ("MD ARBAAZ KHAN … Generative
AI Interview Questions <page>": the line most often repeated with a page number at its end)
fall anywhere, even mid-sentence: they are removed here and remembered as a page break on
the word that follows. Ligatures are spelled out (by the caller,
on the whole text at once: `spell_ligatures`).
"""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from genai_build.readers.chunked_pdf.chunks import Line

# How a word is separated from the word before it, from the weakest to the strongest break;
# a line that follows another directly (no blank line between) is told by the spaces around the break.
GLUE = "glue"  # a line break with no space on either side: "negligible" / ", leading"
SPACE = "space"  # an ordinary space between words
WRAP = "wrap"  # a printed line wrapped onto the next line (it ended with two spaces)
LINE = "line"  # a printed line ended (one or three+ spaces at its end, or the next one indented)
SOFT = "soft"  # one space inside a whole line: two printed pieces run together
WIDE = "wide"  # three or more spaces inside a whole line: a new line or block
BREAK = "break"  # two or more blank lines: a new line or paragraph
PAGE = "page"  # a running page header stood between them

LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
_RUN = re.compile(r"( *)(\S+)")
_NUMBERED_LINE = re.compile(r"^\s*(\S.*?)\s+\d+\s*$")
_HEADER_MIN_PAGES = 3
_HEADER_GAP = " " * 10


class Word(NamedTuple):  # a NamedTuple: tens of thousands are made per dump, and fast
    text: str
    line: int  # 1-based line of the original file
    sep: str  # GLUE, SPACE, WRAP, SOFT, LINE, WIDE, BREAK or PAGE: the break before this word
    whole: bool  # printed on a whole line (two spaces between words) rather than one per line
    page: int  # the number of the last page header before it (0 before the first)


def spell_ligatures(text: str) -> str:
    return _LIGATURE.sub(_spelled, text) if _LIGATURE.search(text) else text


def _spelled(match: re.Match[str]) -> str:
    return LIGATURES[match.group()]


def _raw_words(lines: Iterable[Line]) -> list[tuple[str, int, str, bool]]:
    words: list[tuple[str, int, str, bool]] = []
    blank = 2  # the text starts as after a paragraph break
    trailing = 0  # spaces at the end of the last line with words
    for text, origin in lines:
        stripped = text.strip()
        if not stripped:
            blank += 1
            continue
        leading = len(text) - len(text.lstrip(" "))
        if blank >= 2:
            sep = BREAK
        elif blank == 1:
            sep = SPACE
        elif leading or trailing == 1 or trailing >= 3:
            sep = LINE
        elif trailing == 2:
            sep = WRAP
        else:
            sep = GLUE
        if " " not in stripped:  # most lines hold one word
            words.append((stripped, origin, sep, False))
        else:
            for position, (spaces, word) in enumerate(_RUN.findall(stripped)):
                if position:
                    sep = SOFT if len(spaces) == 1 else SPACE if len(spaces) == 2 else WIDE
                words.append((word, origin, sep, True))
        blank = 0
        trailing = len(text) - len(text.rstrip(" "))
    return words


def running_header(lines: Iterable[Line]) -> tuple[str, ...]:
    """The words of the running page header: the text most often printed before a page number.

    A header is seen on three pages or more, or once when it is laid out as a header is (left
    and right parts far apart: "MD  ARBAAZ  KHAN      …      Generative  AI  Interview  Questions   7").
    """
    counts: dict[tuple[str, ...], int] = {}
    spread: set[tuple[str, ...]] = set()
    for text, _ in lines:
        if len(text) > 20 and text.rstrip()[-1:].isdigit():
            match = _NUMBERED_LINE.match(text)
            if match and len(key := tuple(match.group(1).split())) >= 2:
                counts[key] = counts.get(key, 0) + 1
                if _HEADER_GAP in match.group(1):
                    spread.add(key)
    found = [(count, key) for key, count in counts.items() if count >= _HEADER_MIN_PAGES or key in spread]
    return max(found)[1] if found else ()


def words_of(lines: list[Line], header: tuple[str, ...] | None = None) -> list[Word]:
    """The words of the rebuilt text, page headers removed and remembered as PAGE breaks.

    `header` is the running header's words (found by `running_header` when not given)."""
    header = running_header(lines) if header is None else header
    raw = _raw_words(lines)
    words: list[Word] = []
    page = 0
    index = 0
    size = len(header)
    pending_page = False
    while index < len(raw):
        text = raw[index][0]
        if (
            size
            and text == header[0]
            and index + size < len(raw)
            and tuple(item[0] for item in raw[index : index + size]) == header
            and raw[index + size][0].isdigit()
        ):
            page = int(raw[index + size][0])
            index += size + 1
            pending_page = True
            continue
        _, line, sep, whole = raw[index]
        words.append(Word(text, line, PAGE if pending_page else sep, whole, page))
        pending_page = False
        index += 1
    return words
