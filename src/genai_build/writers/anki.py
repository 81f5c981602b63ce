"""Anki packages with genanki: fixed model and deck ids, note GUIDs from stable question ids."""

from __future__ import annotations

from pathlib import Path

import genanki

from genai_build.fsutil import atomic_path
from genai_build.model import Corpus
from genai_build.render import markdown_to_html
from genai_build.writers.base import WriteContext, Writer

APKG_NAME = "genai-interview-handbook.apkg"
MODEL_ID = 1_731_092_001  # constants: never change, or every user's notes duplicate
ROOT_DECK_ID = 1_731_092_100
DECK_NAME = "GenAI Interview"


def _deck_id(topic_id: str) -> int:
    return ROOT_DECK_ID + 1 + sum((i + 1) * ord(c) for i, c in enumerate(topic_id)) % 1_000_000


MODEL = genanki.Model(
    MODEL_ID, "genai-build Q&A",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Topic"}, {"name": "Difficulty"}, {"name": "Sources"}, {"name": "Id"}],
    templates=[{"name": "Card 1", "qfmt": "{{Question}}", "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"}],
)


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    decks = {}
    for topic in corpus.topics_in_use():
        decks[topic.id] = genanki.Deck(_deck_id(topic.id), f"{DECK_NAME}::{topic.title}")
    for q in corpus.questions:
        answer = markdown_to_html(q.answer) if q.answer else "<p><em>No answer in the sources yet.</em></p>"
        from html import escape
        note = genanki.Note(model=MODEL, fields=[escape(q.question), answer, q.topic, q.difficulty,
                                                 escape(", ".join(sorted({p.source for p in q.provenance}))), q.id],
                            guid=genanki.guid_for(q.id), tags=[q.topic, q.difficulty])
        decks[q.topic].add_note(note)
    target = ctx.out_dir / "anki" / APKG_NAME
    with atomic_path(target) as tmp:
        genanki.Package(list(decks.values())).write_to_file(str(tmp), timestamp=ctx.epoch)
    return [target]


WRITER = Writer("anki", f"Anki package (build/anki/{APKG_NAME})", write, (f"anki/{APKG_NAME}",))
