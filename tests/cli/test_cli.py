"""The command line: help, exit codes, diagnostics as path:line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from genai_build.cli import main


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["corpus"]])
def test_help_on_every_command(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: genai-build" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["publish"])
    assert exit_info.value.code == 2


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--format", "docx"])
    assert exit_info.value.code == 2


def test_check_on_the_real_content_passes(project_root, capsys):
    assert main(["--root", str(project_root), "check"]) == 0
    out = capsys.readouterr().out
    assert "\n000_b463d273d413d0af.txt " in out and "corpus:" in out  # a row of the per-dump table


def test_unknown_reader_names_registry_line(scratch_project, capsys):
    registry = scratch_project / "content" / "sources.yaml"
    text = registry.read_text()
    registry.write_text(text.replace("reader: q-prefixed-text", "reader: no-such-reader"))
    line = next(i for i, l in enumerate(registry.read_text().splitlines(), 1) if "no-such-reader" in l)
    assert main(["--root", str(scratch_project), "check"]) == 2
    err = capsys.readouterr().err
    assert f"sources.yaml:{line}: error: unknown reader 'no-such-reader'" in err
    assert "[config.unknown-reader]" in err


def test_content_error_exits_1_with_path_and_line(scratch_project, capsys):
    curation = scratch_project / "content" / "curation.yaml"
    curation.write_text("decisions:\n  no-such-question:\n    drop: true\n")
    assert main(["--root", str(scratch_project), "check"]) == 1
    assert "curation.yaml:2: error: no question has the id 'no-such-question' [curation.unknown-id]" in capsys.readouterr().err


def test_console_script_runs_as_module():
    done = subprocess.run([sys.executable, "-m", "genai_build", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("genai-build ")
