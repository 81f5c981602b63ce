"""Turning a dump's bytes into text, or a clear diagnostic: empty, binary, not UTF-8.

The bytes are read (and refused when too big or not a regular file inside content/) by genai_build.content.
"""

from __future__ import annotations

from genai_build.diagnostics import Diagnostic, error
from genai_build.readers.base import SourceText
from genai_build.readers.dialects import markdown_view
from genai_build.readers.notebook import is_notebook, notebook_markdown

MAX_DUMP_BYTES = 32 * 1024 * 1024  # far above any real dump; a bigger file is a mistake


def decode_dump(data: bytes, name: str, display: str) -> tuple[SourceText | None, list[Diagnostic]]:
    if not data.strip():
        return None, [error("source.empty", "dump is empty", display, 1)]
    if b"\x00" in data:  # anywhere: a NUL past the first block would make an edition binary
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [error("source.binary", "dump looks binary (NUL byte); expected text", display, line)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error("source.encoding", f"not UTF-8 (tried utf-8: {exc.reason} at byte {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8", display, line)]
    # Line numbers count \n only, as editors do; normalise CR LF and lone CR.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_notebook(name):  # read as the Markdown of its cells, line for line
        view, problems = notebook_markdown(text, display)
        if view is None:
            return None, problems
        text = view
    text = markdown_view(name, text)  # Org, reStructuredText, AsciiDoc, HTML blocks: as Markdown, line for line
    return SourceText(name=name, display=display, text=text), []
