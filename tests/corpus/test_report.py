"""The editors' duplicates report: every multi-member question with its sources, lines and links; near misses below the threshold."""

from __future__ import annotations

from pathlib import Path

from genai_build.corpus.dedupe import SAME_THRESHOLD
from genai_build.writers import WRITERS, WriteContext
from genai_build.writers.report.writer import report_data

from .conftest import ROOT


def test_report_data_covers_every_cluster(corpus):
    clusters, near = report_data(corpus)
    multi = [q for q in corpus.questions if len(q.provenance) > 1]
    assert [c.id for c in clusters] == [q.id for q in multi]
    for c in clusters:
        assert c.curated or len(c.links) == len(c.members) - 1
        assert all(l.score >= SAME_THRESHOLD for l in c.links)
    assert near and all(l.score < SAME_THRESHOLD and l.a_id != l.b_id for l in near)


def test_report_files(corpus, tmp_path: Path):
    ctx = WriteContext(out_dir=tmp_path, templates_dir=ROOT / "templates", epoch=1_700_000_000)
    written = WRITERS["report"].write(corpus, ctx)
    assert sorted(p.name for p in written) == ["duplicates.html", "duplicates.md"]
    md = (tmp_path / "reports" / "duplicates.md").read_text(encoding="utf-8")
    html = (tmp_path / "reports" / "duplicates.html").read_text(encoding="utf-8")
    q = next(q for q in corpus.questions if len(q.provenance) > 2)
    for p in q.provenance:
        assert f"| {p.source} | {p.line} |" in md
        assert f"<td>{p.source}</td><td>{p.line}</td>" in html
    assert "## Near misses" in md and 'id="near-misses"' in html
    assert "<script" not in html
    again = tmp_path / "again"
    WRITERS["report"].write(corpus, WriteContext(out_dir=again, templates_dir=ROOT / "templates", epoch=1))
    assert (again / "reports" / "duplicates.md").read_text(encoding="utf-8") == md  # deterministic
