"""The benchmark's yardstick: pandoc is given the same content as the handbook prints."""

from __future__ import annotations

from genai_build.bench import corpus_markdown
from tests.writers.traps import trap_corpus


def test_yardstick_holds_what_the_book_prints():
    corpus = trap_corpus()
    full = corpus_markdown(corpus)
    for q in corpus.questions:
        assert f"{q.number}. {q.question}" in full
    assert "It lets a model *look back*." in full  # the alternate answer
    assert "Alpha notes" in full and "Ada" in full  # the sources page
    assert "Looking things up." in full  # a chapter's introduction
    assert "![" not in full  # remote images stay links: pandoc would fetch them


def test_answers_only_yardstick_drops_alternates_and_sources():
    corpus = trap_corpus()
    answers = corpus_markdown(corpus, answers_only=True)
    assert all(f"{q.number}. {q.question}" in answers for q in corpus.questions)
    assert "look back" not in answers and "Ada" not in answers
    assert len(answers) < len(corpus_markdown(corpus))
