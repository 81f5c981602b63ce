"""From raw occurrences to the canonical Corpus: cluster, id, curate, merge, classify, order.

1. dedupe clusters the occurrences (the same whatever the order of the dumps);
2. each cluster gets its id from the lock; an editor's `split` takes occurrences out of a
   cluster into a question of their own (an "atom" of the book), whose id the lock then keeps;
3. an editor's `merge` joins atoms under the target's id; `drop` removes a question;
4. each question gets its canonical wording (the clearest), its primary answer (the one that
   answers the shown wording best, corpus/answers.py), the other answers that add something as
   alternates, key points, a topic, a difficulty, tags, and its provenance (every occurrence);
5. within a topic, foundations before advanced questions, then those asked in more
   independent dumps (copies of one origin counted once), then the dumps' own order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Mapping, Sequence

from genai_build.config import BookConfig, SourceConfig
from genai_build.corpus.answers import answer_score, apply_fixes, best_by, gap_warnings, key_points, prepare
from genai_build.corpus.curation import Curation, unknown_ids
from genai_build.corpus.dedupe import Cluster, Dedupe, apart_pairs, dedupe, occurrence_order
from genai_build.corpus.ids import IdLock, assign_ids, fingerprint
from genai_build.corpus.normalise import comparison_key, normalise, shown_wording
from genai_build.corpus.taxonomy import LEVELS, Taxonomy, difficulty_for
from genai_build.diagnostics import BuildError, Diagnostic, error, warning
from genai_build.model import Alternate, Book, Corpus, Provenance, Question, Source
from genai_build.model import RawQuestion

ALTERNATE_OVERLAP = 0.6  # an answer whose word trigrams are this much inside a kept answer is a copy of it
COPY_WORDING = 0.9  # two dumps whose wordings of a question are this similar (characters) copied one origin


@dataclass(frozen=True)
class Assembled:
    corpus: Corpus
    lock: IdLock
    clusters: tuple[Cluster, ...]
    diagnostics: tuple[Diagnostic, ...]
    near_misses: tuple = ()


def wording_is_whole(text: str) -> bool:
    """A wording that ends like a sentence and does not run on into an answer."""
    return text.rstrip().endswith(("?", ".")) and len(text) <= 300


def canonical_wording(members: Sequence[RawQuestion]) -> str:
    """The clearest wording: whole, a question, shared by most copies, of moderate length, then dump order."""
    support = Counter(comparison_key(m.question) for m in members)

    def score(raw: RawQuestion) -> tuple:
        text = raw.question
        return (not wording_is_whole(text), not text.endswith("?"), -support[comparison_key(text)],
                abs(len(text) - 90) // 30, raw.source, raw.line)
    return min(members, key=score).question


def primary_answer(members: Sequence[RawQuestion], wording: str | None = None,
                   defects: Mapping[tuple[str, int], int] | None = None) -> RawQuestion | None:
    """The answer that answers `wording` (default: the canonical one) best, by `answers.answer_score`."""
    answered = [m for m in members if m.answer]
    if not answered:
        return None
    wording = wording or canonical_wording(members)
    defects = defects or {}
    scored = [(answer_score(m.answer or "", m.question, wording, defects.get(occurrence_order(m), 0)), m.source, m.line)
              for m in answered]
    return answered[best_by(scored)]


def independent_sources(members: Sequence[RawQuestion]) -> int:
    """Dumps that ask the question, those whose wordings are near-identical (one origin, copied) counted once."""
    wordings: dict[str, set[str]] = defaultdict(set)
    for m in members:
        wordings[m.source].add(comparison_key(m.question))
    sources = sorted(wordings)
    origin = {s: s for s in sources}

    def root(s: str) -> str:
        while origin[s] != s:
            s = origin[s]
        return s
    for i, a in enumerate(sources):
        for b in sources[i + 1:]:
            if any(x == y or SequenceMatcher(None, x, y).ratio() >= COPY_WORDING for x in wordings[a] for y in wordings[b]):
                origin[root(b)] = root(a)
    return len({root(s) for s in sources})


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = comparison_key(text).split()
    return frozenset(tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 1)))


def adds_something(answer: str, kept: Sequence[frozenset]) -> bool:
    """False when most of the answer's word trigrams already occur in one kept answer (a copy with edits)."""
    mine = _shingles(answer)
    if not mine:
        return False
    return all(len(mine & other) / len(mine) < ALTERNATE_OVERLAP for other in kept)


def alternates_for(members: Sequence[RawQuestion], primary: RawQuestion | None) -> tuple[Alternate, ...]:
    """Other answers that add something, longest first among copies of one another, in dump order."""
    if primary is None:
        return ()
    kept = [_shingles(primary.answer or "")]
    alternates = []
    others = sorted((m for m in members if m is not primary and m.answer), key=lambda m: (-len(m.answer or ""), m.source, m.line))
    for member in others:
        if adds_something(member.answer or "", kept):
            kept.append(_shingles(member.answer or ""))
            alternates.append(Alternate(source=member.source, line=member.line, answer=member.answer or ""))
    return tuple(sorted(alternates, key=lambda a: (a.source, a.line)))


def _resolve(target: str, merges: Mapping[str, str]) -> str:
    seen = set()
    while target in merges and target not in seen:
        seen.add(target)
        target = merges[target]
    return target


def provisional_ids(clusters: Sequence[Cluster], curation: Curation, lock: IdLock) -> list[str]:
    """The id of each cluster before editors' splits, from the wordings that stay in it."""
    split_out = {where for places in curation.splits().values() for where in places}

    def staying_wordings(c: Cluster) -> list[str]:
        return [m.question for m in c.members if occurrence_order(m) not in split_out] or [m.question for m in c.members]
    return assign_ids([(_canonical_or_any(c.members), staying_wordings(c)) for c in clusters], lock)[0]


def split_atoms(clusters: Sequence[Cluster], ids: Sequence[str], splits: Mapping[str, Sequence[tuple[str, int]]],
                occurrences: Mapping[str, set[tuple[str, int]]]) -> list[tuple[str | None, tuple[RawQuestion, ...]]]:
    """Each cluster, minus the occurrences an editor split out of it, which become an atom of their own (no id yet)."""
    atoms: list[tuple[str | None, tuple[RawQuestion, ...]]] = []
    for qid, c in zip(ids, clusters):
        leaving = set(splits.get(qid, ())) & occurrences[qid]
        staying = tuple(m for m in c.members if occurrence_order(m) not in leaving)
        if staying:
            atoms.append((qid, staying))
        if leaving:
            atoms.append((None, tuple(m for m in c.members if occurrence_order(m) in leaving)))
    return atoms


def atoms_with_ids(clusters: Sequence[Cluster], curation: Curation, lock: IdLock) -> tuple[list[tuple[str, tuple[RawQuestion, ...]]], IdLock, dict[str, set[tuple[str, int]]]]:
    """(id, members) of every cluster once editors' splits are applied, the updated lock, and each provisional id's occurrences."""
    provisional = provisional_ids(clusters, curation, lock)
    occurrences = {qid: {occurrence_order(m) for m in c.members} for qid, c in zip(provisional, clusters)}
    atoms = split_atoms(clusters, provisional, curation.splits(), occurrences)
    forced = {i: qid for i, (qid, _) in enumerate(atoms) if qid is not None}
    ids, new_lock = assign_ids([(_canonical_or_any(members), [m.question for m in members]) for _, members in atoms], lock, forced)
    return list(zip(ids, (members for _, members in atoms))), new_lock, occurrences


def fused_ids(atoms: Sequence[tuple[str, Sequence[RawQuestion]]], lock: IdLock) -> list[Diagnostic]:
    """A warning for each id of the lock that is gone because its wordings now belong to another question."""
    owner = lock.by_fingerprint()
    alive = {qid for qid, _ in atoms}
    found = []
    for qid, members in atoms:
        others = sorted({owner[fp] for fp in (fingerprint(m.question) for m in members) if fp in owner} - alive)
        for other in others:
            first = next(m for m in members if owner.get(fingerprint(m.question)) == other)
            found.append(warning("corpus.fused", f"question {other} is now part of {qid} (the clustering joined them); "
                                 f"if they differ: genai-build curate distinct {qid} {other}", first.source, first.line))
    return found


def _canonical_or_any(members: Sequence[RawQuestion]) -> str:
    return canonical_wording(members) if members else "question"


def curated_answer(qid: str, decision, path: str, primary: RawQuestion | None) -> tuple[str | None, list[Diagnostic]]:
    """The chosen answer, or the editors' replacement, with their fixes applied and their addition appended."""
    values = dict(decision.values) if decision else {}
    answer = values.get("answer", primary.answer if primary else None)
    problems: list[Diagnostic] = []
    if answer and values.get("fix"):
        answer, failed = apply_fixes(str(answer), values["fix"])
        problems = [error("curation.fix", f"fix of {qid}: {message}", path, decision.line_of("fix")) for message in failed]
    if values.get("answer_append"):
        answer = f"{answer.rstrip()}\n\n{str(values['answer_append']).strip()}" if answer else str(values["answer_append"]).strip()
    return (str(answer) if answer else None), problems


def question_draft(qid: str, members: Sequence[RawQuestion], decision, path: str, taxonomy: Taxonomy,
                   defects: Mapping[tuple[str, int], int]) -> tuple[dict, list[Diagnostic]]:
    """Everything of one question but its number (wording, answer, topic, difficulty, tags,
    provenance, the line of the chosen answer), and the editors' fixes that did not apply."""
    values = dict(decision.values) if decision else {}
    canonical = canonical_wording(members)
    wording = str(values.get("question") or shown_wording(canonical))
    primary = primary_answer(members, wording, defects)
    answer, problems = curated_answer(qid, decision, path, primary)
    wordings = [m.question for m in members]
    return dict(
        id=qid,
        question=wording,
        answer=answer,
        unanswered=not answer,
        topic=str(values.get("topic") or taxonomy.topic_for(wording, members[0].section, wordings, [m.section for m in members])),
        difficulty=values.get("difficulty") or difficulty_for([m.difficulty for m in members], canonical),
        tags=tuple(values["tags"]) if "tags" in values else taxonomy.tags_for([wording, *wordings]),
        asked_in=len({m.source for m in members}),
        independent_sources=independent_sources(members),
        provenance=tuple(Provenance(source=m.source, line=m.line, question=m.question, section=m.section, number=m.number) for m in members),
        alternates=alternates_for(members, primary),
        answer_source=primary.source if primary and answer and "answer" not in values else None,
        answer_line=primary.line if primary else 0,
        key_points=(str(values["key_points"]).strip() if values.get("key_points") else key_points(str(answer))) if answer else None,
    ), problems


def gap_diagnostics(drafts: Sequence[dict], shown: Callable[[str], str]) -> list[Diagnostic]:
    """Warnings for what the shown answers and alternates lost (figures, formulas); the drafts
    lose their answer line, which only these warnings needed."""
    found: list[Diagnostic] = []
    for d in drafts:
        for where, text in [((d["answer_source"], d.pop("answer_line")), d["answer"]), *(((a.source, a.line), a.answer) for a in d["alternates"])]:
            if where[0] and text:
                found += gap_warnings(text, shown(where[0]), where[1])
    return found


def corpus_sources(sources: Sequence[SourceConfig], raw: Sequence[RawQuestion], questions: Sequence[Question]) -> tuple[Source, ...]:
    """Each dump with its occurrences read and the questions it contributes to, by file name."""
    occurrence_counts = Counter(r.source for r in raw)
    contributed = Counter(name for q in questions for name in {p.source for p in q.provenance})
    return tuple(Source(file=s.file, title=s.title, owner=s.owner, origin=s.origin, reader=s.reader,
                        occurrences=occurrence_counts[s.file], questions=contributed[s.file])
                 for s in sorted(sources, key=lambda s: s.file))


def assemble(
    raw: Sequence[RawQuestion], sources: Sequence[SourceConfig], book: BookConfig, date: str,
    taxonomy: Taxonomy, curation: Curation, lock: IdLock,
    clusterer: Callable[..., Dedupe] = dedupe,
    shown: Callable[[str], str] = lambda file: f"content/sources/{file}",
) -> Assembled:
    """The corpus from raw occurrences; `clusterer` is dedupe, or a memo of it (the pipeline's cache);
    `shown` gives the path a diagnostic shows for a dump's file name.

    The wordings the lock knows are clustered first (a new dump joins questions, never fuses
    them; wordings the lock gives two ids are not fused by a rebuild either); questions an editor
    declared distinct are kept apart.
    """
    prepared = [prepare(normalise(r), shown(r.source)) for r in raw]
    apart = apart_pairs(lambda qid: lock.entries.get(qid, ()), curation.distinct())
    result: Dedupe = clusterer([p.raw for p in prepared], lock.by_fingerprint(), apart)
    defects = {occurrence_order(p.raw): p.defects for p in prepared}
    answer_diagnostics = [d for p in prepared for d in p.diagnostics]
    atoms, new_lock, occurrences = atoms_with_ids(result.clusters, curation, lock)
    known = {qid for qid, _ in atoms}
    diagnostics = [*curation.problems, *unknown_ids(curation, known, {t.id for t in taxonomy.topics}, occurrences)]
    if diagnostics:
        raise BuildError(sorted(diagnostics, key=lambda d: (d.line or 0, d.code, d.message)))
    diagnostics = fused_ids(atoms, lock)

    merges = curation.merges()
    groups: dict[str, list[RawQuestion]] = defaultdict(list)
    for qid, members in atoms:
        groups[_resolve(qid, merges)].extend(members)

    drafts, fix_problems = [], []
    for qid in sorted(groups):
        decision = curation.decisions.get(qid)
        if decision is not None and decision.values.get("drop"):
            continue
        draft, problems = question_draft(qid, sorted(groups[qid], key=occurrence_order), decision, curation.path, taxonomy, defects)
        drafts.append(draft)
        fix_problems += problems
    if fix_problems:
        raise BuildError(fix_problems)
    answer_diagnostics += gap_diagnostics(drafts, shown)
    topic_rank = {t.id: i for i, t in enumerate(taxonomy.topics)}
    drafts.sort(key=lambda d: (topic_rank[d["topic"]], LEVELS.index(d["difficulty"]), -d["independent_sources"],
                               min((p.source, p.line) for p in d["provenance"]), d["id"]))
    questions = tuple(Question(number=n, **d) for n, d in enumerate(drafts, start=1))
    corpus = Corpus(
        book=Book(date=date, **book.__dict__),
        sources=corpus_sources(sources, raw, questions),
        topics=taxonomy.topics,
        questions=questions,
    )
    return Assembled(corpus, new_lock, result.clusters, tuple(diagnostics + answer_diagnostics), result.near_misses)
