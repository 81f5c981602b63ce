"""`genai-build add`: one command copies a dump, detects its layout and registers it; every bad
input is refused with a clear message, a non-zero exit, and content/ left exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from genai_build.cli import main
from genai_build.pipeline import Project, read_all

from readers.layouts import LAYOUTS


def _snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def test_add_copies_detects_and_registers(scratch_project: Path, tmp_path: Path, capsys):
    dump = tmp_path / "bank.md"
    dump.write_bytes(LAYOUTS[0].path.read_bytes())
    registry = scratch_project / "content" / "sources.yaml"
    before = registry.read_text(encoding="utf-8")
    number = len([p for p in (scratch_project / "content" / "sources").iterdir() if p.is_file()])
    assert main(["--root", str(scratch_project), "add", str(dump), "--owner", "A. Person", "--origin", "a test"]) == 0
    out = capsys.readouterr().out
    name = f"{number:03d}_{hashlib.sha256(dump.read_bytes()).hexdigest()[:16]}.md"
    assert (scratch_project / "content" / "sources" / name).read_bytes() == dump.read_bytes()
    after = registry.read_text(encoding="utf-8")
    assert after.startswith(before) and f"- file: {name}\n    reader: collapsible-blocks\n" in after
    assert "title: 'Agent Engineer: Question Bank'" in after and "owner: A. Person" in after
    assert "collapsible-blocks" in out and "layout:" in out and "runner-up:" in out and f"{name}  collapsible-blocks" in out
    _, reports = read_all(Project(scratch_project))
    assert [q.line for q in reports[-1].questions] == list(LAYOUTS[0].lines)


def test_dry_run_writes_nothing(scratch_project: Path, capsys):
    before = _snapshot(scratch_project)
    assert main(["--root", str(scratch_project), "add", str(LAYOUTS[2].path), "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().out and _snapshot(scratch_project) == before


def _bad_inputs(tmp_path: Path, project: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.md").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "prose.md").write_text("# Notes\n\nNothing here asks anything.\n", encoding="utf-8")
    return {
        "missing": (tmp_path / "nope.md", "no such file"),
        "directory": (tmp_path, "is a folder"),
        "binary": (tmp_path / "binary.md", "binary"),
        "empty": (tmp_path / "empty.md", "empty"),
        "registered": (project / "content" / "sources" / "000_b463d273d413d0af.txt", "already registered"),
        "nothing fits": (tmp_path / "prose.md", "no layout fits"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "binary", "empty", "registered", "nothing fits"])
def test_bad_input_is_refused_and_content_unchanged(case: str, scratch_project: Path, tmp_path: Path, capsys):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    path, message = _bad_inputs(inputs, scratch_project)[case]
    before = _snapshot(scratch_project)
    assert main(["--root", str(scratch_project), "add", str(path)]) != 0
    err = capsys.readouterr().err
    assert message in err and "error:" in err and "Traceback" not in err
    assert _snapshot(scratch_project) == before


def test_reader_auto_detects_at_build_time(scratch_project: Path):
    layout = LAYOUTS[3]
    (scratch_project / "content" / "sources" / layout.fixture).write_bytes(layout.path.read_bytes())
    registry = scratch_project / "content" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + f"  - file: {layout.fixture}\n    reader: auto\n"
                        "    title: t\n    owner: o\n", encoding="utf-8")
    _, reports = read_all(Project(scratch_project))
    assert reports[-1].source.reader == "auto: numbered-questions"
    assert [q.line for q in reports[-1].questions] == list(layout.lines)
