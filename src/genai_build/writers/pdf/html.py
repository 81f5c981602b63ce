"""The PDF handbook's HTML: what each part of the book shows, rendered from templates/pdf/.

The book is laid out in parts: runs of whole chapters (laid out first, possibly in parallel),
then the front matter, whose contents pages are rendered with the page numbers the chapters'
layout gave, then a page of folios per chapter page. This module builds the frozen values the
templates read and renders them; it knows nothing of WeasyPrint.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping, Sequence

import jinja2

from genai_build.model import DIFFICULTIES, Book, Corpus, Question, Source, Topic
from genai_build.mathtex import svg_image
from genai_build.render import markdown_to_html, pygments_css
from genai_build.writers.templating import environment, render_template

# Links from the front matter to the chapters cross part boundaries, which WeasyPrint cannot
# resolve inside one part; they are written with this scheme and turned into internal links
# when the parts are joined (join.py).
PART_LINK_SCHEME = "x-genai-anchor:"
PYGMENTS_STYLE = "friendly"


def question_weight(q: Question) -> int:
    """A rough measure of a question's length in the chapters, to balance the parts."""
    return len(q.question) + len(q.answer or "") + sum(len(a.answer) for a in q.alternates) + 400


def review_question_weight(q: Question) -> int:
    """A question's length in the quick review (nothing when it has no key points)."""
    return len(q.question) + len(q.key_points) + 100 if q.key_points else 0


@dataclass(frozen=True)
class Chapter:
    number: int
    topic: Topic
    questions: tuple[Question, ...]
    continued: bool = False  # a piece of a long chapter after its first: no heading, no anchor

    @property
    def anchor(self) -> str:
        # '_' never occurs in a question id (a slug), so chapter anchors cannot collide with them
        return f"_chapter-{self.topic.id}"

    @property
    def levels(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(q.difficulty for q in self.questions)
        return tuple((level, counts[level]) for level in DIFFICULTIES if counts[level])

    @property
    def unanswered(self) -> int:
        return sum(q.unanswered for q in self.questions)

    @property
    def first(self) -> int:
        return self.questions[0].number

    @property
    def last(self) -> int:
        return self.questions[-1].number

    @property
    def review_anchor(self) -> str:
        return f"_review-{self.topic.id}"

    @property
    def reviewed(self) -> tuple[Question, ...]:
        """The questions the quick review lists: those with key points."""
        return tuple(q for q in self.questions if q.key_points)

    @cached_property
    def review_weight(self) -> int:
        """The chapter's length in the quick review, to balance its parts."""
        return sum(map(review_question_weight, self.questions))

    @cached_property
    def weight(self) -> int:
        """A rough measure of the chapter's length, to balance the parts."""
        return sum(map(question_weight, self.questions))


@dataclass(frozen=True)
class FrontEntry:
    anchor: str
    title: str


FRONT_ENTRIES = (FrontEntry("_how-to-use", "How to use this book"), FrontEntry("_sources", "Sources"),
                 FrontEntry("_question-index", "Questions by chapter"))


def chapters_of(corpus: Corpus) -> tuple[Chapter, ...]:
    return tuple(Chapter(n, topic, corpus.questions_in(topic.id))
                 for n, topic in enumerate(corpus.topics_in_use(), start=1))


REVIEW_ANCHOR = "_quick-review"


def chapter_weight(chapter: Chapter) -> int:
    return chapter.weight


def review_weight(chapter: Chapter) -> int:
    return chapter.review_weight


def part_weight(chapters: Sequence[Chapter], weight: Callable[[Chapter], int] = chapter_weight) -> int:
    return sum(weight(c) for c in chapters)


def bounded(chapters: Sequence[Chapter], limit: int, weight: Callable[[Question], int] = question_weight) -> tuple[Chapter, ...]:
    """The chapters with each one heavier than `limit` cut, between questions, into pieces of
    about equal weight none heavier than that (but for a single question): a part of the book
    never holds more than `limit`, however long a chapter grows, so layout stays linear."""
    pieces: list[Chapter] = []
    for chapter in chapters:
        total = sum(map(weight, chapter.questions))
        if total <= limit:
            pieces.append(chapter)
            continue
        target = total / -(-total // limit)  # equal shares of the fewest pieces within the limit
        runs: list[list[Question]] = [[]]
        load = 0
        for q in chapter.questions:
            if runs[-1] and (load + weight(q) > limit or load + weight(q) / 2 > target):
                runs.append([])
                load = 0
            runs[-1].append(q)
            load += weight(q)
        pieces += [replace(chapter, questions=tuple(run), continued=index > 0) for index, run in enumerate(runs)]
    return tuple(pieces)


def split_parts(chapters: Sequence[Chapter], parts: int,
                weight: Callable[[Chapter], int] = chapter_weight) -> tuple[tuple[Chapter, ...], ...]:
    """Cut the chapters, in order, into at most `parts` runs whose heaviest (by `weight`) is as light as can be.

    The book is done when its heaviest part is: the smallest such maximum is found by bisection
    over the weights, each candidate tried by a greedy left-to-right fill."""
    if not chapters:
        return ()
    parts = max(1, min(parts, len(chapters)))
    def runs_within(limit: int) -> list[list[Chapter]]:
        runs: list[list[Chapter]] = [[]]
        load = 0
        for chapter in chapters:
            if runs[-1] and load + weight(chapter) > limit:
                runs.append([])
                load = 0
            runs[-1].append(chapter)
            load += weight(chapter)
        return runs

    low, high = max(1, max(weight(c) for c in chapters)), max(1, part_weight(chapters, weight))
    while low < high:
        middle = (low + high) // 2
        if len(runs_within(middle)) <= parts:
            high = middle
        else:
            low = middle + 1
    runs = runs_within(low)
    # use every part allowed: split the heaviest run while it has more than one chapter
    while len(runs) < parts:
        splittable = [run for run in runs if len(run) > 1]
        if not splittable:
            break
        run = max(splittable, key=lambda r: part_weight(r, weight))
        at = runs.index(run)
        cut = 1
        while cut < len(run) - 1 and part_weight(run[:cut + 1], weight) <= part_weight(run, weight) / 2:
            cut += 1
        runs[at:at + 1] = [run[:cut], run[cut:]]
    return tuple(tuple(run) for run in runs)


def iso_timestamp(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def figure_pad(number: int, width: int) -> str:
    """The number right-aligned in `width` digits, padded with figure spaces (as wide as a digit)."""
    return str(number).rjust(width, "\u2007")


_OL_START = re.compile(r'<ol start="(\d+)">')


def numbered_from_start(html: str) -> str:
    """Ordered lists that continue after a code block (`<ol start="3">`) keep their numbers:
    WeasyPrint ignores the start attribute, so the list-item counter is set in CSS."""
    return _OL_START.sub(lambda m: f'<ol start="{m.group(1)}" style="counter-reset: list-item {int(m.group(1)) - 1}">', html)


# WeasyPrint lays out each line of a paragraph with the rest of the paragraph's text: its cost
# grows with the square of a paragraph's length (a 400 KB one: 17 s, 200 KB: 6.6 s). A paragraph
# longer than this many characters is printed as several, cut where a sentence ends (or, in a
# sentence that runs on for twice as long, between words). The book's longest has ~1,100.
LONG_PARAGRAPH = 2000
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"(<[^>]*>)")
_SPACE = re.compile(r"\s+")
_VOID = {"br", "img", "hr", "wbr", "input", "source"}


def _cut_paragraph(match: re.Match) -> str:
    inner = match.group(1)
    if len(inner) <= LONG_PARAGRAPH:  # its text is no longer than its HTML
        return match.group(0)
    pieces: list[str] = []
    current: list[str] = []
    length = depth = 0  # characters of text in the current piece; elements open around the text
    for token in _TAG.split(inner):
        if token.startswith("<"):
            name = token[1:].lstrip("/").split(None, 1)[0].rstrip("/>").lower() if len(token) > 2 else ""
            if token.startswith("</"):
                depth = max(0, depth - 1)
            elif name not in _VOID and not token.endswith("/>"):
                depth += 1
            current.append(token)
            continue
        start = 0
        if not depth:  # cut only in the paragraph's own text, never inside an element
            for space in _SPACE.finditer(token):
                run = length + space.start() - start
                if (run >= LONG_PARAGRAPH and token[space.start() - 1:space.start()] in (".", "!", "?")) or run >= 2 * LONG_PARAGRAPH:
                    current.append(token[start:space.start()])
                    pieces.append("".join(current))
                    current, length, start = [], 0, space.end()
        current.append(token[start:])
        length += len(token) - start
    pieces.append("".join(current))
    return "".join(f'<p class="cut">{piece}</p>' for piece in pieces[:-1]) + f"<p>{pieces[-1]}</p>"


def cut_long_paragraphs(html: str) -> str:
    """Every paragraph longer than LONG_PARAGRAPH characters as several that read on (class "cut":
    no space after them), so that layout stays linear in a paragraph's length."""
    return _PARAGRAPH.sub(_cut_paragraph, html)


def answer_html(markdown: str) -> str:
    """An answer as the PDF prints it: headings under the question's, formulas as SVG, long paragraphs cut."""
    return numbered_from_start(cut_long_paragraphs(markdown_to_html(markdown, heading_offset=2, math=svg_image)))


class Templates:
    """The Jinja environment of templates/pdf/ with the answer-Markdown filter."""

    def __init__(self, template_dir: Path):
        self.dir = template_dir
        self.env: jinja2.Environment = environment(template_dir, html=True)
        self.env.filters["markdown"] = answer_html
        self.env.filters["figure_pad"] = figure_pad

    def render(self, name: str, **values) -> str:
        return render_template(self.env, name, **values)


def _common(corpus: Corpus) -> dict:
    return {"book": corpus.book, "sources": {s.file: s for s in corpus.sources}}


def render_chapters(templates: Templates, corpus: Corpus, chapters: Sequence[Chapter], *, numbered: bool = True) -> str:
    """A part of the chapters; `numbered`: it prints its own page numbers, counting from 1."""
    return templates.render("chapters.html.j2", chapters=chapters, numbered=numbered, **_common(corpus))


def render_review(templates: Templates, corpus: Corpus, chapters: Sequence[Chapter], *, first: bool,
                  link_prefix: str = PART_LINK_SCHEME) -> str:
    """A part of the quick review (back matter); `first`: it opens with the section's title."""
    return templates.render("review.html.j2", chapters=chapters, first=first, anchor=REVIEW_ANCHOR,
                            link_prefix=link_prefix, **_common(corpus))


def render_folios(templates: Templates, book: Book, numbers: Sequence[str]) -> str:
    """Pages that print only their folio: `numbers`, one a page, as printed."""
    return templates.render("folios.html.j2", book=book, numbers=numbers)


@dataclass(frozen=True)
class Totals:
    questions: int
    unanswered: int
    occurrences: int


@dataclass(frozen=True)
class ChapterEntry:
    """A chapter as the contents show it: the chapter and its first page."""
    chapter: Chapter
    page: int

    def __getattr__(self, name):  # the templates read chapter fields directly
        return getattr(self.chapter, name)


def _front_values(corpus: Corpus, pages: Mapping[str, int], link_prefix: str) -> dict:
    return dict(pages=pages, link_prefix=link_prefix, number_width=len(str(len(corpus.questions))), **_common(corpus))


def index_entries(chapters: Sequence[Chapter], pages: Mapping[str, int]) -> tuple[ChapterEntry, ...]:
    """Chapters (or pieces of one: `continued`) as the question-level contents lists them."""
    return tuple(ChapterEntry(c, pages[c.anchor]) for c in chapters)


def render_front(templates: Templates, corpus: Corpus, chapters: Sequence[Chapter], pages: Mapping[str, int],
                 epoch: int, *, index_chapters: Sequence[Chapter] | None = None, link_prefix: str = PART_LINK_SCHEME) -> str:
    """The front matter; `pages` maps every chapter anchor and question id to its printed page.

    Its question-level contents lists the questions of `index_chapters` (all by default); the
    rest is rendered by render_index, in pieces."""
    sources: tuple[Source, ...] = corpus.sources
    totals = Totals(len(corpus.questions), sum(q.unanswered for q in corpus.questions),
                    sum(s.occurrences for s in sources))
    entries = index_entries(chapters, pages)
    listed = entries if index_chapters is None else index_entries(index_chapters, pages)
    return templates.render("front.html.j2", chapters=entries, index_chapters=listed, front_entries=FRONT_ENTRIES,
                            sources_list=sources, totals=totals, timestamp=iso_timestamp(epoch), build_date=iso_timestamp(epoch)[:10],
                            review_anchor=REVIEW_ANCHOR, **_front_values(corpus, pages, link_prefix))


def render_index(templates: Templates, corpus: Corpus, chapters: Sequence[Chapter], pages: Mapping[str, int], *,
                 link_prefix: str = PART_LINK_SCHEME) -> str:
    """A later piece of the question-level contents: the questions of `chapters`."""
    return templates.render("index.html.j2", index_chapters=index_entries(chapters, pages),
                            **_front_values(corpus, pages, link_prefix))


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def lower_roman(number: int) -> str:
    """`number` (1 or more) in lower-case roman numerals, as CSS's lower-roman prints it."""
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def stylesheet(templates: Templates) -> str:
    """book.css plus the Pygments colours, generated at build time."""
    return (templates.dir / "book.css").read_text(encoding="utf-8") + "\n" + pygments_css(PYGMENTS_STYLE)
