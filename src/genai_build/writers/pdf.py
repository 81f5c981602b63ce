"""The PDF handbook: Jinja HTML + CSS laid out by WeasyPrint, in parts, joined into one tagged PDF.

Layout cost must grow linearly with pages, so the contents pages do not use
target-counter() over the whole book. Instead: the chapters are cut into parts laid out in
parallel processes (pdf_layout); each worker announces its part's page map as soon as the
layout is known, before it writes the part's PDF, and the front matter is laid out with those
numbers written in while the last parts are still being written, and, side by side, a page
of folios (page numbers) for each chapter page after the first part (which numbers its own
pages from 1); pdf_join puts it all together with tags, links, bookmarks and page labels. Only local files are ever loaded.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Mapping, Sequence

from genai_build.fsutil import atomic_path
from genai_build.model import Corpus
from genai_build.writers import pdf_fonts
from genai_build.writers.base import WriteContext, Writer
from genai_build.writers.pdf_html import (FRONT_ENTRIES, Chapter, Templates, chapters_of, render_chapters, render_folios,
                                          render_front, split_parts, stylesheet)
from genai_build.writers.pdf_join import Joiner, OutlineNode
from genai_build.writers.pdf_layout import PartJob, lay_out, layout_pool, page_map_queue, workers_for

PDF_NAME = "genai-interview-handbook.pdf"
PDF_VARIANT = "pdf/ua-1"  # tagged, with the PDF/UA identification and metadata


def page_numbers(parts: Sequence[Sequence[Chapter]], maps: Sequence[tuple[int, Mapping[str, int]]]) -> dict[str, int]:
    """The printed page (chapters count from 1) of every chapter anchor and question id."""
    pages: dict[str, int] = {}
    offset = 0
    for chapters, (count, anchors) in zip(parts, maps):
        for chapter in chapters:
            for anchor in (chapter.anchor, *(q.id for q in chapter.questions)):
                pages[anchor] = offset + anchors[anchor] + 1
        offset += count
    return pages


def announced_page_maps(page_maps, part_jobs: Sequence[Future]) -> list[tuple[int, Mapping[str, int]]]:
    """(pages, anchors) of every part, in part order, as the workers announce them.

    A part that fails never announces: its job's exception is raised instead of waiting."""
    maps: dict[int, tuple[int, Mapping[str, int]]] = {}
    while len(maps) < len(part_jobs):
        if not page_maps.empty():
            index, count, anchors = page_maps.get()
            maps[index] = (count, anchors)
            continue
        if all(job.done() for job in part_jobs) and page_maps.empty():
            # every part is done (a failure raises here); one that did not announce still has its map
            return [(part.pages, part.anchors) for part in (job.result() for job in part_jobs)]
        failed = next((job for job in part_jobs if job.done() and job.exception() is not None), None)
        if failed is not None:
            failed.result()
        wait([job for job in part_jobs if not job.done()] or part_jobs, timeout=0.02, return_when=FIRST_COMPLETED)
    return [maps[index] for index in range(len(part_jobs))]


def outline(chapters: Sequence[Chapter]) -> list[OutlineNode]:
    front = [OutlineNode("Contents", "_contents"), *(OutlineNode(e.title, e.anchor) for e in FRONT_ENTRIES)]
    return front + [
        OutlineNode(f"{c.number}. {c.topic.title}", c.anchor,
                    tuple(OutlineNode(f"{q.number}. {q.question}", q.id) for q in c.questions))
        for c in chapters
    ]


def build_pdf(corpus: Corpus, templates: Templates, epoch: int, target: Path) -> Mapping[str, int]:
    """Lay out and join the whole book into `target`; return the printed page of every anchor."""
    css = stylesheet(templates)
    base_url = templates.dir.resolve().as_uri() + "/"
    chapters = chapters_of(corpus)
    workers = workers_for(max(2, len(chapters)))
    parts = split_parts(chapters, workers * 3)  # more parts than workers: whoever is done first takes the next
    workers += 1  # one more: the front matter starts while the last parts are still being written
    page_maps = page_map_queue(workers)
    with layout_pool(workers, page_maps) as pool:
        # the first part starts at page 1 and numbers its own pages; the others are stamped below
        part_jobs = [pool.submit(lay_out, PartJob(render_chapters(templates, corpus, part, numbered=index == 0), css, base_url,
                                                  index=index))
                     for index, part in enumerate(parts)]
        # the front matter and the folios need only the parts' page maps, announced before the
        # parts are written to PDF: they are laid out while the last parts are still writing
        maps = announced_page_maps(page_maps, part_jobs)
        pages = page_numbers(parts, maps)
        chapter_pages = sum(count for count, _ in maps)
        unnumbered = range(maps[0][0] + 1, chapter_pages + 1) if maps else range(0)
        front_job = pool.submit(lay_out, PartJob(render_front(templates, corpus, chapters, pages, epoch), css, base_url,
                                                 variant=PDF_VARIANT))
        folios_job = pool.submit(lay_out, PartJob(render_folios(templates, corpus.book, unnumbered), css, base_url,
                                                  tagged=False)) if unnumbered else None
        laid_out = [job.result() for job in part_jobs]
        front = front_job.result()
        folios = folios_job.result() if folios_job else None
    joiner = Joiner(front.pdf)
    body = [joiner.append(part.pdf) for part in laid_out]
    if folios:
        joiner.stamp_folios(range(body[1].start, body[-1].stop), folios.pdf)
    joiner.resolve_part_links()
    joiner.set_outline(outline(chapters))
    joiner.set_page_labels(front.pages)
    with atomic_path(target) as tmp:
        joiner.save(tmp)
    return pages


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    ctx.diagnostics.extend(pdf_fonts.coverage_diagnostics(corpus))
    target = ctx.out_dir / PDF_NAME
    build_pdf(corpus, Templates(ctx.template_dir("pdf")), ctx.epoch, target)
    return [target]


WRITER = Writer("pdf", f"PDF handbook (build/{PDF_NAME})", write, (PDF_NAME,), background=True)
