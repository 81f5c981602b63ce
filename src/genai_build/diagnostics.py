"""Diagnostics: every problem a user can fix, as `path:line: level: message [code]`.

Stages return diagnostics instead of printing them; the CLI collects, filters, prints
and counts them, and turns them into an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Iterable, Literal

Level = Literal["error", "warning", "info"]


class ExitCode(IntEnum):
    OK = 0
    CONTENT_ERROR = 1  # the content (dumps, curation, templates) has errors
    USAGE_ERROR = 2  # bad command line or configuration (registry, book.yaml)
    INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: Level
    code: str
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.level}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def error(code: str, message: str, path: str | None = None, line: int | None = None) -> Diagnostic:
    return Diagnostic("error", code, message, path, line)


def warning(code: str, message: str, path: str | None = None, line: int | None = None) -> Diagnostic:
    return Diagnostic("warning", code, message, path, line)


def info(code: str, message: str, path: str | None = None, line: int | None = None) -> Diagnostic:
    return Diagnostic("info", code, message, path, line)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class BuildError(Exception):
    """Aborts a stage with every diagnostic collected so far; the CLI prints them all."""

    def __init__(self, diagnostics: Iterable[Diagnostic], exit_code: ExitCode = ExitCode.CONTENT_ERROR):
        self.diagnostics = tuple(diagnostics)
        self.exit_code = exit_code
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ConfigError(BuildError):
    """A configuration problem (registry, book metadata): exit code 2."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        super().__init__(diagnostics, ExitCode.USAGE_ERROR)
