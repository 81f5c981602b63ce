"""The real dumps 000, 001, 004 and 005, read with their registry entries: the counts below were
verified by reading each dump from top to bottom (see docs/readers.md for the tally)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from genai_build.config import load_sources
from genai_build.pipeline import Project, read_source
from genai_build.readers import READERS
from genai_build.render import markdown_to_html

ROOT = Path(__file__).resolve().parents[2]
DUMP_000 = "000_b463d273d413d0af.txt"
DUMP_001 = "001_bbd2879245b74494.txt"
DUMP_004 = "004_034ba432b6f80818.txt"
DUMP_005 = "005_337c83186063d074.md"


@pytest.fixture(scope="module")
def reports():
    sources = {s.file: s for s in load_sources(ROOT / "content", READERS.keys())}
    return {name: read_source(Project(ROOT), sources[name]) for name in (DUMP_000, DUMP_001, DUMP_004, DUMP_005)}


def lines_of(name: str) -> list[str]:
    return (ROOT / "content" / "sources" / name).read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("name, questions, unanswered", [(DUMP_000, 62, 0), (DUMP_001, 137, 0), (DUMP_004, 54, 24),
                                                            (DUMP_005, 145, 0)])
def test_question_counts_verified_by_reading(reports, name, questions, unanswered):
    found = reports[name].questions
    assert len(found) == questions
    assert sum(q.answer is None for q in found) == unanswered
    assert not [d for d in reports[name].diagnostics if d.is_error]


@pytest.mark.parametrize("name", [DUMP_000, DUMP_001, DUMP_004])
def test_every_question_starts_on_its_line(reports, name):
    lines = lines_of(name)
    for q in reports[name].questions:
        words = re.findall(r"\w+", q.question)[:4]
        assert all(word in lines[q.line - 1] for word in words), (q.line, q.question)


def test_000_sections_and_numbering(reports):
    found = reports[DUMP_000].questions
    assert Counter(q.section for q in found) == {
        ("Generative Models",): 12, ("Large Language Models",): 17,
        ("Multimodal Models (Includes non-generative models)",): 12, ("Embeddings",): 14,
        ("Training, Inference and Evaluation",): 7}
    assert not [d for d in reports[DUMP_000].diagnostics if d.code == "reader.numbering"]
    by_line = {q.line: q for q in found}
    assert by_line[473].question.startswith("Compare and contrast the impact of using sparse")  # "16.  ****Compare…"
    assert by_line[890].question == "In loss functions like triplet loss or contrastive loss, what is the significance of the margin parameter?"


def test_000_answers_dedented_labels_gone_images_kept(reports):
    found = reports[DUMP_000].questions
    for q in found:
        assert not re.match(r"\W*Answer", q.answer), q.line
        html = markdown_to_html(q.answer)
        assert html.count("<pre") == q.answer.count("```") // 2, f"answer to line {q.line} became a code block"
    first = found[0].answer
    assert "![60_fig_8](https://github.com/aishwaryanr/awesome-generative-ai-guide/blob/main/interview_prep/img/60_fig_8.png)" in first
    assert "Image Source: [https://medium.com/@jordi299/" in first
    multi_head = next(q for q in found if q.line == 366).answer
    assert multi_head.startswith("Multi-head attention allows")  # "- Answer:" then "**Answer:**"
    assert not found[9].answer.endswith("---")


def test_001_bare_section_lines(reports):
    found = reports[DUMP_001].questions
    assert Counter(q.section for q in found) == {
        (): 85, ("Large Language Models",): 18, ("Multimodal Models (Includes non-generative models)",): 12,
        ("Embeddings",): 14, ("Training, Inference and Evaluation",): 8}
    before = {q.line: q.answer for q in found}
    assert before[632].endswith("contributes to training stability.")  # not "… Large Language Models"
    assert before[1131].endswith("overly stringent separation criterion.")


def test_001_sentences_broken_across_blank_lines_are_rejoined(reports):
    answers = "\n".join(q.answer for q in reports[DUMP_001].questions)
    for joined in ("Based on these observations, I make iterative refinements",
                   "different classes or categories within the data.",
                   "the model's parameters are slightly adjusted to specialise",
                   "text summarization, and question-answering where generating",
                   "This architecture allows for handling complex problems"):
        assert joined in answers
    assert not re.search(r"[a-z,]\n\n[a-z]", answers)
    assert "Answer: Prompt leakage" not in answers and "Prompt leakage occurs when" in answers


def test_004_prompt_categories_subheadings_and_unanswered_tail(reports):
    found = reports[DUMP_004].questions
    assert found[0].line == 13 and found[0].question == "What are foundational Models in Generative AI?"
    assert not any("repository" in q.question for q in found)  # the chat prompt is not a question
    assert [q.number for q in found[:7]] == [None, None, None, None, "2", "2", "3"]
    assert [q.number for q in found[6:]] == [str(n) for n in range(3, 51)]
    assert found[4].question == "what is transformers Architecture that is used in LLM?"
    assert {q.section for q in found[:10]} == {("General Concepts of Generative AI",)}
    assert found[-1].section == ("Education and Skill Development",)
    assert all(q.answer is None for q in found[-24:]) and all(q.answer for q in found[:-24])
    vae = next(q for q in found if q.line == 774).answer
    assert "### Latent Space:" in vae and "### Key Points:" in vae  # the `## Latent Space:` notes stay with Q5
    assert "| **Feature** | **Details** |" in found[0].answer and "```plaintext" in found[0].answer
    codes = {(d.code, d.line) for d in reports[DUMP_004].diagnostics}
    assert {("reader.numbering", 490), ("reader.numbering", 595), ("reader.not-a-question", 853),
            ("reader.question-in-answer", 1071)} <= codes


def test_005_collapsible_blocks_at_their_summary_lines_without_tags(reports):
    """145 `<details>` blocks numbered 1-145 under ten `##` themes; nothing outside a block is a question."""
    found = reports[DUMP_005].questions
    lines = lines_of(DUMP_005)
    assert [q.number for q in found] == [str(n) for n in range(1, 146)]
    assert all(lines[q.line - 1].startswith("<summary><b>") for q in found)
    assert len({q.section for q in found}) == 10 and found[0].section == ("LLM fundamentals",)
    for q in found:
        assert not re.search(r"</?(?:details|summary|b)>", q.question + q.answer)
        assert "**Learn more:**" in q.answer
    assert not reports[DUMP_005].diagnostics
