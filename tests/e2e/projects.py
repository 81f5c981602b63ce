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


def build_in_process(project: Path, out: Path, *args: str) -> int:
    """`genai-build --root project build --quiet --out out *args` in this process; its exit status."""
    from genai_build.cli import main

    return main(["--root", str(project), "build", "--quiet", "--out", str(out), *args])


def published(folder: Path) -> dict[str, bytes]:
    """Every file a build published under `folder` (not its cache, not its lock), by relative path."""
    from genai_build import publish

    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != publish.LOCK}
