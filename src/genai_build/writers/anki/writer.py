"""The Anki packages: the whole handbook as one deck tree by topic, plus one package per topic
and one per difficulty, all sharing note type, deck names and note GUIDs.

Because every package uses the same GUIDs and deck names, a user can import the whole
handbook, a single topic, or both, in any order, and never get a duplicate note. What goes
into a note is notes.py's business, the note type model.py's, the file package.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Mapping, Sequence

import genanki

from genai_build.config import ANKI_LOCK_FILE
from genai_build.diagnostics import BuildError, error
from genai_build.model import DIFFICULTIES, Corpus
from genai_build.writers.anki.lock import MODEL_KEY, LockEntry, fingerprint, parse_lock, render_lock, stamp
from genai_build.writers.anki.model import MODEL_NAME, check_templates, load_templates, model_fingerprint, note_model
from genai_build.writers.anki.notes import (DECK_ROOT, NoteRow, deck_id, deck_name, note_rows, retired_deck_name, retired_row,
                                            topic_positions, unanswered_deck_name, wording_index)
from genai_build.writers.anki.package import TimedNote, write_apkg
from genai_build.writers.base import WriteContext, Written

APKG_NAME = "genai-interview-handbook.apkg"
TOPICS_DIR = "topics"
DIFFICULTY_DIR = "difficulty"
ROOT_DECK_ID = 1_731_092_100  # constant, like the model id
UNANSWERED_DECK_ID = 1_731_092_101
RETIRED_DECK_ID = 1_731_092_102


def root_deck_description(corpus: Corpus) -> str:
    book = corpus.book
    return (f"<p><b>{escape(book.title)}</b>, edition {escape(book.edition)}: {len(corpus.questions)} questions "
            f"merged from {len(corpus.sources)} sources, one deck per topic in the book's order.</p><p>{escape(book.license)}</p>")


def topic_deck_ids(corpus: Corpus) -> dict[str, int]:
    """Deck id per topic, checked to be unique (a clash would merge two topics' decks)."""
    ids = {t.id: deck_id(t.id) for t in corpus.topics}
    taken: dict[int, str] = {ROOT_DECK_ID: DECK_ROOT, UNANSWERED_DECK_ID: "unanswered", RETIRED_DECK_ID: "retired"}
    for topic_id, did in ids.items():
        if did in taken:
            raise BuildError([error("anki.deck-id", f"deck ids of {taken[did]!r} and {topic_id!r} collide; rename a topic id")])
        taken[did] = topic_id
    return ids


@dataclass(frozen=True)
class Edition:
    """Every note of this edition (the book's, then the retired ones) and the time each last changed."""

    rows: tuple[NoteRow, ...]
    retired: tuple[NoteRow, ...]
    lock: dict[str, LockEntry]

    def time_of(self, row: NoteRow) -> int:
        return self.lock[row.question_id].time

    @property
    def model_time(self) -> int:
        return self.lock[MODEL_KEY].time


_last_rows: list[tuple[Corpus, tuple[NoteRow, ...]]] = []


def rows_of(corpus: Corpus) -> tuple[NoteRow, ...]:
    """note_rows, remembered for the last corpus: the lock update and the writer both need the
    rows of the same (immutable) corpus, and rendering every answer twice doubled the writer's time."""
    if not _last_rows or _last_rows[0][0] is not corpus:
        _last_rows[:] = [(corpus, note_rows(corpus))]
    return _last_rows[0][1]


def edition(corpus: Corpus, model: genanki.Model, old: Mapping[str, LockEntry], epoch: int) -> Edition:
    """The notes and, from the previous lock, the time each one last changed (pure)."""
    rows = rows_of(corpus)
    live = {r.question_id for r in rows}
    gone = [(qid, entry) for qid, entry in sorted(old.items()) if qid != MODEL_KEY and qid not in live]
    wordings = wording_index(corpus) if gone else {}
    retired = tuple(retired_row(qid, entry.text, wordings) for qid, entry in gone)
    lock = {r.question_id: stamp(old.get(r.question_id), "retired" if r.retired else "live",
                                 fingerprint(r.fields, r.tags), r.plain_question if not r.retired else old[r.question_id].text, epoch)
            for r in (*rows, *retired)}
    lock[MODEL_KEY] = stamp(old.get(MODEL_KEY), "model", model_fingerprint(model), MODEL_NAME, epoch)
    return Edition(rows, retired, lock)


def update_lock(corpus: Corpus, ctx: WriteContext, old_text: str | None, shown: str) -> str:
    """content/anki.lock brought up to date with this corpus (the pipeline reads and writes the file)."""
    model = note_model(load_templates(ctx.template_dir("anki")))
    old = parse_lock(old_text, shown) if old_text is not None else {}
    return render_lock(edition(corpus, model, old, ctx.epoch).lock)


def build_decks(corpus: Corpus, rows: Sequence[NoteRow], model: genanki.Model, current: Edition, epoch: int) -> list[genanki.Deck]:
    """The root deck, then the topic decks in the book's order, then the unanswered and retired
    decks — each only when one of `rows` goes there. Each note carries the time it last changed;
    note ids follow the order of `rows` (the book's)."""
    ids = topic_deck_ids(corpus)
    position = topic_positions(corpus)
    decks = {DECK_ROOT: genanki.Deck(ROOT_DECK_ID, DECK_ROOT, description=root_deck_description(corpus))}
    for topic in corpus.topics:
        name = deck_name(topic.title, position[topic.id])
        decks[name] = genanki.Deck(ids[topic.id], name, description=escape(topic.description))
    decks[unanswered_deck_name()] = genanki.Deck(
        UNANSWERED_DECK_ID, unanswered_deck_name(),
        description="<p>Questions no source answers yet: kept apart, so that studying the handbook never deals them.</p>")
    decks[retired_deck_name()] = genanki.Deck(
        RETIRED_DECK_ID, retired_deck_name(), description="<p>Questions no longer in the handbook (tag GenAI::retired).</p>")
    used = set()
    for index, row in enumerate(rows):
        decks[row.deck].add_note(TimedNote(model=model, fields=list(row.fields), tags=list(row.tags), guid=row.guid,
                                           due=row.number, mod=current.time_of(row), note_id=epoch * 1000 + 2 * index))
        used.add(row.deck)
    return [deck for name, deck in decks.items() if name == DECK_ROOT or name in used]


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    template_dir = ctx.template_dir("anki")
    templates = load_templates(template_dir)
    check_templates(templates, template_dir)
    model = note_model(templates)
    lock_text = ctx.locks.get("anki")
    old = parse_lock(lock_text, ANKI_LOCK_FILE) if lock_text is not None else {}
    current = edition(corpus, model, old, ctx.epoch)
    rows = current.rows
    out = ctx.out_dir / "anki"
    # the whole handbook also carries the retired notes, so that a learner's card of a dropped question says so
    packages: dict[Path, list[NoteRow]] = {out / APKG_NAME: [*rows, *current.retired]}
    for topic in corpus.topics_in_use():
        packages[out / TOPICS_DIR / f"{topic.id}.apkg"] = [r for r in rows if r.topic_id == topic.id]
    for level in DIFFICULTIES:
        subset = [r for r in rows if r.difficulty == level]
        if subset:
            packages[out / DIFFICULTY_DIR / f"{level}.apkg"] = subset
    # packages of topics now gone are removed when the build publishes (publish.py)
    return Written(tuple(write_apkg(path, build_decks(corpus, subset, model, current, ctx.epoch), ctx.epoch, current.model_time)
                         for path, subset in packages.items()))

