"""A byte-reproducible .apkg: genanki's collection, zipped with times taken from the build epoch.

genanki's own Package.write_to_file is not reproducible even with a fixed timestamp: it zips
the SQLite file with that temporary file's mtime and the `media` entry with the clock. So we
let genanki fill the collection (note, card and model times, and the note and card ids it
counts up from epoch*1000, all follow the timestamp given; the collection's crt/mod and the
deck mod are constants in genanki) and write the zip ourselves, every entry dated from the
epoch. Same notes and epoch, same bytes.

The epoch is also what makes updates work. Anki matches an incoming note to an existing one
by GUID, then looks at note times: with its default "update notes: if newer" it replaces the
note only when the package's note mtime is greater than the stored one, and even "always"
updates only when the two times differ (Anki's rslib, import/apkg notes.rs `should_update`;
the note type, with its templates and CSS, follows the same rule). Note mtime is the epoch,
so the epoch must grow whenever the content changes — an edition with new answers but the
old timestamp would be ignored as a duplicate — and stay put when it does not, or two builds
would differ. The pipeline sets it from the last change to content/ (or SOURCE_DATE_EPOCH).
Cards are never replaced by an import, so reviews and scheduling survive an update.

Each note then gets its own time, the edition in which it last changed (writers/anki/lock.py):
an unchanged note keeps its old time, so the next import leaves it alone — with the learner's
tags and edits — and only the notes that changed are replaced. The note type likewise.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
import zipfile
from pathlib import Path
from typing import Sequence

import genanki

from genai_build.fsutil import atomic_path

COLLECTION_ENTRY = "collection.anki2"  # the legacy schema-11 layout genanki writes; Anki still imports it
MEDIA_ENTRY = "media"
_ZIP_EPOCH_MIN = 315_532_800  # 1980-01-01: the earliest time a zip entry can carry


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """The epoch as a zip entry time (UTC, 2-second resolution, not before 1980)."""
    return time.gmtime(max(epoch, _ZIP_EPOCH_MIN))[:6]  # type: ignore[return-value]


class TimedNote(genanki.Note):
    """A note with its own time (note and card `mod`) and its own id (the card's is the next one).

    Ids are given in book order, so a package lists its notes in the book's order whatever
    deck they go to.
    """

    def __init__(self, *args, mod: int, note_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod
        self.note_id = note_id

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: ARG002 - this note's own time and ids
        super().write_to_db(cursor, self.mod, deck_id, itertools.count(self.note_id))

    def _check_invalid_html_tags_in_fields(self) -> None:
        """Skipped: the fields are render.py's escaped HTML, and genanki's pattern scans to the end
        of the line at every '<', so one long answer took time in the square of its length."""


def collection_bytes(decks: Sequence[genanki.Deck], epoch: int, model_time: int | None = None) -> bytes:
    """The SQLite collection genanki builds for `decks`, every time and id derived from `epoch`
    (or set on each note: TimedNote), the note type's time from `model_time`.

    Built in memory and serialised: no temporary file, no fsync per statement (genanki's
    schema script alone took seconds on a busy disk).
    """
    conn = sqlite3.connect(":memory:")
    try:
        genanki.Package(list(decks)).write_to_db(conn.cursor(), epoch, itertools.count(epoch * 1000))
        if model_time is not None:
            models = json.loads(conn.execute("select models from col").fetchone()[0])
            for model in models.values():
                model["mod"] = model_time
            conn.execute("update col set models = ?", (json.dumps(models),))
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


def _entry(name: str, epoch: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=zip_time(epoch))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever machine builds it
    return info


def write_apkg(target: Path, decks: Sequence[genanki.Deck], epoch: int, model_time: int | None = None) -> Path:
    """Write `decks` as an .apkg at `target`, atomically and reproducibly."""
    collection = collection_bytes(decks, epoch, model_time)
    with atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w") as apkg:
            apkg.writestr(_entry(COLLECTION_ENTRY, epoch), collection, compresslevel=6)
            apkg.writestr(_entry(MEDIA_ENTRY, epoch), "{}", compresslevel=6)  # no media: nothing remote, nothing bundled
    return target
