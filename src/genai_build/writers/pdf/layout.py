"""Laying out one part of the book with WeasyPrint, in this process or in worker processes.

A part is an HTML string; its layout gives the PDF (a file in the build's staging folder for
parts, so that the build never holds every part's bytes at once), the page count and the page
of every anchor. WeasyPrint uses one core, so independent parts go to separate processes
(forked, so nothing is imported twice) and the machine's cores work together.
Only local files and data: URLs are ever loaded.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from genai_build import children
from genai_build.diagnostics import BuildError, error

MAX_WORKERS = 4


@dataclass(frozen=True)
class PartJob:
    html: str
    css: str
    base_url: str
    tagged: bool = True
    variant: str | None = None
    index: int | None = None  # when set, the page map is announced as soon as the layout is known
    staging: str | None = None  # when set, the PDF is written to a new file in this folder, not returned as bytes


# Where a worker announces (index, pages, anchors) of a part between its layout and its PDF
# writing (a third of the time): the front matter needs only those, so it can start early.
_page_maps = None
_in_worker = False


def _connect(page_maps) -> None:
    global _page_maps
    _page_maps = page_maps


def _start_worker(parent: int, page_maps) -> None:
    global _in_worker
    children.worker_setup(parent)  # dies with the build; Ctrl-C is the build's to handle
    _connect(page_maps)
    _in_worker = True


@dataclass(frozen=True)
class LaidOutPart:
    pdf: bytes | Path  # the bytes, or the file in the job's staging folder
    pages: int
    anchors: dict[str, int]  # anchor → 0-based page index within the part


def weasyprint_module():
    try:
        import weasyprint
    except OSError as exc:  # Pango/HarfBuzz missing: say what to install
        raise BuildError([error("system.pango", f"WeasyPrint cannot load its system libraries ({exc}); install them: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (Debian/Ubuntu) or brew install pango (macOS)")]) from exc
    return weasyprint


def local_only_fetcher():
    """A URL fetcher that refuses everything but local files and data: URLs — the build never goes online."""
    from weasyprint.urls import URLFetcher
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False, timeout=1)


@lru_cache(maxsize=2)
def parsed_stylesheet(css: str, base_url: str):
    """The book's CSS parsed once per process (~0.1 s a part otherwise); parsed before the
    workers are forked, they inherit it."""
    return weasyprint_module().CSS(string=css, base_url=base_url, url_fetcher=local_only_fetcher())


def lay_out(job: PartJob) -> LaidOutPart:
    """Lay out one part and write its PDF (bytes, or a file in the job's staging folder)."""
    if _in_worker:  # the last part's boxes, in cycles, go before this part's are made (the build
        gc.collect()  # runs with a long young generation: pipeline.fewer_collections)
    weasyprint = weasyprint_module()
    document = weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=local_only_fetcher()).render(
        stylesheets=[parsed_stylesheet(job.css, job.base_url)])
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        page.links = links_not_nested(page.links)
        for name in page.anchors:
            anchors.setdefault(name, index)
    if job.index is not None and _page_maps is not None:
        _page_maps.put((job.index, len(document.pages), anchors))
    options = dict(pdf_tags=job.tagged, pdf_variant=job.variant, uncompressed_pdf=False)
    if job.staging is None:
        return LaidOutPart(document.write_pdf(**options), len(document.pages), anchors)
    fd, name = tempfile.mkstemp(prefix="part-", suffix=".pdf", dir=job.staging)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            document.write_pdf(file, **options)
    except BaseException as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc.filename, str):  # a full disk: name the file
            raise OSError(exc.errno, exc.strerror, name) from exc
        raise
    return LaidOutPart(path, len(document.pages), anchors)


EPSILON = 0.01  # CSS px: a span set back by a negative text-indent starts a rounding error outside its link


def links_not_nested(links: list) -> list:
    """A page's links (WeasyPrint's (type, target, rectangle, box)) without those that lie
    inside another link to the same target: WeasyPrint gives every box inside a link an
    annotation of its own (four for an entry of the contents, one per span), each a PDF
    object and a tag, where the link's own box already covers them all."""
    by_target: dict[tuple, list[int]] = {}
    for index, (kind, target, _, _) in enumerate(links):
        by_target.setdefault((kind, target), []).append(index)

    def inside(inner: int, outer: int) -> bool:
        (x1, y1, x2, y2), (u1, v1, u2, v2) = links[inner][2], links[outer][2]
        within = (min(u1, u2) - EPSILON <= min(x1, x2) and max(x1, x2) <= max(u1, u2) + EPSILON
                  and min(v1, v2) - EPSILON <= min(y1, y2) and max(y1, y2) <= max(v1, v2) + EPSILON)
        return within and (links[inner][2] != links[outer][2] or outer < inner)  # of two alike, the first stays
    nested = {inner for same in by_target.values() if len(same) > 1
              for inner in same if any(inside(inner, outer) for outer in same if outer != inner)}
    return [link for index, link in enumerate(links) if index not in nested]


def _context():
    # fork shares the already-imported modules; elsewhere (macOS, Windows) spawn is the safe default
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def workers_for(parts: int) -> int:
    return max(1, min(parts, os.cpu_count() or 1, MAX_WORKERS))


class InProcess(Executor):
    """The executor interface, run here and now: one core, or nothing to run in parallel."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        children.check()
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed over like a worker's exception
            future.set_exception(exc)
        return future


def layout_pool(processes: int, page_maps=None) -> Executor:
    """`processes` worker processes that lay out side by side, or none (0): then each job is
    laid out here and now. WeasyPrint is imported first, so the forked workers share it.

    `page_maps` (from page_map_queue) receives each announced part's page map."""
    if processes < 1:
        if page_maps is not None:
            _connect(page_maps)
        return InProcess()
    weasyprint_module()
    return WorkerPool(max_workers=processes, mp_context=_context(), initializer=_start_worker,
                      initargs=(os.getpid(), page_maps))


class WorkerPool(ProcessPoolExecutor):
    """Layout workers that die with the build and are killed at once when it is called off (children.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children.register(self, self.kill_workers)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        children.check()  # no worker starts once the build is called off
        if self._processes or self._mp_context.get_start_method() != "fork":
            return super().submit(fn, *args, **kwargs)
        # The first job forks the workers. What they inherit is frozen first: their garbage
        # collector then never walks the build's objects (the corpus, the HTML), which would
        # copy every page it touches, and they stay shared (~500 MB each at 16x the book).
        gc.freeze()
        try:
            with children.interrupts_held():  # Ctrl-C is ignored by a worker from its first instruction
                return super().submit(fn, *args, **kwargs)
        finally:
            gc.unfreeze()

    def kill_workers(self) -> None:
        for process in list((self._processes or {}).values()):
            process.kill()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        children.unregister(self)
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


def page_map_queue(workers: int):
    """A queue the workers of layout_pool(workers) announce page maps on."""
    import queue
    return queue.SimpleQueue() if workers <= 1 else _context().SimpleQueue()
