"""Stable ids: kept across rebuilds, dump order, rewording by curation and light edits of a dump; new ones fresh, never reused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from genai_build.corpus import curation_edit
from genai_build.content import load_lock
from genai_build.corpus.ids import IdLock, assign_ids, render_lock, slug_for
from genai_build.model import Question
from genai_build.pipeline import Project, load_corpus

EPOCH = 1_700_000_000


def build_ids(root: Path) -> dict[str, str]:
    """Question id -> canonical wording of a build of the project at root (the lock is updated)."""
    assembled, _ = load_corpus(Project(root), EPOCH, update_lock=True)
    return {q.id: q.question for q in assembled.corpus.questions}


def provenance_ids(root: Path) -> dict[tuple[str, int], str]:
    assembled, _ = load_corpus(Project(root), EPOCH, update_lock=False)
    return {(p.source, p.line): q.id for q in assembled.corpus.questions for p in q.provenance}


def test_slugs_are_short_readable_and_valid():
    slug = slug_for("What is Retrieval-Augmented Generation (RAG), and how does it contribute to enhancing Generative AI capabilities?")
    assert slug == "retrieval-augmented-generation-rag-contribute"[:len(slug)] and len(slug) <= 40
    Question.model_fields["id"]  # the schema's pattern is checked by building a Question below
    assert all(c.isalnum() or c == "-" for c in slug)


def test_a_lock_round_trips():
    lock = IdLock({"b-question": ("b question",), "a-question": ("a question", "a questions")})
    text = render_lock(lock)
    assert json.loads(text)["ids"]["a-question"] == ["a question", "a questions"]


def test_ids_are_order_free_and_fuzzy_and_never_reused():
    lock = IdLock({"self-attention": ("how does self attention work",), "old-retired": ("a question no dump asks",)})
    clusters = [("What is a GAN?", ["What is a GAN?"]),
                ("How does self-attention work?", ["How does self-atention work?"]),  # a light edit in the dump
                ("A question no dump asks", ["a question no dump asks"])]
    ids, new_lock = assign_ids(clusters, lock)
    assert ids[1] == "self-attention"  # found fuzzily
    reversed_ids, _ = assign_ids(list(reversed(clusters)), lock)
    assert list(reversed(reversed_ids)) == ids
    assert "old-retired" in new_lock.entries
    # a new cluster whose slug an old question once had gets another id
    fresh, _ = assign_ids([("Old retired", ["something new entirely"])], IdLock({"old-retired": ()}))
    assert fresh == ["old-retired-2"]


NON_LATIN = ["什么是注意力机制？", "什么是变换器模型？", "Что такое трансформер?", "Что такое внимание?", "🤖🧠?", "🤖🔥?",
             "トランスフォーマーとは何ですか？"]


def test_questions_in_any_script_get_ids_from_their_own_text_not_their_position():
    """The trap: with no Latin letters every question slugged as `question`, `question-2`, … by position,
    so reordering a dump handed ids (and Anki notes' history) to other questions."""
    clusters = [(q, [q]) for q in NON_LATIN]
    ids, lock = assign_ids(clusters, IdLock({}))
    assert len(set(ids)) == len(ids) and all(i.startswith("q-") for i in ids)
    assert all(re.fullmatch(r"q-[0-9a-f]{10}", i) for i in ids)
    for order in (list(reversed(clusters)), clusters[3:] + clusters[:3]):
        shuffled, _ = assign_ids(order, IdLock({}))
        assert dict(zip((c[0] for c in order), shuffled)) == dict(zip(NON_LATIN, ids))
    # each question keeps its id when the others go away, and the lock brings it back
    alone, _ = assign_ids([clusters[4]], IdLock({}))
    assert alone == [ids[4]]
    again, _ = assign_ids(list(reversed(clusters)), lock)
    assert list(reversed(again)) == ids
    assert len({fp for fps in lock.entries.values() for fp in fps}) == len(NON_LATIN)  # no shared, empty fingerprint


def test_a_greek_letter_keeps_the_latin_fingerprint():
    from genai_build.corpus.ids import fingerprint
    from genai_build.corpus.normalise import comparison_key
    wording = "What does the β parameter of a β-VAE control?"
    assert fingerprint(wording) == comparison_key(wording)


@pytest.fixture
def project(scratch_project: Path) -> Path:
    """The project without its lock; and without its curation, whose decisions name ids that
    only the lock gives (an id retired into another question is never handed out again)."""
    (scratch_project / "content" / "ids.lock").unlink()
    (scratch_project / "content" / "curation.yaml").write_text("decisions: {}\n", encoding="utf-8")
    return scratch_project


def test_rebuilds_and_dump_order_keep_every_id(project: Path):
    first = provenance_ids_after_build(project)
    again = provenance_ids_after_build(project)
    assert again == first
    registry = project / "content" / "sources.yaml"
    text = registry.read_text(encoding="utf-8")
    head, _, rest = text.partition("sources:\n")
    entries = ["  - file:" + e for e in rest.split("  - file:") if e.strip()]
    registry.write_text(head + "sources:\n" + "".join(reversed(entries)), encoding="utf-8")
    assert provenance_ids_after_build(project) == first


def provenance_ids_after_build(root: Path) -> dict[tuple[str, int], str]:
    build_ids(root)
    return provenance_ids(root)


def test_rewording_by_curation_keeps_the_id(project: Path):
    before = provenance_ids_after_build(project)
    qid = before[("000_b463d273d413d0af.txt", 336)]  # How does self-attention work?
    curation = project / "content" / "curation.yaml"
    curation.write_text(curation_edit.reword(curation.read_text(encoding="utf-8"), qid,
                                             "How does the self-attention mechanism of a transformer work?"), encoding="utf-8")
    after = build_ids(project)
    assert after[qid] == "How does the self-attention mechanism of a transformer work?"
    assert provenance_ids(project) == before


def test_a_light_edit_of_a_dump_keeps_the_id(project: Path):
    before = provenance_ids_after_build(project)
    qid = before[("003_56c4a1881aa1859d.txt", 421)]  # What is a transformer? Define the architecture of the transformer.
    dump = project / "content" / "sources" / "003_56c4a1881aa1859d.txt"
    lines = dump.read_bytes().split(b"\n")
    assert b"Define the architecture of the transformer" in lines[420]
    lines[420] = lines[420].replace(b"Define the architecture of the transformer", b"Describe the architecture of a transformer")
    dump.write_bytes(b"\n".join(lines))
    after = provenance_ids(project)
    assert after[("003_56c4a1881aa1859d.txt", 421)] == qid
    others = {k: v for k, v in before.items() if k[0] != "003_56c4a1881aa1859d.txt"}
    assert {k: after[k] for k in others} == others


def test_the_committed_lock_knows_every_question(corpus, project_root: Path):
    lock = load_lock(project_root / "content")
    assert {q.id for q in corpus.questions} <= set(lock.entries)
