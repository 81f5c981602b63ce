"""The Markdown view of other markups (readers/dialects.py): one line per line of the dump, the
markup decided by extension or structure, and a Markdown dump given back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_build.readers.dialects import dialect, markdown_view

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "readers"
# fixtures written for the view itself: everything else (and every real dump) is Markdown or records already
VIEWED = {"questions_in_blockquotes.md"}
PLAIN = sorted(path for path in [*FIXTURES.rglob("*"), *(ROOT / "content" / "sources").glob("*.*")]
               if path.is_file() and path.suffix in (".md", ".txt", ".csv", ".tsv", ".json", ".jsonl", ".yaml")
               and path.name not in VIEWED)


@pytest.mark.parametrize("path", PLAIN, ids=[path.name for path in PLAIN])
def test_markdown_and_records_come_back_unchanged(path: Path):
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert markdown_view(path.name, text) == text


@pytest.mark.parametrize("path", sorted((FIXTURES / "layouts").iterdir()), ids=lambda path: path.name)
def test_the_view_keeps_one_line_per_line(path: Path):
    text = path.read_text(encoding="utf-8")
    assert markdown_view(path.name, text).count("\n") == text.count("\n")


@pytest.mark.parametrize("name,text,expected", [
    ("notes.txt", "* Prompting\n* Agents\n\nWhat is a prompt?\n", "markdown"),  # single stars: bullets
    ("notes.txt", "#+TITLE: Notes\n* Prompting\n** What is a prompt?\nText.\n", "org"),
    ("notes", "* Prompting\n** What is a prompt?\nText.\n** What is a token?\nText.\n", "org"),
    ("notes.txt", "Intro\n\nBasics\n*****\n\nWhat is X?\n==========\n\nText.\n\nMore\n*****\n", "rst"),
    ("notes.txt", "== Basics\n\n=== What is X?\n\nText.\n", "asciidoc"),
    ("notes.txt", "== Basics ==\n=== What is X? ===\nText.\n", "mediawiki"),
    ("notes.txt", "<h2>Basics</h2>\n<p>Text</p>\n<p>More</p>\n", "html"),
    ("notes.md", "== Basics ==\n=== What is X? ===\nText.\n", "markdown"),  # a .md file is Markdown
    ("notes.txt", "# Basics\n\n== not a heading\n\n== nor this\n", "markdown"),  # an ATX heading: Markdown
])
def test_the_markup_is_told_by_extension_or_structure(name: str, text: str, expected: str):
    assert dialect(name, text.split("\n")) == expected


def test_rst_levels_follow_first_appearance_not_the_character():
    text = "Part\n~~~~\n\nQuestion?\n=========\n\nAnswer.\n\nNext part\n~~~~~~~~~\n"
    assert markdown_view("a.rst", text).split("\n") == ["# Part", "", "", "## Question?", "", "", "Answer.", "", "# Next part", "", ""]


def test_a_quote_that_does_not_open_with_a_question_stays_a_quote():
    text = "## What is X?\n\n> A quoted answer.\n\n> **Why Y?**\n>\n> Because.\n"
    assert markdown_view("a.md", text).split("\n")[2:] == ["> A quoted answer.", "", "**Why Y?**", "", "Because.", ""]
