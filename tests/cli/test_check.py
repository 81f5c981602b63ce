"""`genai-build check`: a table per dump, each oddity as path:line: warning: … [code], exit codes."""

from __future__ import annotations

import re

from genai_build.cli import main

DUMP_003 = "003_56c4a1881aa1859d.txt"


def test_check_prints_a_table_per_dump(project_root, capsys):
    assert main(["--root", str(project_root), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["file", "reader", "found", "unanswered", "warnings"]
    row = next(line for line in out if line.startswith(DUMP_003)).split()
    assert row[:3] == [DUMP_003, "numbered-levels-text", "60"] and row[3] == "0"
    assert any(line.startswith("total") for line in out)


def test_check_reports_oddities_as_path_line_warning_code(scratch_project, capsys):
    # Blank out question 5 (line 70): question 4's answer now ends in its glued copy, and 5 is missing.
    dump = scratch_project / "content" / "sources" / DUMP_003
    lines = dump.read_text(encoding="utf-8").split("\n")
    assert lines[69].startswith("5. How do you reduce bias")
    lines[69] = ""
    dump.write_text("\n".join(lines), encoding="utf-8")
    assert main(["--root", str(scratch_project), "check"]) == 0
    err = capsys.readouterr().err
    assert re.search(rf"{DUMP_003}:75: warning: numbering skips 5: 4 \(line 52\) is followed by 6 \[reader\.numbering\]", err)
    assert re.search(rf"{DUMP_003}:67: warning: text in the answer to line 52 looks like a question: "
                     r"'How do you reduce bias in generative AI models\?' \[reader\.question-in-answer\]", err)


def test_strict_makes_warnings_fail(project_root, capsys):
    # the real dumps have warnings (e.g. 003's lost formulas): fine by default, a failure with --strict
    assert main(["--root", str(project_root), "check", "--strict"]) == 1
    assert "[reader.lost-formula]" in capsys.readouterr().err


def test_check_folds_accepted_conditions_and_shows_topics_per_dump(project_root, capsys):
    assert main(["--root", str(project_root), "check"]) == 0
    captured = capsys.readouterr()
    assert "topics per dump:" in captured.out
    assert re.search(r"^  005_\w+\.md  .*agents \d+", captured.out, re.MULTILINE)
    assert re.search(r"004_034ba432b6f80818\.txt: accepted: .*24 \[reader\.unanswered\]", captured.err)
    assert "question has no answer in the dump" not in captured.err  # folded
    assert main(["--root", str(project_root), "check", "--verbose"]) == 0
    assert captured.err.count("\n") < capsys.readouterr().err.count("\n")
