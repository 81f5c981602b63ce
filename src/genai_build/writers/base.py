"""What every writer takes: the corpus and a context; what it gives: the paths it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from genai_build.diagnostics import Diagnostic
from genai_build.model import Corpus


@dataclass
class WriteContext:
    out_dir: Path  # build/
    templates_dir: Path  # templates/
    epoch: int  # SOURCE_DATE_EPOCH: every timestamp written comes from it
    quiet: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def template_dir(self, writer: str) -> Path:
        return self.templates_dir / writer


WriteFunction = Callable[[Corpus, WriteContext], list[Path]]


@dataclass(frozen=True)
class Writer:
    name: str
    description: str
    write: WriteFunction
    outputs: tuple[str, ...]  # paths under build/ it owns, for `clean` and the consistency check
    # a writer that spends its time in child processes (WeasyPrint workers, pandoc) starts
    # first, in a thread, and runs beside the others
    background: bool = False
