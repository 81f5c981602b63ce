"""The reader of text extracted from a PDF book in overlapping chunks (dump 002 and its like)."""

from genai_build.readers.chunked_pdf.reader import READER

__all__ = ["READER"]
