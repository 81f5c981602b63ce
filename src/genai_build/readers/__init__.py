"""Readers, one per layout, registered in READERS; `content/sources.yaml` picks one per dump."""

from __future__ import annotations

from genai_build.readers import (
    chunked_pdf,
    markdown_headings,
    numbered_levels_text,
    numbered_questions,
    q_prefixed_text,
    table_file,
)
from genai_build.readers.base import Reader, ReaderResult, RawQuestion, SourceText
from genai_build.readers.decode import decode_dump

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        # generic layouts: a new dump in one of these needs only a registry entry
        markdown_headings.READER,
        numbered_questions.READER,
        q_prefixed_text.READER,
        table_file.READER,
        # layouts of one dump each
        chunked_pdf.READER,
        numbered_levels_text.READER,
    )
}

__all__ = ["READERS", "Reader", "ReaderResult", "RawQuestion", "SourceText", "decode_dump"]
