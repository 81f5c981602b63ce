"""Orchestration only. `build` is the whole flow, one step a line:
read → check → assemble → save the lock → write → verify.

Read everything and check it first; write only when the content is sound (MkDocs' rule).
"""

from __future__ import annotations

import gc
import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Iterator, Sequence

from genai_build import children
from genai_build.cache import StageCache, code_fingerprint, digest, library_versions, tree_digest
from genai_build.consistency import check_output
from genai_build.config import BUILD_LOCK_FILES, SOURCES_DIR, SOURCES_FILE, BookConfig, SourceConfig, display_path
from genai_build.content import (Content, dump_bytes, load_configuration, load_content, read_dump, read_lock_text, save_lock,
                                 save_lock_text)
from genai_build.corpus.assemble import Assembled, assemble
from genai_build.corpus.dedupe import Dedupe, dedupe, occurrence_order
from genai_build.corpus.ids import fingerprint
from genai_build.diagnostics import BuildError, ConfigError, Diagnostic, ExitCode, error
from genai_build.intake import AUTO
from genai_build.model import Corpus, RawQuestion
from genai_build.publish import Publication, publishing
from genai_build.readers import LIBRARIES as READER_LIBRARIES
from genai_build.readers import READERS, run_reader
from genai_build.readers.detect import detect
from genai_build.scheduling import listening
from genai_build.writers import WRITERS, WriteContext, Writer, write_context

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


@dataclass(frozen=True)
class SourceReport:
    source: SourceConfig
    questions: tuple[RawQuestion, ...]
    diagnostics: tuple[Diagnostic, ...]
    exit_code: ExitCode = ExitCode.CONTENT_ERROR  # what its errors exit with: 2 for a bad reader option


@dataclass
class BuildResult:
    assembled: Assembled
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def build_epoch(project: Project) -> int:
    """The build's one timestamp: SOURCE_DATE_EPOCH, else the last change to content/, templates/ or the code.

    The last commit time, moved forward to the newest uncommitted edit if any, so that Anki
    sees a newer package exactly when the content changed, and reproducible builds agree.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    # the code counts too: a reader fix that changes answers is a new edition for Anki
    paths = [str(p) for p in (project.content, project.templates, project.root / "src" / "genai_build") if p.exists()]
    try:
        committed = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *paths], cwd=project.root,
                                   capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", *paths], cwd=project.root,
                               capture_output=True, text=True, timeout=10, check=True).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        committed, dirty = "", None
    if dirty is None:  # not a git checkout: the newest file decides
        files = [p for root in (project.content, project.templates) for p in root.rglob("*") if p.is_file() and p.name not in BUILD_LOCK_FILES]
        return int(max((p.stat().st_mtime for p in files), default=0))
    epoch = int(committed) if committed.isdigit() else 0
    for entry in dirty:
        changed = project.root / entry[3:].strip().strip('"').split(" -> ")[-1]
        if changed.is_file() and changed.name not in BUILD_LOCK_FILES and "__pycache__" not in changed.parts:
            epoch = max(epoch, int(changed.stat().st_mtime))
    return epoch


def iso_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d")


def read_source(project: Project, source: SourceConfig) -> SourceReport:
    """One dump read and checked. Its diagnostics name files by absolute path (the report is
    cached, whatever folder the build runs from): for_display() shows them relative."""
    return absolute(_read_source(project, source))


def _read_source(project: Project, source: SourceConfig) -> SourceReport:
    text, problems = read_dump(project.content, source.file)
    if text is None:
        return SourceReport(source, (), tuple(problems))
    try:
        if source.reader == AUTO:  # the layout detected afresh (cached like any reading)
            found = detect(text).choice
            if found is None:
                return SourceReport(source, (), (error("reader.no-layout", "reader: auto found no layout that gives a "
                                                       "question; name a reader in content/sources.yaml", text.display),))
            source, result = replace(source, reader=f"{AUTO}: {found.reader}"), found.result
        else:
            result = run_reader(source.reader, text, source.options)
    except ConfigError as exc:  # a bad reader option: point at the registry entry; the other dumps are still read
        registry = display_path(project.content / SOURCES_FILE)
        return SourceReport(source, (), tuple(replace(d, path=registry, line=source.line, message=f"{source.file}: {d.message}")
                                              for d in exc.diagnostics), exc.exit_code)
    except BuildError as exc:
        return SourceReport(source, (), exc.diagnostics)
    return SourceReport(source, result.questions, result.diagnostics)


def absolute(report: SourceReport) -> SourceReport:
    """The report with every path absolute (resolved from the working directory it was made in)."""
    return replace(report, diagnostics=tuple(replace(d, path=str(Path(d.path).resolve())) if d.path else d
                                             for d in report.diagnostics))


def for_display(report: SourceReport) -> SourceReport:
    """The report with its paths as the user should see them (relative to the working directory)."""
    return replace(report, diagnostics=tuple(replace(d, path=display_path(Path(d.path))) if d.path and Path(d.path).is_absolute()
                                             else d for d in report.diagnostics))


def read_source_cached(project: Project, source: SourceConfig, cache: StageCache) -> SourceReport:
    """read_source, remembered by a hash of the dump's bytes, its registry entry, where it is, and the code."""
    data = dump_bytes(project.content, source.file)
    if data is None:
        return read_source(project, source)
    key = digest("read", code_fingerprint(), library_versions(READER_LIBRARIES), str((project.content / SOURCES_DIR).resolve()),
                 repr(sorted(source.__dict__.items(), key=str)), data)
    report = cache.load("read", key)
    if not isinstance(report, SourceReport):
        report = read_source(project, source)
        cache.store("read", key, report)
    return report


def read_all(project: Project, cache: StageCache | None = None) -> tuple[BookConfig, tuple[SourceReport, ...]]:
    """Read every dump (a problem in one does not stop the others), diagnostics shown relative."""
    book, sources = load_configuration(project.content, [*READERS, AUTO])
    cache = cache or StageCache(None)
    return book, tuple(for_display(read_source_cached(project, s, cache)) for s in sources)


def errors_exit_code(reports: Sequence[SourceReport]) -> ExitCode:
    """The exit code the dumps' errors call for (the highest), OK when there are none."""
    return max((r.exit_code for r in reports if any(d.is_error for d in r.diagnostics)), default=ExitCode.OK)


def check(project: Project, reports: Sequence[SourceReport], curation_text: str | None = None) -> tuple[list[Diagnostic], Content]:
    """Every dump's diagnostics, and the editors' files (topics, curation, the id lock) loaded;
    raise with every problem of every dump and file together if any is an error (exit 2 when
    one is a configuration error, such as a bad reader option, as the registry's own are).

    `curation_text` stands in for content/curation.yaml (an edit checked before it is written)."""
    diagnostics = [d for r in reports for d in r.diagnostics]
    try:
        files = load_content(project.content, curation_text, earlier=diagnostics)
    except BuildError as exc:
        raise BuildError(exc.diagnostics, max(exc.exit_code, errors_exit_code(reports))) from exc
    return diagnostics, files


def _lock_id(established: Collection[str] | Mapping[str, str], question: str) -> str | bool | None:
    """What dedupe knows of a wording from an earlier build: its id (a mapping), or whether it is known."""
    found = fingerprint(question)
    return established.get(found) if isinstance(established, Mapping) else found in established


def memoised_dedupe(cache: StageCache) -> Callable[..., Dedupe]:
    """dedupe, remembered by the wordings alone: answers do not move clusters, so a build
    after an answer changed skips the clustering (the cached shape is refilled with the
    current occurrences, which carry the new answers)."""
    def run(questions: Sequence[RawQuestion], established: Collection[str] | Mapping[str, str] = (),
            apart: Sequence[tuple[frozenset[str], frozenset[str]]] = ()) -> Dedupe:
        ordered = sorted(questions, key=occurrence_order)
        key = digest("dedupe", code_fingerprint(), *(repr((q.source, q.line, q.question, q.section, q.number, q.difficulty,
                                                           _lock_id(established, q.question)))
                                                     for q in ordered), repr(sorted(sorted((sorted(a), sorted(b))) for a, b in apart)))  # in any order
        current = {(q.source, q.line): q for q in ordered}
        shape = cache.load("dedupe", key)
        if shape is not None:
            try:
                return Dedupe(tuple(replace(c, members=tuple(current[m] for m in c.members)) for c in shape.clusters),
                              shape.near_misses)
            except (KeyError, AttributeError, TypeError):
                pass  # an entry of another shape: compute afresh
        result = dedupe(questions, established, apart)
        cache.store("dedupe", key, Dedupe(tuple(replace(c, members=tuple((m.source, m.line) for m in c.members))
                                                for c in result.clusters), result.near_misses))
        return result
    return run


def assemble_corpus(project: Project, book: BookConfig, reports: Sequence[SourceReport], files: Content, epoch: int,
                    cache: StageCache | None = None) -> Assembled:
    """The corpus from the dumps' questions and the editors' files."""
    sources = project.content / SOURCES_DIR
    raw = [q for r in reports for q in r.questions]
    shown = lru_cache(maxsize=None)(lambda file: display_path(sources / file))  # asked once per occurrence, for a few files
    return assemble(raw, [r.source for r in reports], book, iso_date(epoch), files.taxonomy, files.curation, files.lock,
                    memoised_dedupe(cache or StageCache(None)), shown=shown)


def load_corpus(project: Project, epoch: int | None = None, *, update_lock: bool = False,
                cache: StageCache | None = None, curation_text: str | None = None) -> tuple[Assembled, list[Diagnostic]]:
    """Read, check and assemble; raise BuildError with every problem of every dump and file if any is an error.

    The id lock is written only when `update_lock` is given (the build saves it as a step of its own)."""
    book, reports = read_all(project, cache)
    diagnostics, files = check(project, reports, curation_text)
    assembled = assemble_corpus(project, book, reports, files, build_epoch(project) if epoch is None else epoch, cache)
    if update_lock:
        save_lock(project.content, assembled.lock)
    return assembled, diagnostics + list(assembled.diagnostics)


# The pipeline's scheduling table. A writer listed here spends its time in child processes
# (WeasyPrint's layout workers, pandoc): it is started first, in a thread of its own, the
# highest number (the longest) first, and runs beside the others. The build waits for each to
# say scheduling.handed_off() (or end) before starting the next, so no core waits on another.
BACKGROUND: dict[str, int] = {"pdf": 2, "epub": 1}


def select_writers(formats: Sequence[str] | None) -> list[Writer]:
    """The writers asked for, in table order, the corpus always among them (others are checked against it)."""
    unknown = [f for f in formats or () if f not in WRITERS]
    if unknown:
        raise BuildError([error("usage.format", f"unknown format {f!r} (known: {', '.join(WRITERS)})") for f in unknown], ExitCode.USAGE_ERROR)
    names = list(formats or WRITERS)
    return [WRITERS[name] for name in (names if "corpus" in names else ["corpus", *names])]


def writer_key(writer: Writer, corpus_json: str, project: Project, epoch: int, lock_text: str = "") -> str:
    """Everything a writer's output depends on: the corpus, its templates, the code, its libraries, the timestamp, its lock."""
    return digest("write", writer.name, code_fingerprint(), library_versions(writer.libraries), corpus_json,
                  tree_digest(project.templates / writer.name), str(epoch), lock_text)


def sync_writer_lock(project: Project, writer: Writer, corpus: Corpus, ctx: WriteContext, old: str | None) -> str:
    """Bring a writer's lock file in content/ up to date with this corpus (written only when it changed)."""
    assert writer.lock is not None
    text = writer.lock.update(corpus, ctx, old, display_path(project.content / writer.lock.file))
    save_lock_text(project.content, writer.lock.file, text)
    return text


def verify(writer: Writer, corpus: Corpus, out_dir: Path) -> None:
    """Read the edition back: same questions, same ids, same order as the corpus, or fail."""
    inconsistent = check_output(writer, corpus, out_dir)
    if inconsistent:
        raise BuildError(inconsistent)


def run_scheduled(due: Sequence[Writer], run: Callable[[Writer], None], say: Progress) -> None:
    """Run `run` for every writer due: the BACKGROUND ones first, each in a thread, then the others here."""
    background = sorted((w for w in due if w.name in BACKGROUND), key=lambda w: -BACKGROUND[w.name])
    children.reset()
    pool = ThreadPoolExecutor(max_workers=max(1, len(background)))
    try:
        futures = []
        for writer in background:
            say(f"writing {writer.name} (in the background)")
            going = threading.Event()

            def in_thread(writer: Writer = writer, going: threading.Event = going) -> None:
                with listening(going.set):
                    run(writer)
            futures.append(pool.submit(in_thread))
            going.wait()
        for writer in due:
            if writer.name not in BACKGROUND:
                say(f"writing {writer.name}")
                run(writer)
        for future in futures:
            future.result()
    except BaseException:
        # Ctrl-C or a failed edition: stop the layout workers and pandoc now and start none,
        # before waiting for the background threads (which would otherwise run to their end)
        children.cancel()
        raise
    finally:
        children.to_the_end(lambda: pool.shutdown(wait=True))  # no file is written once this returns


# The young generation's size during a build (Python's default: 700 allocations). The build
# keeps many objects alive (the corpus, WeasyPrint's boxes in the layout workers, which inherit
# it when forked), and every collection of the default size walks its share of them again: ~9%
# of a layout's CPU, ~1/3 of that with this size. Memory stays where it was: the workers
# collect after each part (writers/pdf/layout.py).
YOUNG_GENERATION = 10_000


@contextmanager
def fewer_collections(young: int = YOUNG_GENERATION) -> Iterator[None]:
    """Run with the garbage collector's young generation `young` allocations long, then as before."""
    before = gc.get_threshold()
    gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def build(project: Project, out_dir: Path, formats: Sequence[str] | None = None, *, quiet: bool = False,
          progress: Progress | None = None, use_cache: bool = True) -> BuildResult:
    """read → check → assemble → save the lock → write → verify (each edition read back) → publish."""
    writers = select_writers(formats)
    with fewer_collections(), publishing(out_dir, project.root) as publication:
        return _build(project, out_dir, publication, writers, quiet=quiet, progress=progress, use_cache=use_cache)


def _build(project: Project, out_dir: Path, publication: Publication, writers: Sequence[Writer], *, quiet: bool,
           progress: Progress | None, use_cache: bool) -> BuildResult:
    """Write the due editions into the staging folder, read each back there, then publish them together."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    epoch = build_epoch(project)
    cache = StageCache(out_dir / ".cache" if use_cache else None)

    say("reading and assembling the corpus")
    book, reports = read_all(project, cache)
    diagnostics, files = check(project, reports)
    assembled = assemble_corpus(project, book, reports, files, epoch, cache)
    save_lock(project.content, assembled.lock)
    result = BuildResult(assembled, diagnostics=diagnostics + list(assembled.diagnostics),
                         timings={"read+assemble": time.perf_counter() - started})

    corpus = assembled.corpus
    corpus_json = corpus.model_dump_json()
    staging = publication.staging
    ctx = write_context(staging, project.templates, epoch, quiet=quiet, clusters=Dedupe(assembled.clusters, assembled.near_misses))
    keys: dict[str, str] = {}
    locks: dict[str, str] = {}
    due = []
    for writer in writers:
        old = read_lock_text(project.content, writer.lock.file) if writer.lock else None
        key = writer_key(writer, corpus_json, project, epoch, old or "")
        if cache.stamp_matches(writer.name, key) and all((out_dir / o).exists() for o in writer.outputs):
            # same inputs and the lock this writer last left: updating it again would change nothing
            say(f"{writer.name}: up to date")
            result.skipped.append(writer.name)
            continue
        if writer.lock is not None:  # save the writer's lock before anything is written
            locks[writer.name] = sync_writer_lock(project, writer, corpus, ctx, old)
            key = writer_key(writer, corpus_json, project, epoch, locks[writer.name])
        keys[writer.name] = key
        due.append(writer)
    ctx = replace(ctx, locks=locks)

    lock = threading.Lock()  # the background writers' threads report into the one result

    def write_and_verify(writer: Writer) -> None:
        t0 = time.perf_counter()
        written = writer.write(corpus, ctx)
        verify(writer, corpus, staging)
        with lock:
            publication.stage(writer.name, written.paths)
            result.written.extend(out_dir / path.relative_to(staging) for path in written.paths)
            result.diagnostics.extend(written.diagnostics)
            result.timings[writer.name] = time.perf_counter() - t0

    run_scheduled(due, write_and_verify, say)
    publication.commit()  # every edition is sound: publish them together
    for writer in due:
        cache.write_stamp(writer.name, keys[writer.name])
    return result
