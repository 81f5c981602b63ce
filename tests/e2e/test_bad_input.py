"""Bad input: a clear `path:line` message, a non-zero exit, and nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_build.cli import main
from genai_build.diagnostics import BuildError
from genai_build.readers import READERS, SourceText

DUMP = "001_bbd2879245b74494.txt"


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def dump_path(project: Path) -> Path:
    return project / "content" / "sources" / DUMP


@pytest.mark.parametrize("name, exit_code", [("sources.yaml", 2), ("book.yaml", 2), ("topics.yaml", 2), ("curation.yaml", 1)])
def test_malformed_yaml_names_file_and_line(scratch_project, capsys, name, exit_code):
    path = scratch_project / "content" / name
    lines = path.read_text().splitlines()
    lines.insert(3, "  broken: [unclosed")
    path.write_text("\n".join(lines) + "\n")
    assert run(scratch_project, "check") == exit_code
    err = capsys.readouterr().err
    assert f"{name}:" in err and "error: malformed YAML" in err and "[config.yaml]" in err
    reported_line = int(err.split(f"{name}:")[1].split(":")[0])
    assert 4 <= reported_line <= len(lines) + 1


def test_unknown_key_in_registry(scratch_project, capsys):
    path = scratch_project / "content" / "sources.yaml"
    path.write_text(path.read_text().replace("    reader: q-prefixed-text\n", "    reader: q-prefixed-text\n    colour: blue\n"))
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "colour" in l)
    assert run(scratch_project, "check") == 2
    assert f"sources.yaml:{line}: error: unknown key 'colour'" in capsys.readouterr().err


def test_missing_dump_file(scratch_project, capsys):
    dump_path(scratch_project).unlink()
    assert run(scratch_project, "check") == 2
    assert "error: no such dump: content/sources/" + DUMP in capsys.readouterr().err


def test_empty_dump(scratch_project, capsys):
    dump_path(scratch_project).write_bytes(b"\n  \n")
    assert run(scratch_project, "check") == 1
    assert f"{DUMP}:1: error: dump is empty [source.empty]" in capsys.readouterr().err


def test_binary_dump(scratch_project, capsys):
    dump_path(scratch_project).write_bytes(b"Q. What?\nline two\n\x00\x01\x02binary")
    assert run(scratch_project, "check") == 1
    assert f"{DUMP}:3: error: dump looks binary" in capsys.readouterr().err


def test_dump_not_utf8_names_the_encoding_tried(scratch_project, capsys):
    dump_path(scratch_project).write_bytes("Q. What is a café?\n\nIt is a place.\nQ. Naïve?\n".encode("latin-1"))
    assert run(scratch_project, "check") == 1
    err = capsys.readouterr().err
    assert f"{DUMP}:1: error: not UTF-8 (tried utf-8" in err and "[source.encoding]" in err


def test_enormous_dump_is_refused_without_reading_it(scratch_project, capsys):
    with dump_path(scratch_project).open("r+b") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: no 40 MB written
    assert run(scratch_project, "check") == 1
    assert "over the 33,554,432-byte limit" in capsys.readouterr().err


def test_curation_unknown_id(scratch_project, capsys):
    (scratch_project / "content" / "curation.yaml").write_text("# editors\ndecisions:\n  not-a-question:\n    topic: rag\n")
    assert run(scratch_project, "check") == 1
    assert "curation.yaml:3: error: no question has the id 'not-a-question' [curation.unknown-id]" in capsys.readouterr().err


def test_template_error_names_template_and_line(scratch_project, capsys, tmp_path):
    template = scratch_project / "templates" / "markdown" / "index.md.j2"
    template.write_text("# {{ corpus.book.title }}\n\n{% for topic in topics %}\nunclosed loop\n")
    assert run(scratch_project, "build", "--quiet", "--format", "markdown", "--out", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert "index.md.j2:" in err and "[template.syntax]" in err


def test_failed_build_leaves_previous_output_intact(scratch_project, capsys, tmp_path):
    out = tmp_path / "out"
    assert run(scratch_project, "build", "--quiet", "--format", "markdown", "--out", str(out)) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    dump_path(scratch_project).write_bytes(b"")
    assert run(scratch_project, "build", "--quiet", "--format", "markdown", "--out", str(out)) == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts}
    assert after == before
    assert not [p for p in out.rglob("*.tmp")]


@pytest.mark.parametrize("reader", sorted(READERS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["Q. What is X?", "1. **What?**", "## Heading", "---", "", " ", "- Answer:",
                                   "Q12.  What  is", "❖", "➢ item", "| a | b |", "```", "Beginner's Level", "?"]),
                  max_size=40).map("\n".join))
def test_readers_never_crash(reader, text):
    """Any text gives questions or a diagnostic naming the file (BuildError), never a traceback."""
    try:
        result = READERS[reader].read(SourceText("fuzz.txt", "fuzz.txt", text), {})
    except BuildError as exc:
        assert exc.diagnostics and all(d.path == "fuzz.txt" and d.is_error for d in exc.diagnostics)
        return
    for question in result.questions:
        assert question.question.strip()
        assert 1 <= question.line <= text.count("\n") + 1


def test_bad_reader_option_is_a_configuration_error(scratch_project, capsys):
    registry = scratch_project / "content" / "sources.yaml"
    registry.write_text(registry.read_text().replace("question_level: 2", "question_level: 2\n      colour: blue"))
    assert run(scratch_project, "check") == 2
    err = capsys.readouterr().err
    assert "sources.yaml:" in err and "004_034ba432b6f80818.txt: unknown option 'colour'" in err and "[config.reader-option]" in err
