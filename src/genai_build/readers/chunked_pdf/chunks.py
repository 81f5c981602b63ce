"""Overlapping text chunks rebuilt into one continuous text, each line mapped to the original.

A PDF extraction cut into ~500-character windows, written one after the other with a `---`
line between them: each window repeats the last ~50 characters of the one before, often from
mid-word, and its edges were stripped of whitespace. This module owns undoing that: it finds
the seams, removes each overlap (the longest suffix of the text so far that is a prefix of the
next chunk) and keeps, for every rebuilt line, the 1-based line of the original file where it
first appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

SEAM = "---"
# a real overlap is ~50 characters; never look further back than one chunk
_MAX_OVERLAP = 1000


@dataclass(frozen=True, slots=True)
class Chunk:
    first_line: int  # 1-based line of the original file where the chunk's text starts
    text: str


class Line(NamedTuple):
    """One line of the rebuilt text and the original line where its first character was read."""

    text: str
    line: int


def split_chunks(lines: list[str]) -> list[Chunk]:
    """The chunks between seams: a `---` line with an empty line on each side."""
    chunks: list[Chunk] = []
    start = 0
    index = 1
    while index < len(lines) - 1:
        if lines[index] == SEAM and lines[index - 1] == "" and lines[index + 1] == "":
            chunks.append(Chunk(start + 1, "\n".join(lines[start : index - 1])))
            start = index + 2
            index += 2
        index += 1
    chunks.append(Chunk(start + 1, "\n".join(lines[start:])))
    return chunks


def overlap(text: str, chunk: str) -> int:
    """Length of the longest suffix of `text` that is also a prefix of `chunk`."""
    tail = text[-_MAX_OVERLAP:]
    if not chunk:
        return 0
    # candidate starts are the places where the chunk's first character occurs, earliest first
    start = tail.find(chunk[0], max(0, len(tail) - len(chunk)))
    while start != -1:
        if chunk.startswith(tail[start:]):
            return len(tail) - start
        start = tail.find(chunk[0], start + 1)
    return 0


def merge_chunks(chunks: list[Chunk]) -> list[Line]:
    """The continuous text, as lines each carrying the original line of their first character."""
    if not chunks:
        return []
    texts: list[str] = []  # rebuilt lines
    origins: list[int] = []
    tail = ""  # the last _MAX_OVERLAP characters rebuilt so far
    for chunk in chunks:
        skip = overlap(tail, chunk.text) if texts else 0
        piece = chunk.text[skip:]
        line = chunk.first_line + chunk.text.count("\n", 0, skip)
        parts = piece.split("\n")
        if texts and skip:
            # the seam fell inside a line: its start was read in the previous chunk
            texts[-1] += parts[0]
        else:
            # no overlap at all means the stripped overlap was whitespace: a line break is safe
            texts.append(parts[0])
            origins.append(line)
        for offset, part in enumerate(parts[1:], start=1):
            texts.append(part)
            origins.append(line + offset)
        joiner = "\n" if tail and not skip else ""
        tail = (tail + joiner + piece)[-_MAX_OVERLAP:]
    return [Line(text, origin) for text, origin in zip(texts, origins)]
