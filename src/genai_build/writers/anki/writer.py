"""The Anki packages: the whole handbook as one deck tree by topic, plus one package per topic
and one per difficulty, all sharing note type, deck names and note GUIDs.

Because every package uses the same GUIDs and deck names, a user can import the whole
handbook, a single topic, or both, in any order, and never get a duplicate note. What goes
into a note is notes.py's business, the note type model.py's, the file package.py's.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Iterable

import genanki

from genai_build.diagnostics import BuildError, error
from genai_build.model import DIFFICULTIES, Corpus
from genai_build.writers.anki.model import load_templates, note_model
from genai_build.writers.anki.notes import DECK_ROOT, NoteRow, deck_id, deck_name, note_rows
from genai_build.writers.anki.package import write_apkg
from genai_build.writers.base import WriteContext, Writer

APKG_NAME = "genai-interview-handbook.apkg"
TOPICS_DIR = "topics"
DIFFICULTY_DIR = "difficulty"
ROOT_DECK_ID = 1_731_092_100  # constant, like the model id


class Note(genanki.Note):
    """A genanki note without genanki's check for unescaped tags: the fields are render.py's
    escaped HTML, and the check's pattern scans to the end of the line at every '<', so one
    long answer took time in the square of its length."""

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass


def root_deck_description(corpus: Corpus) -> str:
    book = corpus.book
    return (f"<p><b>{escape(book.title)}</b>, edition {escape(book.edition)}: {len(corpus.questions)} questions "
            f"merged from {len(corpus.sources)} sources, one deck per topic.</p><p>{escape(book.license)}</p>")


def topic_deck_ids(corpus: Corpus) -> dict[str, int]:
    """Deck id per topic, checked to be unique (a clash would merge two topics' decks)."""
    ids = {t.id: deck_id(t.id) for t in corpus.topics}
    taken: dict[int, str] = {ROOT_DECK_ID: DECK_ROOT}
    for topic_id, did in ids.items():
        if did in taken:
            raise BuildError([error("anki.deck-id", f"deck ids of {taken[did]!r} and {topic_id!r} collide; rename a topic id")])
        taken[did] = topic_id
    return ids


def build_decks(corpus: Corpus, rows: Iterable[NoteRow], model: genanki.Model) -> list[genanki.Deck]:
    """The root deck, then one deck per topic that has a note among `rows`, in the corpus' topic order."""
    ids = topic_deck_ids(corpus)
    by_topic: dict[str, list[NoteRow]] = {}
    for row in rows:
        by_topic.setdefault(row.topic_id, []).append(row)
    decks = [genanki.Deck(ROOT_DECK_ID, DECK_ROOT, description=root_deck_description(corpus))]
    for topic in corpus.topics:
        if topic.id not in by_topic:
            continue
        deck = genanki.Deck(ids[topic.id], deck_name(topic.title), description=escape(topic.description))
        for row in by_topic[topic.id]:
            deck.add_note(Note(model=model, fields=list(row.fields), tags=list(row.tags), guid=row.guid, due=row.number))
        decks.append(deck)
    return decks


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    model = note_model(load_templates(ctx.template_dir("anki")))
    rows = note_rows(corpus)
    out = ctx.out_dir / "anki"
    packages: dict[Path, list[NoteRow]] = {out / APKG_NAME: list(rows)}
    for topic in corpus.topics_in_use():
        packages[out / TOPICS_DIR / f"{topic.id}.apkg"] = [r for r in rows if r.topic_id == topic.id]
    for level in DIFFICULTIES:
        subset = [r for r in rows if r.difficulty == level]
        if subset:
            packages[out / DIFFICULTY_DIR / f"{level}.apkg"] = subset
    # packages of topics now gone are removed when the build publishes (publish.py)
    return [write_apkg(path, build_decks(corpus, subset, model), ctx.epoch) for path, subset in packages.items()]


WRITER = Writer("anki", f"Anki packages (build/anki/{APKG_NAME}, per topic and per difficulty)", write,
                (f"anki/{APKG_NAME}", f"anki/{TOPICS_DIR}", f"anki/{DIFFICULTY_DIR}"))
