"""Timing targets, run by `make bench` (never by `make test`: a loaded machine must not fail the tests).

    python -m pytest benchmarks -q
"""

from __future__ import annotations

import time
from pathlib import Path

from genai_build.pipeline import Project, read_all
from genai_build.readers.base import SourceText
from genai_build.readers.chunked_pdf.reader import READER as CHUNKED_PDF

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
