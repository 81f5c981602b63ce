"""markdown-headings: questions as headings, deeper headings in answers, preamble skipped."""

from __future__ import annotations

import pytest

from genai_build.diagnostics import BuildError
from .golden import assert_golden, read_fixture

CHAT = "markdown_headings/chat_prompt_subheadings_and_unanswered_tail.md"


def test_chat_prompt_subheadings_and_unanswered_tail_golden():
    assert_golden(read_fixture("markdown-headings", CHAT), CHAT)


def test_chat_prompt_is_not_a_question_and_subheadings_stay_in_answers():
    result = read_fixture("markdown-headings", CHAT)
    wordings = [q.question for q in result.questions]
    assert wordings == [
        "What is a vector database?",
        "How do you choose a distance metric?",
        "what is product quantization?",
        "How do you shard a vector index?",
        "Discuss backups of a vector store.",
    ]
    first = result.questions[0]
    assert first.line == 9 and first.section == ("Fundamentals",)
    assert "### Key Characteristics" in first.answer and "#### 1. HNSW" in first.answer
    assert "| HNSW      | high       |" in first.answer
    assert "# cosine for normalised embeddings" in result.questions[1].answer  # a comment in code is not a heading
    assert result.questions[3].section == ("Operations",)


def test_non_question_heading_kept_in_previous_answer_as_a_label():
    result = read_fixture("markdown-headings", CHAT)
    product = result.questions[2]
    assert "**Latent Space:**" in product.answer and "not a question of their own" in product.answer
    assert "## Latent Space" not in product.answer
    assert any(d.code == "reader.not-a-question" and d.line == 40 for d in result.diagnostics)


def test_last_questions_without_answer_are_kept_and_flagged():
    result = read_fixture("markdown-headings", CHAT)
    assert [q.answer for q in result.questions[-2:]] == [None, None]
    assert [d.line for d in result.diagnostics if d.code == "reader.unanswered"] == [46, 48]


def test_numbering_and_question_in_answer_warnings():
    result = read_fixture("markdown-headings", CHAT)
    codes = {(d.code, d.line) for d in result.diagnostics}
    assert ("reader.numbering", 28) in codes  # starts at 2
    assert ("reader.numbering", 36) in codes  # 2 repeated
    assert ("reader.question-in-answer", 24) in codes  # **Why is indexing needed?**


def test_q_prefixed_level3_with_title_golden():
    name = "markdown_headings/q_prefixed_level3_with_title.md"
    result = read_fixture("markdown-headings", name, {"question_level": 3})
    assert_golden(result, name)
    assert [(q.number, q.question, q.section) for q in result.questions] == [
        ("1", "What is BM25?", ("Retrieval basics",)),
        ("2", "How does dense retrieval differ?", ("Retrieval basics",)),
        ("3", "Which metrics matter?", ("Evaluation",)),
    ]
    assert "#### Formula" in result.questions[0].answer


def test_numbering_skipped_and_repeated_golden():
    name = "markdown_headings/numbering_skipped_and_repeated.md"
    result = read_fixture("markdown-headings", name)
    assert_golden(result, name)
    messages = [d.message for d in result.diagnostics if d.code == "reader.numbering"]
    assert messages == ["numbering skips 3: 2 (line 5) is followed by 4", "number 4 repeated (first at line 9)"]


def test_unknown_option_is_a_configuration_error():
    with pytest.raises(BuildError) as raised:
        read_fixture("markdown-headings", CHAT, {"question_levle": 2})
    assert raised.value.diagnostics[0].code == "config.reader-option"


def test_every_heading_option_takes_non_question_headings_too():
    result = read_fixture("markdown-headings", CHAT, {"questions": "all"})
    assert "Latent Space:" in [q.question for q in result.questions]


def _read_text(text: str, options=None):
    from genai_build.readers import READERS
    from genai_build.readers.base import SourceText

    return READERS["markdown-headings"].read(SourceText("t.md", "t.md", text), options or {})


def test_a_lone_category_after_a_prompt_is_a_section_but_a_first_line_title_is_not():
    prompt_then_category = "Please list questions.\n\n# Basics\n\n## What is a token?\n\nA unit.\n"
    assert _read_text(prompt_then_category).questions[0].section == ("Basics",)
    title_first = "# My notes\n\n## What is a token?\n\nA unit.\n"
    assert _read_text(title_first).questions[0].section == ()


def test_ill_typed_option_is_a_configuration_error():
    with pytest.raises(BuildError) as raised:
        _read_text("## What?\n", {"skip_preamble": "yes"})
    assert "true or false" in raised.value.diagnostics[0].message


def test_heading_levels_can_be_a_list():
    text = "## What is A?\n\nA.\n\n### What is B?\n\nB.\n\n### Details\n\nMore on B.\n"
    result = _read_text(text, {"question_level": [2, 3]})
    assert [(q.question, q.answer) for q in result.questions] == [("What is A?", "A."), ("What is B?", "B.\n\n**Details**\n\nMore on B.")]
    assert [d.code for d in result.diagnostics] == ["reader.not-a-question"]  # notes at the question's own level
