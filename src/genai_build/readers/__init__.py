"""Readers, one per layout, registered in READERS; `content/sources.yaml` picks one per dump."""

from __future__ import annotations

from genai_build.readers import (
    aishwarya_markdown,
    chunked_pdf_text,
    markdown_headings,
    numbered_levels_text,
    q_prefixed_text,
)
from genai_build.readers.base import Reader, ReaderResult, RawQuestion, SourceText
from genai_build.readers.decode import decode_source

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (
        aishwarya_markdown.READER,
        q_prefixed_text.READER,
        chunked_pdf_text.READER,
        numbered_levels_text.READER,
        markdown_headings.READER,
    )
}

__all__ = ["READERS", "Reader", "ReaderResult", "RawQuestion", "SourceText", "decode_source"]
