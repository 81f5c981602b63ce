"""content/anki.lock: per note, a fingerprint of what it holds and the edition time it last changed.

Anki replaces a note (every field, every tag) when the package's note is newer than the one it
has, and leaves it alone otherwise. So each note carries its own time: the edition time (the
build epoch) at which its content last changed, kept here between builds. An unchanged note
keeps its old time and Anki leaves it — and the learner's tags and edits on it — alone; a
changed note gets the current epoch (never less than its old time + 1, so it always reads as
newer). The note type has a line of its own (`.note-type`), since Anki updates its templates
and CSS by the same rule.

The file is text, one line per note, sorted by id, so two branches that change different
questions merge cleanly; after a conflict, keep either side and build: a line whose fingerprint
does not match the content gets the build's time. A line is

    <id> <time> <state> <fingerprint> <question, as plain text>

state `live` (in this edition), `retired` (dropped or merged away: its note is kept in the
package as a retirement notice) or `model` (the note type). The question is kept so that a
retired note can still say which question it was. Pure functions; the pipeline reads and
writes the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from genai_build.diagnostics import BuildError, error

HEADER = ("# Anki note lock, written by the build: commit it with content/. One line per note:\n"
          "# <id> <edition time of its last change> <live|retired|model> <fingerprint of the note> <question>\n")
MODEL_KEY = ".note-type"
STATES = ("live", "retired", "model")
_LINE = re.compile(r"^(?P<id>\S+) (?P<time>\d{1,12}) (?P<state>live|retired|model) (?P<fp>[0-9a-f]{16})(?: (?P<text>.*))?$")


@dataclass(frozen=True)
class LockEntry:
    time: int
    state: str
    fingerprint: str
    text: str = ""


NoteLock = Mapping[str, LockEntry]


def fingerprint(*parts: Iterable[str] | str) -> str:
    """A short digest of what a note holds (fields and tags) or of the note type."""
    digest = hashlib.sha256()
    for part in parts:
        for piece in ([part] if isinstance(part, str) else part):
            digest.update(piece.encode("utf-8"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def one_line(text: str) -> str:
    return " ".join(text.split())


def parse_lock(text: str, shown: str) -> dict[str, LockEntry]:
    """The lock's entries; a malformed or doubled line is an error naming it (never silently dropped)."""
    entries: dict[str, LockEntry] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(error("anki.lock", "malformed line (expected `<id> <time> <live|retired|model> <16 hex digits> <question>`); "
                                  "restore it from git, or delete the line to give that note the build's time", shown, number))
        elif match["id"] in entries:
            problems.append(error("anki.lock", f"{match['id']!r} appears twice (a merge conflict resolved twice?); keep one line", shown, number))
        else:
            entries[match["id"]] = LockEntry(int(match["time"]), match["state"], match["fp"], match["text"] or "")
    if problems:
        raise BuildError(problems)
    return entries


def render_lock(entries: NoteLock) -> str:
    """Sorted, one line per entry, the note type first: the same entries always give the same text."""
    keys = sorted(entries, key=lambda k: (k != MODEL_KEY, k))
    lines = [f"{k} {entries[k].time} {entries[k].state} {entries[k].fingerprint} {one_line(entries[k].text)}".rstrip() for k in keys]
    return HEADER + "".join(f"{line}\n" for line in lines)


def stamp(old: LockEntry | None, state: str, fp: str, text: str, epoch: int) -> LockEntry:
    """The entry for content with fingerprint `fp`: the old time when nothing changed, else a newer one."""
    if old is not None and old.fingerprint == fp and old.state == state:
        return LockEntry(old.time, state, fp, text)
    return LockEntry(max(epoch, old.time + 1) if old is not None else epoch, state, fp, text)
