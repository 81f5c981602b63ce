"""Timing targets, run by `make bench` (never by `make test`: a loaded machine must not fail the tests).

    python -m pytest benchmarks -q
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from genai_build.pipeline import Project, read_all
from genai_build.readers.base import SourceText
from genai_build.readers.chunked_pdf.reader import READER as CHUNKED_PDF
from tests.e2e.processes import ctrl_c_with_workers, kill_9_with_workers
from tests.e2e.projects import small_project

ROOT = Path(__file__).resolve().parents[1]
PDF_DUMP = ROOT / "content" / "sources" / "002_ce093a7371731c0f.txt"


def test_the_chunked_pdf_dump_reads_in_under_half_a_second_of_cpu() -> None:
    source = SourceText(PDF_DUMP.name, PDF_DUMP.name, PDF_DUMP.read_text(encoding="utf-8"))

    def cpu_seconds() -> float:
        start = time.process_time()
        CHUNKED_PDF.read(source, {})
        return time.process_time() - start
    best = min(cpu_seconds() for _ in range(3))
    assert best < 0.5, f"reading the dump took {best:.2f} s of CPU"


def test_reading_all_dumps_takes_under_two_seconds() -> None:
    def wall_seconds() -> float:
        started = time.perf_counter()
        _, reports = read_all(Project(ROOT))
        assert len(reports) == 6
        return time.perf_counter() - started
    best = min(wall_seconds() for _ in range(3))
    assert best < 2.0, f"reading the dumps took {best:.2f} s"


# Stopping a build (the behaviour itself, with bounds that catch only a hang, is in
# tests/e2e/test_processes.py): Ctrl-C stops it "within a second or two", kill -9 takes its
# workers with it at once.
CTRL_C_SECONDS = 2.0
WORKERS_GONE_SECONDS = 5.0
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table in /proc")


@needs_proc
def test_ctrl_c_stops_a_build_within_two_seconds(tmp_path) -> None:
    project = small_project(tmp_path / "project")
    stopped = ctrl_c_with_workers(project, tmp_path / "out")
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.seconds < CTRL_C_SECONDS, f"the build stopped {stopped.seconds:.2f} s after Ctrl-C"


@needs_proc
def test_kill_9_takes_the_workers_within_five_seconds(tmp_path) -> None:
    project = small_project(tmp_path / "project")
    killed = kill_9_with_workers(project, tmp_path / "out", timeout=WORKERS_GONE_SECONDS)
    assert killed.gone == killed.workers, f"{len(killed.workers - killed.gone)} workers left after {killed.seconds:.2f} s"
