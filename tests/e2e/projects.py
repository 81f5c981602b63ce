"""Small projects for tests of the build itself: the real book, topics and templates, one small dump."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def small_project(folder: Path, dump: str | bytes | None = None, *, fixture: str = "small") -> Path:
    """content/ with the real book.yaml and topics.yaml, no curation, and the dumps of tests/fixtures/<fixture>/
    (the dump replaced by `dump` if given); the real templates/."""
    content = folder / "content"
    (content / "sources").mkdir(parents=True)
    for name in ("book.yaml", "topics.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    (content / "curation.yaml").write_text("decisions: {}\n", encoding="utf-8")
    source = FIXTURES / fixture
    shutil.copy(source / "sources.yaml", content / "sources.yaml")
    for path in source.iterdir():
        if path.name != "sources.yaml":
            shutil.copy(path, content / "sources" / path.name)
    if dump is not None:
        target = next(p for p in (content / "sources").iterdir())
        target.write_bytes(dump.encode("utf-8") if isinstance(dump, str) else dump)
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder
