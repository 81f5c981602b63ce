"""Failures of the machine or of a template: a message naming the file, a non-zero exit, no traceback,
the previous outputs whole."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BUILD_EPOCH
from .projects import build_in_process, published

QUICK = ("-f", "markdown", "-f", "report", "-f", "anki")


def build(project: Path, out: Path, *formats: str) -> int:
    return build_in_process(project, out, *(formats or QUICK))


def change_an_answer(project: Path) -> None:
    dump = project / "content" / "sources" / "small.md"
    dump.write_text(dump.read_text().replace("trained against each other", "trained against each other, in turns"))


def test_disk_full_names_the_file_and_keeps_the_previous_outputs(project, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert build(project, out) == 0
    before = published(out)
    change_an_answer(project)

    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write(2) says it: no file name

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)  # the Anki packages are zip files
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert "error: No space left on device [system.io]" in err and ".apkg: error" in err
    assert "Traceback" not in err
    assert published(out) == before
    monkeypatch.undo()
    assert build(project, out) == 0 and published(out) != before


def _unshare_mount_works() -> bool:
    if not shutil.which("unshare"):
        return False
    done = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return done.returncode == 0


needs_mounts = pytest.mark.skipif(not _unshare_mount_works(), reason="needs unshare -rm and tmpfs mounts")


def _in_namespace(script: str, project: Path) -> subprocess.CompletedProcess:
    gb = f"{sys.executable} -m genai_build --root {project} build --quiet"
    return subprocess.run(["unshare", "-rm", "sh", "-ec", script.replace("GB", gb)], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}, timeout=600)


def _built_on_a_small_disk(project: Path, out: Path, then: str, *formats: str) -> subprocess.CompletedProcess:
    """In a private mount namespace: `out` on an 8 MB tmpfs, a first build there, then the shell lines `then`."""
    out.mkdir()
    return _in_namespace(f"mount -t tmpfs -o size=8m tmpfs {out}\nGB --out {out} {' '.join(formats)}\n{then}", project)


@needs_mounts
def test_a_real_full_disk(project, tmp_path):
    out = tmp_path / "out"
    sums = tmp_path / "sums"
    # a first build on a roomy disk, then the disk is filled to the last few KB and the content changes
    done = _built_on_a_small_disk(project, out, f"""
        cd {out}; find . -type f -not -path './.cache/*' -not -name .genai-build.lock | sort | xargs sha256sum > {sums}.before
        dd if=/dev/zero of={out}/.filler bs=4k 2>/dev/null || true
        sed -i 's/trained against each other/trained against each other, in turns/' {project}/content/sources/small.md
        set +e; GB --out {out} 2> {sums}.err; echo $? > {sums}.rc; set -e
        rm {out}/.filler
        find . -type f -not -path './.cache/*' -not -name .genai-build.lock | sort | xargs sha256sum > {sums}.after
        GB --out {out}; echo $? > {sums}.rc2
    """)
    assert done.returncode == 0, done.stderr
    err = Path(f"{sums}.err").read_text()
    assert Path(f"{sums}.rc").read_text().strip() != "0", err
    assert "No space left on device" in err and "Traceback" not in err and str(out) in err
    assert Path(f"{sums}.after").read_text() == Path(f"{sums}.before").read_text()
    assert Path(f"{sums}.rc2").read_text().strip() == "0"


@needs_mounts
def test_a_read_only_build_folder(project, tmp_path):
    out = tmp_path / "out"
    log = tmp_path / "log"
    done = _built_on_a_small_disk(project, out, f"""
        mount -o remount,ro {out}
        set +e; GB --out {out} -f markdown --force 2> {log}.err; echo $? > {log}.rc
    """, "-f", "markdown")
    assert done.returncode == 0, done.stderr
    err = Path(f"{log}.err").read_text()
    assert Path(f"{log}.rc").read_text().strip() == "1", err
    assert "Read-only file system [system.io]" in err and str(out) in err and "Traceback" not in err


def test_a_corrupt_cache_counts_as_empty(project, tmp_path):
    out = tmp_path / "out"
    assert build(project, out) == 0
    stamps = out / ".cache" / "stamps"
    (stamps / "markdown").write_bytes(b"\xff\xfe\x00garbage")  # not even text
    assert build(project, out) == 0
    shutil.rmtree(stamps)
    stamps.write_bytes(b"a file where the folder was")
    (out / ".cache" / "read").mkdir(exist_ok=True)
    for entry in (out / ".cache" / "read").iterdir():
        entry.write_bytes(b"\x80\x04 not a pickle")
    assert build(project, out) == 0
    assert build(project, out) == 0  # and the cache works again


def test_a_template_failing_as_it_runs_is_named_with_its_line(project, tmp_path, capsys):
    template = project / "templates" / "markdown" / "index.md.j2"
    lines = template.read_text().splitlines()
    lines.insert(2, "{{ (book.title | length) / 0 }}")
    template.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert f"{template}:3: error: the template failed: ZeroDivisionError" in err and "[template.runtime]" in err
    assert "Traceback" not in err
    assert not (out / "markdown").exists()
