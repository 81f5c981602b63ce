"""Adding an output format takes one new folder (a writer package and its templates) and one
line in the WRITERS table: the build then writes it, caches it and reads it back like the others."""

from __future__ import annotations

import importlib
import textwrap

import pytest

from genai_build.diagnostics import BuildError
from genai_build.pipeline import Project, build
from genai_build.writers import WRITERS, Writer

TOY_PACKAGE = {
    "__init__.py": '''
        """The toy writer's entry for writers.WRITERS: build/toy/questions.txt, one line per question."""
        from genai_build.writers.base import ReadBack, Writer
        from toy_format.writer import OUTPUT, ids_in_toy, write

        WRITER = Writer("toy", "one line per question (build/toy/questions.txt)", write, (OUTPUT,),
                        read_back=ReadBack(OUTPUT, ids_in_toy))
        ''',
    "writer.py": '''
        from pathlib import Path

        from genai_build.fsutil import write_text_atomic
        from genai_build.writers.base import Written

        OUTPUT = "toy/questions.txt"
        SKIP = set()  # ids a broken edition would leave out

        def write(corpus, ctx):
            line = (ctx.template_dir("toy") / "line.txt").read_text(encoding="utf-8").strip()
            text = "".join(line.format(id=q.id, question=q.question) + "\\n" for q in corpus.questions if q.id not in SKIP)
            return Written((write_text_atomic(ctx.out_dir / OUTPUT, text),))

        def ids_in_toy(path: Path, known):
            return [line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if line.split(" ", 1)[0] in known]
        ''',
}


@pytest.fixture
def toy(scratch_project, tmp_path, monkeypatch):
    """The new folder (the package, and its templates in the project) and the one table line."""
    package = tmp_path / "plugins" / "toy_format"
    package.mkdir(parents=True)
    for name, text in TOY_PACKAGE.items():
        (package / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (scratch_project / "templates" / "toy").mkdir()
    (scratch_project / "templates" / "toy" / "line.txt").write_text("{id} {question}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    module = importlib.import_module("toy_format")
    monkeypatch.setitem(WRITERS, "toy", module.WRITER)  # the one table line
    yield Project(scratch_project), importlib.import_module("toy_format.writer")
    for name in ("toy_format", "toy_format.writer"):
        __import__("sys").modules.pop(name, None)


def test_a_new_format_is_built_cached_and_read_back(toy, tmp_path):
    project, toy_writer = toy
    out = tmp_path / "out"
    first = build(project, out, ["toy"])
    lines = (out / "toy" / "questions.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [q.id for q in first.assembled.corpus.questions]
    assert out / "toy" / "questions.txt" in first.written and "toy" not in first.skipped

    again = build(project, out, ["toy"])  # nothing changed: the cache says so
    assert "toy" in again.skipped and not again.written

    (project.templates / "toy" / "line.txt").write_text("{id}  {question}\n", encoding="utf-8")  # its templates count
    changed = build(project, out, ["toy"])
    assert "toy" not in changed.skipped and out / "toy" / "questions.txt" in changed.written


def test_a_new_format_that_drops_a_question_fails_the_build(toy, tmp_path):
    project, toy_writer = toy
    corpus_first = build(project, tmp_path / "first", ["corpus"]).assembled.corpus
    toy_writer.SKIP.add(corpus_first.questions[3].id)
    with pytest.raises(BuildError) as raised:
        build(project, tmp_path / "out", ["toy"])
    assert [d.code for d in raised.value.diagnostics] == ["consistency.missing"]
    assert corpus_first.questions[3].id in raised.value.diagnostics[0].message


def test_a_writer_without_a_read_back_cannot_be_registered():
    write = WRITERS["corpus"].write
    with pytest.raises(TypeError):
        Writer("toy", "no read-back", write, ("toy.txt",))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="read_back"):
        Writer("toy", "no read-back", write, ("toy.txt",), read_back=None)  # type: ignore[arg-type]
