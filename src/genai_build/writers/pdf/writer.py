"""The PDF handbook: Jinja HTML + CSS laid out by WeasyPrint, in parts, joined into one tagged PDF.

Layout cost must grow linearly with pages, so the contents pages do not use
target-counter() over the whole book. Instead the chapters are cut into parts laid out in
parallel processes (layout.py), heaviest first. Each part's worker announces its page map as
soon as its layout is known, before it writes the part's PDF; once every map is in, the front
matter is rendered with the real page numbers written in its contents and laid out (an
ordinary layout: nothing is patched afterwards), and a page of folios (page numbers) is laid
out for each chapter page after the first part (which numbers its own pages from 1). join.py puts it all
together with tags, links, bookmarks and page labels. Only local files are ever loaded.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from functools import partial
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Callable, Mapping, Sequence

from genai_build.fsutil import atomic_path
from genai_build.model import Corpus, Question
from genai_build.writers.pdf import fonts as pdf_fonts
from genai_build.scheduling import handed_off
from genai_build.writers.base import WriteContext, Written
from genai_build.writers.pdf.html import (FRONT_ENTRIES, REVIEW_ANCHOR, Chapter, Templates, bounded, chapter_weight,
                                          chapters_of, lower_roman, part_weight, question_weight, render_chapters,
                                          render_folios, render_front, render_index, render_review, review_question_weight, review_weight, split_parts,
                                          stylesheet)
from genai_build.writers.pdf.join import FolioRun, Joiner, OutlineNode
from genai_build.writers.pdf.layout import PartJob, lay_out, layout_pool, page_map_queue, parsed_stylesheet, workers_for

PDF_NAME = "genai-interview-handbook.pdf"
PDF_VARIANT = "pdf/ua-1"  # tagged, with the PDF/UA identification and metadata
REVIEW_PARTS = 2  # the quick review is a tenth of the chapters' length: two parts keep it off the critical path
REVIEW_DENSITY = 2  # small type in two columns: about twice the layout work per character of a chapter
# The most a part holds (question_weight; ~3,200 a page, so about 47 pages): a longer book is cut
# into more parts, a longer chapter into pieces, so that no layout grows with the book
# (WeasyPrint's cost per page grows with the length of the document, and so does its memory).
PART_WEIGHT = 150_000
FOLIO_PAGES = 100  # the folios are laid out in runs of at most this many pages, for the same reason
# The most questions a piece of the question-level contents lists (~45 entries a page, so about
# 27 pages): a longer one goes on in pieces laid out side by side, each with its own process.
INDEX_ENTRIES = 1_200


def chapter_anchors(chapters: Sequence[Chapter]) -> tuple[str, ...]:
    """The anchors of a run of chapters whose printed pages the contents and the outline need."""
    return tuple(anchor for c in chapters for anchor in ((() if c.continued else (c.anchor,)) + tuple(q.id for q in c.questions)))


def review_anchors(chapters: Sequence[Chapter], first: bool) -> tuple[str, ...]:
    return ((REVIEW_ANCHOR,) if first else ()) + tuple(c.review_anchor for c in chapters if not c.continued)


def book_parts(chapters: Sequence[Chapter], parts: int, weight: Callable[[Chapter], int] = chapter_weight,
               question: Callable[[Question], int] = question_weight, limit: int = PART_WEIGHT) -> tuple[tuple[Chapter, ...], ...]:
    """The chapters in at least `parts` parts (as many as there are chapters at most), and in
    as many more as it takes for none to hold much more than `limit`: long chapters in pieces."""
    pieces = bounded(chapters, limit, question)
    return tuple(rejoined(run) for run in split_parts(pieces, max(parts, -(-part_weight(pieces, weight) // limit)), weight))


def rejoined(run: Sequence[Chapter]) -> tuple[Chapter, ...]:
    """A part's run with the pieces of one chapter that fell into it made one again."""
    joined: list[Chapter] = []
    for piece in run:
        if joined and piece.continued and joined[-1].topic == piece.topic:
            joined[-1] = replace(joined[-1], questions=joined[-1].questions + piece.questions)
        else:
            joined.append(piece)
    return tuple(joined)


def index_runs(chapters: Sequence[Chapter]) -> tuple[tuple[Chapter, ...], ...]:
    """The question-level contents in pieces of at most INDEX_ENTRIES questions (a long
    chapter's list cut between questions); the first goes with the rest of the front matter."""
    return book_parts(chapters, 1, lambda c: len(c.questions), lambda q: 1, INDEX_ENTRIES)


def reviewed_chapters(chapters: Sequence[Chapter]) -> tuple[Chapter, ...]:
    return tuple(c for c in chapters if c.reviewed)


def page_numbers_of(parts: Sequence[Sequence[str]], maps: Sequence[tuple[int, Mapping[str, int]]]) -> dict[str, int]:
    """The printed page (chapters count from 1) of every named anchor of every part, parts in book order."""
    pages: dict[str, int] = {}
    offset = 0
    for names, (count, anchors) in zip(parts, maps):
        for anchor in names:
            pages[anchor] = offset + anchors[anchor] + 1
        offset += count
    return pages


def announced_page_maps(page_maps, part_jobs: Sequence[Future]) -> list[tuple[int, Mapping[str, int]]]:
    """(pages, anchors) of every part, in part order, as the workers announce them.

    A part that fails never announces: its job's exception is raised instead of waiting. Only
    the workers put into `page_maps` (the build never does: a worker killed while putting may
    leave the queue's lock held), so the build looks, and waits on the jobs in between."""
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
    reviewed = reviewed_chapters(chapters)
    review = [OutlineNode("Quick review", REVIEW_ANCHOR,
                          tuple(OutlineNode(f"{c.number}. {c.topic.title}", c.review_anchor) for c in reviewed))] if reviewed else []
    return front + [
        OutlineNode(f"{c.number}. {c.topic.title}", c.anchor,
                    tuple(OutlineNode(f"{q.number}. {q.question}", q.id) for q in c.questions))
        for c in chapters
    ] + review


def build_pdf(corpus: Corpus, templates: Templates, epoch: int, target: Path,
              launched: Callable[[], None] = lambda: None) -> Mapping[str, int]:
    """Lay out and join the whole book into `target`; return the printed page of every anchor.

    `launched` is called once every part is with the layout workers."""
    css = stylesheet(templates)
    base_url = templates.dir.resolve().as_uri() + "/"
    chapters = chapters_of(corpus)
    workers = workers_for(max(2, len(chapters)))
    chapter_parts = book_parts(chapters, workers * 3)  # more parts than workers: whoever is done first takes the next
    # the quick review (back matter) follows the chapters, in parts of its own laid out alongside them
    review_parts = book_parts(reviewed_chapters(chapters), REVIEW_PARTS, review_weight, review_question_weight)
    # (its HTML, rendered as it is handed to a worker; the anchors it names; its weight) of every
    # part in book order; only the first numbers its own pages
    parts = [(partial(render_chapters, templates, corpus, run, numbered=index == 0), chapter_anchors(run), part_weight(run))
             for index, run in enumerate(chapter_parts)]
    parts += [(partial(render_review, templates, corpus, run, first=index == 0), review_anchors(run, index == 0),
               part_weight(run, review_weight) * REVIEW_DENSITY)
              for index, run in enumerate(review_parts)]
    page_maps = page_map_queue(workers)
    # Every part's PDF is a file in a staging folder beside the target (removed whatever
    # happens): the build holds no part's bytes, and the join reads each part as it needs it.
    # The target's folder is not created here: a build called off removes it, and a PDF thread
    # still starting must not bring it back.
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.parts-", dir=target.parent, ignore_cleanup_errors=True) as staging:
        front, laid_out, folios, pages = _lay_out_parts(
            templates, corpus, chapters, parts, css, base_url, epoch, workers, page_maps, staging, launched)
        # written part by part into a file beside the target, then moved over it (a full disk
        # is an OSError naming the target)
        with atomic_path(target) as saved, open(saved, "wb") as file, \
                Joiner(file, [FolioRun(first, laid.pdf, laid.pages) for first, laid in folios]) as joiner:
            for part in (*front, *laid_out):
                joiner.append(part.pdf)
            joiner.save(outline(chapters), sum(piece.pages for piece in front))
    return pages


def _lay_out_parts(templates: Templates, corpus: Corpus, chapters: Sequence[Chapter], parts: Sequence, css: str,
                   base_url: str, epoch: int, workers: int, page_maps, staging: str, launched: Callable[[], None]):
    """Lay out every part, then the front matter and the folios once the parts' page maps are in.

    The front matter (in pieces: index_runs) is laid out once every part's page map is known,
    with its page numbers written in, in processes of its own while the last parts are written
    to PDF; the folios go to the first part worker free. Returns the front's pieces, the parts,
    (index of the first page in the joined book, its laid-out folios) of every run of folios,
    and the printed page of every anchor."""
    parallel = workers > 1
    index = index_runs(chapters)  # the question-level contents, in pieces
    parsed_stylesheet(css, base_url)  # parsed here once, for every worker forked below
    with (layout_pool(workers if parallel else 0, page_maps) as pool,
          layout_pool(min(workers, max(1, len(index))) if parallel else 0) as front_pool):
        # the first part starts at page 1 and numbers its own pages; the others are stamped below.
        # Heaviest first, so that no long part starts last and keeps the others waiting.
        heaviest_first = sorted(range(len(parts)), key=lambda index: -parts[index][2])
        jobs = {index: pool.submit(lay_out, PartJob(parts[index][0](), css, base_url, index=index, staging=staging))
                for index in heaviest_first}
        part_jobs = [jobs[index] for index in range(len(parts))]
        launched()
        # the page numbers need only the parts' page maps, announced before the parts are
        # written to PDF: the front and the folios are done while the last parts are written
        maps = announced_page_maps(page_maps, part_jobs)
        pages = page_numbers_of([names for _, names, _ in parts], maps)
        front_jobs = [front_pool.submit(lay_out, PartJob(
            render_front(templates, corpus, chapters, pages, epoch, index_chapters=index[0] if index else ()), css, base_url,
            variant=PDF_VARIANT, staging=staging))]
        front_jobs += [front_pool.submit(lay_out, PartJob(render_index(templates, corpus, run, pages), css, base_url, staging=staging))
                       for run in index[1:]]
        # chapter page n is stamped n (the first part numbers its own pages)
        chapter_folios = folio_jobs(pool, templates, corpus, css, base_url, staging,
                                    range(maps[0][0] + 1, sum(count for count, _ in maps) + 1) if maps else range(0), str)
        front = [job.result() for job in front_jobs]
        # front page n is stamped n in roman numerals (the first piece numbers its own pages)
        front_folios = folio_jobs(pool, templates, corpus, css, base_url, staging,
                                  range(front[0].pages + 1, sum(piece.pages for piece in front) + 1), lower_roman)
        laid_out = [job.result() for job in part_jobs]
        front_pages = sum(piece.pages for piece in front)
        folios = [(first - 1, job.result()) for first, job in front_folios]
        folios += [(front_pages + first - 1, job.result()) for first, job in chapter_folios]
    return front, laid_out, folios, pages


def folio_jobs(pool, templates: Templates, corpus: Corpus, css: str, base_url: str, staging: str, numbers: range,
               label: Callable[[int], str]) -> list[tuple[int, Future]]:
    """The folios (page numbers printed as `label` gives them) of the pages numbered `numbers`,
    laid out in runs of FOLIO_PAGES: (the first number of the run, its job)."""
    runs = [numbers[start:start + FOLIO_PAGES] for start in range(0, len(numbers), FOLIO_PAGES)]
    return [(run.start, pool.submit(lay_out, PartJob(render_folios(templates, corpus.book, [label(n) for n in run]), css, base_url,
                                                     tagged=False, staging=staging)))
            for run in runs]


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    target = ctx.out_dir / PDF_NAME
    build_pdf(corpus, Templates(ctx.template_dir("pdf")), ctx.epoch, target, handed_off)
    return Written((target,), tuple(pdf_fonts.coverage_diagnostics(corpus)))

