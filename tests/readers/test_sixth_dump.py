"""A sixth dump in a common Markdown layout (`## Q1:` questions, `###` sub-headings, code,
tables, a title and intro), added to the project by one registry entry and no code."""

from __future__ import annotations

import shutil
from pathlib import Path

from genai_build.pipeline import Project, load_corpus, read_all

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "readers" / "sixth_dump" / "005_rag_interview_questions.md"

ENTRY = """
  - file: 005_rag_interview_questions.md
    reader: markdown-headings
    title: RAG interview questions
    owner: a test fixture
    origin: a common Markdown layout, added by this registry entry only
"""


def add_sixth_dump(project: Path) -> None:
    shutil.copy(FIXTURE, project / "content" / "sources" / FIXTURE.name)
    registry = project / "content" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n" + ENTRY, encoding="utf-8")


def test_sixth_dump_is_read_with_a_registry_entry_only(scratch_project):
    add_sixth_dump(scratch_project)
    _, reports = read_all(Project(scratch_project))
    sixth = next(r for r in reports if r.source.file == FIXTURE.name)
    assert [(q.line, q.number, q.question, q.section) for q in sixth.questions] == [
        (10, "1", "What is retrieval-augmented generation (RAG)?", ("Part 1: Retrieval",)),
        (28, "2", "How do you choose a chunk size?", ("Part 1: Retrieval",)),
        (41, "3", "What is hybrid search?", ("Part 1: Retrieval",)),
        (48, "1", "Which metrics evaluate a RAG pipeline?", ("Part 2: Evaluation",)),
        (60, "2", "How do you detect hallucinations in RAG answers?", ("Part 2: Evaluation",)),
    ]
    rag, chunks, _, metrics, hallucinations = (q.answer for q in sixth.questions)
    assert "### Why it matters" in rag and "# retrieve, then generate" in rag and rag.rstrip().endswith("```")
    assert "| 200 tokens | lower  | higher    |" in chunks and "### Rule of thumb" in chunks
    assert "### Generation metrics" in metrics and hallucinations is None
    # "1. Faithfulness: is every claim supported…?" is a labelled definition, not a hidden question
    assert [d.code for d in sixth.diagnostics] == ["reader.unanswered"]


def test_sixth_dump_flows_into_the_corpus(scratch_project):
    add_sixth_dump(scratch_project)
    assembled, _ = load_corpus(Project(scratch_project), epoch=1_700_000_000, update_lock=False)
    sources = {p.source for q in assembled.corpus.questions for p in q.provenance}
    assert FIXTURE.name in sources
