"""numbered-levels-text: the web-article layout of 003, trap by trap, and the real dump read whole.

Each fixture in tests/fixtures/readers/numbered_levels_text/ reproduces one trap; its golden
output (questions and diagnostics as JSON) is in tests/golden/readers/numbered_levels_text/.
Regenerate the golden files with `make golden`
and review the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genai_build.readers import READERS
from genai_build.readers.base import SourceText
from genai_build.readers.checks import check_questions
from tests.golden_files import assert_golden

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers" / "numbered_levels_text"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "readers" / "numbered_levels_text"
ROOT = Path(__file__).resolve().parents[2]
REAL_DUMP = ROOT / "content" / "sources" / "003_56c4a1881aa1859d.txt"
READER = READERS["numbered-levels-text"]


def _read(path: Path):
    return READER.read(SourceText(path.name, path.name, path.read_text(encoding="utf-8")), {})


def _as_golden(path: Path) -> str:
    result = _read(path)
    data = {
        "questions": [{"line": q.line, "number": q.number, "section": list(q.section), "difficulty": q.difficulty,
                       "question": q.question, "answer": q.answer} for q in result.questions],
        "diagnostics": [str(d) for d in result.diagnostics],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_fixture_matches_golden(fixture: Path):
    assert_golden(_as_golden(fixture), f"readers/numbered_levels_text/{fixture.stem}.json")


def test_every_fixture_has_a_golden_file_and_back():
    assert {p.stem for p in FIXTURES.glob("*.txt")} == {p.stem for p in GOLDEN.glob("*.json")}


# What the fixtures are for, asserted directly so that a wrong golden file cannot hide it.

def test_intro_is_not_a_question():
    result = _read(FIXTURES / "intro_before_first_question.txt")
    assert [q.question for q in result.questions] == ["What is a model?", "What is data?"]


def test_numbered_list_inside_an_answer_stays_in_it():
    questions = _read(FIXTURES / "numbered_list_inside_answer.txt").questions
    assert [(q.number, q.question) for q in questions] == [("1", "How do you handle large datasets?"), ("2", "What is batching?")]
    assert "2. Stream it from disk." in questions[0].answer and "3. What is left? Shuffle it." in questions[0].answer


def test_outro_is_not_glued_to_the_last_answer():
    (last,) = _read(FIXTURES / "outro_after_last_answer.txt").questions
    assert last.answer == "Low-rank adaptation of a large model.\n\nIt trains few parameters."


def test_glued_next_question_is_cut_and_kept_once():
    result = _read(FIXTURES / "glued_next_question.txt")
    first, second = result.questions
    assert first.answer.endswith("related to JS divergence.") and "reduce bias" not in first.answer
    assert second.question == "How do you reduce bias in generative AI models?" and second.line == 12
    assert [d.code for d in result.diagnostics] == ["reader.glued-question"]


def test_levels_give_section_and_difficulty():
    questions = _read(FIXTURES / "level_lines.txt").questions
    assert [(q.section, q.difficulty) for q in questions] == [
        (("Beginner's Level",), "beginner"), (("Intermediate Level",), "intermediate"), (("Advanced Level",), "advanced")]


def test_lost_content_is_reported_not_invented():
    result = _read(FIXTURES / "vanished_formula.txt")
    assert "The formula for KL Divergence is:\n\nWhere:" in result.questions[0].answer
    assert [(d.code, d.line) for d in result.diagnostics] == [("reader.lost-formula", 8), ("reader.lost-formula", 21)]
    labels = _read(FIXTURES / "flattened_label_list.txt")
    assert labels.questions[0].answer.startswith("- Application: Text generation")
    assert [d.code for d in labels.diagnostics] == ["reader.lost-labels"]


# The real dump, verified by reading it: 60 questions, 1-60, 15 beginner, 15 intermediate, 30 advanced.

@pytest.fixture(scope="module")
def real():
    return READER.read(SourceText(REAL_DUMP.name, REAL_DUMP.name, REAL_DUMP.read_text(encoding="utf-8")), {})


def test_real_dump_has_the_60_questions_read_by_hand(real):
    questions = real.questions
    assert len(questions) == 60
    assert [q.number for q in questions] == [str(n) for n in range(1, 61)]
    assert [q.line for q in questions][:5] == [17, 22, 37, 52, 70] and questions[-1].line == 593
    levels = [q.difficulty for q in questions]
    assert levels == ["beginner"] * 15 + ["intermediate"] * 15 + ["advanced"] * 30
    assert all(q.answer for q in questions)


def test_real_dump_traps(real):
    by_number = {q.number: q for q in real.questions}
    assert by_number["2"].question == "Name some popular generative AI models and their applications."
    assert by_number["2"].answer.count("- Application: ") == 5
    assert "How do you reduce bias" not in by_number["4"].answer
    assert by_number["4"].answer.endswith("(related to JS divergence).")
    assert by_number["60"].answer.endswith("responding to casual inquiries.")
    assert not any("Explore Generative AI Projects" in (q.answer or "") or "Preparation Tips" in (q.answer or "")
                   for q in real.questions)
    assert "`x_{t-1}`" in by_number["17"].answer and "x0x_0x0" not in by_number["17"].answer
    assert not any("•" in q.answer for q in real.questions)


def test_real_dump_reconciles_with_the_checks(real):
    text = REAL_DUMP.read_text(encoding="utf-8")
    extra = check_questions(SourceText(REAL_DUMP.name, REAL_DUMP.name, text), real.questions, real.diagnostics)
    assert extra == ()
    assert sorted({d.code for d in real.diagnostics if d.level == "warning"}) == [
        "reader.glued-question", "reader.lost-formula", "reader.lost-label", "reader.lost-labels", "reader.stray-markup"]
