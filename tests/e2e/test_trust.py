"""A build you can trust: offline, byte-reproducible, and safe to interrupt."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BUILD_EPOCH, ROOT, run_build

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _unshare_works() -> bool:
    return subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="unshare --net needs root or user namespaces")
def test_offline_rebuild_is_byte_identical(built, tmp_path):
    """A second clean build, with networking switched off, gives the very same bytes."""
    project = built.parent
    again = tmp_path / "again"
    done = run_build(project, again, network=False)
    assert done.returncode == 0, done.stderr
    first, second = _files(built), _files(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"not reproducible: {different}"


def test_build_ignores_dump_order(built, tmp_path):
    """The registry listed in another order gives the same corpus."""
    project = tmp_path / "project"
    for part in ("content", "templates"):
        shutil.copytree(built.parent / part, project / part)
    registry = project / "content" / "sources.yaml"
    head, _, body = registry.read_text().partition("sources:\n")
    entries = ["  - file:" + e for e in body.split("  - file:")[1:]]
    registry.write_text(head + "sources:\n" + "".join(reversed(entries)))
    done = run_build(project, tmp_path / "out", "--format", "corpus")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "corpus.json").read_bytes() == (built / "corpus.json").read_bytes()


def test_interrupted_build_keeps_previous_outputs(built, tmp_path):
    """Ctrl-C in the middle of real work (every writer due: --force) leaves every output whole.

    The same inputs give the same bytes, so any output that differs from before was damaged by
    the interruption; the build must also say it was interrupted (it had not finished)."""
    project = built.parent
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _files(out)
    child = subprocess.Popen([sys.executable, "-m", "genai_build", "--root", str(project), "build", "--force", "--out", str(out)],
                             env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    progress = []
    for line in child.stderr:  # wait until the PDF and the EPUB are under way and a foreground writer writes
        progress.append(line)
        if "writing" in line and "background" not in line and "writing corpus" not in line:
            break
    time.sleep(0.5)  # the foreground writer is now writing its files
    os.killpg(child.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group, as in a terminal
    _, err = child.communicate(timeout=120)
    assert any("(in the background)" in line for line in progress), progress
    assert child.returncode == 130 and "interrupted" in err, (child.returncode, err)  # cut short, not finished
    after = _files(out)
    damaged = sorted(name for name in before if after.get(name) != before[name])
    assert not damaged, f"outputs changed by an interrupted build: {damaged}"
    assert set(after) == set(before)
    assert not list(out.rglob("*.tmp"))
    done = run_build(project, out)
    assert done.returncode == 0, done.stderr


def _readable_bytes(name: str, data: bytes) -> list[bytes]:
    """What a reader's software reads in an output: every member of a zip (EPUB, .apkg and the
    SQLite collection inside it as it is), every stream of a PDF decompressed, or the file."""
    import io
    import zipfile
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [chunk for member in archive.namelist() for chunk in _readable_bytes(member, archive.read(member))]
    if data[:5] == b"%PDF-":
        import pikepdf
        chunks = [data]
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        chunks.append(obj.read_bytes())
                    except pikepdf.PdfError:
                        chunks.append(obj.read_raw_bytes())
                else:
                    chunks.append(repr(obj).encode("utf-8", "replace"))
        return chunks
    return [data]


def _outputs(folder: Path) -> dict[str, bytes]:
    """What a build publishes: every file but the build's own bookkeeping (dot folders: its cache)."""
    return {name: data for name, data in _files(folder).items() if not any(part.startswith(".") for part in Path(name).parts)}


def test_no_output_points_at_the_build_machine(built):
    """Links and images relative to a dump are never resolved on the build machine: no file: URL
    and no path of the checkout in any output (ANY output, decompressed)."""
    checkout = str(built.parent).encode()
    for name, data in _outputs(built).items():
        for chunk in _readable_bytes(name, data):
            assert not re.search(rb"(?i)\bfile:/", chunk), name  # a file: URL ("profile:" in a text is fine)
            assert checkout not in chunk, name


def test_outputs_do_not_depend_on_the_checkout_folder(built, tmp_path):
    """The same content built in another folder (another name, another depth) gives the same bytes."""
    project = tmp_path / "a" / "different-checkout"
    for part in ("content", "templates"):
        shutil.copytree(built.parent / part, project / part)
    done = run_build(project, project / "build")
    assert done.returncode == 0, done.stderr
    first, second = _outputs(built), _outputs(project / "build")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
