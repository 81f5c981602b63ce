"""Orchestration only: read every dump, assemble the corpus, then run the writers.

Read everything and check it first; write only when the content is sound (MkDocs' rule).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Collection, Iterable, Sequence

from genai_build.cache import StageCache, code_fingerprint, digest, tree_digest
from genai_build.consistency import check_output
from genai_build.config import IDS_LOCK_FILE, SOURCES_FILE, BookConfig, SourceConfig, display_path
from genai_build.content import dump_bytes, load_configuration, load_content, read_dump, save_lock
from genai_build.corpus.assemble import Assembled, assemble
from genai_build.corpus.dedupe import Dedupe, dedupe, occurrence_order
from genai_build.corpus.ids import fingerprint
from genai_build.diagnostics import BuildError, ConfigError, Diagnostic, ExitCode, error
from genai_build.readers import READERS, RawQuestion, run_reader
from genai_build.writers import WRITERS, WriteContext

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
        files = [p for root in (project.content, project.templates) for p in root.rglob("*") if p.is_file() and p.name != IDS_LOCK_FILE]
        return int(max((p.stat().st_mtime for p in files), default=0))
    epoch = int(committed) if committed.isdigit() else 0
    for entry in dirty:
        changed = project.root / entry[3:].strip().strip('"').split(" -> ")[-1]
        if changed.is_file() and changed.name != IDS_LOCK_FILE and "__pycache__" not in changed.parts:
            epoch = max(epoch, int(changed.stat().st_mtime))
    return epoch


def iso_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%d")


def read_source(project: Project, source: SourceConfig) -> SourceReport:
    text, problems = read_dump(project.content, source.file)
    if text is None:
        return SourceReport(source, (), tuple(problems))
    try:
        result = run_reader(source.reader, text, source.options)
    except ConfigError as exc:  # a bad reader option: point at the registry entry, exit 2
        registry = display_path(project.content / SOURCES_FILE)
        raise ConfigError([replace(d, path=registry, line=source.line, message=f"{source.file}: {d.message}")
                           for d in exc.diagnostics]) from exc
    except BuildError as exc:
        return SourceReport(source, (), exc.diagnostics)
    return SourceReport(source, result.questions, result.diagnostics)


def read_source_cached(project: Project, source: SourceConfig, cache: StageCache) -> SourceReport:
    """read_source, remembered by a hash of the dump's bytes, its registry entry and the code."""
    data = dump_bytes(project.content, source.file)
    if data is None:
        return read_source(project, source)
    key = digest("read", code_fingerprint(), repr(sorted(source.__dict__.items(), key=str)), data)
    report = cache.load("read", key)
    if not isinstance(report, SourceReport):
        report = read_source(project, source)
        cache.store("read", key, report)
    return report


def read_all(project: Project, cache: StageCache | None = None) -> tuple[BookConfig, tuple[SourceReport, ...]]:
    book, sources = load_configuration(project.content, READERS.keys())
    cache = cache or StageCache(None)
    return book, tuple(read_source_cached(project, s, cache) for s in sources)


def memoised_dedupe(cache: StageCache) -> Callable[..., Dedupe]:
    """dedupe, remembered by the wordings alone: answers do not move clusters, so a build
    after an answer changed skips the clustering (the cached shape is refilled with the
    current occurrences, which carry the new answers)."""
    def run(questions: Sequence[RawQuestion], established: Collection[str] = (),
            apart: Sequence[tuple[frozenset[str], frozenset[str]]] = ()) -> Dedupe:
        ordered = sorted(questions, key=occurrence_order)
        key = digest("dedupe", code_fingerprint(), *(repr((q.source, q.line, q.question, q.section, q.number, q.difficulty,
                                                           fingerprint(q.question) in established))
                                                     for q in ordered), repr([(sorted(a), sorted(b)) for a, b in apart]))
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


def load_corpus(project: Project, epoch: int | None = None, *, update_lock: bool = False,
                cache: StageCache | None = None, curation_text: str | None = None) -> tuple[Assembled, list[Diagnostic]]:
    """Read and assemble; raise BuildError with every problem of every dump and file if any is an error.

    `curation_text` stands in for content/curation.yaml (an edit checked before it is written).
    The id lock is written only when `update_lock` is given (the build saves it explicitly)."""
    book, reports = read_all(project, cache)
    diagnostics = [d for r in reports for d in r.diagnostics]
    files = load_content(project.content, curation_text, earlier=diagnostics)
    raw = [q for r in reports for q in r.questions]
    epoch = build_epoch(project) if epoch is None else epoch
    assembled = assemble(raw, [r.source for r in reports], book, iso_date(epoch), files.taxonomy, files.curation,
                         files.lock, memoised_dedupe(cache or StageCache(None)))
    diagnostics += assembled.diagnostics
    if update_lock:
        save_lock(project.content, assembled.lock)
    return assembled, diagnostics


def writer_key(name: str, corpus_json: str, project: Project, epoch: int) -> str:
    """Everything a writer's output depends on: the corpus, its templates, the code, the timestamp."""
    return digest("write", name, code_fingerprint(), corpus_json, tree_digest(project.templates / name), str(epoch))


def build(project: Project, out_dir: Path, formats: Sequence[str] | None = None, *, quiet: bool = False,
          progress: Progress | None = None, use_cache: bool = True) -> BuildResult:
    unknown = [f for f in formats or () if f not in WRITERS]
    if unknown:
        raise BuildError([error("usage.format", f"unknown format {f!r} (known: {', '.join(WRITERS)})") for f in unknown], ExitCode.USAGE_ERROR)
    say = progress or (lambda message: None)
    started = time.perf_counter()
    epoch = build_epoch(project)
    cache = StageCache(out_dir / ".cache" if use_cache else None)
    say("reading and assembling the corpus")
    assembled, diagnostics = load_corpus(project, epoch, cache=cache)
    save_lock(project.content, assembled.lock)
    result = BuildResult(assembled, diagnostics=diagnostics, timings={"read+assemble": time.perf_counter() - started})
    ctx = WriteContext(out_dir=out_dir, templates_dir=project.templates, epoch=epoch, quiet=quiet, diagnostics=result.diagnostics)
    selected: Iterable[str] = formats or WRITERS.keys()
    if "corpus" not in selected:
        selected = ["corpus", *selected]  # the contract is always written: other outputs are checked against it
    corpus_json = assembled.corpus.model_dump_json()
    due = []
    for name in selected:
        key = writer_key(name, corpus_json, project, epoch)
        if cache.stamp_matches(name, key) and all((out_dir / o).exists() for o in WRITERS[name].outputs):
            say(f"{name}: up to date")
            result.skipped.append(name)
        else:
            due.append((name, key))

    def run_writer(name: str, key: str, writer_ctx: WriteContext = ctx) -> None:
        t0 = time.perf_counter()
        try:
            result.written.extend(WRITERS[name].write(assembled.corpus, writer_ctx))
        finally:
            writer_ctx.launched()  # a writer that fails or never says so does not hold the others up
        # read the edition back: same questions, same ids, same order as the corpus, or fail
        inconsistent = check_output(name, assembled.corpus, out_dir)
        if inconsistent:
            raise BuildError(inconsistent)
        result.timings[name] = time.perf_counter() - t0
        cache.write_stamp(name, key)

    # The PDF lays itself out in worker processes and the EPUB is pandoc's work: start them
    # first, one after the other as each gets going, then write the other editions while they
    # run, so no core waits on another.
    background = sorted(((n, k) for n, k in due if WRITERS[n].background), key=lambda nk: -WRITERS[nk[0]].background)
    with ThreadPoolExecutor(max_workers=max(1, len(background))) as pool:
        futures = []
        for name, key in background:
            say(f"writing {name} (in the background)")
            going = threading.Event()
            futures.append(pool.submit(run_writer, name, key, replace(ctx, launched=going.set)))
            going.wait()
        for name, key in due:
            if not WRITERS[name].background:
                say(f"writing {name}")
                run_writer(name, key)
        for future in futures:
            future.result()
    return result
