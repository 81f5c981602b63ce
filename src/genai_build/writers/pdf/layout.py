"""Laying out one part of the book with WeasyPrint, in this process or in worker processes.

A part is an HTML string; its layout gives the PDF bytes, the page count and the page of
every anchor. WeasyPrint uses one core, so independent parts go to separate processes
(forked, so nothing is imported twice) and the machine's cores work together.
Only local files and data: URLs are ever loaded.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Mapping

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
    # laid out with placeholder page slots: wait for their numbers (see fill_page_slots)
    awaits_page_numbers: bool = False


# Where a worker announces (index, pages, anchors) of a part between its layout and its PDF
# writing (a third of the time): the front matter needs only those, so it can start early.
_page_maps = None
# Where a worker laying out the front matter ahead of time receives the text of its page
# slots ({anchor: text}), or None when the build is called off.
_page_numbers = None


def _connect(page_maps, page_numbers) -> None:
    global _page_maps, _page_numbers
    _page_maps, _page_numbers = page_maps, page_numbers


def _start_worker(parent: int, page_maps, page_numbers) -> None:
    children.worker_setup(parent)  # dies with the build; Ctrl-C is the build's to handle
    _connect(page_maps, page_numbers)


@dataclass(frozen=True)
class LaidOutPart:
    pdf: bytes
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


def lay_out(job: PartJob) -> LaidOutPart | None:
    """Lay out one part and write it as PDF bytes.

    A job that awaits page numbers gives None if they do not come (the build was called off)
    or cannot be filled in: the caller lays the part out again with the numbers written in."""
    weasyprint = weasyprint_module()
    fetcher = local_only_fetcher()
    css = weasyprint.CSS(string=job.css, base_url=job.base_url, url_fetcher=fetcher)
    document = weasyprint.HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(stylesheets=[css])
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    if job.index is not None and _page_maps is not None:
        _page_maps.put((job.index, len(document.pages), anchors))
    if job.awaits_page_numbers:
        numbers = _page_numbers.get() if _page_numbers is not None else None
        if numbers is None or not fill_page_slots(document, numbers):
            return None
    pdf = document.write_pdf(pdf_tags=job.tagged, pdf_variant=job.variant, uncompressed_pdf=False)
    return LaidOutPart(pdf, len(document.pages), anchors)


def _text_boxes(box):
    """Every text box under `box`, absolutely positioned ones included."""
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.layout.absolute import AbsolutePlaceholder
    stack = [box]
    while stack:
        box = stack.pop()
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, TextBox):
            yield box
        stack.extend(getattr(box, "children", ()))


def fill_page_slots(document, numbers: Mapping[str, str]) -> bool:
    """Write the page numbers into a laid-out document's page slots (elements with
    data-page-of="anchor", laid out with a placeholder as wide as every number); True when
    every slot was filled and every number is exactly as wide as its placeholder.

    This reaches into WeasyPrint's laid-out boxes (text boxes and their Pango layouts, which
    are shaped again from their text when drawn): when that fails in any way, the answer is
    False and the caller lays the document out again with the numbers written in."""
    try:
        from weasyprint.text.line_break import line_size
        filled: set[str] = set()
        for page in document.pages:
            for box in _text_boxes(page._page_box):
                anchor = box.element.get("data-page-of") if box.element is not None else None
                if anchor is None:
                    continue
                text = numbers.get(anchor)
                if text is None or len(text) != len(box.text):
                    return False
                box.text = box.pango_layout.text = text
                layout = box.pango_layout
                layout.reactivate(box.style)
                width, _ = line_size(layout.get_first_line()[0], box.style)
                layout.deactivate()
                if abs(width - box.width) > 0.01:
                    return False
                filled.add(anchor)
        return filled == set(numbers)
    except Exception:  # noqa: BLE001 - WeasyPrint's internals changed: fall back to a second layout
        return False


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


def layout_pool(processes: int, page_maps=None, page_numbers=None) -> Executor:
    """`processes` worker processes that lay out side by side, or none (0): then each job is
    laid out here and now, where nothing can wait for anything. WeasyPrint is imported first,
    so the forked workers share it.

    `page_maps` (from page_map_queue) receives each announced part's page map;
    `page_numbers` (from page_number_channel) brings a front matter laid out ahead its numbers."""
    if processes < 1:
        if page_maps is not None:
            _connect(page_maps, None)
        return InProcess()
    weasyprint_module()
    return WorkerPool(max_workers=processes, mp_context=_context(), initializer=_start_worker,
                      initargs=(os.getpid(), page_maps, page_numbers))


class WorkerPool(ProcessPoolExecutor):
    """Layout workers that die with the build and are killed at once when it is called off (children.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children.register(self, self.kill_workers)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        children.check()  # no worker starts once the build is called off
        return super().submit(fn, *args, **kwargs)

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


def page_number_channel():
    """A queue to the layout workers for page numbers; putting never blocks, even when no
    worker is left to take from it."""
    channel = _context().Queue()
    channel.cancel_join_thread()  # at exit, never wait for a worker that is gone
    return channel
