"""The writer contract: what a writer takes (the corpus and a context), what it gives back
(the paths it wrote and its diagnostics), and what it declares (its outputs, the libraries
that shape them, and how to read its edition back).

Scheduling is not part of it: which writers run in the background is the pipeline's table
(pipeline.BACKGROUND), and a writer whose heavy work leaves the process only says so
through scheduling.handed_off().
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from genai_build.diagnostics import Diagnostic
from genai_build.model import Corpus

if TYPE_CHECKING:
    from genai_build.corpus.dedupe import Dedupe


@dataclass(frozen=True)
class WriteContext:
    out_dir: Path  # build/
    templates_dir: Path  # templates/
    epoch: int  # SOURCE_DATE_EPOCH: every timestamp written comes from it
    quiet: bool = False
    # Every registered writer's outputs (paths under build/), by writer name: an edition that
    # links to the others (the Markdown index) finds their names here, not in their code.
    editions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The build's clustering (corpus.dedupe.Dedupe) when the pipeline has it: the editors'
    # report shows its links instead of clustering a second time.
    clusters: Dedupe | None = None
    # The text of each writer's lock file in content/ (WriterLock), as the pipeline brought it
    # up to date before writing; absent when the writer runs without one (every note is new).
    locks: Mapping[str, str] = field(default_factory=dict)

    def template_dir(self, writer: str) -> Path:
        return self.templates_dir / writer


@dataclass(frozen=True)
class Written:
    """What a writer gives back: the paths it wrote and what it has to say about them."""

    paths: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


WriteFunction = Callable[[Corpus, WriteContext], Written]
# (the output to read, the corpus' question ids) -> the question ids found in it, in reading order
IdReader = Callable[[Path, set[str]], list[str]]


def every_question(corpus: Corpus) -> list[str]:
    return [q.id for q in corpus.questions]


@dataclass(frozen=True)
class ReadBack:
    """How the build reads a written edition back (consistency.check_output compares the result).

    `output` is the file or folder to open, relative to build/; `ids` lists the question ids
    found there, in reading order, the way the edition's users' tools see them; `expected`
    is the list it must equal (every question of the corpus, in order, unless said otherwise);
    `ordered` False for an output that orders its questions its own way (the report, riskiest
    first): then each question must be there exactly once, in any order.
    """

    output: str
    ids: IdReader
    expected: Callable[[Corpus], list[str]] = every_question
    ordered: bool = True


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
    outputs: tuple[str, ...]  # paths under build/ it owns, for `clean` and the up-to-date check
    read_back: ReadBack  # required: an edition the build cannot read back cannot be registered
    # distributions whose version shapes the output: a new version invalidates the cache
    libraries: tuple[str, ...] = ()
    lock: WriterLock | None = None  # a file in content/ it keeps between editions

    def __post_init__(self) -> None:
        if not isinstance(self.read_back, ReadBack):
            raise TypeError(f"writer {self.name!r}: read_back must be a ReadBack (how the build checks its edition), "
                            f"got {self.read_back!r}")
        if not self.outputs:
            raise TypeError(f"writer {self.name!r} declares no outputs")
