"""Writers, one per output format, registered in WRITERS in build order."""

from __future__ import annotations

from genai_build.writers import anki, corpus, epub, markdown, pdf, report
from genai_build.writers.base import WriteContext, Writer

WRITERS: dict[str, Writer] = {
    writer.name: writer
    for writer in (corpus.WRITER, markdown.WRITER, anki.WRITER, epub.WRITER, pdf.WRITER, report.WRITER)
}

__all__ = ["WRITERS", "WriteContext", "Writer"]
