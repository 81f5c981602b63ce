"""readers/checks.py on small synthetic inputs: numbering per section, unanswered, question in answer."""

from __future__ import annotations

from genai_build.readers.base import RawQuestion, SourceText
from genai_build.readers.checks import check_questions, question_in_line
from genai_build.readers.textutil import looks_like_question

PATH = "dump.txt"


def _q(line: int, number: str | None, section: str = "", answer: str | None = "An answer.") -> RawQuestion:
    return RawQuestion("dump.txt", line, f"Question {line}?", answer, (section,) if section else (), number)


def _source(lines: int = 100, **overrides: str) -> SourceText:
    """A dump of `lines` filler lines; overrides put given text on given lines ('l12'=...)."""
    text = [overrides.get(f"l{n}", f"line {n}") for n in range(1, lines + 1)]
    return SourceText("dump.txt", PATH, "\n".join(text))


def _codes(diagnostics) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in diagnostics]


def test_clean_numbering_reports_nothing():
    assert check_questions(_source(), [_q(1, "1"), _q(5, "2"), _q(9, "3")]) == ()


def test_skipped_number_names_the_line_and_the_missing_numbers():
    (d,) = check_questions(_source(), [_q(1, "1"), _q(5, "2"), _q(9, "5")])
    assert (d.code, d.line, d.level) == ("reader.numbering", 9, "warning")
    assert "skips 3 and 4" in d.message and "2 (line 5)" in d.message
    (d,) = check_questions(_source(), [_q(1, "1"), _q(5, "7")])
    assert "skips 2-6" in d.message


def test_repeated_number_names_the_first_one():
    (d,) = check_questions(_source(), [_q(1, "1"), _q(5, "2"), _q(9, "2"), _q(12, "3")])
    assert (d.code, d.line) == ("reader.numbering", 9) and "2 repeated (first at line 5)" in d.message


def test_numbering_restarting_per_section_is_fine_and_so_is_continuing():
    restarting = [_q(1, "1", "Part 1"), _q(5, "2", "Part 1"), _q(9, "1", "Part 2"), _q(12, "2", "Part 2")]
    continuing = [_q(1, "1", "Beginner"), _q(5, "2", "Beginner"), _q(9, "3", "Advanced"), _q(12, "4", "Advanced")]
    assert check_questions(_source(), restarting) == ()
    assert check_questions(_source(), continuing) == ()


def test_section_opening_with_a_gap_is_reported():
    (d,) = check_questions(_source(), [_q(1, "1", "A"), _q(5, "2", "A"), _q(9, "5", "B")])
    assert d.line == 9 and "skips 3 and 4" in d.message and "'B'" in d.message
    (d,) = check_questions(_source(), [_q(3, "3", "A")])
    assert "skips 1 and 2" in d.message and "start of the dump" in d.message


def test_prefixed_numbers_are_reconciled_and_unnumbered_ones_ignored():
    assert _codes(check_questions(_source(), [_q(1, "Q1"), _q(5, "Q3"), _q(7, None)])) == [("reader.numbering", 5)]


def test_question_without_answer():
    assert _codes(check_questions(_source(), [_q(1, None), _q(5, None, answer=None), _q(9, None, answer="  ")])) == [
        ("reader.unanswered", 5), ("reader.unanswered", 9)]


def test_question_inside_an_answer_points_at_its_dump_line():
    source = _source(l3="Some text.", l4="### What is a GAN?", l7="It works.How does a VAE differ from a GAN?")
    questions = [_q(1, None, answer="Some text.\n\n### What is a GAN?"),
                 _q(6, None, answer="It works.How does a VAE differ from a GAN?")]
    assert _codes(check_questions(source, questions)) == [("reader.question-in-answer", 4), ("reader.question-in-answer", 7)]


def test_answer_text_that_only_mentions_a_question_is_fine():
    answers = ['- Closed prompt: "What is the capital of France?" (a short answer)',
               "Why? Because it works.", "```\nwhat is this code doing?\n```", "1. Batch the data."]
    assert check_questions(_source(), [_q(n * 10, None, answer=a) for n, a in enumerate(answers, 1)]) == ()


def test_a_question_inside_an_answer_is_found_where_the_dump_breaks_it_over_lines():
    """An extracted PDF prints one word per line: the check matches words, not lines (dump 002)."""
    source = _source(l5="Why", l6="is", l7="Learning", l8="Rate", l9="Scheduling", l10="Important?")
    questions = [_q(1, "1", answer="Text.\n\nWhy is Learning Rate Scheduling Important?"), _q(20, "2")]
    assert _codes(check_questions(source, questions)) == [("reader.question-in-answer", 5)]


def test_no_question_is_an_error_naming_the_dump():
    (d,) = check_questions(_source(), [], "numbered-questions")
    assert (d.level, d.code, d.path) == ("error", "reader.no-questions", PATH) and "numbered-questions" in d.message


def test_far_fewer_questions_than_question_lines_is_a_warning_naming_some():
    lines = {f"l{n}": f"- **What is thing number {n}?**" for n in range(10, 30, 2)}
    (d,) = [d for d in check_questions(_source(**lines), [_q(10, "1")], "markdown-headings")
            if d.code == "reader.missed-questions"]
    assert d.line == 12 and "found 1 questions but 10 lines" in d.message and "line 12: 'What is thing number 12?'" in d.message


def test_question_shapes():
    assert looks_like_question("Explain the role of the generator.")
    assert looks_like_question("Name some popular models and their applications.`")
    assert not looks_like_question("Batch the data.")
    assert question_in_line("**Why is KL-Divergence Important in VAEs?**") == "Why is KL-Divergence Important in VAEs?"
    assert question_in_line("(related to JS divergence).How do you reduce bias in models?") == "How do you reduce bias in models?"
    assert question_in_line("Is it?") is None


def test_escaped_control_characters_of_a_structured_dump_never_reach_a_question():
    """JSON spells any character as an escape: a NUL, a terminal escape, a lone surrogate (which UTF-8
    cannot even encode) come out of the reader's parse, not out of the dump's bytes."""
    from genai_build.readers import run_reader
    from genai_build.readers.base import SourceText

    text = ('[{"question": "What is a NUL\\u0000?", "answer": "before\\u0000after \\u001b[31mred \\ud800 end",'
            ' "topic": "Bell\\u0007"},\n {"question": "What is clean?", "answer": "Tab\\tand\\nnewline stay."}]\n')
    result = run_reader("table-file", SourceText("bank.json", "content/sources/bank.json", text), {})
    first, second = result.questions
    assert (first.question, first.answer, first.section) == ("What is a NUL?", "beforeafter [31mred  end", ("Bell",))
    assert second.answer == "Tab\tand\nnewline stay."
    assert [str(d) for d in result.diagnostics if d.code == "reader.control-character"] == [
        "content/sources/bank.json:1: warning: control characters removed from this question or its answer: "
        "U+0000, U+0007, U+001B, U+D800 [reader.control-character]"]
