"""Clustering of question occurrences that ask the same thing, within and across dumps.

Whether two wordings ask the same thing is the pair model's call (corpus/pairs.py reads the
pair as features — overlap, subject, intent, comparison, field —, corpus/pair_model.py weighs
them into a probability; both fit on labelled pairs, see docs/dedupe.md). Around it, the
clustering keeps precision first:
- an occurrence joins a cluster only when it matches the cluster as a whole: its first
  wording, or — being at least related to that one (review floor) — most of the wordings
  it keeps to compare with (its representatives); never one member alone, so no chain of
  wordings can fuse two questions;
- it joins at most one cluster: a second cluster it also matches is a review candidate;
- two occurrences of one dump join only when near-verbatim (a dump does not ask a thing
  twice in other words), or when the second is the dump's habitual imperative
  "elaboration" of the question right before it ("Identify issues such as …, … and …");
- occurrences whose wording an earlier build already placed (`established`, the wordings of
  content/ids.lock) are clustered first and alone, with the weights they had: a dump added
  later can join existing questions, never fuse or split them;
- pairs an editor declared distinct (`apart`) never join.
Occurrences are taken in (dump, line) order, so the result does not depend on the order of
the input; each is compared only with the representatives of clusters that share a rare
stem or its subject (never all pairs): near-linear time.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Sequence

from genai_build.corpus import pair_model
from genai_build.corpus.ids import fingerprint
from genai_build.corpus.normalise import GENERIC_STEMS
from genai_build.corpus.pairs import FEATURES, Weights, Wording, dice, overlap, pair_features, read_wording
from genai_build.model import RawQuestion

SAME_THRESHOLD = pair_model.THRESHOLD  # a pair at or above this probability asks the same thing
REVIEW_FLOOR = pair_model.REVIEW_FLOOR  # pairs from here up to the threshold are review candidates
NEAR_MISS_MARGIN = SAME_THRESHOLD - REVIEW_FLOOR
SAME_DUMP_VERBATIM = 0.88  # trigram Dice two wordings of one dump need to be one question …
SAME_DUMP_SYNONYM = 0.7  # … or this much with the same stems (one word swapped for a synonym or another form)
PREFILTER = 0.2  # pairs under this IDF cosine are not scored (their probability is far below the floor)
NEAR_COPY = 0.97  # a wording this close to a representative adds nothing to compare with
REPRESENTATIVES = 4  # wordings per cluster that later occurrences are compared with
BLOCK_KEYS = 4  # rarest stems per wording used for blocking
MIN_SHARED_KEYS = 2  # blocking stems two wordings must share to be compared (fewer if they have fewer)
_WEIGHTS = tuple(pair_model.WEIGHTS.get(name, 0.0) for name in FEATURES)  # a feature the model lacks weighs nothing
# An "elaboration": an imperative prompt that spells out, with a list of points, the
# question right before it (the PDF book's habit): "Identify issues such as …, … and …".
_ELABORATION = re.compile(r"^(?:explore|identify|highlight|analy[sz]e|talk about|discuss|describe the importance|"
                          r"explain how|explain the (?!concept))\b", re.IGNORECASE)
_ENUMERATION = re.compile(r",|\bsuch as\b|\blike\b|\be\.g\.", re.IGNORECASE)
ELABORATION_MIN_WORDS = 14
ELABORATION_HABIT = 3  # elaborations a dump section must show before any counts


@dataclass(frozen=True, order=True)
class Link:
    score: float  # the probability that both ask the same thing
    a: tuple[str, int]  # (source, line) of one occurrence
    b: tuple[str, int]
    reason: str = field(compare=False, default="")
    evidence: tuple[tuple[str, float], ...] = field(compare=False, default=())  # (feature, contribution to the log-odds)


@dataclass(frozen=True)
class Cluster:
    members: tuple[RawQuestion, ...]  # in a stable order: by source file, then line
    similarity: float = 1.0  # the weakest link that joined the members
    links: tuple[Link, ...] = ()  # the links that joined them (a spanning tree)


@dataclass(frozen=True)
class Dedupe:
    clusters: tuple[Cluster, ...]
    near_misses: tuple[Link, ...]  # review candidates: pairs of different clusters, most probable first


def occurrence_order(raw: RawQuestion) -> tuple[str, int]:
    return (raw.source, raw.line)


def probability(row: Sequence[float]) -> float:
    z = pair_model.INTERCEPT + sum(w * v for w, v in zip(_WEIGHTS, row))
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def evidence(row: Sequence[float]) -> tuple[tuple[str, float], ...]:
    """Each feature's contribution to the log-odds, largest first (zeros left out)."""
    parts = [(name, round(w * v, 3)) for name, w, v in zip(FEATURES, _WEIGHTS, row) if w * v]
    return tuple(sorted(parts, key=lambda p: (-abs(p[1]), p[0])))


def describe(ev: Sequence[tuple[str, float]], limit: int = 3) -> str:
    return ", ".join(f"{name} {value:+.2f}" for name, value in ev[:limit])


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


class _Scorer:
    """Pair probabilities under one set of IDF weights, remembered by wording pair."""

    def __init__(self, wordings: Iterable[Wording]):
        self.weight = Weights(w.tokens for w in wordings)
        self._memo: dict[tuple[str, str], tuple[float, tuple[float, ...]]] = {}

    def __call__(self, a: Wording, b: Wording) -> tuple[float, tuple[float, ...]]:
        key = (a.text, b.text) if a.text <= b.text else (b.text, a.text)
        found = self._memo.get(key)
        if found is None:
            if overlap(a.tokens, b.tokens, self.weight)[0] < PREFILTER and not (a.parts or b.parts):
                found = (0.0, ())
            else:
                row = pair_features(a, b, self.weight)
                found = (probability(row), row)
            self._memo[key] = found
        return found

    def keys(self, w: Wording) -> list[str]:
        """The rarest stems of a wording (and of each of its sentences), and its subject: candidates share them."""
        keys: set[str] = set()
        for tokens in (w.tokens, *w.parts):
            specific = sorted(tokens - GENERIC_STEMS or tokens, key=lambda t: (-self.weight(t), t))
            keys.update(specific[:BLOCK_KEYS])
        if w.subject:
            keys.add("subject:" + "+".join(sorted(w.subject)))
        return sorted(keys)


@dataclass
class _Group:
    members: list[int]
    reps: list[int]  # occurrences later ones are compared with: the first, then new wordings
    keys: set[str]  # fingerprints of its wordings (for editors' "distinct" decisions)
    ids: set[str] = field(default_factory=set)  # the ids an earlier build gave its wordings (content/ids.lock)


class _Clustering:
    def __init__(self, raws: Sequence[RawQuestion], wordings: Sequence[Wording],
                 apart: Sequence[tuple[frozenset[str], frozenset[str]]], lock_ids: Mapping[str, str] = {}):
        self.raws, self.wordings = raws, wordings
        self.lock_ids = lock_ids  # fingerprint -> the id an earlier build gave that wording
        by_text: dict[str, str] = {}
        self.fps = [by_text.get(r.question) or by_text.setdefault(r.question, fingerprint(r.question)) for r in raws]
        self.groups: list[_Group] = []
        self.group_of: dict[int, int] = {}
        self.by_text: dict[str, int] = {}  # fingerprint -> group
        self.postings: dict[str, list[int]] = defaultdict(list)  # blocking key -> representatives
        self.tree: list[Link] = []
        self.review: list[Link] = []
        self.apart = apart

    def _key(self, i: int) -> tuple[str, int]:
        return (self.raws[i].source, self.raws[i].line)

    def _kept_apart(self, i: int, g: _Group) -> bool:
        mine = self.fps[i]
        return any((mine in one and g.keys & other) or (mine in other and g.keys & one) for one, other in self.apart)

    def _lock_keeps_apart(self, i: int, g: _Group) -> bool:
        """An earlier build made this wording and the group two questions, and it is no near-verbatim copy of
        the group's first wording: a rebuild (a refit model) does not fuse them silently, an editor may."""
        mine = self.lock_ids.get(self.fps[i])
        if mine is None or not g.ids or mine in g.ids:
            return False
        return dice(self.wordings[i].trigrams, self.wordings[g.members[0]].trigrams) < SAME_DUMP_VERBATIM

    def _same_dump_ok(self, i: int, g: _Group) -> bool:
        """Another occurrence of this dump in the group must be a near-verbatim copy of this one:
        the same characters but for a few, or nearly so with the same stems (a synonym swapped)."""
        source, mine = self.raws[i].source, self.wordings[i]
        for m in g.members:
            if self.raws[m].source == source:
                near = dice(mine.trigrams, self.wordings[m].trigrams)
                if not (near >= SAME_DUMP_VERBATIM or (near >= SAME_DUMP_SYNONYM and mine.tokens == self.wordings[m].tokens)):
                    return False
        return True

    def _join(self, i: int, g_index: int, link: Link | None, scorer: _Scorer | None, new_wording: bool) -> None:
        g = self.groups[g_index]
        g.members.append(i)
        g.keys.add(self.fps[i])
        if self.fps[i] in self.lock_ids:
            g.ids.add(self.lock_ids[self.fps[i]])
        self.group_of[i] = g_index
        if link is not None:
            self.tree.append(link)
        if new_wording and scorer is not None and len(g.reps) < REPRESENTATIVES:
            g.reps.append(i)
            for key in scorer.keys(self.wordings[i]):
                self.postings[key].append(i)

    def add(self, i: int, scorer: _Scorer, elaboration_of: int | None = None) -> None:
        fp = self.fps[i]
        if self._join_copy(i, fp) or self._join_elaboration(i, fp, elaboration_of):
            return
        options = []
        for g_index in self._candidates(self.wordings[i], scorer):
            option = self._option(i, g_index, scorer)
            if option is None:
                continue
            options.append(option)
            if option.whole and option.near_copy:
                break  # a copy with small edits of a wording already compared with every other question
        options.sort(key=lambda o: (-o.whole, -o.mean, o.group))
        joined = bool(options and options[0].whole)
        if joined:
            best = options.pop(0)
            self.by_text[fp] = best.group
            self._join(i, best.group, Link(best.p, self._key(best.rep), self._key(i), best.reason, evidence(best.row)),
                       scorer, not best.near_copy)
        for o in options:
            reason = "also matches another question" if o.whole else o.reason
            self.review.append(Link(o.p, self._key(o.rep), self._key(i), reason, evidence(o.row)))
        if not joined:
            self.groups.append(_Group([], [], set()))
            self.by_text[fp] = len(self.groups) - 1
            self._join(i, len(self.groups) - 1, None, scorer, True)

    def _join_copy(self, i: int, fp: str) -> bool:
        """The same wording again (a copy, in this dump or another) joins its wording's cluster."""
        if fp not in self.by_text:
            return False
        g_index = self.by_text[fp]
        first = self.groups[g_index].members[0]
        self._join(i, g_index, Link(1.0, self._key(first), self._key(i), "same wording"), None, False)
        return True

    def _join_elaboration(self, i: int, fp: str, elaboration_of: int | None) -> bool:
        if elaboration_of is None or elaboration_of not in self.group_of:
            return False
        g_index = self.group_of[elaboration_of]
        self.by_text[fp] = g_index
        self._join(i, g_index, Link(SAME_THRESHOLD, self._key(elaboration_of), self._key(i),
                                    "elaboration of the question before it"), None, False)
        return True

    def _candidates(self, w: Wording, scorer: _Scorer) -> list[int]:
        """Groups with a representative sharing enough blocking keys (or the subject), most keys shared first."""
        keys = scorer.keys(w)
        shared: Counter[int] = Counter(r for key in keys for r in self.postings.get(key, ()))
        need = min(MIN_SHARED_KEYS, len(keys))
        reps = {r for r, n in shared.items() if n >= need}
        for key in keys:
            if key.startswith("subject:"):
                reps.update(self.postings.get(key, ()))
                break
        weight_of: Counter[int] = Counter()
        for r in reps:
            weight_of[self.group_of[r]] = max(weight_of[self.group_of[r]], shared[r])
        return sorted(weight_of, key=lambda g_index: (-weight_of[g_index], g_index))

    def _option(self, i: int, g_index: int, scorer: _Scorer) -> _Option | None:
        """How occurrence i matches group g_index as a whole, or None when not even related to it."""
        w, g = self.wordings[i], self.groups[g_index]
        first = scorer(self.wordings[g.reps[0]], w)
        if first[0] < REVIEW_FLOOR:
            return None  # not even related to the question's first wording: it does not match the question
        scored = [(first, g.reps[0])]
        if first[0] < SAME_THRESHOLD:  # a match with the first wording needs no other
            scored += [(scorer(self.wordings[r], w), r) for r in g.reps[1:]]
        probs = [s[0][0] for s in scored]
        (best_p, best_row), best_r = max(scored, key=lambda s: (s[0][0], -s[1]))
        whole = probs[0] >= SAME_THRESHOLD or 2 * sum(p >= SAME_THRESHOLD for p in probs) > len(g.reps)
        if whole and len(scored) < len(g.reps):  # matched the first wording: it must not be another question than the rest
            scored += [(scorer(self.wordings[r], w), r) for r in g.reps[len(scored):]]
        if whole and min(s[0][0] for s in scored) < REVIEW_FLOOR:
            whole, reason = False, "another question than one of its wordings"
        else:
            whole, reason = self._whole_or_why_not(i, g, whole, best_p)
        near_copy = best_p >= NEAR_COPY and self.wordings[best_r].tokens == w.tokens
        return _Option(round(sum(probs) / len(probs), 4), g_index, best_r, round(best_p, 4), best_row, whole, reason,
                       near_copy)

    def _whole_or_why_not(self, i: int, g: _Group, whole: bool, best_p: float) -> tuple[bool, str]:
        if not whole:
            return False, "below the threshold" if best_p < SAME_THRESHOLD else "matches one wording, not the question"
        if not self._same_dump_ok(i, g):
            return False, "the question already holds another wording of this dump"
        if self._kept_apart(i, g):
            return False, "an editor keeps these apart"
        if self._lock_keeps_apart(i, g):
            return False, "an earlier build made these two questions"
        return True, "matches the question as a whole"


@dataclass(frozen=True)
class _Option:
    """How an occurrence matches one group."""
    mean: float  # mean probability over the representatives asked (for a match with the first wording, its probability)
    group: int
    rep: int  # the best-matching representative
    p: float  # its probability
    row: tuple[float, ...]  # its features
    whole: bool  # matches the question as a whole and may join it
    reason: str
    near_copy: bool  # a copy with small edits of that representative


def _phases(raws: Sequence[RawQuestion], wordings: Sequence[Wording],
            established: Collection[str]) -> list[tuple[list[int], _Scorer]]:
    """Known wordings first, among themselves and with their own weights; then every other occurrence."""
    known = [i for i, r in enumerate(raws) if fingerprint(r.question) in established] if established else []
    first = set(known)
    phases = [(known, _Scorer(wordings[i] for i in known))] if known else []
    rest = [i for i in range(len(raws)) if i not in first]
    if rest:
        phases.append((rest, _Scorer(wordings)))
    return phases


def _clusters(state: _Clustering, index_of: dict[tuple[str, int], int]) -> tuple[Cluster, ...]:
    links_of: dict[int, list[Link]] = defaultdict(list)
    for link in state.tree:
        links_of[state.group_of[index_of[link.b]]].append(link)
    clusters = []
    for g_index, g in enumerate(state.groups):
        links = tuple(sorted(links_of[g_index], key=lambda l: (l.a, l.b)))
        members = tuple(state.raws[i] for i in sorted(g.members))
        clusters.append(Cluster(members, min((l.score for l in links), default=1.0), links))
    return tuple(sorted(clusters, key=lambda c: occurrence_order(c.members[0])))


def _review(state: _Clustering, index_of: dict[tuple[str, int], int]) -> tuple[Link, ...]:
    """The most probable link between each two different clusters, most probable first."""
    best: dict[tuple[int, int], Link] = {}
    for link in state.review:
        ga, gb = state.group_of[index_of[link.a]], state.group_of[index_of[link.b]]
        pair = (min(ga, gb), max(ga, gb))
        if ga != gb and (pair not in best or (-link.score, link.a, link.b) < (-best[pair].score, best[pair].a, best[pair].b)):
            best[pair] = link
    return tuple(sorted(best.values(), key=lambda l: (-l.score, l.a, l.b)))


def dedupe(questions: Sequence[RawQuestion], established: Collection[str] | Mapping[str, str] = (),
           apart: Sequence[tuple[frozenset[str], frozenset[str]]] = ()) -> Dedupe:
    """Cluster occurrences; the result does not depend on the order of `questions`.

    `established`: fingerprints (ids.fingerprint) of wordings an earlier build placed, or a
    mapping of them to the ids it gave them (content/ids.lock); those occurrences are
    clustered first, among themselves, and two of different ids join only when near-verbatim
    (else a review candidate). `apart`: pairs of fingerprint sets an editor declared distinct
    questions.
    """
    raws = sorted(questions, key=occurrence_order)
    read = {t: read_wording(t) for t in sorted({r.question for r in raws})}
    wordings = [read[r.question] for r in raws]
    elaborations = {after: before for before, after in elaboration_pairs(raws)}
    state = _Clustering(raws, wordings, apart, established if isinstance(established, Mapping) else {})
    for indices, scorer in _phases(raws, wordings, established):
        for i in indices:
            state.add(i, scorer, elaborations.get(i))
    index_of = {(r.source, r.line): i for i, r in enumerate(raws)}
    return Dedupe(_clusters(state, index_of), _review(state, index_of))


def cluster(questions: Sequence[RawQuestion]) -> list[Cluster]:
    return list(dedupe(questions).clusters)


def pair_score(question_a: str, question_b: str, corpus: Sequence[str] = ()) -> tuple[float, str]:
    """The probability that two wordings ask the same thing (IDF over `corpus`, or the two alone), and its evidence."""
    texts = sorted(set(corpus) | {question_a, question_b})
    scorer = _Scorer(read_wording(t) for t in texts)
    row = pair_features(read_wording(question_a), read_wording(question_b), scorer.weight)
    return round(probability(row), 4), describe(evidence(row))


def apart_pairs(wordings: Callable[[str], Iterable[str]], distinct: Iterable[Iterable[str]]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The wording fingerprints of each pair of question ids an editor declared distinct, in an order
    that does not depend on the hash seed (frozensets order only partially)."""
    pairs = ((frozenset(wordings(a)), frozenset(wordings(b))) for a, b in (sorted(pair) for pair in distinct))
    return tuple(sorted(pairs, key=lambda pair: (sorted(pair[0]), sorted(pair[1]))))
