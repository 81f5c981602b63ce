"""Stable question ids, kept in the committed lock file content/ids.lock.

The lock maps each id ever given to the fingerprints (comparison keys of the dumps'
wordings) of the occurrences it stood for. A cluster of occurrences takes the id its
fingerprints point at — exactly, or, when a dump's text was lightly edited, fuzzily
(character-trigram Dice of the fingerprints) — the best-supported claim first, so the
result does not depend on the order of the dumps. Curation rewords only the canonical
question, never the dumps' wordings, so a reworded question keeps its id. A cluster the
lock does not know gets a new readable slug; ids are never reused, so links, anchors and
Anki notes never move to another question. Fingerprints follow their occurrences: when an
occurrence moves to another question (a split, a better clustering), the old id loses it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from genai_build.corpus.normalise import comparison_key

LOCK_VERSION = 1
FUZZY_MATCH = 0.85  # trigram Dice between fingerprints that still counts as the same wording
FUZZY_WEIGHT = 0.5  # a fuzzy hit supports a claim half as much as an exact one
_STOPWORDS = frozenset(
    "a an the is are was were be what whats which who how why when where does do did can could would should "
    "you your we our i of in on for to and or with by from as at it its this that these those explain describe "
    "define discuss give some name tell me about between concept role use used using context will may might must shall "
    "have has had any such like also s t vs versus into there their them they its".split()
)


@dataclass(frozen=True)
class IdLock:
    entries: Mapping[str, tuple[str, ...]]  # id -> fingerprints

    def by_fingerprint(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for qid in sorted(self.entries):
            for fingerprint in self.entries[qid]:
                index.setdefault(fingerprint, qid)
        return index


def _mostly_latin(text: str) -> bool:
    """Latin letters outnumber the others (a Greek letter in an English question keeps the Latin key)."""
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin > len(letters) - latin


def unicode_key(wording: str) -> str:
    """A comparison key for any script: NFKC, case folded, punctuation, spaces and controls as one space."""
    folded = unicodedata.normalize("NFKC", wording).casefold()
    return " ".join("".join(ch if unicodedata.category(ch)[0] not in "PZC" else " " for ch in folded).split())


def fingerprint(wording: str) -> str:
    """The comparison key of Latin-script wordings; for other scripts (and emoji) a key that keeps every letter,
    so two questions in Chinese never share a fingerprint because the Latin key of both is empty."""
    key = comparison_key(wording)
    return key if key and _mostly_latin(wording) else unicode_key(wording) or key


def slug_for(question: str, max_words: int = 5, max_length: int = 40) -> str:
    """A readable slug from the wording's words; for a wording with no Latin words, `q-` and a hash of its
    normalised text, so the id does not depend on which other such questions exist or their order."""
    words = [w for w in re.findall(r"[a-z0-9]+", comparison_key(question)) if w not in _STOPWORDS]
    if not words:
        return "q-" + hashlib.sha256(fingerprint(question).encode("utf-8")).hexdigest()[:10]
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or words[0][:max_length]


def render_lock(lock: IdLock) -> str:
    body = {qid: sorted(set(lock.entries[qid])) for qid in sorted(lock.entries)}
    lines = ['{', f'  "version": {LOCK_VERSION},', '  "ids": {']
    items = [f"    {json.dumps(qid)}: {json.dumps(fps, ensure_ascii=False)}" for qid, fps in body.items()]
    lines.append(",\n".join(items))
    lines += ["  }", "}", ""]
    return "\n".join(lines) if items else '{\n  "version": 1,\n  "ids": {}\n}\n'


def _trigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 3] for i in range(max(len(text) - 2, 1)))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


class _FuzzyIndex:
    """Lock fingerprints found by shared rare words, then compared by trigram Dice."""

    def __init__(self, lock: IdLock):
        self.owner: dict[str, str] = lock.by_fingerprint()
        self.grams = {fp: _trigrams(fp) for fp in self.owner}
        self.postings: dict[str, list[str]] = defaultdict(list)
        df: dict[str, int] = defaultdict(int)
        for fp in self.owner:
            for word in set(fp.split()):
                df[word] += 1
        self.df = df
        for fp in sorted(self.owner):
            for word in self._keys(fp):
                self.postings[word].append(fp)

    def _keys(self, fp: str) -> list[str]:
        words = sorted(set(fp.split()), key=lambda w: (self.df.get(w, 0), w))
        return words[:3]

    def matches(self, fp: str) -> list[tuple[float, str]]:
        grams = _trigrams(fp)
        seen: set[str] = set()
        found = []
        for word in self._keys(fp):
            for other in self.postings.get(word, ()):
                if other in seen:
                    continue
                seen.add(other)
                score = _dice(grams, self.grams[other])
                if score >= FUZZY_MATCH:
                    found.append((score, self.owner[other]))
        return found


def _votes(fps: Sequence[str], exact: Mapping[str, str], fuzzy: "_FuzzyIndex") -> dict[str, float]:
    """How strongly each locked id claims a cluster: 1 per exact fingerprint, a weighted score per fuzzy one."""
    votes: dict[str, float] = defaultdict(float)
    for fp in fps:
        if fp in exact:
            votes[exact[fp]] += 1.0
            continue
        best: dict[str, float] = {}
        for score, qid in fuzzy.matches(fp):
            best[qid] = max(best.get(qid, 0.0), score)
        for qid, score in best.items():
            votes[qid] += FUZZY_WEIGHT * score
    return votes


def _fresh_id(wording: str, taken: set[str], known: set[str]) -> str:
    """A slug of the wording that no question holds now and the lock has never given."""
    base = slug_for(wording)
    candidate, n = base, 2
    while candidate in taken or candidate in known:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _updated_lock(lock: IdLock, ids: Sequence[str], fingerprints: Sequence[Sequence[str]]) -> IdLock:
    """Fingerprints follow their occurrences: an id keeps only those no other id holds now, and gains its own."""
    now = {fp: qid for qid, fps in zip(ids, fingerprints) for fp in fps}
    entries = {qid: tuple(fp for fp in fps if now.get(fp, qid) == qid) for qid, fps in lock.entries.items()}
    for qid, fps in zip(ids, fingerprints):
        entries[qid] = tuple(sorted(set(entries.get(qid, ())) | set(fps)))
    return IdLock(entries)


def assign_ids(clusters: Sequence[tuple[str, Iterable[str]]], lock: IdLock,
               forced: Mapping[int, str] | None = None) -> tuple[list[str], IdLock]:
    """Give each (canonical wording, wordings) cluster an id; return the ids and the updated lock.

    `forced` pins positions to ids (an editor's merge keeps the target's id). The result is
    the same whatever the order of `clusters`, up to that order.
    """
    exact = lock.by_fingerprint()
    fuzzy = _FuzzyIndex(lock)
    fingerprints = [sorted({fingerprint(w) for w in wordings}) for _, wordings in clusters]
    # an order-free tie-breaker for each cluster: its fingerprints, then its wording
    order_key = [(fps[0] if fps else "", tuple(fps), clusters[p][0]) for p, fps in enumerate(fingerprints)]
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for position, qid in sorted((forced or {}).items(), key=lambda item: item[1]):
        ids[position] = qid
        taken.add(qid)
    claims = sorted((-strength, qid, order_key[position], position)
                    for position, fps in enumerate(fingerprints) if ids[position] is None
                    for qid, strength in _votes(fps, exact, fuzzy).items())
    for _, qid, _, position in claims:
        if ids[position] is None and qid not in taken:
            ids[position] = qid
            taken.add(qid)
    known = set(lock.entries)  # new clusters get a fresh slug, never one the lock has ever given
    for position in sorted(range(len(clusters)), key=lambda p: order_key[p]):
        if ids[position] is None:
            ids[position] = _fresh_id(clusters[position][0], taken, known)
            taken.add(ids[position])
    final = [qid for qid in ids if qid is not None]
    return final, _updated_lock(lock, final, fingerprints)
