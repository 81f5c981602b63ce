"""The command line: a thin layer over the pipeline. Exit codes: 0 ok, 1 content errors, 2 usage or configuration."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from functools import partial
from collections import Counter
from pathlib import Path
from typing import Sequence

from genai_build import __version__
from genai_build.config import display_path
from genai_build.content import load_content
from genai_build.diagnostics import BuildError, Diagnostic, ExitCode, error
from genai_build.pipeline import Project, SourceReport, build, errors_exit_code, load_corpus, read_all
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


# Conditions a dump may well have and the book accepts (a questions-only dump's unanswered
# questions, furniture removed, what a dump lost): `check` counts them in one line per dump;
# `check --verbose` lists each, and the notes (info) too.
ACCEPTED = ("reader.unanswered", "reader.furniture", "reader.not-a-question", "reader.lost-formula", "reader.lost-label",
            "reader.lost-labels", "answer.lost-formula", "answer.non-answer")


def _topic_rows(reports: Sequence[SourceReport], corpus) -> list[str]:
    """Per dump, how many of its occurrences went to which topic (most first)."""
    topic_of = {(p.source, p.line): q.topic for q in corpus.questions for p in q.provenance}
    rows = []
    for r in reports:
        counts = Counter(topic_of.get((q.source, q.line), "?") for q in r.questions)
        rows.append(f"{r.source.file}  " + ", ".join(f"{topic} {n}" for topic, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))))
    return rows


def _check_lines(diagnostics: Sequence[Diagnostic], verbose: bool) -> list[str]:
    """What `check` prints, in file order: errors and warnings, the accepted ones folded into one line
    per file (everything, notes included, when verbose)."""
    files = {d.path: index for index, d in reversed(list(enumerate(diagnostics)))}  # each file where it first appears
    ordered = sorted(diagnostics, key=lambda d: (files[d.path], d.line or 0))
    if verbose:
        return [str(d) for d in ordered]
    lines: list[tuple[int, int, str]] = []
    folded: dict[str | None, Counter] = {}
    for d in ordered:
        if d.level == "warning" and d.code in ACCEPTED:
            folded.setdefault(d.path, Counter())[d.code] += 1
        elif d.level != "info":
            lines.append((files[d.path], d.line or 0, str(d)))
    for path, counts in folded.items():
        summary = ", ".join(f"{n} [{code}]" for code, n in sorted(counts.items()))
        lines.append((files[path], -1, f"{path}: accepted: {summary} (`check --verbose` lists each)"))
    return [text for _, _, text in sorted(lines, key=lambda item: item[:2])]


def cmd_check(args: argparse.Namespace) -> int:
    project = Project(Path(args.root))
    _, reports = read_all(project)
    diagnostics = [d for r in reports for d in r.diagnostics]
    worst = ExitCode.CONTENT_ERROR
    for row in _check_table(reports):
        print(row)
    if not any(d.is_error for d in diagnostics):
        assembled, diagnostics = load_corpus(project, update_lock=False)  # the dumps' diagnostics, then the corpus's
        print(f"corpus: {len(assembled.corpus.questions)} questions from {sum(len(r.questions) for r in reports)} occurrences")
        print("topics per dump:")
        for row in _topic_rows(reports, assembled.corpus):
            print(f"  {row}")
    else:  # the corpus cannot be assembled, but the other files' problems are reported with the dumps'
        try:
            load_content(project.content)
        except BuildError as exc:
            diagnostics += [d for d in exc.diagnostics if d not in diagnostics]
            worst = max(worst, exc.exit_code)
    for line in _check_lines(diagnostics, args.verbose):
        print(line, file=sys.stderr)
    counts = Counter(d.level for d in diagnostics)
    print(f"{counts['error']} errors, {counts['warning']} warnings", file=sys.stderr)
    if counts["error"]:
        return max(worst, errors_exit_code(reports))
    return ExitCode.CONTENT_ERROR if args.strict and counts["warning"] else ExitCode.OK


def cmd_add(args: argparse.Namespace) -> int:
    """Add a dump: copy it into content/sources/, detect its layout, register it; say what was chosen and why."""
    from genai_build import intake

    root = Path(args.root)
    addition = intake.plan(root, Path(args.file), title=args.title, owner=args.owner, origin=args.origin,
                           license_file=Path(args.license) if args.license else None)
    chosen, runner = addition.detection.choice, addition.detection.runner_up
    report = SourceReport(addition.config, chosen.result.questions, chosen.result.diagnostics)
    for row in _check_table([report])[:2]:
        print(row)
    print(f"layout: {chosen.describe()} — {chosen.why()}")
    print(f"runner-up: {runner.describe()} — {runner.why()}" if runner else
          f"runner-up: none ({addition.detection.tried} readings tried, none found other questions)")
    if args.dry_run:
        print(f"dry run: content/sources/{addition.name} and its registry entry not written")
        return ExitCode.OK
    for path in intake.apply(root, addition):
        print(f"wrote {path}")
    print("next: `genai-build check`, then `make`; commit the dump, content/sources.yaml and content/ids.lock together")
    return ExitCode.OK


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


def cmd_review(args: argparse.Namespace) -> int:
    """The pairs of questions the clustering was unsure about, most probable first."""
    import json

    from genai_build.content import load_curation
    from genai_build.corpus.review import review_queue, render_text

    project = Project(Path(args.root))
    assembled, diagnostics = load_corpus(project, update_lock=False)
    _print_diagnostics(diagnostics, show_warnings=False)
    queue = review_queue(assembled.corpus, assembled.near_misses, load_curation(project.content).distinct())
    if args.format == "json":
        shown = queue[:args.limit] if args.limit else queue
        sys.stdout.write(json.dumps([dict(probability=c.probability, reason=c.reason, evidence=dict(c.evidence),
                                          a=dict(id=c.a.id, wording=c.a.occurrence.question, source=c.a.occurrence.source,
                                                 line=c.a.occurrence.line, title=c.a.source_title),
                                          b=dict(id=c.b.id, wording=c.b.occurrence.question, source=c.b.occurrence.source,
                                                 line=c.b.occurrence.line, title=c.b.source_title))
                                     for c in shown], indent=2, ensure_ascii=False) + "\n")
    else:
        print(render_text(queue, args.limit))
    return ExitCode.OK


def _given_text(value: str, what: str) -> str:
    """A text from the command line, refused when it cannot be written as UTF-8 (undecodable bytes in argv)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BuildError([error("curate.encoding", f"{what} is not valid UTF-8 text (byte {exc.start})")], ExitCode.USAGE_ERROR) from exc
    return value


def _answer_file(name: str) -> str:
    """The Markdown of `curate answer --file`, or a clear error naming the file."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError([error("curate.file", "no such file", name)], ExitCode.USAGE_ERROR) from None
    except OSError as exc:
        raise BuildError([error("curate.file", f"cannot read it: {exc.strerror or exc}", name)], ExitCode.USAGE_ERROR) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError([error("curate.encoding", f"not UTF-8 ({exc.reason} at byte {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8",
                                name, line)], ExitCode.USAGE_ERROR) from None


def cmd_curate(args: argparse.Namespace) -> int:
    """Record an editor's decision in content/curation.yaml as a transaction: under a lock, the edit is
    applied to the current file, checked against the corpus, and only then written (atomically)."""
    from genai_build.config import CURATION_FILE
    from genai_build.content import edit_curation
    from genai_build.corpus import curation_edit

    project = Project(Path(args.root))
    action = args.action
    if action == "merge":
        edit = partial(curation_edit.merge, sources=args.ids, target=args.into)
    elif action == "split":
        edit = partial(curation_edit.split, qid=args.id, occurrences=args.occurrences)
    elif action == "distinct":
        edit = partial(curation_edit.distinct, qid=args.id, other=args.other)
    elif action == "reword":
        edit = partial(curation_edit.reword, qid=args.id, wording=_given_text(args.wording, "the wording"))
    elif action == "answer":
        replacement = _answer_file(args.file) if args.file else args.replace
        edit = partial(curation_edit.answer, qid=args.id,
                       replacement=None if replacement is None else _given_text(replacement, "the answer"),
                       append=None if args.append is None else _given_text(args.append, "the text to append"))
    elif action == "retag":
        tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags is not None else None
        edit = partial(curation_edit.retag, qid=args.id, topic=args.topic, difficulty=args.difficulty, tags=tags)
    else:
        edit = partial(curation_edit.drop, qid=args.id, note=None if args.note is None else _given_text(args.note, "the note"))
    shown = display_path(project.content / CURATION_FILE)

    def change(text: str) -> str:
        try:
            return edit(text)
        except curation_edit.CurationEditError as exc:
            raise BuildError([error("curation.edit", str(exc), shown)]) from exc

    previous_handler: list = []

    def check(text: str) -> None:
        load_corpus(project, curation_text=text)
        # the edit is sound and is written next: from here Ctrl-C no longer stops the command, so
        # it never says "interrupted" of an edit that was in fact recorded
        previous_handler.extend(_ignore_interrupts())

    try:
        path = edit_curation(project.content, change, check)
        print(f"genai-build: {action} recorded in {display_path(path)}")
    except BuildError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"genai-build: {CURATION_FILE} left unchanged", file=sys.stderr)
        return int(exc.exit_code)
    finally:
        if previous_handler:
            signal.signal(signal.SIGINT, previous_handler[0])
    return ExitCode.OK


def _ignore_interrupts() -> list:
    """Ignore Ctrl-C from now on (main thread only); returns the handler to restore, if any."""
    if threading.current_thread() is not threading.main_thread():
        return []
    return [signal.signal(signal.SIGINT, signal.SIG_IGN)]


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
    a = actions.add_parser("distinct", help="two questions are different: the clustering keeps them apart, "
                                            "the review queue stops offering them")
    a.add_argument("id")
    a.add_argument("other")
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
    p.add_argument("--verbose", "-v", action="store_true", help="list every warning, the accepted ones too")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("add", help="add a dump: copy it into content/sources/, detect its layout, register it",
                       description="Copy FILE byte for byte into content/sources/, try every reader with the options it finds "
                                   "plausible, keep the best-scored reading, and append the entry to content/sources.yaml "
                                   "(comments and order kept). Prints the dump's check row, the choice, why, and the runner-up.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--title", help="the dump's title (default: its first '# ' heading, else the file name)")
    p.add_argument("--owner", help="who owns it (default: unknown)")
    p.add_argument("--origin", help="where it comes from (a URL, a repository path)")
    p.add_argument("--license", metavar="FILE", help="its licence notice, kept beside it in content/sources/LICENSES/ "
                                                     "and credited in the origin")
    p.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("corpus", help="print the canonical corpus", description="Print the corpus, as a list or as corpus.json.")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser("review", help="list the pairs of questions the clustering was unsure about",
                       description="The review queue: pairs of questions that may be one, most probable first, with "
                                   "both wordings, their dumps and the evidence. Accept one with `curate merge`, "
                                   "reject it with `curate distinct`.")
    p.add_argument("--limit", type=int, default=None, help="show only the first N pairs")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_review)

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


def run() -> int:
    """The `genai-build` command: main(), then Ctrl-C ignored while the interpreter shuts down, so a
    command that has finished its work is not reported as killed by an interrupt that came too late."""
    code = main()
    _ignore_interrupts()
    return code


if __name__ == "__main__":
    raise SystemExit(run())
