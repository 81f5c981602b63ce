"""Jupyter notebooks (`.ipynb`) as the Markdown every reader reads, with exact line numbers.

A notebook is JSON; its Markdown cells hold the questions and answers, its code cells code. The
view keeps one line per line of the file: each line of a cell's source (Jupyter saves one JSON
string per source line) becomes that text, the source array's brackets of a code cell become a
code fence, and every other line of the JSON (keys, outputs, metadata) a blank line. Cells are
thus blocks apart, code stays code, and a warning at line N points at line N of the notebook.
Outputs are never read: they are results, not the author's text.
"""

from __future__ import annotations

import json
import re

from genai_build.diagnostics import Diagnostic, error

_SOURCE_OPEN = re.compile(r'^\s*"source":\s*\[\s*$')
_SOURCE_CLOSE = re.compile(r"^\s*\],?\s*$")
_FENCE = "~~~~~~"  # a code cell's fence: longer than any a cell's own Markdown would use


def is_notebook(name: str) -> bool:
    return name.lower().endswith(".ipynb")


def notebook_markdown(text: str, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The notebook's Markdown view (same line count as the file), or an error naming the problem."""
    try:
        cells = json.loads(text).get("cells")
    except (json.JSONDecodeError, AttributeError) as exc:
        line = getattr(exc, "lineno", None)
        return None, [error("source.notebook", f"not a Jupyter notebook ({getattr(exc, 'msg', 'no cells')})", display, line)]
    if not isinstance(cells, list):
        return None, [error("source.notebook", "not a Jupyter notebook (no list of cells)", display, 1)]
    lines = text.split("\n")
    view = [""] * len(lines)
    opening_fence = _FENCE + _language(json.loads(text))
    index = 0
    for number, cell in enumerate(cells, start=1):
        while index < len(lines) and not _SOURCE_OPEN.match(lines[index]):
            index += 1
        if index >= len(lines):
            return None, [_unsaved(display, number)]
        opening, index = index, index + 1
        pieces = []
        while index < len(lines) and not _SOURCE_CLOSE.match(lines[index]):
            try:
                piece = json.loads(lines[index].strip().removesuffix(","))
            except json.JSONDecodeError:
                return None, [_unsaved(display, number, index + 1)]
            if not isinstance(piece, str) or "\n" in piece.rstrip("\n"):
                return None, [_unsaved(display, number, index + 1)]
            pieces.append(piece)
            view[index] = piece.rstrip("\n")
            index += 1
        source = cell.get("source") if isinstance(cell, dict) else None
        if "".join(pieces) != ("".join(source) if isinstance(source, list) else source):
            return None, [_unsaved(display, number, opening + 1)]
        if isinstance(cell, dict) and cell.get("cell_type") == "code" and pieces:
            view[opening], view[min(index, len(lines) - 1)] = opening_fence, _FENCE
        elif isinstance(cell, dict) and cell.get("cell_type") != "markdown":
            view[opening + 1:index] = [""] * (index - opening - 1)  # raw cells are not the author's prose
    return "\n".join(view), []


def _language(notebook: dict) -> str:
    """The code cells' language, for the fence's info string ('' when the notebook does not say)."""
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    for key in ("language_info", "kernelspec"):
        entry = metadata.get(key)
        name = entry.get("language" if key == "kernelspec" else "name") if isinstance(entry, dict) else None
        if isinstance(name, str) and re.fullmatch(r"[\w+#.-]+", name):
            return name.lower()
    return ""


def _unsaved(display: str, cell: int, line: int | None = None) -> Diagnostic:
    return error("source.notebook", f"cell {cell}: the notebook is not laid out as Jupyter saves it (one JSON string "
                 "per source line), so its lines cannot be named; open and save it in Jupyter, or convert it with "
                 "`jupyter nbconvert --to markdown` and add the Markdown", display, line)
