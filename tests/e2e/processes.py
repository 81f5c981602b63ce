"""Builds in child processes, and how they end: their workers in /proc, Ctrl-C and kill -9.

Shared by the behaviour checks (tests/e2e/test_processes.py, with bounds that catch only a
hang) and the timing targets (benchmarks/test_timing.py, `make bench`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import BUILD_EPOCH

HANG = 120.0  # seconds: a bound that only a hang exceeds, however loaded the machine


def _as_from_a_terminal() -> None:
    # a shell's background job ignores SIGINT, and an ignored signal stays ignored across exec:
    # the build is started as a terminal starts it, with Ctrl-C delivered
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "genai_build", "--root", str(project), "build", "--quiet", "--out", str(out)],
                            env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_as_from_a_terminal)


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


def wait_for_workers(build: subprocess.Popen, count: int = 2, timeout: float = HANG) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children_of(build.pid)
        if len(workers) >= count:
            return workers
        assert build.poll() is None, build.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the build never started its workers")


def wait_for_none(pids: set[int], timeout: float = HANG) -> set[int]:
    """The pids that are gone within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return {p for p in pids if not alive(p)}


@dataclass(frozen=True)
class Killed:
    workers: frozenset[int]  # the build's workers when it was killed
    gone: frozenset[int]  # those gone within the timeout
    seconds: float  # from the kill until the last was gone (or the timeout)


def kill_9_with_workers(project: Path, out: Path, timeout: float = HANG) -> Killed:
    """Start a build, kill -9 it once its workers run, and wait for them to go."""
    build = start_build(project, out)
    workers = wait_for_workers(build)
    build.kill()
    killed = time.monotonic()
    build.wait()
    gone = wait_for_none(workers, timeout)
    return Killed(frozenset(workers), frozenset(gone), time.monotonic() - killed)


@dataclass(frozen=True)
class Interrupted:
    returncode: int | None  # None: still running after the timeout (it was then killed)
    stderr: str
    seconds: float  # from Ctrl-C until the build exited
    workers: frozenset[int]  # the build's workers when Ctrl-C came
    seen: frozenset[int]  # every worker seen from then until it exited


def ctrl_c_with_workers(project: Path, out: Path, timeout: float = HANG) -> Interrupted:
    """Start a build, press Ctrl-C (SIGINT to its process group) once its workers run, watch it stop."""
    build = start_build(project, out)
    workers = wait_for_workers(build)
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: the whole process group
    interrupted = time.monotonic()
    seen = set(workers)
    while build.poll() is None and time.monotonic() - interrupted < timeout:
        seen |= children_of(build.pid)
        time.sleep(0.02)
    seconds = time.monotonic() - interrupted
    running = build.poll() is None
    if running:
        os.killpg(build.pid, signal.SIGKILL)
    err = build.communicate(timeout=HANG)[1]
    return Interrupted(None if running else build.returncode, err, seconds, frozenset(workers), frozenset(seen))


def add_a_question(project: Path) -> str:
    """Append a question to the small dump (so that a build has work to do); returns the dump as it was."""
    dump = project / "content" / "sources" / "small.md"
    original = dump.read_text()
    dump.write_text(original + "\n## What is a token?\n\nA piece of text.\n")
    return original
