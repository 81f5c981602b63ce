"""The whole-handbook .apkg read back as Anki opens it: the SQLite collection's notes."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path


def ids_in_anki(path: Path, known: set[str]) -> list[str]:
    """Question ids of the notes, in note-id order (the order they were added: the book's)."""
    with zipfile.ZipFile(path) as package:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in package.namelist())
        data = package.read(name)
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        position = _field_names(conn).index("Id")
        rows = conn.execute("select flds from notes order by id").fetchall()
    finally:
        conn.close()
    return [qid for qid in (row[0].split("\x1f")[position] for row in rows) if qid in known]


def _field_names(conn: sqlite3.Connection) -> list[str]:
    models = json.loads(conn.execute("select models from col").fetchone()[0])
    fields = next(iter(models.values()))["flds"]
    return [f["name"] for f in sorted(fields, key=lambda f: f["ord"])]
