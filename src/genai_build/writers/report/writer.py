"""The editors' report: build/reports/duplicates.html and duplicates.md.

Every question of the corpus that gathers several occurrences, riskiest merge first (the
weakest link's probability), with each occurrence's dump (by title), line and wording, the
answer that was chosen, and the links that joined them (probability, rule, evidence); then
the review queue — pairs of different questions the clustering was unsure about — each
linking to both questions, so an editor can accept or overrule each one
(`genai-build curate merge|split|distinct`). Every question a link points at has an anchor.
The links are the build's own (WriteContext.clusters, handed over by the pipeline); written
on its own, without them, the report clusters the provenance wordings again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from genai_build.corpus.dedupe import REVIEW_FLOOR, SAME_THRESHOLD, Dedupe, Link, apart_pairs, dedupe
from genai_build.corpus.ids import fingerprint
from genai_build.fsutil import write_text_atomic
from genai_build.model import Corpus, Provenance
from genai_build.model import RawQuestion
from genai_build.writers.base import WriteContext, Written
from genai_build.writers.markdown.gfm import escape_text
from genai_build.writers.templating import environment, render_template


@dataclass(frozen=True)
class LinkView:
    score: float
    reason: str
    a: Provenance
    b: Provenance
    a_id: str
    b_id: str
    evidence: str = ""


@dataclass(frozen=True)
class ClusterView:
    id: str
    number: int
    question: str
    topic: str
    members: tuple[Provenance, ...]
    links: tuple[LinkView, ...]
    curated: bool  # joined or split by an editor, not (only) by the clustering
    weakest: float
    answer: str  # the answer the book prints (the chosen one, or the editor's)


HTML_REPORT = "reports/duplicates.html"
MD_REPORT = "reports/duplicates.md"


def recluster(corpus: Corpus, distinct: Iterable[Iterable[str]] = (), lock_ids: Mapping[str, str] | None = None) -> Dedupe:
    """The clustering of the corpus' occurrences, for a report written without the build's: with the
    earlier build's ids (`lock_ids`, content/ids.lock's fingerprint -> id, as the build has them), or else
    the corpus' ids (the wordings the build kept apart or together stay so; a question an editor merged
    then reads as one, so the model may join what the build joined by the editor's decision); the pairs
    of question ids an editor declared `distinct` kept apart as the build keeps them."""
    ids: dict[str, str] = dict(lock_ids) if lock_ids is not None else {}
    if lock_ids is None:
        for q in sorted(corpus.questions, key=lambda q: q.id):
            for p in q.provenance:
                ids.setdefault(fingerprint(p.question), q.id)
    wordings: dict[str, set[str]] = {}
    for fp, qid in sorted(ids.items()):
        wordings.setdefault(qid, set()).add(fp)
    apart = apart_pairs(lambda qid: wordings.get(qid, ()), distinct)
    return dedupe([RawQuestion(p.source, p.line, p.question, None, p.section, p.number)
                   for q in corpus.questions for p in q.provenance], ids, apart)


def report_data(corpus: Corpus, result: Dedupe) -> tuple[list[ClusterView], list[LinkView]]:
    where: dict[tuple[str, int], tuple[str, Provenance]] = {
        (p.source, p.line): (q.id, p) for q in corpus.questions for p in q.provenance}

    def view(link: Link) -> LinkView:
        (a_id, a), (b_id, b) = where[link.a], where[link.b]
        evidence = ", ".join(f"{name} {value:+.2f}" for name, value in link.evidence[:4])
        return LinkView(link.score, link.reason, a, b, a_id, b_id, evidence)

    links_by_question: dict[str, list[LinkView]] = {}
    for c in result.clusters:
        for link in c.links:
            if link.a not in where or link.b not in where:
                continue  # an occurrence of a question the editors dropped
            v = view(link)
            links_by_question.setdefault(v.a_id, []).append(v)
    clusters = []
    for q in corpus.questions:
        if len(q.provenance) < 2:
            continue
        links = tuple(sorted((l for l in links_by_question.get(q.id, ()) if l.b_id == q.id),
                             key=lambda l: (l.a.source, l.a.line, l.b.source, l.b.line)))
        curated = len(links) != len(q.provenance) - 1
        clusters.append(ClusterView(q.id, q.number, q.question, q.topic, q.provenance, links, curated,
                                    min((l.score for l in links), default=1.0), q.answer or ""))
    clusters.sort(key=lambda c: (not c.curated, c.weakest, c.number))  # riskiest first: an editor's, then the weakest link
    near = [view(l) for l in result.near_misses if l.a in where and l.b in where]
    near = [l for l in near if l.a_id != l.b_id]
    near.sort(key=lambda l: (-l.score, l.a.source, l.a.line, l.b.source, l.b.line))
    return clusters, near


def singles_named(corpus: Corpus, clusters: list[ClusterView], near: list[LinkView]) -> list:
    """Questions of one occurrence that the review queue names: they get an anchor too."""
    shown = {c.id for c in clusters}
    named = {i for l in near for i in (l.a_id, l.b_id)} - shown
    return [q for q in corpus.questions if q.id in named]


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    clusters, near = report_data(corpus, ctx.clusters or recluster(corpus))
    values = dict(corpus=corpus, clusters=clusters, near=near, threshold=SAME_THRESHOLD, floor=REVIEW_FLOOR,
                  singles=singles_named(corpus, clusters, near), titles={s.file: s.title for s in corpus.sources},
                  occurrences=sum(len(q.provenance) for q in corpus.questions))
    written = []
    for relative, html in ((MD_REPORT, False), (HTML_REPORT, True)):
        # the Markdown report escapes every text as the Markdown edition does (markup, HTML, math, table cells)
        env = environment(ctx.template_dir("report"), html=html, escape=None if html else escape_text)
        written.append(write_text_atomic(ctx.out_dir / relative, render_template(env, Path(relative).name + ".j2", **values)))
    return Written(tuple(written))

