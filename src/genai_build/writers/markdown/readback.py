"""The Markdown edition read back: question anchors of the topic pages, in the index's order."""

from __future__ import annotations

import re
from pathlib import Path

from genai_build.writers.markdown.writer import ANCHOR_PREFIX

_ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')
_PAGE_LINK = re.compile(r"\]\(([a-z0-9-]+\.md)(?:#[^)]*)?\)")


def ids_in_markdown(folder: Path, known: set[str]) -> list[str]:
    index = (folder / "README.md").read_text(encoding="utf-8")
    found = []
    for name in dict.fromkeys(_PAGE_LINK.findall(index)):
        text = (folder / name).read_text(encoding="utf-8")
        found += [a[len(ANCHOR_PREFIX):] for a in _ID_ATTRIBUTE.findall(text) if a.startswith(ANCHOR_PREFIX)]
    return [qid for qid in found if qid in known]
