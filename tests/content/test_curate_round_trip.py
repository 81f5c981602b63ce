"""Every text `curate` records reads back from content/curation.yaml exactly, comments kept (issue 20).

The trap: ruamel folds long scalars at its line width; inside a double-quoted LaTeX formula
the fold put a space after a backslash (`\\ sqrt`), and the command still said "recorded".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genai_build.cli import main
from genai_build.content import edit_curation, load_curation
from genai_build.corpus import curation_edit

from .conftest import COMMENTS, CURATION

FORMULA = r"$$\mathrm{Attention}(Q,K,V)=\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V \\ \mathrm{with}\ d_k$$"
PIECES = [FORMULA, r"\frac{a}{b}", r"\\", "\\", "$", "$$", r"\alpha_{i}", "\n", "\n\n", " ", "  ", "\t", "#", " #", ": ",
          "- ", "? ", "'", '"', "|", ">", "{", "}", "[", "]", "&a", "*b", "!x", "%", "@", "`", "é", "漢字", "🤖",
          "\u00a0", "\u2028", "\x85", "\r", "\ufeff", "\x07", "null", "true", "0o17", "1e3", "~", "x" * 300,
          "Intro line", "word "]
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join),
    st.integers(0, 120).map(lambda n: "Intro " + "w" * n + "\n\n" + FORMULA + "\n\nA closing sentence."),
).filter(lambda t: t.strip())
SLUGS = st.lists(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True), min_size=1, max_size=4)


def record(content: Path, edit) -> None:
    edit_curation(content, edit, lambda text: None)


def fields_after(content: Path, qid: str) -> dict:
    return dict(load_curation(content).decisions[qid].values)


def assert_comments_kept(content: Path) -> None:
    text = (content / "curation.yaml").read_text(encoding="utf-8")
    assert all(comment in text for comment in COMMENTS), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, action=st.sampled_from(["reword", "answer", "append", "note", "topic"]))
@example(text="Intro " + "w" * 37 + "\n\n" + FORMULA + "\n\nA closing sentence.", action="answer")
@example(text="  leading spaces\nand a trailing one \n\ttab", action="answer")
def test_every_field_reads_back_identical(tiny: Path, text: str, action: str):
    content = tiny / "content"
    (content / "curation.yaml").write_text(CURATION, encoding="utf-8")
    qid, key, edit = {
        "reword": ("self-attention", "question", lambda t: curation_edit.reword(t, "self-attention", text)),
        "answer": ("self-attention", "answer", lambda t: curation_edit.answer(t, "self-attention", replacement=text)),
        "append": ("self-attention", "answer_append", lambda t: curation_edit.answer(t, "self-attention", append=text)),
        "note": ("other-one", "note", lambda t: curation_edit.drop(t, "other-one", text)),
        "topic": ("self-attention", "topic", lambda t: curation_edit.retag(t, "self-attention", topic=text)),
    }[action]
    record(content, edit)
    assert fields_after(content, qid)[key] == text
    assert fields_after(content, "self-attention")["topic"] == (text if action == "topic" else "transformers")
    assert_comments_kept(content)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tags=SLUGS, occurrences=st.lists(st.from_regex(r"[a-z0-9_.]{1,12}:[1-9][0-9]{0,4}", fullmatch=True), min_size=1, max_size=3))
def test_tags_merges_and_splits_read_back(tiny: Path, tags, occurrences):
    content = tiny / "content"
    (content / "curation.yaml").write_text(CURATION, encoding="utf-8")
    record(content, lambda t: curation_edit.retag(t, "self-attention", tags=tags))
    record(content, lambda t: curation_edit.split(t, "self-attention", occurrences))
    record(content, lambda t: curation_edit.merge(t, ["b-one", "c-two"], "self-attention"))
    after = fields_after(content, "self-attention")
    assert after["tags"] == tags and after["split"] == list(dict.fromkeys(occurrences))
    assert fields_after(content, "b-one") == {"merge_into": "self-attention"}
    assert_comments_kept(content)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=TEXTS, answer=TEXTS)
@example(question="-: a question that looks like an option", answer="-: an answer that does too")
@example(question="What is attention?", answer="Intro " + "w" * 37 + "\n\n" + FORMULA + "\n\nA closing sentence.")
def test_the_curate_command_records_question_and_answer_exactly(tiny: Path, tiny_ids, question: str, answer: str):
    """Through the command itself, with its check against the corpus: reword then answer."""
    content = tiny / "content"
    (content / "curation.yaml").write_text(CURATION, encoding="utf-8")
    root = ["--root", str(tiny)]
    # "--" and "--replace=…": a text may start with "-", as in "-: …", which is otherwise read as an option
    assert main([*root, "curate", "reword", "self-attention", "--", question]) == 0
    assert main([*root, "curate", "answer", "self-attention", f"--replace={answer}"]) == 0
    values = fields_after(content, "self-attention")
    assert (values["question"], values["answer"]) == (question, answer)
    assert_comments_kept(content)


def test_multi_line_text_is_a_literal_block_and_never_folded(tiny: Path):
    content = tiny / "content"
    text = "Intro " + "w" * 200 + "\n\n" + FORMULA + "\n\nA closing sentence."
    record(content, lambda t: curation_edit.answer(t, "self-attention", replacement=text))
    written = (content / "curation.yaml").read_text(encoding="utf-8")
    assert "    answer: |-\n      Intro " + "w" * 200 + "\n\n      " + FORMULA + "\n" in written


def test_a_text_that_would_not_read_back_is_refused_and_the_file_kept(tiny: Path, monkeypatch, capsys):
    """The re-parse check itself: an emitter that changes the text makes the command refuse, file unchanged."""
    content = tiny / "content"
    before = (content / "curation.yaml").read_bytes()
    monkeypatch.setattr(curation_edit, "dump_yaml", lambda data: "decisions:\n  self-attention:\n    answer: changed\n")
    assert main(["--root", str(tiny), "curate", "answer", "self-attention", "--replace", "exact text"]) == 1
    assert (content / "curation.yaml").read_bytes() == before
    err = capsys.readouterr().err
    assert "would not read back as written" in err and "left unchanged" in err


def test_text_that_is_not_unicode_is_refused(tiny: Path, capsys):
    before = (tiny / "content" / "curation.yaml").read_bytes()
    assert main(["--root", str(tiny), "curate", "reword", "self-attention", "bad \udcff byte"]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
    assert (tiny / "content" / "curation.yaml").read_bytes() == before


@pytest.mark.parametrize("content_of, message", [
    (None, "no such file"),
    (b"caf\xe9\n", "not UTF-8"),
])
def test_answer_file_missing_or_not_utf8_is_a_clear_error(tiny: Path, tmp_path: Path, capsys, content_of, message):
    answer = tmp_path / "answer.md"
    if content_of is not None:
        answer.write_bytes(content_of)
    assert main(["--root", str(tiny), "curate", "answer", "self-attention", "--file", str(answer)]) == 2
    err = capsys.readouterr().err
    assert f"{answer}" in err and message in err and "Traceback" not in err
