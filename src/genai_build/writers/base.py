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
    # A background writer calls this once its heavy work runs outside this process (layout
    # workers started, pandoc running): the build waits for that before writing the others,
    # so their Python does not slow its start.
    launched: Callable[[], None] = field(default=lambda: None, repr=False, compare=False)
    # The text of each writer's lock file in content/ (WriterLock), as the pipeline brought it
    # up to date before writing; absent when the writer runs without one (every note is new).
    locks: dict[str, str] = field(default_factory=dict)

    def template_dir(self, writer: str) -> Path:
        return self.templates_dir / writer


WriteFunction = Callable[[Corpus, WriteContext], list[Path]]


@dataclass(frozen=True)
class WriterLock:
    """A committed file in content/ holding what a writer must remember between editions.

    `update(corpus, ctx, old_text or None, shown_path)` returns the new text (pure); the
    pipeline reads the file, writes it back atomically when it changed, and hands the text to
    the writer in `ctx.locks[writer name]`.
    """

    file: str
    update: Callable[[Corpus, WriteContext, str | None, str], str]


@dataclass(frozen=True)
class Writer:
    name: str
    description: str
    write: WriteFunction
    outputs: tuple[str, ...]  # paths under build/ it owns, for `clean` and the consistency check
    # 0: written in the build's thread. A writer that spends its time in child processes
    # (WeasyPrint workers, pandoc) is started first, in a thread of its own, and runs beside
    # the others: the highest number (the longest writer) first.
    background: int = 0
    lock: WriterLock | None = None
