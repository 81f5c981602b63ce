"""numbered-questions: numbered or bold question lines; numbered items inside answers are not questions."""

from __future__ import annotations

from .golden import assert_golden, read_fixture

INDENTED = "numbered_questions/indented_answers_labels_and_numbered_lists.md"
INDENTED_OPTIONS = {"style": "numbered", "questions": "all", "max_indent": 0, "sections": "last"}
BOLD = "numbered_questions/bold_questions_with_numbered_answer_items.txt"


def test_indented_answers_labels_and_numbered_lists_golden():
    assert_golden(read_fixture("numbered-questions", INDENTED, INDENTED_OPTIONS), INDENTED)


def test_numbered_items_inside_answers_are_not_questions():
    result = read_fixture("numbered-questions", INDENTED, INDENTED_OPTIONS)
    assert [(q.line, q.number, q.question) for q in result.questions] == [
        (7, "1", "What is a GAN?"),
        (18, "2", "How do you fight mode collapse?"),
        (34, "1", "Why is multi-head attention needed?"),
        (47, "3", "Compare sparse and dense losses in training language models."),
        (56, "4", "In scenarios with rare words, propose strategies for their embeddings."),
    ]
    assert "1. **Mini-batch discrimination:**" in result.questions[1].answer


def test_answers_are_dedented_not_code_and_labels_gone():
    result = read_fixture("numbered-questions", INDENTED, INDENTED_OPTIONS)
    gan, collapse, heads, losses, rare = (q.answer for q in result.questions)
    # an answer that is one bullet item (with its image under it) is that item's text, not a one-item list
    assert gan.startswith("A generator") and "\n\n![fig_1](https://example.org/img/fig_1.png)" in gan
    assert "Image Source: [https://example.org/gans]" in gan  # the caption stays with its image
    assert not collapse.endswith("---")  # a trailing separator is not part of the answer
    assert heads == "Each head attends to a different subspace.\n\n### **Benefits:**\n\n- Richer representations"
    assert losses == "Cross-entropy is sparse; MSE is dense." and rare == "Subword tokenization."
    assert all("Answer" not in answer for answer in (gan, collapse, heads, losses, rare))


def test_title_skipped_and_mislevelled_topic_is_a_section():
    result = read_fixture("numbered-questions", INDENTED, INDENTED_OPTIONS)
    assert [q.section for q in result.questions] == [
        ("Generative Models",), ("Generative Models",), ("Large Language Models",), ("Large Language Models",), ("Embeddings",)]


def test_bold_questions_with_numbered_answer_items_golden():
    result = read_fixture("numbered-questions", BOLD)
    assert_golden(result, BOLD)
    assert [q.question for q in result.questions] == [
        "What is few-shot prompting?", "How many examples are enough?", "What is chain-of-thought prompting?"]
    assert "1. Pick diverse examples." in result.questions[0].answer and "**Key points:**" in result.questions[0].answer
