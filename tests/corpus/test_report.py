"""The editors' duplicates report: every merged question riskiest first, dumps by title, the chosen
answer, the review queue; every internal link resolves."""

from __future__ import annotations

import re
from pathlib import Path

from genai_build.content import load_curation, load_lock
from genai_build.corpus.dedupe import REVIEW_FLOOR, SAME_THRESHOLD, Dedupe
from genai_build.pipeline import Project, load_corpus
from genai_build.writers import WRITERS, WriteContext
from genai_build.writers.report.writer import recluster, report_data

from .conftest import ROOT


def test_report_data_covers_every_cluster_riskiest_first(corpus):
    clusters, near = report_data(corpus, recluster(corpus))
    multi = [q for q in corpus.questions if len(q.provenance) > 1]
    assert sorted(c.id for c in clusters) == sorted(q.id for q in multi)
    for c in clusters:
        assert c.curated or len(c.links) == len(c.members) - 1
        assert all(l.score >= SAME_THRESHOLD for l in c.links)
    automatic = [c.weakest for c in clusters if not c.curated]
    assert automatic == sorted(automatic)
    assert near and all(REVIEW_FLOOR <= l.score and l.a_id != l.b_id for l in near)


def test_report_files_name_dumps_by_title_show_the_answer_and_every_link_resolves(corpus, tmp_path: Path):
    ctx = WriteContext(out_dir=tmp_path, templates_dir=ROOT / "templates", epoch=1_700_000_000)
    written = WRITERS["report"].write(corpus, ctx).paths
    assert sorted(p.name for p in written) == ["duplicates.html", "duplicates.md"]
    md = (tmp_path / "reports" / "duplicates.md").read_text(encoding="utf-8")
    html = (tmp_path / "reports" / "duplicates.html").read_text(encoding="utf-8")
    titles = {s.file: s.title for s in corpus.sources}
    q = next(q for q in corpus.questions if len(q.provenance) > 2 and q.answer)
    for p in q.provenance:
        assert f"| {titles[p.source]} | {p.line} |" in md
        assert f"<td>{titles[p.source]}</td><td>{p.line}</td>" in html
    assert q.answer.split("\n")[0][:40] in html
    assert "## Review queue" in md and 'id="review-queue"' in html
    assert "<script" not in html
    for text, anchor in ((html, r'id="([^"]+)"'), (md, r'<a id="([^"]+)"></a>')):
        targets = set(re.findall(r'href="#([^"]+)"', text)) | set(re.findall(r"\]\(#([^)]+)\)", text))
        anchors = set(re.findall(anchor, text))
        assert targets and targets <= anchors, sorted(targets - anchors)[:5]
    again = tmp_path / "again"
    WRITERS["report"].write(corpus, WriteContext(out_dir=again, templates_dir=ROOT / "templates", epoch=1))
    assert (again / "reports" / "duplicates.md").read_text(encoding="utf-8") == md  # deterministic


def test_the_build_clustering_gives_the_report_it_would_give_alone():
    """The pipeline hands the report its own clustering (no second run): the same report as reclustering the
    corpus with the same id lock (an editor's merge of two locked ids stays an editor's merge, even where the
    model now joins the two itself)."""
    assembled, _ = load_corpus(Project(ROOT), epoch=1_700_000_000, update_lock=False)
    corpus = assembled.corpus
    distinct = load_curation(ROOT / "content").distinct()
    lock_ids = load_lock(ROOT / "content").by_fingerprint()
    assert report_data(corpus, Dedupe(assembled.clusters, assembled.near_misses)) == report_data(
        corpus, recluster(corpus, distinct, lock_ids))
