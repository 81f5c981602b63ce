"""Readers, one per layout, registered in READERS; `content/sources.yaml` picks one per dump."""

from __future__ import annotations

from typing import Any, Mapping

from genai_build.readers import (
    chunked_pdf,
    collapsible_blocks,
    markdown_headings,
    numbered_levels_text,
    numbered_questions,
    plain_questions,
    q_prefixed_text,
    table_file,
)
from genai_build.readers.base import Reader, ReaderResult, RawQuestion, SourceText
from genai_build.readers.checks import check_questions
from genai_build.readers.decode import decode_dump
from genai_build.readers.furniture import strip_furniture

# distributions whose version can change what the readers find (for the read cache's keys)
LIBRARIES = ("ruamel.yaml", "markdown-it-py")

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        # generic layouts: a new dump in one of these needs only a registry entry
        markdown_headings.READER,
        numbered_questions.READER,
        q_prefixed_text.READER,
        table_file.READER,
        collapsible_blocks.READER,
        plain_questions.READER,  # last of the generic ones: unmarked lines are the weakest evidence
        # layouts of one dump each
        chunked_pdf.READER,
        numbered_levels_text.READER,
    )
}



def run_reader(reader: str, source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    """One dump through one reader, then what every reader shares: furniture removed, the checks run.

    Raises ConfigError for a bad option and BuildError for a dump the reader cannot parse."""
    result = strip_furniture(source, READERS[reader].read(source, options))
    checked = check_questions(source, result.questions, reader)
    return ReaderResult(result.questions, tuple(sorted((*result.diagnostics, *checked), key=lambda d: (d.line or 0, d.code))))


__all__ = ["LIBRARIES", "READERS", "run_reader", "Reader", "ReaderResult", "RawQuestion", "SourceText", "decode_dump"]
