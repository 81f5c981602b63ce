"""What every reader takes and gives: the dump's text in, raw question occurrences out.

Readers know nothing of outputs, ids or other dumps. One raw question per occurrence of a
question in a dump, with the 1-based line where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from genai_build.diagnostics import Diagnostic
from genai_build.model import RawQuestion


@dataclass(frozen=True, slots=True)
class SourceText:
    """A dump, decoded: `name` is its file name under content/sources/, `display` the path shown to users."""

    name: str
    display: str
    text: str

    @property
    def lines(self) -> list[str]:
        # split on \n only: str.splitlines() also breaks on \f, \v, U+2028 … and would shift line numbers
        return self.text.split("\n")


@dataclass(frozen=True, slots=True)
class ReaderResult:
    questions: tuple[RawQuestion, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


ReadFunction = Callable[[SourceText, Mapping[str, Any]], ReaderResult]
Candidates = Callable[[SourceText], "list[dict[str, Any]]"]


def default_options(source: SourceText) -> list[dict[str, Any]]:
    return [{}]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    description: str
    read: ReadFunction
    options: Mapping[str, str] = field(default_factory=dict)  # option name -> what it does
    # the option sets worth trying on a dump when its layout is detected (readers/detect.py)
    candidates: Candidates = default_options
