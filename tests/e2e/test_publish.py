"""The output folder: the build owns only what it wrote, publishes all its editions or none, one build at a time."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from genai_build import pipeline, publish
from genai_build.diagnostics import BuildError, error
from genai_build.writers import WRITERS

from .projects import ROOT, build_in_process, published

QUICK = ("-f", "markdown", "-f", "report")  # with the corpus, always written: a build in about a second


def build(project: Path, out: Path, *formats: str) -> int:
    return build_in_process(project, out, *(formats or QUICK))


def remove_question(project: Path, heading: str) -> None:
    dump = project / "content" / "sources" / "small.md"
    text = dump.read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    dump.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")


@pytest.mark.parametrize("where", ["/", "content", "content/sources", "templates", ".", ".."])
def test_out_refuses_folders_it_cannot_own(project, capsys, where):
    out = Path(where) if where == "/" else (project / where)
    before = {p: p.stat().st_mtime_ns for p in project.rglob("*")}
    assert build(project, out) == 2
    err = capsys.readouterr().err
    assert f"error: refusing to build into {out}" in err and "[usage.out]" in err and "Traceback" not in err
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*")} == before  # nothing written anywhere


def test_out_refuses_a_file(project, capsys):
    target = project / "notes.txt"
    target.write_text("mine\n")
    assert build(project, target) == 2
    assert "it is a file, not a folder" in capsys.readouterr().err
    assert target.read_text() == "mine\n"


def test_out_refuses_a_foreign_non_empty_folder(project, tmp_path, capsys):
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"\xff\xd8")
    (out / "markdown").mkdir()
    (out / "markdown" / "diary.md").write_text("dear diary\n")
    assert build(project, out) == 2
    assert "not made by genai-build (it holds holiday.jpg)" in capsys.readouterr().err
    assert published(out) == {"holiday.jpg": b"\xff\xd8", "markdown/diary.md": b"dear diary\n"}


def test_out_accepts_a_new_an_empty_and_a_legacy_build_folder(project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    legacy = tmp_path / "legacy"  # built before manifests: only the build's own names
    (legacy / "markdown").mkdir(parents=True)
    (legacy / "markdown" / "README.md").write_text("old\n")
    (legacy / ".built").write_text("")
    for out in (tmp_path / "new" / "deeper", empty, legacy):
        assert build(project, out) == 0
        assert (out / publish.MANIFEST).is_file() and (out / "markdown" / "README.md").read_text() != "old\n"
    assert (legacy / ".built").exists()  # not the build's: kept


def test_rebuild_removes_only_its_own_stale_files(project, tmp_path):
    out = tmp_path / "out"
    assert build(project, out) == 0
    assert (out / "markdown" / "image-generation.md").exists()
    (out / "markdown" / "my-notes.md").write_text("mine\n")  # the user's files inside the build's folder
    (out / "anki").mkdir()
    (out / "anki" / "my-deck.apkg").write_bytes(b"mine")
    remove_question(project, "## What is a GAN?")
    assert build(project, out) == 0
    assert not (out / "markdown" / "image-generation.md").exists()  # the build's page of a topic now gone
    assert (out / "markdown" / "my-notes.md").read_text() == "mine\n"
    assert (out / "anki" / "my-deck.apkg").read_bytes() == b"mine"
    manifest = json.loads((out / publish.MANIFEST).read_text())
    assert "markdown/my-notes.md" not in manifest["files"]["markdown"]
    assert not (out / publish.STAGING).exists() and not (out / publish.PENDING).exists()


def test_an_edition_failing_its_read_back_is_never_published(project, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert build(project, out) == 0
    before = published(out)
    remove_question(project, "## What is a GAN?")
    real = pipeline.check_output

    def markdown_loses_a_question(writer, corpus, folder):
        return [error("consistency.missing", "1 of 3 questions missing")] if writer.name == "markdown" else real(writer, corpus, folder)

    monkeypatch.setattr(pipeline, "check_output", markdown_loses_a_question)
    assert build(project, out) == 1
    assert "consistency.missing" in capsys.readouterr().err
    assert published(out) == before  # neither the bad edition nor the good ones: nothing mixed
    monkeypatch.setattr(pipeline, "check_output", real)
    assert build(project, out) == 0 and published(out) != before


def test_a_crashing_writer_leaves_the_previous_outputs_whole(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(project, out) == 0
    before = published(out)
    remove_question(project, "## What is a GAN?")

    def crash(corpus, ctx):
        (ctx.out_dir / "genai-interview-handbook.pdf").write_bytes(b"%PDF-1.7 half")
        raise RuntimeError("the PDF library crashed")

    monkeypatch.setitem(WRITERS, "pdf", replace(WRITERS["pdf"], write=crash))
    monkeypatch.delitem(pipeline.BACKGROUND, "pdf")  # written in the build's thread
    with pytest.raises(RuntimeError):
        pipeline.build(pipeline.Project(project), out, ["markdown", "report", "pdf"], quiet=True)
    assert published(out) == before
    assert not (out / publish.STAGING).exists()


def test_a_second_build_into_the_same_folder_fails_clearly(project, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(project, out) == 0
    before = published(out)
    holder = publish._lock(out)  # a build in progress
    try:
        assert build(project, out) == 2
        err = capsys.readouterr().err
        assert f"another build is writing into {out} (process {os.getpid()})" in err and "Traceback" not in err
        assert published(out) == before
    finally:
        holder.close()
    assert build(project, out) == 0


def test_a_publication_cut_short_is_finished_by_the_next_build(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(project, out) == 0
    remove_question(project, "## What is a GAN?")
    moved = []
    real_replace = os.replace

    def killed_after_two_moves(source, target):
        if (out / publish.PENDING).exists() and publish.STAGING in str(source):  # publishing
            if len(moved) == 2:
                raise KeyboardInterrupt  # the build dies in the middle of the swap
            moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", killed_after_two_moves)
    monkeypatch.setattr(publish.shutil, "rmtree", lambda *a, **k: None)  # as after kill -9: staging left behind
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(pipeline.Project(project), out, ["markdown"], quiet=True)
    assert (out / publish.PENDING).exists()
    monkeypatch.undo()
    # the next build, even one with nothing to write, first completes the swap
    assert build(project, out, "-f", "corpus") == 0
    assert not (out / publish.PENDING).exists() and not (out / "markdown" / "image-generation.md").exists()
    assert pipeline.check_output(pipeline.WRITERS["markdown"], pipeline.load_corpus(pipeline.Project(project), update_lock=False)[0].corpus, out) == []


def test_the_repository_build_folder_is_accepted(tmp_path):
    publish.check_out_folder(ROOT / "build", ROOT)  # the default --out
    with pytest.raises(BuildError):
        publish.check_out_folder(ROOT / "src", ROOT)  # not empty, not the build's


def test_a_second_ctrl_c_during_the_clean_up_still_removes_the_staging_folder(tmp_path, monkeypatch):
    """Trap: Ctrl-C pressed twice (or handled late) landed in the removal of the staging folder,
    cut it short, and left the folder behind an interrupted build."""
    import shutil
    import signal
    project, out = tmp_path / "project", tmp_path / "out"
    project.mkdir()
    real_rmtree = shutil.rmtree
    # Ctrl-C handled as in a terminal, even where the tests run with it ignored (a background job)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)

    def interrupted_rmtree(path, *args, **kwargs):
        if Path(path).name == publish.STAGING:
            os.kill(os.getpid(), signal.SIGINT)  # the second Ctrl-C, as the clean-up starts
        real_rmtree(path, *args, **kwargs)

    try:
        with pytest.raises(KeyboardInterrupt, match="first"):
            with publish.publishing(out, project) as publication:
                (publication.staging / "half-written.pdf").write_bytes(b"%PDF")
                monkeypatch.setattr(publish.shutil, "rmtree", interrupted_rmtree)
                raise KeyboardInterrupt("first")  # the build interrupted by the first Ctrl-C
        assert not (out / publish.STAGING).exists()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C is handled again
    finally:
        signal.signal(signal.SIGINT, previous)
