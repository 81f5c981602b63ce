"""Killing or interrupting a build: its workers die with it, it stops, and the outputs stay whole.

The bounds here only catch a hang (a loaded machine must not fail them); how quickly a build
stops is a timing target of `make bench` (benchmarks/test_timing.py)."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from genai_build import children, publish
from genai_build.consistency import check_output
from genai_build.model import Corpus
from genai_build.writers import WRITERS

from tests.conftest import run_build
from .processes import add_a_question, ctrl_c_with_workers, kill_9_with_workers, start_build, wait_for_none
from .projects import published, small_project

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")


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
    killed = kill_9_with_workers(project, tmp_path / "out")  # how fast: benchmarks/test_timing.py
    assert killed.workers and killed.gone == killed.workers


def test_ctrl_c_stops_the_build_and_starts_no_worker_after_it(built_small, tmp_path):
    project, built = built_small
    out = tmp_path / "out"
    assert run_build(project, out).returncode == 0
    before = published(out)
    original = add_a_question(project)  # the build has real work to interrupt
    try:
        stopped = ctrl_c_with_workers(project, out)  # how fast: benchmarks/test_timing.py
        assert stopped.returncode == 130, (stopped.seconds, stopped.stderr)
        assert "interrupted; previous outputs are intact" in stopped.stderr and "Traceback" not in stopped.stderr
        assert stopped.seen - stopped.workers == set()  # no worker started after Ctrl-C
        assert wait_for_none(set(stopped.seen)) == stopped.seen  # and every one is gone
        assert published(out) == before
        assert not (out / publish.STAGING).exists()
    finally:
        (project / "content" / "sources" / "small.md").write_text(original)


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


def test_a_ctrl_c_reaching_a_worker_before_its_setup_is_dropped():
    """Trap: Ctrl-C reached a layout worker between its fork and worker_setup, and the worker
    printed a KeyboardInterrupt traceback. Forked with interrupts held, it drops that Ctrl-C."""
    with children.interrupts_held():
        pid = os.fork()
        if pid == 0:  # the worker, as the layout pool forks it
            code = 1
            try:
                os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C before the worker's setup has run
                children.worker_setup(os.getppid())
                time.sleep(0.05)  # a Ctrl-C still pending would be raised by now
                code = 0
            except KeyboardInterrupt:
                code = 2
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
