"""q-prefixed-text: Q./Q:/Q12. lines, bare section lines, glued questions, broken paragraphs."""

from __future__ import annotations

from .golden import assert_golden, read_fixture

SECTIONS = "q_prefixed_text/bare_section_lines_before_questions.txt"
BROKEN = "q_prefixed_text/sentence_broken_across_blank_line.txt"
GLUED = "q_prefixed_text/question_glued_to_previous_answer.txt"


def test_bare_section_lines_golden():
    assert_golden(read_fixture("q-prefixed-text", SECTIONS), SECTIONS)


def test_bare_section_lines_become_sections_not_answer_text():
    result = read_fixture("q-prefixed-text", SECTIONS)
    assert [(q.line, q.question, q.section) for q in result.questions] == [
        (5, "What is prompting?", ()),
        (16, "What is a transformer?", ("Large Language Models",)),
        (27, "What is an embedding?", ("Embeddings",)),
        (31, "What is a vector?", ("Embeddings",)),
    ]
    prompting, transformer, embedding, _ = (q.answer for q in result.questions)
    assert "Large Language Models" not in prompting and "Role in Practice:" in prompting
    assert transformer.endswith("- parallel training") and "Embeddings" not in transformer
    assert embedding == "Yes"  # an answer of one short line is an answer, not a section title


def test_sentence_broken_across_blank_line_golden():
    result = read_fixture("q-prefixed-text", BROKEN)
    assert_golden(result, BROKEN)
    answer = result.questions[0].answer
    assert "rather than learning the underlying distribution." in answer
    assert "- Fine-tuning: the model's parameters are slightly adjusted to the task at hand." in answer
    assert "\n  - Early stopping:" in answer  # one-space nested bullets made real nested items
    assert "  - **Architectural Modifications:** make" in answer  # half-open bold mended
    assert "https://example.org/overfitting\n\nhttps://example.org/another-link" in answer  # links are not joined


def test_question_glued_to_previous_answer_golden():
    result = read_fixture("q-prefixed-text", GLUED)
    assert_golden(result, GLUED)
    assert [(q.line, q.number, q.question) for q in result.questions] == [
        (1, "1", "What is RLHF?"), (3, "2", "How is the reward model trained?"), (7, "4", "Why is PPO used?")]
    assert result.questions[0].answer == "Reinforcement learning from human feedback aligns a model with preferences."
    codes = [(d.code, d.line) for d in result.diagnostics]
    assert ("reader.glued-question", 3) in codes and ("reader.numbering", 7) in codes


def test_glued_questions_can_be_left_alone():
    result = read_fixture("q-prefixed-text", GLUED, {"split_glued": False})
    assert len(result.questions) == 2 and "Q2. How is the reward model trained?" in result.questions[0].answer


def test_sections_can_be_turned_off():
    result = read_fixture("q-prefixed-text", SECTIONS, {"sections": "none"})
    assert all(q.section == () for q in result.questions)
    assert result.questions[0].answer.endswith("Large Language Models")
