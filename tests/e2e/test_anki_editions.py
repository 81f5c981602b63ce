"""Anki editions built by the real pipeline: two checkouts in different folders give the same
packages, and an edit to one question moves one line of content/anki.lock and one note's time."""

from __future__ import annotations

import shutil
import subprocess
import sqlite3
import zipfile
from pathlib import Path

import pytest

from genai_build.writers.anki.notes import note_guid
from tests.conftest import ROOT, run_build

pytestmark = pytest.mark.slow


def checkout(target: Path) -> Path:
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, target / part)
    return target


def anki_files(out: Path) -> dict[str, bytes]:
    folder = out / "anki"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.apkg"))}


def note_times(package: Path) -> dict[str, int]:
    with zipfile.ZipFile(package) as apkg:
        data = apkg.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        return {guid: mod for guid, mod in conn.execute("select guid, mod from notes")}
    finally:
        conn.close()


def lock_lines(project: Path) -> dict[str, str]:
    text = (project / "content" / "anki.lock").read_text(encoding="utf-8")
    return {line.split(" ", 1)[0]: line for line in text.splitlines() if line and not line.startswith("#")}


def test_two_checkouts_build_the_same_packages_and_an_edit_moves_one_note(tmp_path):
    first = checkout(tmp_path / "first" / "checkout")
    second = checkout(tmp_path / "somewhere" / "else" / "genai-build")
    for project in (first, second):
        done = run_build(project, project / "build", "--format", "anki")
        assert done.returncode == 0, done.stderr
    assert anki_files(first / "build") == anki_files(second / "build")
    assert (first / "content" / "anki.lock").read_bytes() == (second / "content" / "anki.lock").read_bytes()

    # the editors fix one answer in the second checkout: one lock line and one note time change
    before_lock, before_times = lock_lines(second), note_times(second / "build" / "anki" / "genai-interview-handbook.apkg")
    curation = second / "content" / "curation.yaml"
    curated = curation.read_text(encoding="utf-8")
    question_id = next(k for k, line in before_lock.items() if " live " in line and f"  {k}:" not in curated)
    curation.write_text(curation.read_text(encoding="utf-8") + f"  {question_id}:\n    answer: A corrected answer.\n", encoding="utf-8")
    done = run_build(second, second / "build", "--format", "anki")
    assert done.returncode == 0, done.stderr
    after_lock = lock_lines(second)
    assert {k for k in after_lock if after_lock[k] != before_lock.get(k)} == {question_id}
    after_times = note_times(second / "build" / "anki" / "genai-interview-handbook.apkg")
    assert {g for g in after_times if after_times[g] != before_times[g]} == {note_guid(question_id)}
    assert after_times[note_guid(question_id)] > before_times[note_guid(question_id)]


def _is_git_checkout() -> bool:
    return shutil.which("git") is not None and (ROOT / ".git").exists()


@pytest.mark.skipif(not _is_git_checkout(), reason="needs a git checkout to clone")
def test_two_fresh_clones_build_byte_identical_packages(tmp_path):
    """Timestamps from git (no SOURCE_DATE_EPOCH): two clones in different folders agree byte for byte."""
    outputs = []
    for name in ("a/clone", "b/deeper/other-name"):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True, capture_output=True)
        done = run_build(clone, clone / "build", "--format", "anki", env={"SOURCE_DATE_EPOCH": ""})
        assert done.returncode == 0, done.stderr
        outputs.append((anki_files(clone / "build"), (clone / "content" / "anki.lock").read_bytes()))
    assert outputs[0] == outputs[1]
