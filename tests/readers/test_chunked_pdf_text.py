"""The chunked-pdf-text reader: fixtures cut from the PDF book's dump (002), one per trap, with
golden outputs, plus checks on the whole dump.

Regenerate the golden files with `make golden`
and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from genai_build.readers import run_reader
from genai_build.readers.base import SourceText
from genai_build.readers.chunked_pdf.reader import READER
from genai_build.readers.chunked_pdf.answer import BULLET_GLYPHS, answer_markdown
from genai_build.readers.chunked_pdf.chunks import Chunk, Line, merge_chunks, overlap, split_chunks
from genai_build.readers.chunked_pdf.words import BREAK, LIGATURES, PAGE, running_header, spell_ligatures, words_of
from tests.golden_files import assert_golden

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "chunked_pdf"
DUMP = ROOT / "content" / "sources" / "002_ce093a7371731c0f.txt"

# Verified by reading the dump: 235 `Qn.` marks in the file, 18 of them repeated inside a chunk
# overlap, leaves 217 questions; per part, as printed (Fine Tuning prints Q11 twice).
PART_COUNTS = {
    "Artificial Neural Network(ANN)": 14,
    "Classical Natural Language Processing": 12,
    "Transformer and Its Extended Architecture": 32,
    "Fundamental of LLMs": 22,
    "Word and Sentence Embeddings": 21,
    "Retrieval-Augmented Generation": 33,
    "Fine Tuning": 25,
    "Vector Database": 10,
    "LLMOPs & system design": 11,
    "Evaluation Methods": 26,
    "Miscellaneous Questions": 11,
}
HEADER = re.compile(r"ARBAAZ|Generative\s+AI\s+Interview\s+Questions\s+\d")


def read_file(path: Path):
    source = SourceText(path.name, f"tests/fixtures/chunked_pdf/{path.name}", path.read_text(encoding="utf-8"))
    return run_reader(READER.name, source, {})


def as_json(result) -> str:
    payload = {
        "questions": [dataclasses.asdict(q) for q in result.questions],
        "diagnostics": [str(d) for d in result.diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_matches_golden(path: Path) -> None:
    assert_golden(as_json(read_file(path)), f"chunked_pdf/{path.stem}.json")


# --- the traps, one by one -------------------------------------------------------------------


def test_overlap_removed_even_from_mid_word() -> None:
    chunks = [
        Chunk(1, "Q1.  What  is  an  ANN,  and  how  does  it  work?\n \nAn"),
        Chunk(5, "d  how  does  it  work?\n \nAn\n \nArtificial"),
    ]
    lines = merge_chunks(chunks)
    assert [line.text for line in lines] == [
        "Q1.  What  is  an  ANN,  and  how  does  it  work?", " ", "An", " ", "Artificial"
    ]
    assert [line.line for line in lines] == [1, 2, 3, 8, 9]


def test_overlap_is_the_longest_suffix_that_prefixes_the_next_chunk() -> None:
    assert overlap("abc abc", "abc abcd") == 7
    assert overlap("xyz", "abc") == 0


def test_split_chunks_needs_blank_lines_around_the_seam() -> None:
    chunks = split_chunks(["a", "", "---", "", "b", "---", "c"])
    assert [(c.first_line, c.text) for c in chunks] == [(1, "a"), (5, "b\n---\nc")]


def test_overlap_mid_word_question_read_once_with_its_first_line() -> None:
    result = read_file(FIXTURES / "overlap_mid_word.txt")
    assert [(q.number, q.line, q.question) for q in result.questions] == [
        ("1", 24, "What is an Artificial Neural Network, and how does it work?")
    ]
    assert result.questions[0].section == ("Artificial Neural Network(ANN)",)
    assert result.questions[0].answer.startswith("An Artificial Neural Network is a computing system")


def test_page_header_mid_sentence_is_dropped_and_the_sentence_joined() -> None:
    answer = read_file(FIXTURES / "page_header_mid_sentence.txt").questions[0].answer
    assert "updating model parameters by calculating the gradient" in answer
    assert not HEADER.search(answer)


def test_question_and_answer_on_one_line_are_split() -> None:
    question = read_file(FIXTURES / "question_and_answer_on_one_line.txt").questions[0]
    assert question.question == "What are transformers in NLP, and how have they impacted the field?"
    assert question.answer.startswith("Transformers are a type of neural network architecture")


def test_answer_run_into_question_line_without_any_mark_is_split() -> None:
    question = read_file(FIXTURES / "answer_run_into_question_line.txt").questions[0]
    assert question.question == "What is catastrophic forgetting in the context of LLMs"
    assert question.answer.startswith("Catastrophic forgetting is a phenomenon")


def test_question_repeated_by_chunk_cut_counts_once_at_its_first_line() -> None:
    result = read_file(FIXTURES / "question_repeated_by_chunk_cut.txt")
    lines = (FIXTURES / "question_repeated_by_chunk_cut.txt").read_text(encoding="utf-8").split("\n")
    printed = [number for number, line in enumerate(lines, start=1) if line.startswith("Q5.")]
    assert len(printed) == 2  # cut at the end of one chunk, whole at the start of the next
    assert [(q.number, q.line) for q in result.questions] == [("5", printed[0])]
    assert result.questions[0].question == "What are some common applications of NLP in real-world systems?"
    assert result.questions[0].answer.startswith("Natural Language Processing (NLP) powers numerous")


def test_bullets_become_nested_lists() -> None:
    answer = read_file(FIXTURES / "bullets_nested.txt").questions[0].answer
    assert not any(glyph in answer for glyph in BULLET_GLYPHS)
    assert re.search(r"^- Assumptions: LDA assumes:$", answer, re.M)
    assert re.search(r"^    - For each document, LDA randomly assigns", answer, re.M)
    assert re.search(r"^        - DocumentTopic Distribution:", answer, re.M)


def test_numbering_restarts_per_part() -> None:
    result = read_file(FIXTURES / "numbering_restarts_per_part.txt")
    assert [(q.section, q.number) for q in result.questions] == [
        ((), "9"),  # the excerpt starts inside the "Vector Database" part, after its title page
        ((), "10"),
        (("LLMOPs & system design",), "1"),
        (("LLMOPs & system design",), "2"),
    ]
    # the restart at 1 in the new part is fine; only the excerpt's own start is reported
    assert [d.line for d in result.diagnostics if d.code == "reader.numbering"] == [3]


def test_number_repeated_within_a_part_is_reported() -> None:
    result = read_file(FIXTURES / "numbering_repeated.txt")
    assert [q.number for q in result.questions] == ["10", "11", "11", "12"]
    numbering = [(d.line, d.message) for d in result.diagnostics if d.code == "reader.numbering"]
    # an excerpt: the shared check cannot know it starts mid-part, and says so once
    assert numbering == [(17, "numbering skips 1-9: 10 opens section '(no section)' at the start of the dump; expected 1"),
                         (68, "number 11 repeated (first at line 37)")]


def test_number_skipped_is_reported() -> None:
    result = read_file(FIXTURES / "number_skipped.txt")
    assert [q.number for q in result.questions] == ["1", "3"]
    assert [d.message for d in result.diagnostics] == ["numbering skips 2: 1 (line 1) is followed by 3"]


def test_question_without_answer_is_kept_and_reported() -> None:
    result = read_file(FIXTURES / "question_without_answer.txt")
    first, second = result.questions
    assert first.answer is None and second.answer == "An answer."
    assert first.section == ("Evaluation Methods",)
    assert [d.code for d in result.diagnostics] == ["reader.unanswered"]


def test_page_header_becomes_a_page_break() -> None:
    header = "MD  ARBAAZ  KHAN" + " " * 64 + "Generative  AI  Interview  Questions   7 "
    text = f"word\n \n\n{header}\n \nnext"
    words = words_of(merge_chunks([Chunk(1, text)]))
    assert [(w.text, w.sep, w.page) for w in words] == [("word", BREAK, 0), ("next", PAGE, 7)]


def test_running_header_is_the_line_repeated_with_a_page_number() -> None:
    lines = [Line(f"Some  Book  of  Questions   {page} ", page) for page in range(1, 5)]
    lines += [Line("The  first  step  of  the  method  1", 9), Line("The  first  step  of  the  method  1", 10)]
    assert running_header(lines) == ("Some", "Book", "of", "Questions")
    assert running_header(lines[4:]) == ()


def test_glyph_alone_at_line_end_takes_the_next_line() -> None:
    text = "Key\n \nComponents\n \n❖\n \n\nLearning\n \nRate:\n \n\n➢\n \nThis\n \nparameter."
    markdown = answer_markdown(words_of(merge_chunks([Chunk(1, text)])))
    assert markdown == "Key Components\n\n- Learning Rate:\n    - This parameter."


# --- the whole dump --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dump():
    text = DUMP.read_text(encoding="utf-8")
    result = run_reader(READER.name, SourceText(DUMP.name, f"content/sources/{DUMP.name}", text), {})
    return text.split("\n"), result


def test_dump_question_count_verified_by_reading(dump) -> None:
    lines, result = dump
    assert len(result.questions) == 217
    counts: dict[str, int] = {}
    for question in result.questions:
        counts[question.section[0]] = counts.get(question.section[0], 0) + 1
    assert counts == PART_COUNTS


def test_dump_numbers_restart_in_every_part(dump) -> None:
    _, result = dump
    firsts = [q for q, previous in zip(result.questions[1:], result.questions) if q.section != previous.section]
    assert [q.number for q in firsts] == ["1"] * (len(PART_COUNTS) - 1)
    numbering = [d for d in result.diagnostics if d.code == "reader.numbering"]
    assert [(d.line, d.message) for d in numbering] == [(52722, "number 11 repeated (first at line 52691)")]


def test_dump_answers_are_clean(dump) -> None:
    _, result = dump
    for question in result.questions:
        for text in (question.question, question.answer or ""):
            assert not any(glyph in text for glyph in LIGATURES), question
            assert not any(glyph in text for glyph in BULLET_GLYPHS), question
            assert not HEADER.search(text), question
            assert not re.search(r"^---$", text, re.M), question
        assert question.answer, question
        assert not question.question.startswith("Q")


def test_dump_line_points_at_the_question(dump) -> None:
    lines, result = dump
    for question in result.questions:
        line = lines[question.line - 1]
        assert re.match(rf"\s*Q{question.number}\.", line), (question.line, line)
        # the words after `Qn.` ("Q14.How" glues them), maybe cut short by a chunk seam
        printed = spell_ligatures(" ".join(line.split())[len(f"Q{question.number}.") :].strip())
        wording = question.question
        assert wording.startswith(printed) or printed.startswith(wording[:40]), (question.line, line)


def test_dump_questions_are_the_books_wording(dump) -> None:
    _, result = dump
    by_key = {(q.section[0], q.number, q.line): q.question for q in result.questions}
    assert by_key[("Transformer and Its Extended Architecture", "11", 21052)] == (
        "What pre-training mechanisms are used for LLMs, explain a few"
    )
    assert by_key[("Word and Sentence Embeddings", "21", 43439)] == (
        "How do models like Stability Diffusion leverage LLMs to understand complex text prompts and "
        "generate high-quality images?(internal mechanism of stable diffusion model)"
    )
    assert by_key[("Miscellaneous Questions", "5", 57948)] == (
        "Discuss the trade-offs between different generative models, such as GANs vs. VAEs."
    )
    assert by_key[("Fine Tuning", "7", 52295)] == "Write the different RLHF techniques"


def test_code_flattened_into_prose_becomes_fenced_blocks() -> None:
    answer = read_file(FIXTURES / "code_flattened_into_prose.txt").questions[0].answer
    assert "your task:\n\n```python\nfrom transformers import AutoTokenizer" in answer
    assert "def tokenize_function(examples):\n    return tokenizer(" in answer
    assert "training_args = TrainingArguments(\n    output_dir=\"./results\",\n" in answer
    assert answer.count("```") % 2 == 0


def _markdown(text: str) -> str:
    return answer_markdown(words_of(merge_chunks([Chunk(1, text)])))


def test_title_run_into_a_sentence_end_heads_its_list() -> None:
    text = "Rate\n \ncoverage.\n \nConciseness:\n \n➢\n \nLength\n \nRatio."
    assert _markdown(text) == "Rate coverage.\n\nConciseness:\n\n- Length Ratio."


def test_lead_in_phrase_stays_with_its_sentence() -> None:
    text = "Each\n \nword.\n \nThe\n \nvalue\n \ncan\n \nbe:\n \n●\n \nA\n \ncount."
    assert _markdown(text) == "Each word. The value can be:\n\n- A count."


def test_sentence_broken_across_blank_lines_is_joined() -> None:
    text = "updating\n \nmodel\n \n \n \nparameters\n \nby\n \nsteps.\n \n \nNext\n \nparagraph."
    assert _markdown(text) == "updating model parameters by steps.\n\nNext paragraph."


def test_markdown_markup_in_the_text_is_escaped() -> None:
    assert _markdown("a\n \n*b*\n \nc_") == "a \\*b\\* c\\_"


# --- flattened tables (tables.py) ----------------------------------------------------------------

def _answer(name: str) -> str:
    return read_file(FIXTURES / name).questions[0].answer or ""


@pytest.mark.parametrize("name, header, rows", [
    ("table_flattened_comparison.txt", "| Aspect | Vector Databases | Relational Databases (RDBMS) |", 6),
    ("table_cells_interleaved_across_page.txt", "| Aspect | Generative Adversarial Networks (GANs) | Variational Autoencoders (VAEs) |", 5),
    ("table_counts_one_word_per_line.txt", "| Document | I | like | NLP | machine | learning |", 2),
])
def test_flattened_table_is_rebuilt_with_its_header_and_rows(name, header, rows) -> None:
    lines = _answer(name).splitlines()
    at = lines.index(header)
    assert set(lines[at + 1].replace(" ", "")) == {"|", "-"}
    body = [line for line in lines[at + 2:] if line.startswith("|")]
    assert len(body) == rows
    columns = header.count(" | ") + 1
    assert all(line.count(" | ") + 1 == columns for line in body)  # every row has every cell


def test_interleaved_cells_go_back_to_their_columns() -> None:
    answer = _answer("table_cells_interleaved_across_page.txt")
    row = next(line for line in answer.splitlines() if line.startswith("| Output Quality |"))
    gan, vae = row.split(" | ")[1:3]
    assert "image synthesis" in gan and "mode collapse" in gan and "sharpness due to inherent randomness" in vae
    assert "ARBAAZ" not in answer  # the page header inside the table is gone


def test_header_names_split_at_abbreviations_and_the_shared_head_noun() -> None:
    from genai_build.readers.chunked_pdf.tables import header_names
    assert header_names("Vector Databases Relational Databases (RDBMS)".split()) == ["Vector Databases", "Relational Databases (RDBMS)"]
    assert header_names("Cross-Entropy Loss Mean Squared Error Loss".split()) == ["Cross-Entropy Loss", "Mean Squared Error Loss"]
    assert header_names("Artificial Neural Networks (ANNs) Convolutional Neural Network (CNN)".split()) == [
        "Artificial Neural Networks (ANNs)", "Convolutional Neural Network (CNN)"]


def test_row_label_is_the_capitalised_run_less_the_word_that_starts_the_cell() -> None:
    from genai_build.readers.chunked_pdf.tables import row_label
    assert row_label("Training Stability Training can be unstable".split()) == ("Training Stability", "Training can be unstable")
    assert row_label("Usage in NLP Common for language models".split()) == ("Usage in NLP", "Common for language models")
    assert row_label("Latent Space Representation".split()) == ("Latent Space Representation", "")
    assert row_label("Rare in NLP tasks, but can be used".split()) is None  # a cell's continuation, not a row
    assert row_label("Structured tables with rows and columns".split()) is None


def test_prose_that_merely_starts_with_a_stub_word_stays_prose() -> None:
    from genai_build.readers.chunked_pdf.tables import find_tables
    from genai_build.readers.chunked_pdf.words import SPACE, Word
    text = ["Aspects 1. Joint Vision-Language Representation: VLP creates a shared space.", "It helps retrieval."]
    words = [Word(t, n, SPACE, True, 1) for n, line in enumerate(text, start=1) for t in line.split()]
    assert find_tables(words) == []


def test_subheading_glued_to_a_list_item_heads_its_own_list() -> None:
    lines = _answer("subheading_glued_to_list_item.txt").splitlines()
    at = lines.index("Advantages of Using Pipelines")
    assert lines[at - 2].startswith("11. Speech and Vision Tasks") and lines[at - 2].endswith("(in advanced cases).")
    assert lines[at + 2].startswith("- Ease of Use:")  # the list under it starts at the outer level
