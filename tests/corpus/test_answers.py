"""Answers: lost figures and formulas said honestly, filler dropped, non-answers refused, the best answer
shown, key points; one fixture per trap (tests/fixtures/corpus/answers/) with its golden output.

Regenerate the golden files with `make golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_build.corpus.answers import (FIGURE_NOT_SHOWN, FORMULA_MISSING, answer_score, apply_fixes, formula_gaps,
                                        gap_warnings, key_points, non_answer, prepare, tidy_answer)
from genai_build.corpus.assemble import independent_sources, primary_answer
from genai_build.corpus.normalise import shown_wording
from genai_build.model import RawQuestion
from tests.golden_files import assert_golden

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "answers"
TRAPS = sorted(FIXTURES.glob("*.md"))


def prepared_text(path: Path) -> str:
    """What the corpus makes of one dump answer: the answer shown, the warnings, the key points."""
    result = prepare(RawQuestion("dump.md", 1, "Question?", path.read_text(encoding="utf-8")), "dump.md")
    answer = result.raw.answer
    warnings = [*result.diagnostics, *(gap_warnings(answer, "dump.md", 1) if answer else ())]
    parts = ["## answer", answer if answer is not None else "(unanswered)", "", "## diagnostics",
             *[str(d) for d in warnings], "", "## key points", (key_points(answer) or "(none)") if answer else "(none)"]
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("path", TRAPS, ids=[p.stem for p in TRAPS])
def test_trap_matches_golden(path: Path) -> None:
    assert_golden(prepared_text(path), f"corpus/answers/{path.name}")


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.md").read_text(encoding="utf-8")


def test_placeholder_captions_and_local_images_become_one_honest_line() -> None:
    text, findings = tidy_answer(fixture("figure_placeholder_caption"))
    assert "60_fig_8" not in text and "alt text" not in text and "image-5.png" not in text
    assert text.count(FIGURE_NOT_SHOWN) == 2
    assert "![Transformer Architecture](https://jalammar.github.io" in text  # a named remote figure is kept
    assert "$Q$" in text and "$$\\text{Attention}(Q, K, V)" in text  # \( \) and \[ \] become $ and $$
    assert [f.code for f in findings].count("figure") == 2


def test_broken_formula_sentences_are_found_in_general() -> None:
    gaps = formula_gaps(fixture("lost_formula_sentence"))
    assert any("complexity of, where is the sequence length" in g for g in gaps)
    assert any("calculated as:" in g for g in gaps)  # a lead-in followed by the next item, not a formula
    assert any("only and are updated" in g for g in gaps)
    assert any(g.startswith("where and are weight matrices") for g in gaps)
    assert any(g.startswith("Where is the model's") for g in gaps)
    whole = "The loss is defined as:\n\n$$L = -\\sum_i y_i \\log p_i$$\n\nwhere $y$ is the label. It is used in between layers."
    assert formula_gaps(whole) == ()
    assert formula_gaps("Its training is based on the left-to-right context only. Apply it in between.") == ()


def test_lost_formula_gets_one_honest_line_per_paragraph() -> None:
    result = prepare(RawQuestion("d.md", 3, "Q?", fixture("lost_formula_sentence")), "d.md")
    assert result.raw.answer.count(FORMULA_MISSING) == 5  # each of the five paragraphs lost one
    warnings = gap_warnings(result.raw.answer, "d.md", 3)
    assert len(warnings) == 5 and all(d.code == "answer.lost-formula" and d.line == 3 for d in warnings)


def test_curation_fix_puts_the_formula_back_and_the_honest_line_goes() -> None:
    answer = prepare(RawQuestion("d.md", 3, "Q?", "LoRA trains two matrices. Only and are updated.\n\nIt is cheap."), "d.md").raw.answer
    assert FORMULA_MISSING in answer
    fixed, failed = apply_fixes(answer, [{"find": "Only and are updated.", "replace": "Only $A$ and $B$ are updated."}])
    assert failed == [] and FORMULA_MISSING not in fixed and "Only $A$ and $B$ are updated." in fixed
    _, failed = apply_fixes(answer, [{"find": "not in the answer", "replace": "x"}])
    assert failed and "occurs 0 times" in failed[0]


def test_filler_is_dropped_with_a_warning_even_glued_to_a_sentence() -> None:
    result = prepare(RawQuestion("d.md", 7, "Q?", fixture("filler_lorem_glued")), "d.md")
    assert result.raw.answer.endswith("across different domains.")
    assert [d.code for d in result.diagnostics] == ["answer.filler"]
    english = "The model did it in situ et cetera; at the end, in sum, a non sequitur."
    assert tidy_answer(english)[0] == english


def test_label_only_and_navigation_answers_do_not_answer() -> None:
    assert "labels only" in (non_answer(fixture("label_only_answer")) or "")
    assert "navigation" in (non_answer(fixture("navigation_only_answer")) or "")
    assert non_answer(fixture("labelled_items_that_answer")) is None  # labels under named items are fine


def test_shown_answer_is_the_one_that_answers_the_whole_question_not_the_longest() -> None:
    wording = "How can reinforcement learning be integrated into the training of LLMs, and what challenges arise in selecting loss functions?"
    phases = "Phase 1: pre-training on a vast corpus. " * 30 + "Phase 3: RLHF aligns the model with human preferences."
    answers = ("RL is integrated through a reward model and policy optimisation. Challenges in selecting loss functions: "
               "reward design, variance and stability.")
    members = [RawQuestion("a.md", 1, wording, phases), RawQuestion("b.md", 1, wording, answers)]
    assert len(phases) > len(answers)
    assert primary_answer(members, wording) is members[1]
    # the answer written for the shown wording beats one written for a merged follow-up question
    follow_up = RawQuestion("c.md", 9, "Describe the importance of testing with a live audience and CTR.",
                            "Testing with a live audience shows how the model behaves. " * 10)
    steps = RawQuestion("c.md", 1, "How would you set up an A/B test to evaluate two models?",
                        "- Split users into two groups.\n- Route each group to one model.\n- Compare the metrics.")
    assert primary_answer([follow_up, steps], steps.question) is steps


def test_score_features_are_bounded_and_length_is_a_weak_signal() -> None:
    short = answer_score("Self-attention weighs every token against the others.", "What is self-attention?", "What is self-attention?")
    long = answer_score("Self-attention weighs every token against the others. " * 60, "What is self-attention?", "What is self-attention?")
    assert 0 <= short.coverage <= 1 and 0 <= short.intent <= 1
    assert long.total - short.total < 0.5  # no more than the length weight


def test_copies_of_one_origin_count_once() -> None:
    wording = "Explain the concept of triplet loss in the context of embedding learning."
    members = [RawQuestion("000.md", 1, wording, "x"), RawQuestion("001.md", 4, wording.replace("Explain", "explain"), "y"),
               RawQuestion("002.md", 9, "Explain the concept of triplet loss in the context of embedding learning", "z"),
               RawQuestion("003.md", 2, "What is triplet loss and when would you use it?", "w")]
    assert independent_sources(members) == 2  # 000, 001 and 002 copy one wording; 003 asks in its own words


def test_shown_wording_drops_trailing_tags_and_asks_bare_titles() -> None:
    assert shown_wording("What techniques can be employed to improve factual accuracy?(RAG)") == \
        "What techniques can be employed to improve factual accuracy?"
    assert shown_wording("How do models like Stable Diffusion leverage LLMs?(internal mechanism of stable") == \
        "How do models like Stable Diffusion leverage LLMs?"
    assert shown_wording("GPT 4 's Request body") == "What is GPT 4's request body?"
    assert shown_wording("Explain the concept of attention.") == "Explain the concept of attention."


def test_key_points_are_the_definition_or_the_top_level_points() -> None:
    definition = ("Perplexity measures how well a language model predicts a sample: the exponential of the average "
                  "negative log-likelihood per token.\n\n- Lower is better.\n- It depends on the tokenizer.")
    assert key_points(definition) == ("Perplexity measures how well a language model predicts a sample: the exponential "
                                      "of the average negative log-likelihood per token.")
    listed = "Fine-tuning has several challenges:\n\n- Cost: large models need a lot of compute.\n- Overfitting: small data.\n- Forgetting: old skills fade."
    assert key_points(listed) == "Fine-tuning has several challenges: Cost; Overfitting; Forgetting."


def test_flattened_label_list_becomes_a_list_again() -> None:
    text, findings = tidy_answer(fixture("label_list_flattened"))
    assert "- LoRA: Adds low-rank trainable matrices to specific layers.\n- Adapters: Inserts" in text
    assert "\n- BitFit: Updates only bias terms in the model." in text
    assert "Note: this paragraph has one label only. It stays a paragraph." in text
    assert [f.code for f in findings] == ["list"]


def test_heading_run_into_its_first_sentence_gets_a_paragraph_of_its_own() -> None:
    text, _ = tidy_answer(fixture("heading_glued_to_sentence"))
    assert "\n\nHow Dropout Works\n\nDuring each training iteration" in text
    assert "Hugging Face Pipelines provide an easy-to-use interface" in text  # a name opening a sentence stays


def test_key_points_of_an_answer_made_of_headed_sections_are_its_headings() -> None:
    sectioned = ("Key Ethical Considerations\n\nBias and Fairness\n\n- Models amplify bias.\n- Address: audit outputs.\n\n"
                 "Misinformation\n\n- Models invent facts.\n\nPrivacy\n\n- Models leak data.")
    assert key_points(sectioned) == "Bias and Fairness; Misinformation; Privacy."
