"""`curate` edits are transactions: no lost update between two editors, a refused edit never touches another's,
and Ctrl-C at any moment leaves either the old file or the new, checked one (issue 19)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from genai_build.content import load_curation
from genai_build.pipeline import Project, load_corpus

SRC = Path(__file__).resolve().parents[2] / "src"


def start(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    return subprocess.Popen([sys.executable, "-m", "genai_build", "--root", str(root), "curate", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def decisions(root: Path) -> dict[str, dict]:
    return {qid: dict(d.values) for qid, d in load_curation(root / "content").decisions.items()}


def test_concurrent_edits_are_all_kept(tiny: Path, tiny_ids):
    edits = [
        ("reword", "self-attention", "How does self-attention relate tokens?"),
        ("answer", "variational-autoencoder", "--append", "See also diffusion models."),
        ("retag", "retrieval-augmented-generation", "--difficulty", "advanced"),
        ("answer", "self-attention", "--replace", "Every token attends to every other."),
    ]
    processes = [start(tiny, *edit) for edit in edits]
    results = [finish(p) for p in processes]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    after = decisions(tiny)
    assert after["self-attention"]["question"] == "How does self-attention relate tokens?"
    assert after["self-attention"]["answer"] == "Every token attends to every other."
    assert after["self-attention"]["topic"] == "transformers"
    assert after["variational-autoencoder"] == {"answer_append": "See also diffusion models."}
    assert after["retrieval-augmented-generation"] == {"difficulty": "advanced"}


def test_a_refused_edit_does_not_erase_a_concurrent_valid_one(tiny: Path, tiny_ids):
    refused = [start(tiny, "drop", "self-attention") for _ in range(2)]  # contradicts its topic decision
    valid = start(tiny, "reword", "variational-autoencoder", "What is a VAE?")
    assert [finish(p)[0] for p in refused] == [1, 1]
    assert finish(valid)[0] == 0
    after = decisions(tiny)
    assert after["variational-autoencoder"] == {"question": "What is a VAE?"}
    assert "drop" not in after["self-attention"]
    load_corpus(Project(tiny), 1_700_000_000)  # the file is sound


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.3, 1.8, 2.5])
@pytest.mark.parametrize("args", [("reword", "self-attention", "Reworded?"), ("drop", "self-attention")],
                         ids=["valid", "refused"])
def test_ctrl_c_leaves_the_old_file_or_the_checked_new_one(tiny: Path, tiny_ids, delay, args):
    path = tiny / "content" / "curation.yaml"
    before = path.read_bytes()
    process = start(tiny, *args)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    code, err = finish(process)
    # an interrupt during the interpreter's start-up (imports) may end in a traceback of its own, but
    # once the command runs it reports "interrupted" (130) cleanly
    assert code in (0, 1, 130, -signal.SIGINT), err
    assert code != 130 or ("interrupted" in err and "Traceback" not in err), err
    if path.read_bytes() != before:
        assert code == 0 and args[0] == "reword" and decisions(tiny)["self-attention"]["question"] == "Reworded?"
    assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".curation.yaml.")]  # no temporary left
    load_corpus(Project(tiny), 1_700_000_000)  # never an unchecked decision in the file


def test_a_full_disk_is_a_clear_error_and_the_file_is_kept(tiny: Path, tiny_ids, capsys, monkeypatch):
    import errno

    from genai_build import content as content_module
    from genai_build.cli import main

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = (tiny / "content" / "curation.yaml").read_bytes()
    monkeypatch.setattr(content_module.os, "fsync", full)
    assert main(["--root", str(tiny), "curate", "reword", "self-attention", "Reworded?"]) == 1
    err = capsys.readouterr().err
    assert "curation.yaml: error: cannot write it (No space left on device)" in err and "Traceback" not in err
    assert (tiny / "content" / "curation.yaml").read_bytes() == before
    assert [p.name for p in (tiny / "content").iterdir() if p.name.startswith(".")] == []


def test_a_missing_content_folder_is_a_clear_error(tmp_path: Path, capsys):
    from genai_build.cli import main
    assert main(["--root", str(tmp_path), "curate", "drop", "some-id"]) == 1
    assert "cannot open the content folder" in capsys.readouterr().err
