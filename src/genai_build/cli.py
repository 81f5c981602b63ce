"""The command line: a thin layer over the pipeline. Exit codes: 0 ok, 1 content errors, 2 usage or configuration."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from genai_build import __version__
from genai_build.diagnostics import BuildError, Diagnostic, ExitCode, error
from genai_build.pipeline import Project, SourceReport, build, load_corpus, read_all
from genai_build.writers import WRITERS
from genai_build.writers.corpus.writer import corpus_to_json


def _print_diagnostics(diagnostics: Sequence[Diagnostic], *, show_warnings: bool = True) -> None:
    for d in diagnostics:
        if d.is_error or (show_warnings and d.level == "warning"):
            print(d, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    project = Project(Path(args.root))
    progress = None if args.quiet else (lambda message: print(f"genai-build: {message}", file=sys.stderr))
    started = time.perf_counter()
    result = build(project, Path(args.out), args.format or None, quiet=args.quiet, progress=progress, use_cache=not args.force)
    warnings = [d for d in result.diagnostics if d.level == "warning"]
    _print_diagnostics(result.diagnostics, show_warnings=args.verbose)
    if warnings and not args.verbose:
        print(f"genai-build: {len(warnings)} warnings (see `genai-build check`)", file=sys.stderr)
    if not args.quiet:
        for path in result.written:
            print(f"wrote {path}")
        total = time.perf_counter() - started  # wall time: the PDF and EPUB overlap the others
        print(f"genai-build: {len(result.assembled.corpus.questions)} questions; "
              + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()) + f"; total {total:.1f}s", file=sys.stderr)
    return ExitCode.CONTENT_ERROR if args.strict and warnings else ExitCode.OK


def _check_table(reports: Sequence[SourceReport]) -> list[str]:
    """One row per dump: what its reader found, and how much of it needs a look."""
    header = ("file", "reader", "found", "unanswered", "warnings")
    rows = [(r.source.file, r.source.reader, str(len(r.questions)), str(sum(1 for q in r.questions if not q.answer)),
             str(sum(1 for d in r.diagnostics if d.level == "warning"))) for r in reports]
    totals = [sum(int(row[column]) for row in rows) for column in (2, 3, 4)]
    rows.append(("total", "", *map(str, totals)))
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) if column < 2 else cell.rjust(w) for column, (cell, w) in enumerate(zip(row, widths))).rstrip()

    return [line(header), *(line(row) for row in rows)]


def cmd_check(args: argparse.Namespace) -> int:
    project = Project(Path(args.root))
    _, reports = read_all(project)
    diagnostics = [d for r in reports for d in r.diagnostics]
    for row in _check_table(reports):
        print(row)
    if not any(d.is_error for d in diagnostics):
        assembled, diagnostics = load_corpus(project, update_lock=False)  # the dumps' diagnostics, then the corpus's
        print(f"corpus: {len(assembled.corpus.questions)} questions from {sum(len(r.questions) for r in reports)} occurrences")
    files = {d.path: index for index, d in reversed(list(enumerate(diagnostics)))}  # each file where it first appears
    _print_diagnostics(sorted(diagnostics, key=lambda d: (files[d.path], d.line or 0)))
    counts = Counter(d.level for d in diagnostics)
    print(f"{counts['error']} errors, {counts['warning']} warnings", file=sys.stderr)
    if counts["error"]:
        return ExitCode.CONTENT_ERROR
    return ExitCode.CONTENT_ERROR if args.strict and counts["warning"] else ExitCode.OK


def cmd_corpus(args: argparse.Namespace) -> int:
    assembled, diagnostics = load_corpus(Project(Path(args.root)), update_lock=False)
    _print_diagnostics(diagnostics, show_warnings=False)
    corpus = assembled.corpus
    if args.format == "json":
        sys.stdout.write(corpus_to_json(corpus))
    else:
        for topic in corpus.topics_in_use():
            print(f"# {topic.title}")
            for q in corpus.questions_in(topic.id):
                flag = " (unanswered)" if q.unanswered else ""
                print(f"{q.number:4d}. [{q.id}] {q.question}{flag}  ({q.difficulty}, asked in {q.asked_in})")
    return ExitCode.OK


def cmd_curate(args: argparse.Namespace) -> int:
    """Edit content/curation.yaml (round trip), check the result against the corpus, keep it only if sound."""
    from genai_build.config import CURATION_FILE
    from genai_build.corpus import curation_edit
    from genai_build.fsutil import write_text_atomic

    project = Project(Path(args.root))
    path = project.content / CURATION_FILE
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    action = args.action
    if action == "merge":
        after = curation_edit.merge(before, args.ids, args.into)
    elif action == "split":
        after = curation_edit.split(before, args.id, args.occurrences)
    elif action == "reword":
        after = curation_edit.reword(before, args.id, args.wording)
    elif action == "answer":
        text = Path(args.file).read_text(encoding="utf-8") if args.file else args.replace
        after = curation_edit.answer(before, args.id, replacement=text, append=args.append)
    elif action == "retag":
        tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags is not None else None
        after = curation_edit.retag(before, args.id, topic=args.topic, difficulty=args.difficulty, tags=tags)
    else:
        after = curation_edit.drop(before, args.id, args.note)
    write_text_atomic(path, after)
    try:
        load_corpus(project, update_lock=False)
    except BuildError as exc:
        write_text_atomic(path, before) if before else path.unlink()
        _print_diagnostics(exc.diagnostics)
        print(f"genai-build: {CURATION_FILE} left unchanged", file=sys.stderr)
        return int(exc.exit_code)
    print(f"genai-build: {action} recorded in {path}")
    return ExitCode.OK


def _add_curate_parser(sub) -> None:
    p = sub.add_parser("curate", help="record an editor's decision in content/curation.yaml",
                       description="Edit content/curation.yaml keeping its comments and layout; the decision is "
                                   "checked against the corpus and refused (file unchanged) if it is not sound.")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = actions.add_parser("merge", help="merge questions into another one, which keeps its id")
    a.add_argument("ids", nargs="+", metavar="ID", help="questions to merge away")
    a.add_argument("--into", required=True, metavar="TARGET", help="the question they join")
    a = actions.add_parser("split", help="take occurrences out of a question into a new question")
    a.add_argument("id")
    a.add_argument("occurrences", nargs="+", metavar="FILE:LINE", help="occurrences, as dump file name and line")
    a = actions.add_parser("reword", help="set the wording of a question (its id stays)")
    a.add_argument("id")
    a.add_argument("wording")
    a = actions.add_parser("answer", help="replace or amend the answer of a question")
    a.add_argument("id")
    group = a.add_mutually_exclusive_group(required=True)
    group.add_argument("--replace", metavar="MARKDOWN")
    group.add_argument("--file", metavar="PATH", help="replace with the Markdown in this file")
    group.add_argument("--append", metavar="MARKDOWN", help="add this after the chosen answer")
    a = actions.add_parser("retag", help="set the topic, difficulty or tags of a question")
    a.add_argument("id")
    a.add_argument("--topic")
    a.add_argument("--difficulty", choices=["beginner", "intermediate", "advanced"])
    a.add_argument("--tags", metavar="TAG,TAG", help="comma-separated tags (replaces the computed ones)")
    a = actions.add_parser("drop", help="leave a question out of the book")
    a.add_argument("id")
    a.add_argument("--note", help="why (kept in the file)")
    p.set_defaults(func=cmd_curate)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="genai-build", description="Build the Generative-AI interview handbook from the dumps in content/.")
    top.add_argument("--version", action="version", version=f"genai-build {__version__}")
    top.add_argument("--root", default=".", help="project folder holding content/ and templates/ (default: .)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build every output (or the ones named by --format) into build/",
                       description="Read content/, assemble the corpus, and write the outputs into build/.")
    p.add_argument("--format", "-f", action="append", choices=list(WRITERS), help="build only this format (repeatable)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress, only problems")
    p.add_argument("--verbose", "-v", action="store_true", help="print every warning")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    p.add_argument("--force", action="store_true", help="ignore the cache in build/.cache and rebuild everything")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="read and check the content, report per dump; write nothing",
                       description="Read every dump and the curation file, print counts and every problem as path:line.")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("corpus", help="print the canonical corpus", description="Print the corpus, as a list or as corpus.json.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_corpus)

    _add_curate_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BuildError as exc:
        _print_diagnostics(exc.diagnostics)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("genai-build: interrupted; previous outputs are intact", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except OSError as exc:  # a full disk, a read-only folder …: name the file, no traceback
        print(error("system.io", f"{exc.strerror or exc}", exc.filename and str(exc.filename)),
              file=sys.stderr)
        return int(ExitCode.CONTENT_ERROR)


if __name__ == "__main__":
    raise SystemExit(main())
