"""Stable question ids, kept in the committed lock file content/ids.lock.

The lock maps each id to the fingerprints (comparison keys of wordings) it has been seen
with. A cluster takes the id its fingerprints point at; a new cluster gets a new readable
slug. Ids are never reused, so links, anchors and Anki notes never move to another question.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from genai_build.corpus.normalise import comparison_key
from genai_build.diagnostics import BuildError, error

LOCK_VERSION = 1
_STOPWORDS = frozenset(
    "a an the is are was were be what whats which who how why when where does do did can could would should "
    "you your we our i of in on for to and or with by from as at it its this that these those explain describe "
    "define discuss give some name tell me about between concept role use used using".split()
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


def slug_for(question: str, max_words: int = 5, max_length: int = 40) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", question.lower()) if w not in _STOPWORDS] or ["question"]
    slug = "-".join(words[:max_words])[:max_length].strip("-")
    return slug or "question"


def load_lock(path: Path) -> IdLock:
    if not path.exists():
        return IdLock({})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != LOCK_VERSION:
            raise ValueError(f"lock version {data.get('version')!r}, expected {LOCK_VERSION}")
        return IdLock({str(k): tuple(v) for k, v in data["ids"].items()})
    except (ValueError, KeyError, AttributeError, TypeError) as exc:
        line = getattr(exc, "lineno", None)
        raise BuildError([error("ids.lock", f"unreadable id lock ({exc}); restore it from git rather than deleting it, or ids will change", str(path), line)]) from exc


def render_lock(lock: IdLock) -> str:
    body = {qid: sorted(set(lock.entries[qid])) for qid in sorted(lock.entries)}
    lines = ['{', f'  "version": {LOCK_VERSION},', '  "ids": {']
    items = [f"    {json.dumps(qid)}: {json.dumps(fps, ensure_ascii=False)}" for qid, fps in body.items()]
    lines.append(",\n".join(items))
    lines += ["  }", "}", ""]
    return "\n".join(lines) if items else '{\n  "version": 1,\n  "ids": {}\n}\n'


def assign_ids(clusters: Sequence[tuple[str, Iterable[str]]], lock: IdLock) -> tuple[list[str], IdLock]:
    """Give each (canonical wording, wordings) cluster an id; return the ids and the updated lock."""
    index = lock.by_fingerprint()
    taken: set[str] = set()
    ids: list[str | None] = []
    fingerprints = [sorted({comparison_key(w) for w in wordings}) for _, wordings in clusters]
    # First pass: clusters that the lock already knows, the best-supported claim first.
    claims = []
    for position, fps in enumerate(fingerprints):
        votes: dict[str, int] = {}
        for fp in fps:
            if fp in index:
                votes[index[fp]] = votes.get(index[fp], 0) + 1
        for qid, count in votes.items():
            claims.append((-count, qid, position))
    ids = [None] * len(clusters)
    for _, qid, position in sorted(claims):
        if ids[position] is None and qid not in taken:
            ids[position] = qid
            taken.add(qid)
    # Second pass: new clusters get a fresh slug, never one the lock has ever given.
    known = set(lock.entries)
    for position, (canonical, _) in enumerate(clusters):
        if ids[position] is None:
            base = slug_for(canonical)
            candidate, n = base, 2
            while candidate in taken or candidate in known:
                candidate, n = f"{base}-{n}", n + 1
            ids[position] = candidate
            taken.add(candidate)
    entries = {qid: tuple(fps) for qid, fps in lock.entries.items()}
    for qid, fps in zip(ids, fingerprints):
        entries[qid] = tuple(sorted(set(entries.get(qid, ())) | set(fps)))
    return [qid for qid in ids if qid is not None], IdLock(entries)
