"""The review queue and the editor's two answers to it (curate merge / curate distinct), and what
a newly added dump may and may not do to the questions the lock already knows."""

from __future__ import annotations

from pathlib import Path

from genai_build.cli import main
from genai_build.content import load_curation
from genai_build.corpus.review import review_queue
from genai_build.pipeline import Project, load_corpus

EPOCH = 1_700_000_000


def queue_of(root: Path):
    assembled, _ = load_corpus(Project(root), EPOCH, update_lock=False)
    return assembled, review_queue(assembled.corpus, assembled.near_misses, load_curation(root / "content").distinct())


def test_the_queue_lists_pairs_of_different_questions_most_probable_first_with_their_dumps_and_evidence(project_root):
    assembled, queue = queue_of(project_root)
    assert queue
    assert [c.probability for c in queue] == sorted((c.probability for c in queue), reverse=True)
    titles = {s.title for s in assembled.corpus.sources}
    ids = {q.id for q in assembled.corpus.questions}
    for c in queue:
        assert c.a.id != c.b.id and {c.a.id, c.b.id} <= ids and c.evidence
        assert c.a.source_title in titles and c.b.source_title in titles
    assert len({frozenset(c.ids) for c in queue}) == len(queue)  # each pair once


def test_distinct_removes_a_pair_for_good_and_merge_accepts_one(scratch_project: Path, capsys):
    root = ["--root", str(scratch_project)]
    path = scratch_project / "content" / "curation.yaml"
    path.write_text("# an editor's note\ndecisions: {}\n", encoding="utf-8")
    _, queue = queue_of(scratch_project)
    first, second = queue[0], queue[1]
    assert main([*root, "curate", "distinct", first.a.id, first.b.id]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# an editor's note\n") and f"distinct: [{first.b.id}]" in text
    _, after = queue_of(scratch_project)
    assert frozenset(first.ids) not in {frozenset(c.ids) for c in after}
    assert main([*root, "curate", "merge", second.b.id, "--into", second.a.id]) == 0
    assembled, after = queue_of(scratch_project)
    assert frozenset(second.ids) not in {frozenset(c.ids) for c in after}
    assert second.b.id not in {q.id for q in assembled.corpus.questions}
    assert main([*root, "review", "--limit", "3"]) == 0
    assert "pairs to review" in capsys.readouterr().out
    assert main([*root, "curate", "distinct", first.a.id, "no-such-question"]) == 1
    assert path.read_text(encoding="utf-8").count("distinct:") == 1


def test_distinct_keeps_two_questions_apart_that_the_clustering_would_join(scratch_project: Path):
    assembled, _ = load_corpus(Project(scratch_project), EPOCH, update_lock=True)
    joined = next(q for q in assembled.corpus.questions
                  if len({p.question for p in q.provenance}) >= 2 and len({p.source for p in q.provenance}) >= 2)
    a, b = sorted({p.question for p in joined.provenance})[:2]
    # split one wording off into a question of its own, then declare the two distinct and drop the split
    split_off = [f"{p.source}:{p.line}" for p in joined.provenance if p.question == b]
    assert main(["--root", str(scratch_project), "curate", "split", joined.id, *split_off]) == 0
    assembled, _ = load_corpus(Project(scratch_project), EPOCH, update_lock=True)
    other = next(q.id for q in assembled.corpus.questions if any(p.question == b for p in q.provenance))
    assert other != joined.id
    # the editor's answer: they are different questions (the split is no longer needed)
    (scratch_project / "content" / "curation.yaml").write_text(
        f"decisions:\n  {joined.id}:\n    distinct: [{other}]\n", encoding="utf-8")
    assembled, _ = load_corpus(Project(scratch_project), EPOCH, update_lock=True)
    where = {p.question: q.id for q in assembled.corpus.questions for p in q.provenance}
    assert where[a] != where[b]


NEW_DUMP = """\
- question: What is a Variational Autoencoder and how does it differ from a GAN, and what is mode collapse?
  answer: Both.
- question: Why is multi-head attention needed, and how does self-attention work?
  answer: Both.
- question: How do you evaluate retrieval quality in RAG models and what is RLHF?
  answer: Both.
- question: What is a VAE? How does it work?
  answer: A copy.
"""


def test_a_new_dump_never_removes_a_known_id(scratch_project: Path):
    before, _ = load_corpus(Project(scratch_project), EPOCH, update_lock=True)  # the lock now knows every question
    old_ids = {q.id for q in before.corpus.questions}
    (scratch_project / "content" / "sources" / "009_bridges.yaml").write_text(NEW_DUMP, encoding="utf-8")
    registry = scratch_project / "content" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + (
        "  - file: 009_bridges.yaml\n    reader: table-file\n    title: Bridging questions\n    owner: tests\n"
        "    origin: written to join two known questions at once\n"), encoding="utf-8")
    after, _ = load_corpus(Project(scratch_project), EPOCH, update_lock=True)
    assert old_ids <= {q.id for q in after.corpus.questions}
    old_members = {q.id: {(p.source, p.line) for p in q.provenance} for q in before.corpus.questions}
    for q in after.corpus.questions:
        known = {(p.source, p.line) for p in q.provenance if not p.source.startswith("009")}
        assert not known or known == old_members[q.id]  # no known question fused, split or moved
