"""Reader options from `content/sources.yaml`, checked against what the reader documents.

A misspelt or ill-typed option is a configuration error naming the dump, never silently
ignored: a reader that quietly falls back to defaults reads the wrong questions.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from genai_build.diagnostics import ConfigError, error
from genai_build.readers.base import SourceText


class OptionReader:
    """Typed access to one dump's options; collects every problem, then raises once."""

    def __init__(self, reader: str, documented: Mapping[str, str], given: Mapping[str, Any], source: SourceText):
        self._reader, self._given, self._source = reader, dict(given or {}), source
        self._problems = [self._problem(f"unknown option {key!r} for reader {reader} (known: {', '.join(sorted(documented))})")
                          for key in self._given if key not in documented]

    def _problem(self, message: str):
        return error("config.reader-option", message, self._source.display)

    def _get(self, key: str, default: Any, convert: Callable[[Any], Any], expected: str) -> Any:
        if key not in self._given or self._given[key] is None:
            return default
        try:
            return convert(self._given[key])
        except (TypeError, ValueError):
            self._problems.append(self._problem(f"option {key!r} of reader {self._reader} must be {expected}, got {self._given[key]!r}"))
            return default

    def flag(self, key: str, default: bool) -> bool:
        def convert(value: Any) -> bool:
            if isinstance(value, bool):
                return value
            raise ValueError(value)
        return self._get(key, default, convert, "true or false")

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        def convert(value: Any) -> str:
            if str(value) in choices:
                return str(value)
            raise ValueError(value)
        return self._get(key, default, convert, "one of " + ", ".join(choices))

    def text(self, key: str, default: str | None) -> str | None:
        def convert(value: Any) -> str:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
            raise TypeError(value)
        return self._get(key, default, convert, "a string")

    def pattern(self, key: str, default: str) -> str:
        """A regular expression, checked to compile (returned as text, to be embedded in others)."""
        def convert(value: Any) -> str:
            if not isinstance(value, str):
                raise TypeError(value)
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(value) from exc
            return value
        return self._get(key, default, convert, "a valid regular expression")

    def number(self, key: str, default: int, low: int = 0, high: int = 1_000) -> int:
        def convert(value: Any) -> int:
            if isinstance(value, bool) or int(value) != value or not low <= int(value) <= high:
                raise ValueError(value)
            return int(value)
        return self._get(key, default, convert, f"a whole number from {low} to {high}")

    def levels(self, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
        """A heading level or a list of them (1-6)."""
        def convert(value: Any) -> tuple[int, ...]:
            values = value if isinstance(value, (list, tuple)) else [value]
            if not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 6 for v in values):
                raise ValueError(value)
            return tuple(sorted(set(values)))
        return self._get(key, default, convert, "a heading level 1-6 or a list of them")

    def done(self) -> None:
        """Raise the collected problems, if any (after all options were read)."""
        if self._problems:
            raise ConfigError(self._problems)
