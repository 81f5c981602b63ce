"""From raw occurrences to the canonical Corpus: cluster, choose, classify, id, curate, order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from genai_build.config import BookConfig, SourceConfig
from genai_build.corpus.curation import Curation, unknown_ids
from genai_build.corpus.dedupe import Cluster, cluster
from genai_build.corpus.ids import IdLock, assign_ids
from genai_build.corpus.normalise import comparison_key, normalise
from genai_build.corpus.taxonomy import Taxonomy, difficulty_for
from genai_build.diagnostics import BuildError, Diagnostic
from genai_build.model import Alternate, Book, Corpus, Provenance, Question, Source
from genai_build.readers.base import RawQuestion


@dataclass(frozen=True)
class Assembled:
    corpus: Corpus
    lock: IdLock
    clusters: tuple[Cluster, ...]
    diagnostics: tuple[Diagnostic, ...]


def canonical_wording(members: Sequence[RawQuestion]) -> str:
    """The clearest wording: a full question ending in '?', of moderate length, first by source order."""
    def score(raw: RawQuestion) -> tuple:
        text = raw.question
        return (not text.endswith("?"), abs(len(text) - 80) // 20, raw.source, raw.line)
    return min(members, key=score).question


def primary_answer(members: Sequence[RawQuestion]) -> RawQuestion | None:
    answered = [m for m in members if m.answer]
    if not answered:
        return None
    return max(answered, key=lambda m: (len(m.answer or ""), [-ord(c) for c in m.source], -m.line))


def alternates_for(members: Sequence[RawQuestion], primary: RawQuestion | None) -> tuple[Alternate, ...]:
    if primary is None:
        return ()
    seen = {comparison_key(primary.answer or "")}
    alternates = []
    for member in members:
        if member is primary or not member.answer:
            continue
        key = comparison_key(member.answer)
        if key in seen:
            continue
        seen.add(key)
        alternates.append(Alternate(source=member.source, line=member.line, answer=member.answer))
    return tuple(alternates)


def assemble(
    raw: Sequence[RawQuestion], sources: Sequence[SourceConfig], book: BookConfig, date: str,
    taxonomy: Taxonomy, curation: Curation, lock: IdLock,
) -> Assembled:
    clusters = tuple(cluster([normalise(r) for r in raw]))
    ids, new_lock = assign_ids([(canonical_wording(c.members), [m.question for m in c.members]) for c in clusters], lock)
    diagnostics = unknown_ids(curation, set(ids))
    if diagnostics:
        raise BuildError(diagnostics)

    drafts = []
    for qid, group in zip(ids, clusters):
        members = group.members
        decision = curation.decisions.get(qid)
        values = dict(decision.values) if decision else {}
        if values.get("drop"):
            continue
        primary = primary_answer(members)
        answer = values.get("answer", primary.answer if primary else None)
        wording = values.get("question", canonical_wording(members))
        drafts.append(dict(
            id=qid,
            question=str(wording),
            answer=str(answer) if answer else None,
            unanswered=not answer,
            topic=str(values.get("topic") or taxonomy.topic_for(wording, members[0].section)),
            difficulty=values.get("difficulty") or difficulty_for([m.difficulty for m in members]),
            tags=tuple(values.get("tags") or ()),
            asked_in=len({m.source for m in members}),
            provenance=tuple(Provenance(source=m.source, line=m.line, question=m.question, section=m.section, number=m.number) for m in members),
            alternates=alternates_for(members, primary),
        ))

    topic_rank = {t.id: i for i, t in enumerate(taxonomy.topics)}
    drafts.sort(key=lambda d: (topic_rank[d["topic"]], -d["asked_in"], min((p.source, p.line) for p in d["provenance"])))
    questions = tuple(Question(number=n, **d) for n, d in enumerate(drafts, start=1))
    contributed = {s.file: 0 for s in sources}
    occurrences = {s.file: 0 for s in sources}
    for r in raw:
        occurrences[r.source] = occurrences.get(r.source, 0) + 1
    for q in questions:
        for name in {p.source for p in q.provenance}:
            contributed[name] = contributed.get(name, 0) + 1
    corpus = Corpus(
        book=Book(date=date, **book.__dict__),
        sources=tuple(Source(file=s.file, title=s.title, owner=s.owner, origin=s.origin, reader=s.reader,
                             occurrences=occurrences[s.file], questions=contributed[s.file])
                      for s in sorted(sources, key=lambda s: s.file)),
        topics=taxonomy.topics,
        questions=questions,
    )
    return Assembled(corpus, new_lock, clusters, tuple(diagnostics))
