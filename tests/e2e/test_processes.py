"""Killing or interrupting a build: its workers die with it, it stops quickly, and the outputs stay whole."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from genai_build import publish
from genai_build.consistency import check_output
from genai_build.model import Corpus
from genai_build.writers import WRITERS

from tests.conftest import BUILD_EPOCH, run_build
from .projects import small_project

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")


def start_build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "genai_build", "--root", str(project), "build", "--quiet", "--out", str(out)],
                            env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for_workers(build: subprocess.Popen, count: int = 2, timeout: float = 120) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children_of(build.pid)
        if len(workers) >= count:
            return workers
        assert build.poll() is None, build.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the build never started its workers")


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != publish.LOCK}


def editions_that_fail_their_read_back(out: Path) -> list[str]:
    corpus = Corpus.model_validate(json.loads((out / "corpus.json").read_text(encoding="utf-8")))
    return [writer.name for writer in WRITERS.values() if check_output(writer, corpus, out)]


@pytest.fixture(scope="module")
def built_small(tmp_path_factory) -> tuple[Path, Path]:
    project = small_project(tmp_path_factory.mktemp("small"))
    out = project / "build"
    done = run_build(project, out)
    assert done.returncode == 0, done.stderr
    return project, out


def test_kill_9_takes_the_workers_with_it(built_small, tmp_path):
    project, _ = built_small
    build = start_build(project, tmp_path / "out")
    workers = wait_for_workers(build)
    build.kill()
    build.wait()
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if alive(w)]


def test_ctrl_c_stops_the_build_quickly_and_starts_no_worker_after_it(built_small, tmp_path):
    project, built = built_small
    out = tmp_path / "out"
    assert run_build(project, out).returncode == 0
    before = files(out)
    (project / "content" / "sources" / "small.md").open("a").write("\n## What is a token?\n\nA piece of text.\n")
    try:
        build = start_build(project, out)
        before_interrupt = wait_for_workers(build)
        os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the whole process group
        interrupted = time.monotonic()
        seen = set(before_interrupt)
        while build.poll() is None and time.monotonic() - interrupted < 30:
            seen |= children_of(build.pid)
            time.sleep(0.02)
        stopped_after = time.monotonic() - interrupted
        err = build.communicate(timeout=5)[1]
        assert build.returncode == 130, err
        assert "interrupted; previous outputs are intact" in err and "Traceback" not in err
        # generous for a loaded shared machine; it took up to a minute before
        assert stopped_after < 20, stopped_after
        assert seen - before_interrupt == set()  # no worker started after Ctrl-C
        assert wait_for_none(seen) == seen  # and every one is gone
        assert files(out) == before
        assert not (out / publish.STAGING).exists()
    finally:
        dump = project / "content" / "sources" / "small.md"
        dump.write_text(dump.read_text().split("\n## What is a token?")[0])


def wait_for_none(pids: set[int], timeout: float = 5) -> set[int]:
    """The pids that are gone within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return {p for p in pids if not alive(p)}


def test_killed_at_random_points_every_edition_stays_valid_and_the_next_build_succeeds(built_small, tmp_path):
    project, built = built_small
    out = tmp_path / "out"
    assert run_build(project, out).returncode == 0
    dump = project / "content" / "sources" / "small.md"
    original = dump.read_text()
    draw = random.Random(19)
    try:
        for round_ in range(4):
            dump.write_text(original + f"\n## What is variant {round_} of a question?\n\nAn answer {round_}.\n")
            build = start_build(project, out)
            time.sleep(draw.uniform(0.5, 15))
            os.killpg(build.pid, draw.choice([signal.SIGKILL, signal.SIGINT]))
            build.communicate(timeout=60)
            assert editions_that_fail_their_read_back(out) == [], round_
        done = run_build(project, out)
        assert done.returncode == 0, done.stderr
        assert editions_that_fail_their_read_back(out) == []
        assert not (out / publish.STAGING).exists() and not (out / publish.PENDING).exists()
    finally:
        dump.write_text(original)
