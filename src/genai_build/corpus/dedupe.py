"""Clustering of question occurrences that ask the same thing, within and across dumps.

Two wordings ask the same thing when, once their question templates are stripped and their
vocabulary folded (normalise.concept_tokens), the words left — the subject and whatever
narrows it — carry the same weight: an IDF-weighted cosine over those stems. Around it,
general rules of the genre:
- a comparison ("How does X differ from Y?", "X vs Y") is never the same as a question
  about X alone, nor a comparison of other things;
- a wording that only adds a narrowing word of weight ("few-shot prompting" vs "prompting",
  "in healthcare") is a different question: the weight of the words one side lacks counts;
- a near-verbatim copy (spelling, a typo, a dropped word) is caught by character trigrams;
- a question split in two, or one joined to a follow-up, matches on one of its sentences;
- "What is X?" and "What is Y?" about unrelated X and Y, or two questions about X asking
  for different things (its applications vs its challenges), are different questions;
- a dump section that follows each question with an imperative "elaboration" of it
  ("Identify issues such as …", "Explore strategies such as …") asks each thing twice.
Occurrences are taken in (dump, line) order and compared only with the representatives of
earlier clusters that share rare stems or a subject (never all pairs), then joined with a
union-find: the same clusters whatever the order of the input, in near-linear time.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from genai_build.corpus.normalise import (
    ASPECT_STEMS,
    CONCEPT_TOKENS,
    DOMAIN_STEMS,
    GENERIC_STEMS,
    IMPLIED_DOMAINS,
    INTENT_STEMS,
    concept_text,
    concept_tokens,
    is_comparison,
    sentences,
    subject_tokens,
)
from genai_build.model import RawQuestion

SAME_THRESHOLD = 0.62  # a link at or above this joins two occurrences
NEAR_MISS_MARGIN = 0.20  # links this far below the threshold are shown to editors
NEAR_VERBATIM = 0.88  # character-trigram Dice at or above this is a copy with small edits
SENTENCE_MATCH = 0.90  # one sentence of a wording matching the other wording this well
SUBJECT_MATCH = 0.90  # two definitional questions ("What is X?", "How does X work?") about the same X
DOMAIN_PENALTY = 0.70  # the same words narrowed to different fields (NLP vs GANs) ask different things
SUBJECT_PENALTY = 0.70  # "What is X?" and "What is Y?" with nothing shared in X and Y
INTENT_PENALTY = 0.70  # one asks for applications, challenges, benefits, limits, evaluation or methods; the other not (or another)
COMPARISON_PENALTY = 0.60  # two comparisons of different things ("A vs B" and "A vs B vs C")
GENERIC_WEIGHT = 0.35  # stems every question has ("model", "use") count this much
BLOCK_KEYS = 4  # rarest stems per occurrence used for blocking
NEAR_COPY = 0.97  # an occurrence that joins a cluster this surely adds no new wording to compare with
MIN_SHARED_KEYS = 2  # blocking stems two occurrences must share to be compared (fewer if they have fewer)
REPRESENTATIVES = 4  # occurrences per cluster that later occurrences are compared with
NAMED_CONCEPTS = CONCEPT_TOKENS | DOMAIN_STEMS
_GENERIC_NOT_ASPECT = GENERIC_STEMS - ASPECT_STEMS  # "model", "ai": not "methods", "uses"
# An "elaboration": an imperative prompt that spells out, with a list of points, the
# question right before it (the PDF book's habit): "Identify issues such as …, … and …".
_ELABORATION = re.compile(r"^(?:explore|identify|highlight|analy[sz]e|talk about|discuss|describe the importance|"
                          r"explain how|explain the (?!concept))\b", re.IGNORECASE)
_ENUMERATION = re.compile(r",|\bsuch as\b|\blike\b|\be\.g\.", re.IGNORECASE)
ELABORATION_MIN_WORDS = 14
ELABORATION_HABIT = 3  # elaborations a dump section must show before any counts


@dataclass(frozen=True)
class Cluster:
    members: tuple[RawQuestion, ...]  # in a stable order: by source file, then line
    similarity: float = 1.0  # the weakest link that joined the members
    links: tuple["Link", ...] = ()  # the links that joined them (a spanning tree)


@dataclass(frozen=True, order=True)
class Link:
    score: float
    a: tuple[str, int]  # (source, line) of one occurrence
    b: tuple[str, int]
    reason: str = field(compare=False, default="")


@dataclass(frozen=True)
class Dedupe:
    clusters: tuple[Cluster, ...]
    near_misses: tuple[Link, ...]  # links just below the threshold between different clusters


@dataclass(frozen=True)
class Features:
    key: tuple[str, int]
    tokens: frozenset[str]
    comparison: bool
    parts: tuple[frozenset[str], ...]  # token sets of each sentence, when there are several
    trigrams: frozenset[str]
    length: int
    subject: frozenset[str] | None  # the subject of a definitional question ("What is X?"), else None
    qualifier: frozenset[str]  # what narrows that subject ("… in the context of GANs")
    domains: frozenset[str]  # fields the question is narrowed to (NLP, GANs, healthcare …)


def occurrence_order(raw: RawQuestion) -> tuple[str, int]:
    return (raw.source, raw.line)


def features(raw: RawQuestion) -> Features:
    text = raw.question
    tokens = frozenset(concept_tokens(text))
    parts = sentences(text)
    part_tokens = tuple(frozenset(concept_tokens(p)) for p in parts) if len(parts) > 1 else ()
    flat = re.sub(r"[^a-z0-9]+", " ", concept_text(text)).strip()
    trigrams = frozenset(flat[i:i + 3] for i in range(max(len(flat) - 2, 0)))
    found = subject_tokens(text)
    subject = (found[0] - _GENERIC_NOT_ASPECT) or None if found else None
    qualifier = (found[1] - _GENERIC_NOT_ASPECT) if found else frozenset()
    domains = tokens & DOMAIN_STEMS
    for token in tokens:
        domains |= IMPLIED_DOMAINS.get(token, frozenset())
    return Features((raw.source, raw.line), tokens, is_comparison(tokens), part_tokens, trigrams, len(flat),
                    subject, qualifier, domains)


class Weights:
    """IDF of each stem over the occurrences being clustered; generic stems damped."""

    def __init__(self, token_sets: Iterable[frozenset[str]]):
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_sets:
            df.update(tokens)
            n += 1
        self.n = max(n, 1)
        self.df = df
        self._memo: dict[str, float] = {}
        self._norms: dict[frozenset[str], tuple[float, float]] = {}

    def __call__(self, token: str) -> float:
        found = self._memo.get(token)
        if found is None:
            idf = math.log((1 + self.n) / (1 + self.df.get(token, 0))) + 1.0
            found = self._memo[token] = idf * (GENERIC_WEIGHT if token in GENERIC_STEMS else 1.0)
        return found

    def norms(self, tokens: frozenset[str]) -> tuple[float, float]:
        """(sum of squared weights, sum of weights) of a stem set, remembered."""
        found = self._norms.get(tokens)
        if found is None:
            ws = [self(t) for t in sorted(tokens)]
            found = self._norms[tokens] = (sum(x * x for x in ws), sum(ws))
        return found


def weighted_cosine(a: frozenset[str], b: frozenset[str], weight: Weights) -> float:
    """Cosine of the IDF-weighted stem sets, tempered by the weight the poorer side leaves unmatched."""
    if not a or not b:
        return 0.0
    shared = a & b
    if not shared:
        return 0.0
    w = weight
    shared_sq = shared_w = 0.0
    for t in sorted(shared):  # a fixed order: float sums must not depend on the hash seed
        x = w(t)
        shared_sq += x * x
        shared_w += x
    norm_a, sum_a = weight.norms(a)
    norm_b, sum_b = weight.norms(b)
    cosine = shared_sq / math.sqrt(norm_a * norm_b)
    coverage = shared_w / max(sum_a, sum_b)
    return math.sqrt(cosine * coverage)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def names_another_thing(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when one wording names a concept the other does not, and that is not a typo of something there.

    "few-shot" vs "zero-shot" (each names its own) or "supervised, unsupervised and
    self-supervised" vs "supervised and unsupervised" (one only adds) ask different things;
    "promtp engineering" vs "prompt engineering" (the other side has a word of its own) is a typo.
    """
    only_a, only_b = (a - b) & NAMED_CONCEPTS, (b - a) & NAMED_CONCEPTS
    if only_a and only_b:
        return True
    return bool((only_a and b <= a) or (only_b and a <= b))


def link_score(a: Features, b: Features, weight: Weights) -> tuple[float, str]:
    """How surely two occurrences ask the same thing, in [0, 1], and which rule said so."""
    score, reason = weighted_cosine(a.tokens, b.tokens, weight), "subject"
    if min(a.length, b.length) >= 40 and score >= 0.3 and not names_another_thing(a.tokens, b.tokens):
        near = dice(a.trigrams, b.trigrams)
        if near >= NEAR_VERBATIM and near > score:
            score, reason = near, "near-verbatim"
    # a question split in two, or followed by a follow-up: one sentence against the other wording
    for one, other in ((a, b), (b, a)):
        for part in one.parts:
            if len(part - GENERIC_STEMS) < 2:
                continue
            s = weighted_cosine(part, other.tokens, weight)
            if s >= SENTENCE_MATCH and s > score:
                score, reason = s, "sentence"
    if (a.subject and a.subject == b.subject and a.qualifier == b.qualifier and a.domains == b.domains
            and not (a.comparison or b.comparison)):
        if SUBJECT_MATCH > score:
            score, reason = SUBJECT_MATCH, "same subject"
    if reason != "near-verbatim":
        if a.comparison != b.comparison:
            score, reason = score * 0.6, reason + ", comparison vs single subject"
        elif a.domains != b.domains:
            score, reason = score * DOMAIN_PENALTY, reason + ", narrowed to another field"
        elif a.comparison and (a.tokens ^ b.tokens) & NAMED_CONCEPTS:
            score, reason = score * COMPARISON_PENALTY, reason + ", compares other things"
        if a.subject and b.subject and not a.subject & b.subject:
            score, reason = score * SUBJECT_PENALTY, reason + ", defines other things"
        elif a.tokens & INTENT_STEMS != b.tokens & INTENT_STEMS:
            score, reason = score * INTENT_PENALTY, reason + ", asks another thing about it"
    return round(score, 4), reason


def blocking_keys(f: Features, weight: Weights) -> list[str]:
    """The rarest stems of a wording (and of each of its sentences): candidates share one."""
    keys: set[str] = set()
    for tokens in (f.tokens, *f.parts):
        specific = sorted(tokens, key=lambda t: (-weight(t), t))
        keys.update(specific[:BLOCK_KEYS])
    if f.subject:
        keys.add(subject_key(f))
    return sorted(keys)


def subject_key(f: Features) -> str:
    """A blocking key for definitional questions: their subject, whatever else they ask."""
    return "subject:" + "+".join(sorted(f.subject or ()))


def is_elaboration(text: str) -> bool:
    return bool(_ELABORATION.match(text) and _ENUMERATION.search(text) and "?" not in text
                and len(text.split()) >= ELABORATION_MIN_WORDS)


def elaboration_pairs(raws: Sequence[RawQuestion]) -> list[tuple[int, int]]:
    """(question, elaboration) index pairs: an elaboration right after a question in the same dump and section."""
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, raw in enumerate(raws):
        by_source[raw.source].append(i)
    found: dict[tuple[str, tuple[str, ...]], list[tuple[int, int]]] = defaultdict(list)
    for indices in by_source.values():
        for before, after in zip(indices, indices[1:]):
            first, second = raws[before], raws[after]
            if first.section == second.section and "?" in first.question and is_elaboration(second.question):
                found[(first.source, first.section)].append((before, after))
    # a habit, not an accident: a section that elaborates its questions does it again and again
    return sorted(pair for pairs in found.values() if len(pairs) >= ELABORATION_HABIT for pair in pairs)


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))
        self.count = [0] * n  # representatives indexed, kept at each root

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> bool:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return False
        low, high = min(rx, ry), max(rx, ry)
        self.parent[high] = low
        self.count[low] += self.count[high]
        return True


def dedupe(questions: Sequence[RawQuestion], threshold: float = SAME_THRESHOLD) -> Dedupe:
    """Cluster occurrences; the result does not depend on the order of `questions`.

    Occurrences are taken in (dump, line) order and compared with the representatives of
    the clusters found so far that share a blocking stem; a cluster keeps as representatives
    its first occurrence and those that joined it with a new wording (not a near copy), at
    most REPRESENTATIVES of them. So 16 copies of a dump cost 16 times one dump, not 256.
    """
    raws = sorted(questions, key=occurrence_order)
    feats = [features(r) for r in raws]
    weight = Weights(f.tokens for f in feats)
    uf = _UnionFind(len(raws))
    postings: dict[str, list[int]] = defaultdict(list)
    key_sets: dict[int, set[str]] = {}
    tree: list[tuple[float, int, int, str]] = []
    near: list[tuple[float, int, int, str]] = []
    elaborations = {after: before for before, after in elaboration_pairs(raws)}
    for i, f in enumerate(feats):
        keys = blocking_keys(f, weight)
        shared_keys: Counter[int] = Counter(j for key in keys for j in postings.get(key, ()))
        need = min(MIN_SHARED_KEYS, len(keys))
        mine = subject_key(f) if f.subject else None
        candidates = sorted(j for j, n in shared_keys.items()
                            if n >= min(need, len(key_sets[j])) or (mine is not None and mine in key_sets[j]))
        scored = []
        for j in candidates:
            score, reason = link_score(feats[j], f, weight)
            if score >= threshold - NEAR_MISS_MARGIN:
                scored.append((score, j, reason))
        if i in elaborations:
            j = elaborations[i]
            score, reason = link_score(feats[j], f, weight)
            if score < threshold:
                scored.append((threshold, j, f"elaboration (subject {score:.2f})"))
        copy_of_indexed = False
        for score, j, reason in sorted(scored, key=lambda s: (-s[0], s[1])):
            if score >= threshold:
                if score >= NEAR_COPY and feats[j].tokens == f.tokens and feats[j].parts == f.parts:
                    copy_of_indexed = True
                if uf.union(i, j):
                    tree.append((score, j, i, reason))
            else:
                near.append((score, j, i, reason))
        root = uf.find(i)
        if not copy_of_indexed and uf.count[root] < REPRESENTATIVES:
            for key in keys:
                postings[key].append(i)
            key_sets[i] = set(keys)
            uf.count[root] += 1
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(raws)):
        groups[uf.find(i)].append(i)
    links_of: dict[int, list[Link]] = defaultdict(list)
    for score, i, j, reason in tree:
        links_of[uf.find(i)].append(Link(score, feats[i].key, feats[j].key, reason))
    clusters = []
    for root in sorted(groups):
        members = tuple(raws[i] for i in groups[root])
        links = tuple(sorted(links_of[root], key=lambda l: (l.a, l.b)))
        clusters.append(Cluster(members, min((l.score for l in links), default=1.0), links))
    misses = tuple(sorted((Link(s, feats[i].key, feats[j].key, r) for s, i, j, r in near if uf.find(i) != uf.find(j)),
                          key=lambda l: (-l.score, l.a, l.b)))
    return Dedupe(tuple(clusters), misses)


def cluster(questions: Sequence[RawQuestion]) -> list[Cluster]:
    return list(dedupe(questions).clusters)


def pair_score(question_a: str, question_b: str, corpus: Sequence[str] = ()) -> tuple[float, str]:
    """The link score of two wordings, with IDF taken over `corpus` (the two alone if empty)."""
    a = features(RawQuestion("a", 1, question_a, None))
    b = features(RawQuestion("b", 1, question_b, None))
    texts = list(corpus) or [question_a, question_b]
    weight = Weights(frozenset(concept_tokens(t)) for t in texts)
    return link_score(a, b, weight)
