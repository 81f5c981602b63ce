"""Merging: canonical wording, primary answer, alternates only when they add something, provenance, asked_in; the same corpus in any order."""

from __future__ import annotations

import random
from pathlib import Path

from genai_build.content import load_book, load_sources
from genai_build.corpus.assemble import alternates_for, assemble, canonical_wording, primary_answer
from genai_build.corpus.curation import Curation
from genai_build.corpus.ids import IdLock
from genai_build.content import load_taxonomy
from genai_build.readers import READERS
from genai_build.model import RawQuestion
from genai_build.writers.corpus.writer import corpus_to_json

from .conftest import ROOT

LONG = ("Self-attention lets every token look at every other token. Each token is projected to a query, a key and a value; "
        "the attention weights are the softmax of scaled query-key dot products, and the output is the weighted sum of values.")


def test_canonical_wording_is_a_whole_question_shared_by_most_copies():
    members = [
        RawQuestion("002.txt", 5, "How does self-attention work? Self-attention is the mechanism in Transformers that", "x"),
        RawQuestion("001.txt", 9, "How does self-attention work?", "x"),
        RawQuestion("000.txt", 3, "How does self-attention work?", "x"),
        RawQuestion("003.txt", 7, "Explain self-attention", "x"),
    ]
    assert canonical_wording(members) == "How does self-attention work?"


def test_primary_answer_is_the_most_complete_well_formed_one_and_copies_are_not_alternates():
    copy = LONG.replace("softmax", "soft-max").replace("weighted sum", "weighted total")  # a copy with small edits
    different = ("In practice multi-head attention runs several of these in parallel, each in its own subspace, "
                 "and concatenates the heads; masking keeps a decoder from seeing the future.")
    members = [
        RawQuestion("000.txt", 1, "How does self-attention work?", LONG),
        RawQuestion("001.txt", 1, "How does self-attention work?", copy + " It is used"),  # longest but cut off mid-sentence
        RawQuestion("003.txt", 1, "Explain self-attention.", different),
        RawQuestion("004.txt", 1, "Explain self-attention.", "Short."),
    ]
    primary = primary_answer(members)
    assert primary is members[0]
    alternates = alternates_for(members, primary)
    assert [(a.source, a.line) for a in alternates] == [("003.txt", 1), ("004.txt", 1)]


def real_inputs():
    from genai_build.pipeline import Project, read_all
    book, reports = read_all(Project(ROOT))
    raw = [q for r in reports for q in r.questions]
    return book, [r.source for r in reports], raw


def test_the_same_corpus_json_whatever_the_order_of_dumps_and_occurrences():
    book, sources, raw = real_inputs()
    taxonomy = load_taxonomy(ROOT / "content")
    lock = IdLock({})

    def corpus_json(raws, srcs):
        return corpus_to_json(assemble(raws, srcs, book, "2026-01-01", taxonomy, Curation("c"), lock).corpus)
    expected = corpus_json(raw, sources)
    shuffled = list(raw)
    random.Random(7).shuffle(shuffled)
    assert corpus_json(shuffled, list(reversed(sources))) == expected


def test_provenance_and_asked_in(corpus):
    assert sum(len(q.provenance) for q in corpus.questions) == sum(s.occurrences for s in corpus.sources)
    for q in corpus.questions:
        assert q.asked_in == len({p.source for p in q.provenance})
        assert list(q.provenance) == sorted(q.provenance, key=lambda p: (p.source, p.line))
    self_attention = next(q for q in corpus.questions if q.question == "How does self-attention work?")
    assert self_attention.asked_in >= 3


def test_within_a_topic_foundations_first_then_more_independent_dumps(corpus):
    levels = ("beginner", "intermediate", "advanced")
    for topic in corpus.topics_in_use():
        keys = [(levels.index(q.difficulty), -q.independent_sources) for q in corpus.questions_in(topic.id)]
        assert keys == sorted(keys), topic.id


def test_copies_of_one_origin_count_once(corpus):
    for q in corpus.questions:
        assert 1 <= q.independent_sources <= q.asked_in
    copied = [q for q in corpus.questions if q.asked_in > q.independent_sources]
    assert copied, "dumps 000 and 001 copy one list: some question must be asked in copies"
