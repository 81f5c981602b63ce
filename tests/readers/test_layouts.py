"""The layouts of public interview banks (tests/readers/layouts.py): each trap fixture read right,
with no HTML tag or page furniture left in any question, section or answer."""

from __future__ import annotations

import re

import pytest

from genai_build.readers import run_reader
from genai_build.readers.base import SourceText

from .golden import assert_golden
from .layouts import LAYOUTS, Layout

FURNITURE = re.compile(r"</?(?:details|summary|b|a|br|div)\b|Back to Top|\(#table-of-contents\)|Would you like me|Awesome 🔥"
                       r"|Good luck|Great question", re.IGNORECASE)


def _read(layout: Layout):
    return run_reader(layout.reader, SourceText(layout.fixture, f"fixtures/layouts/{layout.fixture}",
                                               layout.path.read_text(encoding="utf-8")), layout.options)


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout.fixture for layout in LAYOUTS])
def test_layout_is_read_at_the_right_lines_without_furniture(layout: Layout):
    result = _read(layout)
    assert tuple(q.line for q in result.questions) == layout.lines
    assert tuple(q.line for q in result.questions if q.answer is None) == layout.unanswered
    for q in result.questions:
        for text in (q.question, q.answer or "", *q.section):
            assert not FURNITURE.search(text), (q.line, text)
    assert_golden(result, f"layouts/{layout.fixture}")


def test_collapsible_blocks_keep_code_and_links_and_drop_the_tags():
    first, second, third, _ = _read(LAYOUTS[0]).questions
    assert (first.number, first.question, first.section) == ("1", "What is the Model Context Protocol (MCP)?", ("Agents",))
    assert first.answer.endswith("**Learn more:** [MCP spec](https://modelcontextprotocol.io)")
    assert second.answer.endswith("- cap the tokens")
    assert "# is this a question? no: code" in third.answer and third.section == ("Evaluation",)


def test_bold_bullets_case_study_titles_are_not_questions_nor_answers():
    result = _read(LAYOUTS[1])
    assert all(q.answer is None for q in result.questions)
    assert [d.line for d in result.diagnostics if d.code == "reader.not-a-question"] == [14, 23]
    assert not any("Prompting" == q.question or "Agents" == q.question for q in result.questions)


def test_chat_transcript_drops_labels_and_chatter():
    result = _read(LAYOUTS[2])
    assert [q.section for q in result.questions] == [("Serving",), ("Serving",), ("Cost",), ("Cost",)]
    assert result.questions[0].answer == "Stream tokens, cache the prompt prefix, and batch requests on the server."
    assert "Awesome" not in result.questions[1].answer and result.questions[3].answer is None
    assert [d.line for d in result.diagnostics if d.code == "reader.furniture"] == [12, 21]


def test_sub_headings_and_margin_lists_stay_in_their_answer():
    first, second, third, _ = _read(LAYOUTS[3]).questions
    assert first.answer.endswith("### Summary:\n\nIt grounds answers in documents.")
    assert "1. Start at 512 tokens.\n2. Try half and double.\n3. Keep the one with the best recall." in second.answer
    assert "### Why it matters:" in second.answer
    assert [q.section for q in (first, second, third)] == [("Section 1: Basics",)] * 2 + [("Section 2: Evaluation",)]


def test_anchors_and_emoji_leave_section_names_and_math_survives():
    first, second, third = _read(LAYOUTS[4]).questions
    assert first.section == ("Fundamentals",) and third.section == ("Safety",)
    assert "$$\\text{cost} = \\sum_{t} t$$" in first.answer and "> [!NOTE]" in first.answer
    assert second.answer.startswith("| precision | memory |") and third.answer is None


def test_closing_note_is_not_part_of_the_last_answer():
    result = _read(LAYOUTS[5])
    assert result.questions[-1].answer.endswith("**Tip:** Alert on drift in refusal rate.")
    assert [d.line for d in result.diagnostics if d.code == "reader.furniture"] == [17]
