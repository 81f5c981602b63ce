"""The cross-format check: an edition that drops, doubles or reorders a question is caught."""

from __future__ import annotations

import re
import shutil

import pytest

from genai_build.consistency import check_output
from genai_build.writers import WRITERS
from genai_build.writers.markdown.writer import ANCHOR_PREFIX

pytestmark = pytest.mark.slow


@pytest.fixture
def markdown_copy(built, tmp_path):
    shutil.copytree(built / "markdown", tmp_path / "markdown")
    return tmp_path


def _topic_file(out, corpus):
    return out / "markdown" / f"{corpus.questions[0].topic}.md"


def test_every_built_edition_agrees_with_the_corpus(built, corpus):
    for writer in WRITERS.values():  # every registered writer has a read-back (writers.base.Writer requires one)
        assert check_output(writer, corpus, built) == [], writer.name


def test_a_dropped_question_is_reported(markdown_copy, corpus):
    path = _topic_file(markdown_copy, corpus)
    first = corpus.questions[0].id
    path.write_text(path.read_text().replace(f'id="{ANCHOR_PREFIX}{first}"', 'id="gone"'))
    problems = check_output(WRITERS["markdown"], corpus, markdown_copy)
    assert [p.code for p in problems] == ["consistency.missing"] and first in problems[0].message


def test_a_doubled_question_is_reported(markdown_copy, corpus):
    path = _topic_file(markdown_copy, corpus)
    first = corpus.questions[0].id
    path.write_text(path.read_text() + f'\n<a id="{ANCHOR_PREFIX}{first}"></a>\n')
    assert [p.code for p in check_output(WRITERS["markdown"], corpus, markdown_copy)] == ["consistency.duplicate"]


def test_a_reordered_question_is_reported(markdown_copy, corpus):
    path = _topic_file(markdown_copy, corpus)
    a, b = corpus.questions[0].id, corpus.questions[1].id
    text = path.read_text()
    swapped = re.sub(f'id="{ANCHOR_PREFIX}({re.escape(a)}|{re.escape(b)})"',
                     lambda m: f'id="{ANCHOR_PREFIX}{b if m.group(1) == a else a}"', text)
    path.write_text(swapped)
    problems = check_output(WRITERS["markdown"], corpus, markdown_copy)
    assert [p.code for p in problems] == ["consistency.order"] and "question 1" in problems[0].message
