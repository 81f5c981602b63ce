"""Turning a dump's bytes into text, or a clear diagnostic: empty, binary, not UTF-8, too big."""

from __future__ import annotations

from pathlib import Path

from genai_build.diagnostics import Diagnostic, error, warning
from genai_build.readers.base import SourceText

MAX_DUMP_BYTES = 32 * 1024 * 1024  # far above any real dump; a bigger file is a mistake


def decode_source(path: Path, name: str, display: str) -> tuple[SourceText | None, list[Diagnostic]]:
    size = path.stat().st_size
    if size > MAX_DUMP_BYTES:
        return None, [error("source.too-large", f"dump is {size:,} bytes, over the {MAX_DUMP_BYTES:,}-byte limit: is it the right file?", display)]
    data = path.read_bytes()
    if not data.strip():
        return None, [error("source.empty", "dump is empty", display, 1)]
    if b"\x00" in data[:8192]:
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
    problems = []
    if "\x00" in text:  # past the first 8 KB (above): text with stray NUL bytes, which no edition may carry
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(warning("source.nul", f"{text.count(chr(0))} NUL bytes removed (the first on this line)", display, line))
        text = text.replace("\x00", "")
    return SourceText(name=name, display=display, text=text), problems
