"""table-file: CSV/TSV, YAML and JSON question tables with exact line numbers."""

from __future__ import annotations

import pytest

from genai_build.diagnostics import BuildError
from genai_build.readers import READERS
from genai_build.readers.base import SourceText

from .golden import assert_golden, read_fixture

CSV = "table_file/multiline_cells_and_empty_answer.csv"
JSON = "table_file/records_under_a_key.json"
YAML = "table_file/block_answers.yaml"


def test_multiline_cells_and_empty_answer_golden():
    result = read_fixture("table-file", CSV)
    assert_golden(result, CSV)
    assert [(q.line, q.number, q.question, q.section) for q in result.questions] == [
        (2, "1", "What is a token?", ("Basics",)), (7, "2", "What is BPE?", ("Basics",))]
    assert result.questions[0].answer == "A unit of text.\n\nTokenizers split words into\nsub-word pieces."
    assert result.questions[1].answer is None
    assert {(d.code, d.line) for d in result.diagnostics} == {("reader.unanswered", 7), ("reader.empty-question", 8)}


def test_records_under_a_key_golden():
    result = read_fixture("table-file", JSON)
    assert_golden(result, JSON)
    assert [(q.line, q.question) for q in result.questions] == [(4, "What is a context window?"), (8, "Name ways to extend the context.")]
    assert result.questions[1].answer == "- Grouped-query attention\n- Sliding windows"
    assert result.questions[1].section == ("Architecture", "Context")


def test_block_answers_golden():
    result = read_fixture("table-file", YAML)
    assert_golden(result, YAML)
    first, second = result.questions
    assert (first.line, first.difficulty, first.section) == (2, "intermediate", ("RAG",))
    assert first.answer.startswith("fetch documents") and "- retrieval\n- generation" in first.answer
    assert (second.line, second.question, second.answer) == (10, "How do you evaluate a RAG system?", None)


def test_configurable_column_names_and_delimiter():
    text = "Frage;Antwort\nWas ist ein Token?;Eine Texteinheit.\n"
    result = READERS["table-file"].read(SourceText("q.csv", "q.csv", text), {"question_field": "Frage", "answer_field": "Antwort"})
    assert [(q.line, q.question, q.answer) for q in result.questions] == [(2, "Was ist ein Token?", "Eine Texteinheit.")]


def test_missing_question_column_is_reported_with_its_line():
    with pytest.raises(BuildError) as raised:
        READERS["table-file"].read(SourceText("q.csv", "q.csv", "prompt,reply\na,b\n"), {})
    assert (raised.value.diagnostics[0].code, raised.value.diagnostics[0].line) == ("reader.table-field", 1)


def test_malformed_json_is_reported_with_its_line():
    with pytest.raises(BuildError) as raised:
        READERS["table-file"].read(SourceText("q.json", "q.json", '[\n{"question": "a",\n "answer": }\n]'), {})
    assert raised.value.diagnostics[0].line == 3


def test_a_yaml_dump_with_an_alias_bomb_is_refused_at_once():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines += ["questions:", "  - question: What is a bomb?", "    answer: *i"]
    source = SourceText("bomb.yaml", "content/sources/bomb.yaml", "\n".join(lines) + "\n")
    with pytest.raises(BuildError) as caught:
        READERS["table-file"].read(source, {})
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/sources/bomb.yaml: error: refused: aliases expand to more than 200,000 nodes or 33,554,432 characters "
        "(an alias bomb?) [source.table]"]


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl", "deep.yaml", "deep.ipynb"])
def test_structured_dumps_nested_too_deeply_are_errors_not_tracebacks(name):
    from genai_build.readers import decode_dump, run_reader
    data = ('{"cells": ' if name.endswith(".ipynb") else "") + "[" * 100_000
    source, problems = decode_dump(data.encode(), name, f"content/sources/{name}")
    if source is None:
        assert "nested too deeply" in str(problems[0])
        return
    with pytest.raises(BuildError) as caught:
        run_reader("table-file", source, {})
    assert "nested too deeply" in str(caught.value.diagnostics[0])
