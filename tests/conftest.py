"""Shared fixtures: the project root, a scratch copy of it, and a built corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    """A copy of content/ and templates/ to break on purpose."""
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture(scope="session")
def corpus():
    """The real corpus, assembled once per session (the id lock is read, not written)."""
    from genai_build.pipeline import Project, load_corpus

    assembled, _ = load_corpus(Project(ROOT), epoch=1_700_000_000, update_lock=False)
    return assembled.corpus


BUILD_EPOCH = "1767225600"  # 2026-01-01: a fixed SOURCE_DATE_EPOCH for reproducible test builds


def run_build(project: Path, out: Path, *extra: str, network: bool = True, env: dict | None = None):
    """Build `project` into `out` in a child process, optionally with networking switched off."""
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "genai_build", "--root", str(project), "build", "--quiet", "--out", str(out), *extra]
    if not network:
        command = ["unshare", "--net", "--", *command]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=full_env, timeout=900)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Every output of the real content, built once per test session from a scratch copy."""
    project = tmp_path_factory.mktemp("project")
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, project / part)
    out = project / "build"
    done = run_build(project, out)
    assert done.returncode == 0, done.stderr
    return out


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that compares with a golden file (`make golden` runs `-m golden`)."""
    for item in items:
        names = getattr(getattr(item, "function", None), "__code__", None)
        if names is not None and {"assert_golden", "assert_golden_tree"} & set(names.co_names):
            item.add_marker(pytest.mark.golden)
