"""The pipeline's own promises: every dump's problems reported together, and cached reads that
name files correctly whatever folder the build runs from."""

from __future__ import annotations

from pathlib import Path

from genai_build.cli import main


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def test_bad_reader_options_in_two_dumps_are_both_reported(scratch_project, capsys):
    registry = scratch_project / "content" / "sources.yaml"
    text = registry.read_text()
    text = text.replace("question_level: 2", "question_level: 2\n      colour: blue")  # 004
    text = text.replace("max_indent: 0", "max_indent: deep")  # 000
    registry.write_text(text)
    assert run(scratch_project, "check") == 2
    err = capsys.readouterr().err
    assert "004_034ba432b6f80818.txt: unknown option 'colour'" in err
    assert "000_b463d273d413d0af.txt: option 'max_indent'" in err
    assert run(scratch_project, "build", "--quiet", "--format", "corpus", "--out", str(scratch_project / "out")) == 2
    err = capsys.readouterr().err
    assert "'colour'" in err and "'max_indent'" in err
    assert not (scratch_project / "out" / "corpus.json").exists()  # nothing written


def test_cached_reads_name_files_from_the_folder_the_build_runs_in(scratch_project, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.chdir(scratch_project)
    assert run(scratch_project, "build", "-v", "--quiet", "--format", "corpus", "--out", str(out)) == 0
    first = capsys.readouterr().err
    assert "content/sources/002_ce093a7371731c0f.txt:" in first and "warning:" in first
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # same cache, another working folder: paths as seen from here
    assert run(scratch_project, "build", "-v", "--quiet", "--format", "corpus", "--out", str(out)) == 0
    second = capsys.readouterr().err
    dump = str((scratch_project / "content" / "sources" / "002_ce093a7371731c0f.txt").resolve())
    assert f"{dump}:" in second
    assert "\ncontent/sources/" not in "\n" + second  # no path relative to the first folder left in the cache
    assert first.count("warning:") == second.count("warning:")
