"""Writers, one package per output format, registered in WRITERS in build order.

Adding a format: a package writers/<format>/ whose __init__ defines WRITER (writers.base.Writer:
its write function, outputs, read-back and libraries), its templates in templates/<format>/,
and one line in the table below (docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from genai_build.writers import anki, corpus, epub, markdown, pdf, report
from genai_build.writers.base import ReadBack, WriteContext, Writer, Written

WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (corpus.WRITER, markdown.WRITER, anki.WRITER, epub.WRITER, pdf.WRITER, report.WRITER)
}


def write_context(out_dir: Path, templates_dir: Path, epoch: int, **more: Any) -> WriteContext:
    """A context as the pipeline makes it: every registered writer's outputs known to the others."""
    return WriteContext(out_dir, templates_dir, epoch, editions={w.name: w.outputs for w in WRITERS.values()}, **more)


__all__ = ["WRITERS", "ReadBack", "WriteContext", "Writer", "Written", "write_context"]
