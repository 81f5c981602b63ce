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
    return run_reader(layout.reader, layout.source(f"fixtures/layouts/{layout.fixture}"), layout.options)


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


def _layout(fixture: str) -> Layout:
    return next(layout for layout in LAYOUTS if layout.fixture == fixture)


def test_admonitions_lose_their_markers_and_nested_ones_become_quotes():
    first, second, third, fourth = _read(_layout("admonitions_question_blocks.md")).questions
    assert (first.number, first.question, first.section) == ("1", "What is self-attention?", ("Attention",))
    assert first.answer.startswith("Every token attends") and "\n    " not in first.answer  # de-indented: not code
    assert '??? question "not a block: code"' in first.answer  # a marker inside code stays code
    assert second.answer.endswith("> **Rule of thumb**\n> Heads are cheap: the projections are split, not repeated.")
    assert third.answer is None and fourth.section == ("Serving",)
    assert not any("Admonitions without a title" in (q.answer or "") for q in (first, second, third, fourth))


def test_callouts_titled_are_questions_untitled_are_not():
    result = _read(_layout("callouts_titled_questions.md"))
    first = result.questions[0]
    assert first.answer == ("The model is given retrieved documents as context before it answers.\n\n"
                            "- retrieve\n- augment the prompt\n- generate")
    assert all(">" not in (q.answer or "") and "[!" not in q.question for q in result.questions)
    assert not any("remarks" in (q.answer or "") for q in result.questions)


def test_fenced_containers_close_at_their_own_fence_and_code_is_code():
    result = _read(_layout("fenced_containers_questions.md"))
    rag = result.questions[1]
    assert "::: not a container: code" in rag.answer and rag.answer.endswith("> **Tip**\n> Keep a fixed test set.")
    assert [(d.code, d.line) for d in result.diagnostics] == [("reader.not-a-question", 23)]


def test_setext_headings_are_headings_and_their_underlines_are_not_text():
    result = _read(_layout("setext_headings_questions.md"))
    assert [q.section for q in result.questions] == [("Image models",)] * 2 + [("Latent space",)]
    assert all("---" not in q.answer and "===" not in q.answer for q in result.questions)
    assert "Generative AI questions" not in {s for q in result.questions for s in q.section}  # the title


def test_pipe_tables_rows_with_breaks_escaped_pipes_and_columns_by_name():
    result = _read(_layout("pipe_tables_under_headings.md"))
    basics = result.questions[:3]
    assert [q.number for q in basics] == ["1", "2", "3"]
    assert basics[1].answer == "Splitting text into units (tokens), e.g. `a|b` pieces.\nSub-words are common."
    assert basics[2].question == "What does the | operator mean in a prompt template?" and basics[2].answer is None
    assert [q.difficulty for q in result.questions[3:]] == ["intermediate", "advanced"]
    assert not any("GPT-2" in q.question for q in result.questions)  # a table without a question column


def test_notebook_markdown_cells_at_the_notebook_lines_code_is_code_outputs_unread():
    result = _read(_layout("jupyter_notebook_markdown_cells.ipynb"))
    first, second, _ = result.questions
    assert "~~~~~~python\n# What is this? a comment in code" in first.answer
    assert not any("output" in q.question for q in result.questions)
    assert "$$\\cos\\theta" in second.answer


def test_a_notebook_not_saved_line_per_line_is_a_clear_error():
    import json

    from genai_build.readers import decode_dump

    squashed = json.dumps(json.loads(_layout("jupyter_notebook_markdown_cells.ipynb").path.read_text(encoding="utf-8")))
    source, problems = decode_dump(squashed.encode(), "bank.ipynb", "content/sources/bank.ipynb")
    assert source is None and [p.code for p in problems] == ["source.notebook"]
    assert "content/sources/bank.ipynb" in str(problems[0]) and "nbconvert" in str(problems[0])
    source, problems = decode_dump(b'{"cells": [', "bad.ipynb", "bad.ipynb")
    assert source is None and str(problems[0]).startswith("bad.ipynb:1:")


def test_definition_list_terms_that_ask_are_questions_with_their_definitions():
    result = _read(_layout("definition_list_questions.md"))
    first, second, third = result.questions
    assert first.answer == "A scaling of the logits that controls randomness.\nLower is more deterministic."
    assert second.answer.endswith("Also called top-p sampling.") and ": " not in second.answer
    assert third.section == ("Context",)
    assert [(d.code, d.line) for d in result.diagnostics] == [("reader.not-a-question", 14)]  # "Beam width"


def test_bullet_questions_one_nested_item_is_the_answer_several_stay_a_list():
    first, second, third, fourth = _read(_layout("bullet_questions_nested_answers.md")).questions
    assert first.answer == "Giving the model a few worked examples in the prompt."
    assert second.answer.startswith("- Asking the model") and "Why does it help?" in second.answer  # nested: not a question
    assert third.answer is None and fourth.section == ("Security",)


def test_json_lines_one_record_per_line_at_its_line():
    result = _read(_layout("json_lines_records.jsonl"))
    assert [(q.line, q.section) for q in result.questions] == [(1, ("RAG",)), (3, ("RAG",)), (4, ("Search",))]
    from genai_build.diagnostics import BuildError
    from genai_build.readers import SourceText
    with pytest.raises(BuildError) as caught:
        run_reader("table-file", SourceText("b.jsonl", "b.jsonl", '{"question": "What?"}\n{"question": \n'), {})
    assert str(caught.value.diagnostics[0]).startswith("b.jsonl:2: error: malformed JSON Lines record")


def test_label_headings_take_the_wording_below_and_drop_the_answer_label():
    first, second, third = _read(_layout("label_headings_question_then_answer.md")).questions
    assert (first.number, first.question, first.answer) == ("1", "What is a transformer?", "A neural network built on self-attention.")
    assert second.question == "What is BERT, and how is it pre-trained?"  # a wrapped wording, after a blank line
    assert second.answer.startswith("An encoder-only") and "#### Answer" in second.answer  # only a label right under the question goes
    assert "Question" not in " ".join(q.question for q in (first, second, third)) and third.answer is None


def test_html_headings_in_markdown_are_headings_outside_code():
    first, second = _read(_layout("html_headings_in_markdown.md")).questions
    assert first.question == "What is a diffusion model?" and first.section == ("Diffusion",)
    assert "<h3>What is not a heading: code?</h3>" in first.answer and second.answer.startswith("Mixing")


def test_structured_files_nested_groups_and_topic_keys_are_sections():
    nested = _read(_layout("nested_groups_short_keys.json")).questions
    assert [q.section for q in nested] == [("RAG",), ("RAG",), ("Agents",)]  # the group's name; "categories" names none
    assert nested[0].answer == "Retrieval, then generation."  # `q` / `a` keys
    by_key = _read(_layout("records_under_topic_keys.yaml")).questions
    assert [q.section for q in by_key] == [("Transformers",), ("Transformers",), ("Fine-tuning",)]


def test_answers_folded_in_details_lose_the_toggle_and_keep_other_labels():
    first, second, third = _read(_layout("headings_with_answers_folded_in_details.md")).questions
    assert first.answer == "The model fits noise in the training data and generalises poorly."
    assert second.answer == "Randomly zeroing activations during training to regularise."  # "Show answer" went
    assert third.answer.startswith("An L2 penalty") and "**Code example**\n\n```python" in third.answer


def test_ans_prefix_is_a_label_like_answer():
    assert [q.answer for q in _read(_layout("q_lines_with_ans_prefix.md")).questions] == [
        "Reinforcement learning from human feedback.", "Direct preference optimisation."]


def test_plain_question_lines_open_paragraphs_and_rhetorical_questions_stay_in_answers():
    result = _read(_layout("plain_question_lines_article.txt"))
    assert "Why does this matter?" in result.questions[2].answer  # a sentence after it: not a question line
    assert "What about this line?" in result.questions[3].answer  # no blank line above: not a paragraph's start
    assert [(d.code, d.line) for d in result.diagnostics] == [("reader.question-in-answer", 17)]
    assert not any("Interview Questions" in q.question for q in result.questions)  # the title line


def test_plain_questions_lose_every_tie_to_a_reader_that_sees_markup():
    from genai_build.readers import READERS
    assert list(READERS).index("plain-questions") > max(list(READERS).index(name) for name in (
        "markdown-headings", "numbered-questions", "q-prefixed-text", "table-file", "collapsible-blocks"))


def test_a_bold_question_leading_its_paragraph_starts_the_answer_on_its_line():
    questions = _read(_layout("bold_question_leads_its_answer.md")).questions
    assert [q.answer.split(" ")[0] for q in questions] == ["A", "The", "It", "Sampling"]
    assert "**Is p=1 plain sampling?** Yes" in questions[-1].answer  # leading a list item: part of the answer


def test_q_and_a_on_one_line_split_at_the_answer_label():
    assert [(q.question, q.answer) for q in _read(_layout("q_and_a_on_one_line.txt")).questions] == [
        ("What is RAG?", "Retrieval-augmented generation grounds answers in retrieved documents."),
        ("What is a vector store?", "A database indexed for nearest-neighbour search.")]


def test_task_list_checkboxes_are_not_part_of_the_question():
    assert [q.question for q in _read(_layout("task_list_questions.md")).questions] == [
        "What is a token?", "What is a context window?"]


def test_a_plain_question_may_open_a_paragraph_right_after_a_rule_or_a_heading():
    questions = _read(_layout("plain_questions_between_rules_and_headings.md")).questions
    assert [(q.question, q.section) for q in questions] == [("What is X?", ()), ("What is Y?", ()), ("What is Z?", ("Part 2",))]
    assert all("---" not in q.answer for q in questions)


def test_an_answer_in_one_quote_or_one_bullet_is_its_text_and_deep_sections_nest():
    assert [q.answer for q in _read(_layout("q_headings_with_quoted_answers.md")).questions] == [
        "It weights every token by its relevance to the current one.", "It hides future tokens during training."]
    assert _read(_layout("numbered_bold_questions_one_bullet_answers.md")).questions[0].answer == "Low-rank adapters on frozen weights."
    assert [q.section for q in _read(_layout("short_column_names.csv")).questions] == [("RAG",), ("RAG",)]
    deep = _read(_layout("questions_four_levels_deep.md")).questions
    assert [q.section for q in deep] == [("Models", "Language"), ("Models", "Language"), ("Models", "Vision")]


def test_an_anki_export_reads_its_header_lines_and_a_headerless_table_starts_at_once():
    exported = _read(_layout("anki_plain_text_export.txt")).questions
    assert [(q.line, q.question, q.answer) for q in exported] == [
        (4, "What is a token?", "A unit of text.\nOften a sub-word."), (5, "What is BPE?", "Byte-pair encoding.")]
    assert [q.question for q in _read(_layout("headerless_question_answer.tsv")).questions] == ["What is a token?", "What is BPE?"]


# what another markup's block markers would leave behind if the Markdown view missed them
MARKERS = re.compile(r"^(?:>|#\+|\.\. |:$|(?P<char>[=~^\"'`*+#.-])(?P=char){3,}$|\[source)|</?(?:dl|dt|dd|table|tr|td|th|p|li|ul|ol|pre|code|strong|em|h\d)\b",
                     re.MULTILINE)
DIALECTS = [layout for layout in LAYOUTS if layout.fixture.endswith((".rst", ".adoc", ".org", ".html", ".wiki", ".textile"))
            or layout.fixture in ("italic_numbered_question_lines.md", "questions_in_blockquotes.md")]


# the fixtures whose answers hold no list, or no code, in the dump itself
NO_LIST = {"html_table_rows_over_lines.html", "html_ordered_list_bold_lead_answers.html", "org_description_list_questions.org"}
NO_CODE = {"org_description_list_questions.org"}


@pytest.mark.parametrize("layout", DIALECTS, ids=[layout.fixture for layout in DIALECTS])
def test_other_markups_leave_no_marker_and_keep_sections_lists_and_code(layout: Layout):
    result = _read(layout)
    for q in result.questions:
        for text in (q.question, *q.section):
            assert not MARKERS.search(text) and not re.search(r"^[*_`]|[*_`]$", text), (q.line, text)
        assert not MARKERS.search(re.sub(r"```.*?```", "", q.answer or "", flags=re.DOTALL)), (q.line, q.answer)
    answers = "\n".join(q.answer or "" for q in result.questions)
    if layout.fixture not in NO_LIST:
        assert re.search(r"^ *(?:[-*] |\d\. )", answers, re.MULTILINE), "a list in some answer stays a list"
    if layout.fixture not in NO_CODE:
        assert "```" in answers or "\n    " in answers or "`" in answers, "code stays code"


def test_rst_title_levels_go_by_first_appearance_and_literal_blocks_are_fenced():
    result = _read(next(layout for layout in LAYOUTS if layout.fixture.endswith(".rst")))
    assert [q.section for q in result.questions] == [("Foundations",)] * 2 + [("Transformers",)] * 2 + [("Evaluation",)]
    assert "softmax:\n```\nprobs = softmax(logits / temperature)" in result.questions[1].answer
    assert "```python\nscores = q @ k.T" in result.questions[2].answer
    assert "Thanks" not in result.questions[-1].answer  # the closing section is no answer


def test_html_tables_keep_their_rows_lines_and_cells_markdown():
    result = _read(next(layout for layout in LAYOUTS if layout.fixture == "html_table_rows_over_lines.html"))
    assert [q.number for q in result.questions] == ["1", "2", "3", "4", "5"]
    assert result.questions[1].answer == "The generator produces a few outputs only.\nRemedies: minibatch discrimination, `unrolled` GANs."
    assert result.questions[4].answer == "It takes many denoising steps; *DDIM* takes fewer."
