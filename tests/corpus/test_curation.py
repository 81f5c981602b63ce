"""Curation: every kind of decision applied; unknown ids and contradictions are errors naming their line; edits by command keep comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_build.cli import main
from genai_build.corpus import curation_edit
from genai_build.diagnostics import BuildError
from genai_build.pipeline import Project, load_corpus

EPOCH = 1_700_000_000
SELF_ATTENTION = ("000_b463d273d413d0af.txt", 336)
MULTI_HEAD = ("000_b463d273d413d0af.txt", 366)


def corpus_of(root: Path):
    return load_corpus(Project(root), EPOCH, update_lock=False)[0].corpus


def question_at(corpus, where):
    return next(q for q in corpus.questions if any((p.source, p.line) == where for p in q.provenance))


def write_decisions(root: Path, body: str) -> Path:
    path = root / "content" / "curation.yaml"
    path.write_text("# editors' notes stay\ndecisions:\n" + body, encoding="utf-8")
    return path


def errors_of(root: Path) -> list[str]:
    with pytest.raises(BuildError) as info:
        load_corpus(Project(root), EPOCH, update_lock=False)
    return [str(d) for d in info.value.diagnostics]


@pytest.fixture
def ids(scratch_project: Path) -> dict[str, str]:
    corpus = corpus_of(scratch_project)
    return {"attention": question_at(corpus, SELF_ATTENTION).id, "multi": question_at(corpus, MULTI_HEAD).id}


def test_every_decision_is_applied(scratch_project: Path, ids):
    a, m = ids["attention"], ids["multi"]
    write_decisions(scratch_project, f"""\
  {a}:
    question: How does self-attention work in a transformer?
    answer_append: See also multi-head attention.
    topic: llms
    difficulty: advanced
    tags: [attention, core]
  {m}:
    drop: true
    note: too close to the self-attention question
""")
    corpus = corpus_of(scratch_project)
    q = question_at(corpus, SELF_ATTENTION)
    assert (q.id, q.question, q.topic, q.difficulty, q.tags) == (a, "How does self-attention work in a transformer?", "llms", "advanced", ("attention", "core"))
    assert q.answer.endswith("See also multi-head attention.")
    assert m not in {x.id for x in corpus.questions}


def test_merge_and_split(scratch_project: Path, ids):
    a, m = ids["attention"], ids["multi"]
    corpus = corpus_of(scratch_project)
    before, other = question_at(corpus, SELF_ATTENTION), question_at(corpus, MULTI_HEAD)
    write_decisions(scratch_project, f"  {m}:\n    merge_into: {a}\n")
    merged = question_at(corpus_of(scratch_project), MULTI_HEAD)
    assert merged.id == a and len(merged.provenance) == len(before.provenance) + len(other.provenance)
    out = f"{SELF_ATTENTION[0]}:{SELF_ATTENTION[1]}"
    write_decisions(scratch_project, f"  {a}:\n    split: ['{out}']\n")
    corpus = corpus_of(scratch_project)
    alone = question_at(corpus, SELF_ATTENTION)
    rest = next(q for q in corpus.questions if q.id == a)
    assert alone.id != a and [(p.source, p.line) for p in alone.provenance] == [SELF_ATTENTION]
    assert SELF_ATTENTION not in {(p.source, p.line) for p in rest.provenance}


@pytest.mark.parametrize("body, code, line", [
    ("  no-such-question:\n    drop: true\n", "curation.unknown-id", 3),
    ("  {a}:\n    drop: true\n    topic: llms\n", "curation.contradiction", 3),
    ("  {a}:\n    merge_into: {m}\n  {m}:\n    merge_into: {a}\n", "curation.contradiction", 4),
    ("  {a}:\n    merge_into: no-such-question\n", "curation.unknown-id", 4),
    ("  {a}:\n    topic: cooking\n", "curation.unknown-topic", 4),
    ("  {a}:\n    difficulty: expert\n", "curation.value", 4),
    ("  {a}:\n    colour: red\n", "curation.unknown-key", 4),
    ("  {a}:\n    split: ['nowhere.txt:1']\n", "curation.unknown-occurrence", 4),
    ("  {a}:\n    merge: [{m}]\n  {m}:\n    topic: llms\n", "curation.contradiction", 4),
    ("  {a}:\n    topic: llms\n    topic: rag\n", "curation.contradiction", 5),
])
def test_bad_decisions_name_their_line(scratch_project: Path, ids, body, code, line):
    write_decisions(scratch_project, body.format(a=ids["attention"], m=ids["multi"]))
    problems = errors_of(scratch_project)
    assert any(f"content/curation.yaml:{line}: error:" in p and f"[{code}]" in p for p in problems), problems


def test_all_problems_are_reported_together(scratch_project: Path, ids):
    write_decisions(scratch_project, f"  {ids['attention']}:\n    difficulty: expert\n  ghost-one:\n    drop: true\n  ghost-two:\n    drop: true\n")
    problems = errors_of(scratch_project)
    assert len(problems) == 3, problems  # a bad value and two unknown ids, in line order
    assert "difficulty" in problems[0] and "ghost-one" in problems[1] and "ghost-two" in problems[2]


TEXT = """\
# Editorial decisions — keep this comment.
decisions:
  # why this one: it reads badly
  some-question:
    question: "A reworded question?"   # trailing note
"""


def test_round_trip_edits_keep_comments_and_layout():
    text = curation_edit.retag(TEXT, "some-question", topic="llms", tags=["a", "b"])
    text = curation_edit.merge(text, ["other-one"], "some-question")
    text = curation_edit.split(text, "some-question", ["000.txt:12"])
    assert "# Editorial decisions — keep this comment." in text
    assert "# why this one: it reads badly" in text and "# trailing note" in text
    assert '"A reworded question?"' in text
    assert "tags: [a, b]" in text and "merge_into: some-question" in text and "split: [000.txt:12]" in text
    assert curation_edit.drop(curation_edit._dump(curation_edit._load("decisions: {}\n"), "x"), "q-1").startswith("decisions:\n  q-1:")


def test_curate_commands_edit_the_file_or_refuse(scratch_project: Path, ids, capsys):
    root = ["--root", str(scratch_project)]
    path = scratch_project / "content" / "curation.yaml"
    path.write_text("# keep me\ndecisions: {}\n", encoding="utf-8")
    assert main([*root, "curate", "reword", ids["attention"], "How does self-attention really work?"]) == 0
    assert main([*root, "curate", "retag", ids["attention"], "--topic", "transformers", "--tags", "attention,core"]) == 0
    assert main([*root, "curate", "merge", ids["multi"], "--into", ids["attention"]]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# keep me\n") and "How does self-attention really work?" in text
    # refused: dropping a question that is edited; the file stays as it was
    assert main([*root, "curate", "drop", ids["attention"]]) == 1
    assert path.read_text(encoding="utf-8") == text
    err = capsys.readouterr().err
    assert "[curation.contradiction]" in err and "left unchanged" in err
    assert main([*root, "curate", "drop", "no-such-question"]) == 1
    assert path.read_text(encoding="utf-8") == text
    q = question_at(corpus_of(scratch_project), MULTI_HEAD)
    assert (q.id, q.question, q.topic) == (ids["attention"], "How does self-attention really work?", "transformers")
