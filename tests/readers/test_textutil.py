"""Shared text helpers: question wording, printed numbers, answer cleaning."""

from __future__ import annotations

import pytest

from genai_build.readers.textutil import clean_answer, has_question_prefix, looks_like_question, plain_question, split_number


@pytest.mark.parametrize("line, expected", [
    ("**14. In loss functions, what is the margin?**", ("14", "In loss functions, what is the margin?")),
    ("**1.** In multimodal models, how?", ("1", "In multimodal models, how?")),
    ("16.  ****Compare sparse and dense losses.", ("16", "Compare sparse and dense losses.")),
    ("Q1: What is BM25?", ("1", "What is BM25?")),
    ("Question 3. Which metrics matter?", ("3", "Which metrics matter?")),
    ("Q. What is prompting?", (None, "What is prompting?")),
    ("3.5 Turbo models are fast.", (None, "3.5 Turbo models are fast.")),
])
def test_split_number_after_markup_removed(line, expected):
    assert split_number(plain_question(line)) == expected


@pytest.mark.parametrize("text, expected", [
    ("What is a GAN", True), ("Explain attention.", True), ("2. **what is  transformers?**", True),
    ("Latent Space:", False), ("Key Differences", False), ("In scenarios like this, propose strategies.", False),
    ("**1. Identify Redundant Weights:**", False),
])
def test_looks_like_question(text, expected):
    assert looks_like_question(text) is expected


def test_labels_removed_and_indent_dropped_so_answers_are_not_code():
    lines = ["- Answer**:**", "    ", "    **Answer:**", "    Text here.", "    ", "    - item", "        - nested", "", "---"]
    assert clean_answer(lines) == "Text here.\n\n- item\n    - nested"


def test_answer_label_prefix_on_first_paragraph_only():
    assert clean_answer(["Answer: It is.", "", "Answer: keep this one."]) == "It is.\n\nAnswer: keep this one."


def test_broken_sentence_rejoined_but_not_titles_links_or_code():
    lines = ["The model memorises the data rather than", "", "learning the distribution.", "",
             "```", "a long line of code without end", "", "continues here", "```", "",
             "See https://example.org/a", "", "https://example.org/b", "", "## A heading with four words", "", "lower text"]
    assert clean_answer(lines) == ("The model memorises the data rather than learning the distribution.\n\n"
                                   "```\na long line of code without end\n\ncontinues here\n```\n\n"
                                   "See https://example.org/a\n\nhttps://example.org/b\n\n## A heading with four words\n\nlower text")


def test_whitespace_only_answer_is_none():
    assert clean_answer(["", "   ", "---", " "]) is None


@pytest.mark.parametrize("text, expected", [("Q1: Why?", True), ("Question 3. How?", True), ("Q. What?", True),
                                            ("Quantization matters", False), ("1. What?", False)])
def test_has_question_prefix(text, expected):
    assert has_question_prefix(text) is expected
