"""The layouts met in public interview banks, one trap fixture each (tests/fixtures/readers/layouts/),
with the reading known to be right: the reader and options that give it, the lines where the
questions start and the lines of those that have no answer. Used by the reader tests and by the
layout detector's check (detection must find the same reading without being told)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from genai_build.readers import SourceText, decode_dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers" / "layouts"


@dataclass(frozen=True)
class Layout:
    fixture: str
    reader: str
    lines: tuple[int, ...]  # where each question starts
    unanswered: tuple[int, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return FIXTURES / self.fixture

    def source(self, display: str | None = None) -> SourceText:
        """The fixture decoded as a dump is (a notebook becomes the Markdown of its cells)."""
        source, problems = decode_dump(self.path.read_bytes(), self.fixture, display or self.fixture)
        assert source is not None, problems
        return source


LAYOUTS = (
    Layout("collapsible_summary_bold_numbered.md", "collapsible-blocks", (12, 22, 34, 46), (46,)),
    Layout("bold_bullets_without_answers.md", "numbered-questions", (12, 13, 15, 21, 22), (12, 13, 15, 21, 22)),
    Layout("chat_transcript_q_lines_and_chatter.md", "q-prefixed-text", (5, 8, 16, 19), (19,)),
    Layout("bold_numbered_answers_with_subheadings_and_margin_lists.md", "numbered-questions", (5, 13, 27, 31)),
    Layout("q_headings_with_anchors_and_back_to_top.md", "markdown-headings", (10, 21, 32), (32,), {"question_level": 3}),
    Layout("numbered_headings_with_closing_note.md", "markdown-headings", (3, 9)),
    # the same kinds of block in other Markdown dialects and in structured files
    Layout("admonitions_question_blocks.md", "collapsible-blocks", (7, 16, 28, 30), (28,)),
    Layout("callouts_titled_questions.md", "collapsible-blocks", (5, 15, 20, 23), (23,)),
    Layout("fenced_containers_questions.md", "collapsible-blocks", (7, 11, 27)),
    Layout("setext_headings_questions.md", "markdown-headings", (7, 12, 20)),
    Layout("pipe_tables_under_headings.md", "table-file", (9, 10, 11, 17, 18), (11,)),
    Layout("jupyter_notebook_markdown_cells.ipynb", "markdown-headings", (18, 48, 60), (60,)),
    Layout("definition_list_questions.md", "collapsible-blocks", (5, 9, 19)),
    Layout("bullet_questions_nested_answers.md", "numbered-questions", (5, 7, 11, 15), (11,), {"style": "bullets"}),
    Layout("json_lines_records.jsonl", "table-file", (1, 3, 4), (4,)),
    Layout("label_headings_question_then_answer.md", "markdown-headings", (6, 13, 23), (23,), {"question_level": 3}),
    Layout("html_headings_in_markdown.md", "markdown-headings", (7, 15), (), {"question_level": 3}),
    Layout("nested_groups_short_keys.json", "table-file", (7, 8, 14)),
    Layout("records_under_topic_keys.yaml", "table-file", (2, 4, 7)),
    Layout("headings_with_answers_folded_in_details.md", "markdown-headings", (3, 12, 20), (), {"question_level": 3}),
    Layout("q_lines_with_ans_prefix.md", "q-prefixed-text", (1, 4)),
    Layout("plain_question_lines_article.txt", "plain-questions", (3, 6, 10, 15)),
    Layout("bold_question_leads_its_answer.md", "numbered-questions", (3, 5, 7, 9)),
    Layout("q_and_a_on_one_line.txt", "q-prefixed-text", (1, 2)),
    Layout("task_list_questions.md", "numbered-questions", (3, 5), (), {"style": "bullets"}),
    Layout("plain_questions_between_rules_and_headings.md", "plain-questions", (1, 5, 9)),
    # written after the readers as a held-out check: all five were read right; the first and third kept
    # their quote / bullet around the answer, which clean_answer now unwraps
    Layout("q_headings_with_quoted_answers.md", "markdown-headings", (3, 6)),
    Layout("short_column_names.csv", "table-file", (2, 3)),
    Layout("numbered_bold_questions_one_bullet_answers.md", "numbered-questions", (3, 5)),
    Layout("details_blocks_in_a_list.md", "collapsible-blocks", (3, 7)),
    Layout("questions_four_levels_deep.md", "markdown-headings", (7, 11, 17), (), {"question_level": 4}),
    Layout("anki_plain_text_export.txt", "table-file", (4, 5)),
    Layout("headerless_question_answer.tsv", "table-file", (1, 2)),
    # the same blocks in other markups (read through readers/dialects.py, line for line), and Markdown's
    # other spellings of an emphasised line and of a container
    Layout("rst_titles_any_adornment_with_literal_blocks.rst", "markdown-headings", (17, 26, 39, 54, 60), (54,)),
    Layout("asciidoc_titles_and_listing_blocks.adoc", "markdown-headings", (11, 19, 31, 35, 44), (31,), {"question_level": 3}),
    Layout("org_headings_not_bullets.org", "markdown-headings", (8, 15, 22, 25, 28), (22,), {"question_level": 3}),
    Layout("italic_numbered_question_lines.md", "numbered-questions", (7, 11, 18, 22, 31), (18,)),
    Layout("questions_in_blockquotes.md", "numbered-questions", (7, 11, 19, 27, 29), (27,)),
    Layout("html_definition_list_multiline.html", "collapsible-blocks", (13, 18, 27, 32, 38), (27,)),
    Layout("html_table_rows_over_lines.html", "table-file", (17, 22, 27, 35, 36), (27,)),
    Layout("mediawiki_hash_lists_are_not_headings.wiki", "markdown-headings", (7, 13, 16, 19, 25), (16,), {"question_level": 3}),
    Layout("html_document_collapsible_blocks.html", "collapsible-blocks", (12, 17, 24, 28), (24,)),
    Layout("html_ordered_list_bold_lead_answers.html", "numbered-questions", (8, 9, 10, 14, 15)),
    Layout("org_description_list_questions.org", "numbered-questions", (7, 8, 9, 11, 12)),
    Layout("textile_h_headings_hash_lists.textile", "markdown-headings", (7, 15, 19, 23), (19,), {"question_level": 3}),
)
