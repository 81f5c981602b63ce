"""The Markdown edition for GitHub: build/markdown/README.md and one file per topic.

This writer owns the shape of the tree: the index (introduction, topics, where the other
editions are built, sources with credit) and the topic pages (contents, then every question
under a heading that carries an explicit `<a id="q-<question id>">`, each followed by a
link back to the contents). Every link stays inside the tree, so it works wherever the tree
is published on its own; provenance names sources by title (line numbers are for the
maintainers' report). GitHub's heading slugs move
when a wording changes or repeats; the id never does. The bare id would collide with the
slug of answer sub-headings ("Latent Space" under the question `latent-space`): the `q-`
prefix keeps the two apart. Text from the corpus goes through markdown/gfm.py,
which escapes it and normalises answer Markdown; the templates in templates/markdown/ only
lay the pieces out. The markdownlint configuration is written next to the pages, so that
linting the tree needs no other file.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as escape_html
from pathlib import Path
from typing import Mapping, Sequence

import jinja2

from genai_build.fsutil import write_text_atomic
from genai_build.model import Corpus, Question, Topic
from genai_build.writers.base import WriteContext, Written
from genai_build.writers.markdown.gfm import escape_heading, escape_plain, escape_text, normalise
from genai_build.writers.templating import environment, render_template

OUT_DIR = "markdown"
LINT_CONFIG = ".markdownlint.jsonc"
ANCHOR_PREFIX = "q-"
QUESTION_LEVEL = 2  # h1 is the topic; an answer's own headings start one level below its question
CONTENTS_ANCHOR = "contents"  # GitHub's slug of each topic page's "## Contents"
# The other editions, by writer name, named as their writers name them in build/ (the build
# gives their outputs in WriteContext.editions) — not linked: they are not part of this tree,
# which may be published on its own.
EDITIONS = (
    ("pdf", "PDF handbook", "to read or print, with every answer laid out as a book"),
    ("epub", "EPUB e-book", "for e-readers and phones"),
    ("anki", "Anki flashcards", "one card per question, a deck per topic, for spaced repetition"),
)


@dataclass(frozen=True)
class AlternateView:
    summary: str  # HTML: it stands inside <summary>, where GitHub does not read Markdown
    answer: str


@dataclass(frozen=True)
class QuestionView:
    anchor: str
    heading: str
    toc_label: str
    difficulty: str
    asked_in: int
    independent_sources: int | None
    answer: str  # "" when unanswered
    alternates: tuple[AlternateView, ...]
    sources: str
    answer_source: str = ""  # the title of the dump whose answer is shown


def source_titles(corpus: Corpus) -> dict[str, str]:
    return {s.file: s.title or s.file for s in corpus.sources}


def credit_line(question: Question, titles: dict[str, str]) -> str:
    """'Title; Other title': the sources that ask the question, by title, in provenance order."""
    return "; ".join(escape_plain(titles.get(source, source)) for source in dict.fromkeys(p.source for p in question.provenance))


def question_view(question: Question, titles: dict[str, str]) -> QuestionView:
    answer_level = QUESTION_LEVEL + 1
    alternates = tuple(
        AlternateView(escape_html(f"Another answer, from {titles.get(a.source, a.source)}"), text)
        for a in question.alternates
        for text in [normalise(a.answer, answer_level)] if text  # nothing to unfold: no fold
    )
    return QuestionView(
        anchor=ANCHOR_PREFIX + question.id,
        heading=escape_heading(f"{question.number}. {question.question}"),
        toc_label=escape_text(f"{question.number}. {' '.join(question.question.split())}"),
        difficulty=question.difficulty,
        asked_in=question.asked_in,
        independent_sources=question.independent_sources,
        answer=normalise(question.answer, answer_level) if question.answer else "",
        alternates=alternates,
        sources=credit_line(question, titles),
        answer_source=escape_plain(titles.get(question.answer_source, question.answer_source)) if question.answer_source else "",
    )


def edition_links(editions: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """(label, file name in build/, what for) of each other edition the build makes."""
    return [(label, editions[name][0], purpose) for name, label, purpose in EDITIONS if editions.get(name)]


def render_index(corpus: Corpus, env: jinja2.Environment, editions: Mapping[str, Sequence[str]]) -> str:
    rows = []
    for topic in corpus.topics_in_use():
        questions = corpus.questions_in(topic.id)
        rows.append((topic, len(questions), sum(q.unanswered for q in questions)))
    return render_template(env, "index.md.j2", book=corpus.book, rows=rows, editions=edition_links(editions),
                           sources=corpus.sources, total=len(corpus.questions),
                           unanswered=sum(q.unanswered for q in corpus.questions))


def render_topic(corpus: Corpus, topic: Topic, env: jinja2.Environment, previous: Topic | None, following: Topic | None) -> str:
    titles = source_titles(corpus)
    questions = [question_view(q, titles) for q in corpus.questions_in(topic.id)]
    return render_template(env, "topic.md.j2", book=corpus.book, topic=topic, questions=questions,
                           previous=previous, following=following, contents_anchor=CONTENTS_ANCHOR)


def markdown_environment(template_dir: Path) -> jinja2.Environment:
    """Jinja for Markdown: no HTML autoescape; `md` and `heading` escape plain text for GFM."""
    env = environment(template_dir, html=False)
    env.filters["md"] = escape_plain
    env.filters["heading"] = escape_heading
    return env


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    template_dir = ctx.template_dir("markdown")
    env = markdown_environment(template_dir)
    out = ctx.out_dir / OUT_DIR
    topics = corpus.topics_in_use()
    written = [write_text_atomic(out / "README.md", render_index(corpus, env, ctx.editions))]
    for i, topic in enumerate(topics):
        previous = topics[i - 1] if i > 0 else None
        following = topics[i + 1] if i + 1 < len(topics) else None
        written.append(write_text_atomic(out / f"{topic.id}.md", render_topic(corpus, topic, env, previous, following)))
    written.append(write_text_atomic(out / LINT_CONFIG, (template_dir / LINT_CONFIG).read_text(encoding="utf-8")))
    return Written(tuple(written))  # a page of a topic now gone is removed when the build publishes (publish.py)

