"""The review queue: pairs of questions the clustering was unsure about, for an editor to decide.

A candidate is two questions of the corpus that the pair model found related but not surely
the same (probability between the review floor and the threshold), or surely the same but
kept apart by a precision rule (another wording of the same dump, a match with one wording
of a question but not with the question as a whole, a second question it also matched).
Each pair comes once, with its most probable link, most probable first. An editor accepts
one with `genai-build curate merge` (the two become one question) or rejects it with
`genai-build curate distinct` (recorded in content/curation.yaml; never offered again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from genai_build.corpus.dedupe import Link
from genai_build.model import Corpus, Provenance


@dataclass(frozen=True)
class Side:
    id: str
    question: str  # the question's wording in the book
    occurrence: Provenance  # the occurrence the link starts from
    source_title: str


@dataclass(frozen=True)
class Candidate:
    probability: float
    reason: str
    evidence: tuple[tuple[str, float], ...]
    a: Side
    b: Side

    @property
    def ids(self) -> tuple[str, str]:
        return (self.a.id, self.b.id)


def review_queue(corpus: Corpus, links: Iterable[Link], distinct: Iterable[frozenset[str]] = ()) -> list[Candidate]:
    """The candidates among `links` (the build's near misses) whose two ends are different questions not declared distinct."""
    where: dict[tuple[str, int], tuple[str, Provenance]] = {}
    for q in corpus.questions:
        for p in q.provenance:
            where[(p.source, p.line)] = (q.id, p)
    wording = {q.id: q.question for q in corpus.questions}
    titles = {s.file: s.title for s in corpus.sources}
    rejected = set(distinct)
    best: dict[frozenset[str], Candidate] = {}
    for link in links:
        if link.a not in where or link.b not in where:
            continue  # an occurrence an editor dropped
        (a_id, a), (b_id, b) = where[link.a], where[link.b]
        pair = frozenset((a_id, b_id))
        if a_id == b_id or pair in rejected:
            continue
        if (b.source, b.line) < (a.source, a.line):
            (a_id, a), (b_id, b) = (b_id, b), (a_id, a)
        candidate = Candidate(link.score, link.reason, link.evidence,
                              Side(a_id, wording[a_id], a, titles.get(a.source, a.source)),
                              Side(b_id, wording[b_id], b, titles.get(b.source, b.source)))
        if pair not in best or _order(candidate) < _order(best[pair]):
            best[pair] = candidate
    return sorted(best.values(), key=_order)


def _order(c: Candidate) -> tuple:
    return (-c.probability, c.a.id, c.b.id)


def render_text(queue: Sequence[Candidate], limit: int | None = None) -> str:
    """The queue as plain text: both wordings, their dumps, the evidence, the two commands."""
    shown = queue[:limit] if limit else queue
    lines = [f"{len(queue)} pairs to review (most probable first)" + (f"; the first {len(shown)} shown" if len(shown) < len(queue) else ""), ""]
    for n, c in enumerate(shown, start=1):
        lines.append(f"{n:3d}. p={c.probability:.2f}  {c.reason}")
        for side in (c.a, c.b):
            lines.append(f"     [{side.id}] {side.occurrence.question}")
            lines.append(f"         {side.source_title} ({side.occurrence.source}:{side.occurrence.line})")
        evidence = ", ".join(f"{name} {value:+.2f}" for name, value in c.evidence[:5])
        lines.append(f"     evidence (log-odds): {evidence}")
        lines.append(f"     same:      genai-build curate merge {c.b.id} --into {c.a.id}")
        lines.append(f"     different: genai-build curate distinct {c.a.id} {c.b.id}")
        lines.append("")
    return "\n".join(lines)
