"""Cross-format consistency: every edition holds the corpus's questions, same ids, same order.

Each writer declares how its edition is read back (Writer.read_back, in its own package:
the zip and OPF spine of the EPUB, the SQLite collection of the .apkg, the named
destinations of the PDF, the anchors of the Markdown files in index order); the build
compares the ids found with the corpus and fails loudly on any difference, so an edition can
never silently drop, duplicate or reorder a question. A writer cannot be registered without
a read-back (writers.base.Writer refuses it).
"""

from __future__ import annotations

from pathlib import Path

from genai_build.diagnostics import Diagnostic, error
from genai_build.model import Corpus
from genai_build.writers.base import Writer


def check_output(writer: Writer, corpus: Corpus, out_dir: Path) -> list[Diagnostic]:
    """Compare the question ids of one written output with the corpus; [] when they agree."""
    read_back = writer.read_back
    path = out_dir / read_back.output
    expected = read_back.expected(corpus)
    try:
        found = read_back.ids(path, {q.id for q in corpus.questions})
    except Exception as exc:  # noqa: BLE001 - an unreadable output is itself the finding
        return [error("consistency.unreadable", f"cannot read the {writer.name} output back: {exc}", str(path))]
    if not read_back.ordered:
        expected, found = sorted(expected), sorted(found)
    if found == expected:
        return []
    return _differences(writer.name, expected, found, str(path))


def _differences(name: str, expected: list[str], found: list[str], shown: str) -> list[Diagnostic]:
    missing = [qid for qid in expected if qid not in set(found)]
    doubled = sorted({qid for qid in found if found.count(qid) > 1})
    problems = []
    if missing:
        problems.append(error("consistency.missing", f"{len(missing)} of {len(expected)} questions missing from the {name} edition, e.g. {', '.join(missing[:5])}", shown))
    if doubled:
        problems.append(error("consistency.duplicate", f"questions appear more than once in the {name} edition: {', '.join(doubled[:5])}", shown))
    if not problems:
        first = next((i for i, (a, b) in enumerate(zip(expected, found)) if a != b), min(len(expected), len(found)))
        shown_found = found[first] if first < len(found) else "nothing"
        problems.append(error("consistency.order", f"the {name} edition puts question {first + 1} as {shown_found!r}, the corpus has "
                                                   f"{expected[first] if first < len(expected) else 'nothing'!r}", shown))
    return problems
