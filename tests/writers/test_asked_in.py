"""Every edition says how many dumps ask a question the same way, naming the copies of one origin:
"asked in 3 sources, 2 of them copies" (one helper, writers/templating.py). The corpus here has a
question asked in three dumps that all copy one list, one asked in two dumps independently, one
asked in two dumps of which one copies the other, and one whose count predates the copy check."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from genai_build.model import Book, Corpus, Provenance, Question, Source, Topic
from genai_build.writers import write_context
from genai_build.writers.anki.notes import note_rows
from genai_build.writers.epub.markup import render_inputs
from genai_build.writers.markdown import writer as markdown
from genai_build.writers.pdf.html import Templates, chapters_of, render_chapters
from genai_build.writers.templating import asked_in_phrase

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_700_000_000

EXPECTED = {
    "copied-twice": "asked in 3 sources, 2 of them copies",
    "independent": "asked in 2 sources",
    "copied-once": "asked in 2 sources, 1 of them a copy",
    "uncounted": "asked in 2 sources",  # no independent count: nothing is said about copies
}


def _question(number: int, qid: str, sources: tuple[str, ...], independent: int | None) -> Question:
    return Question(id=qid, number=number, question=f"Question {qid}?", answer=f"Answer to {qid}.", unanswered=False,
                    topic="basics", difficulty="beginner", asked_in=len(sources), independent_sources=independent,
                    provenance=tuple(Provenance(source=s, line=10 * number, question=f"Question {qid}?") for s in sources))


def copied_corpus() -> Corpus:
    return Corpus(
        book=Book(title="Copies", identifier="urn:test:copies", edition="1", date="2023-11-14", license="Test only."),
        sources=tuple(Source(file=f, title=f"Source {f[0].upper()}", owner="Owner", reader="r", occurrences=3, questions=3)
                      for f in ("a.txt", "b.txt", "c.txt")),
        topics=(Topic(id="basics", title="Basics"),),
        questions=(_question(1, "copied-twice", ("a.txt", "b.txt", "c.txt"), 1),
                   _question(2, "independent", ("a.txt", "b.txt"), 2),
                   _question(3, "copied-once", ("b.txt", "c.txt"), 1),
                   _question(4, "uncounted", ("a.txt", "c.txt"), None)),
    )


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_phrase_names_the_copies():
    for q in copied_corpus().questions:
        assert asked_in_phrase(q) == EXPECTED[q.id]


def pdf_text(corpus: Corpus, tmp_path: Path) -> str:
    templates = Templates(ROOT / "templates" / "pdf")
    return plain(render_chapters(templates, corpus, chapters_of(corpus)))


def epub_text(corpus: Corpus, tmp_path: Path) -> str:
    return plain(render_inputs(corpus, ROOT / "templates" / "epub").full_markdown()).replace("\\", "")  # Markdown escapes


def markdown_text(corpus: Corpus, tmp_path: Path) -> str:
    markdown.write(corpus, write_context(tmp_path, ROOT / "templates", EPOCH, quiet=True))
    return " ".join((tmp_path / markdown.OUT_DIR / "basics.md").read_text(encoding="utf-8").split())


def anki_text(corpus: Corpus, tmp_path: Path) -> str:
    return plain(" ".join(field for row in note_rows(corpus) for field in row.fields))


@pytest.mark.parametrize("edition", [pdf_text, epub_text, markdown_text, anki_text], ids=lambda f: f.__name__[:-5])
def test_every_edition_names_the_copies(edition, tmp_path):
    text = edition(copied_corpus(), tmp_path).lower()
    # each question's part of the text: from its wording (the last time it occurs: a contents list
    # may name it first) to the next question's; the last one's is its next 400 characters
    starts = [text.rindex(f"question {qid}?") for qid in EXPECTED]
    starts.append(starts[-1] + 400)
    for (qid, phrase), start, end in zip(EXPECTED.items(), starts, starts[1:]):
        assert phrase in text[start:end], (qid, text[start:end][:400])
    unqualified = text[starts[1]:starts[2]] + text[starts[3]:starts[4]]
    assert "of them cop" not in unqualified and "of them a copy" not in unqualified
