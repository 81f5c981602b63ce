"""Font coverage: every character the book prints must be in some installed font.

Pango falls back through every installed font, so a character prints unless no font at
all has it — then it becomes a box. One `fc-list` call lists each font's character set;
the build warns about each uncovered character, where it is used, and how to get a font.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import lru_cache
from typing import Iterable

from genai_build.diagnostics import Diagnostic, info, warning
from genai_build.model import Corpus

INSTALL_HINT = ("install a font that has it, e.g. `apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji` "
                "(Debian/Ubuntu) or `brew install --cask font-noto-sans` (macOS), then rebuild")

# Characters that are never drawn with a glyph: controls, format characters, separators.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def parse_charset(text: str) -> list[tuple[int, int]]:
    """fontconfig's charset format ('20-7e a0-17f 2022') as (first, last) code point ranges."""
    ranges = []
    for item in text.split():
        first, _, last = item.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return ranges


@lru_cache(maxsize=1)
def installed_coverage() -> tuple[tuple[int, int], ...] | None:
    """Every code point range some installed font covers; None when fontconfig cannot tell."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True,
                                 timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = sorted({r for line in listing.splitlines() for r in parse_charset(line)})
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def covered(char: str, ranges: Iterable[tuple[int, int]]) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in ranges)


def printed_texts(corpus: Corpus) -> Iterable[tuple[str, str]]:
    """(where, text) for everything of the corpus the book prints."""
    book = corpus.book
    yield "book.yaml", " ".join((book.title, book.subtitle, book.description, book.creator, book.license))
    for source in corpus.sources:
        yield f"source {source.file}", " ".join((source.title, source.owner, source.origin))
    for topic in corpus.topics:
        yield f"topic {topic.id}", topic.title + " " + topic.description
    for q in corpus.questions:
        yield f"question {q.id}", " ".join((q.question, q.answer or "", *(a.answer for a in q.alternates)))


def uncovered_characters(corpus: Corpus, ranges: Iterable[tuple[int, int]]) -> dict[str, str]:
    """Each printable character no font covers → the first place it is used."""
    ranges = tuple(ranges)
    missing: dict[str, str] = {}
    seen: set[str] = set()
    for where, text in printed_texts(corpus):
        for char in set(text) - seen:
            seen.add(char)
            if ord(char) < 0x80 or unicodedata.category(char) in _INVISIBLE or char.isspace():
                continue
            if not covered(char, ranges):
                missing[char] = where
    return dict(sorted(missing.items()))


def coverage_diagnostics(corpus: Corpus) -> list[Diagnostic]:
    ranges = installed_coverage()
    if ranges is None:
        return [info("pdf.font-coverage", "fontconfig's fc-list is not available: cannot check that installed fonts cover every character")]
    return [warning("pdf.font-missing",
                    f"no installed font has U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')} ({char!s}), "
                    f"used in {where}: it will print as a box; {INSTALL_HINT}")
            for char, where in uncovered_characters(corpus, ranges).items()]
