"""The markdown writer: its WRITER entry for writers.WRITERS (code in writer.py and the modules beside it)."""

from genai_build.writers.markdown.writer import WRITER

__all__ = ["WRITER"]
