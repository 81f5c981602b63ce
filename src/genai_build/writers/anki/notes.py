"""What goes into each Anki note: stable ids, sanitised tags and the HTML of every field.

Pure functions from the corpus to frozen `NoteRow`s; no files, and of genanki only its GUID encoding.
Identity never comes from text: a note's GUID comes from the question's stable id, a deck's
id from its topic id, both through SHA-256 (Python's hash() changes from run to run).
Every field is HTML that is safe to show in Anki: plain text is escaped, answers come from
render.py (raw HTML escaped, code highlighted, remote images as links), and the bracket
tags Anki would act on inside a field ([sound:…], [latex]…) are defused.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping
from html import escape, unescape

import genanki

from genai_build.corpus.normalise import comparison_key
from genai_build.model import Corpus, Question, Source
from genai_build.mathtex import anki_mathjax
from genai_build.render import markdown_to_html

DECK_ROOT = "GenAI Interview"
TAG_ROOT = "GenAI"
GUID_NAMESPACE = "genai-build"  # part of every GUID: never change it, or every user's notes duplicate

# Anki acts on these bracket tags wherever they appear in a field: audio, text to speech
# ([anki:tts …]…[/anki:tts] and any other [anki:…]), LaTeX images.
_ANKI_FIELD_TAGS = re.compile(r"\[(?=(?:sound:|/?anki:|latex\]|\$\$?\]|/latex\]|/\$\$?\]))", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_NOT_TAG_CHARS = re.compile(r"[^\w-]+")
# Links that only make sense beside the dump (relative paths): nothing to open inside Anki.
_LOCAL_IMAGE_LINK = re.compile(r'\(<a href="(?!https?://)[^"]*">image online</a>\)')
_LOCAL_LINK = re.compile(r'<a href="(?!https?://|mailto:)[^"]*">(.*?)</a>', re.DOTALL)


def stable_id(namespace: str, key: str) -> int:
    """An id in [2**30, 2**31) from SHA-256 of namespace and key: the same on every machine and run."""
    digest = hashlib.sha256(f"genai-build:{namespace}:{key}".encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def deck_id(topic_id: str) -> int:
    return stable_id("deck", topic_id)


def note_guid(question_id: str) -> str:
    """Anki matches notes across imports by GUID: derived from the stable question id only."""
    return genanki.guid_for(GUID_NAMESPACE, question_id)


def tag_part(text: str) -> str:
    """One tag component: no spaces (Anki splits tags on them), no `::` (its hierarchy separator)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NOT_TAG_CHARS.sub("-", text).strip("-_") or "unknown"


def source_tags(sources: tuple[Source, ...]) -> dict[str, str]:
    """File name -> tag component from the source's title; the file stem settles a clash."""
    by_title: dict[str, list[Source]] = {}
    for source in sources:
        by_title.setdefault(tag_part(source.title), []).append(source)
    names = {}
    for part, group in by_title.items():
        for source in group:
            stem = tag_part(source.file.rsplit(".", 1)[0])
            names[source.file] = part if len(group) == 1 else f"{part}-{stem}"
    return names


def defuse_anki_tags(html: str) -> str:
    """Keep `[sound:x]` and `[latex]` as text: Anki would otherwise play or typeset them."""
    return _ANKI_FIELD_TAGS.sub("&#91;", html)


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return defuse_anki_tags(escape(text.strip()).replace("\n", "<br>"))


def answer_html(markdown: str) -> str:
    """An answer as card HTML: render.py's safe HTML, one box per code block, no dead links,
    formulas as `\\(…\\)`/`\\[…\\]` for Anki's MathJax."""
    html = markdown_to_html(markdown, math=anki_mathjax)
    html = _LOCAL_LINK.sub(r"\1", _LOCAL_IMAGE_LINK.sub("(image not included)", html))
    return defuse_anki_tags(html.strip())


UNANSWERED_HTML = '<p class="gi-unanswered">No answer in the sources yet.</p>'


def source_label(source: Source | None, file: str) -> str:
    if source is None:
        return f"<cite>{escape(file)}</cite>"
    owner = f" — {escape(source.owner)}" if source.owner else ""
    return f"<cite>{escape(source.title or source.file)}</cite>{owner}"


def sources_html(question: Question, sources: dict[str, Source]) -> str:
    """Attribution: how many dumps ask it and which, in the order the corpus lists its provenance."""
    files = list(dict.fromkeys(p.source for p in question.provenance))
    count = f"Asked in {len(files)} source{'s' if len(files) != 1 else ''}"
    items = "".join(f"<li>{source_label(sources.get(f), f)}</li>" for f in files)
    shown = question.answer_source
    source = f'<div class="gi-answer-source">Source: {source_label(sources.get(shown), shown)}</div>' if shown else ""
    return f'{source}<div class="gi-asked">{count}</div><ul class="gi-source-list">{items}</ul>'


def alternates_html(question: Question, sources: dict[str, Source]) -> str:
    """Other dumps' answers, each with its credit; empty when there are none."""
    return "".join(
        f'<section class="gi-alternate"><div class="gi-alternate-source">{source_label(sources.get(a.source), a.source)}</div>'
        f"{answer_html(a.answer)}</section>"
        for a in question.alternates
    )


@dataclass(frozen=True)
class NoteRow:
    """One note as Anki will store it: fields in the note type's order, tags, GUID and deck.

    `number` is the question's place in the book (0 for a retired note); `retired` notes stand
    for questions no longer in the book, so that their cards are not silently orphaned.
    """

    guid: str
    deck: str
    question_id: str
    number: int
    topic_id: str
    difficulty: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    retired: bool = False

    @property
    def plain_question(self) -> str:
        """The question as plain text (what the lock keeps to name a retired note)."""
        return " ".join(unescape(_TAG.sub(" ", self.fields[0])).split())


def note_tags(question: Question, source_tag: dict[str, str]) -> tuple[str, ...]:
    tags = [f"{TAG_ROOT}::topic::{tag_part(question.topic)}", f"{TAG_ROOT}::difficulty::{tag_part(question.difficulty)}"]
    tags += sorted({f"{TAG_ROOT}::source::{source_tag.get(p.source) or tag_part(p.source)}" for p in question.provenance})
    tags += [f"{TAG_ROOT}::tag::{tag_part(t)}" for t in question.tags]
    if question.unanswered:
        tags.append(f"{TAG_ROOT}::unanswered")
    return tuple(dict.fromkeys(tags))


def deck_title(text: str) -> str:
    # `::` inside a title would make a deeper deck than intended
    return text.replace("::", ":").strip()


def deck_name(topic_title: str, position: int) -> str:
    """A topic's deck: numbered as in the book, so Anki's alphabetical deck list is the book's order."""
    return f"{DECK_ROOT}::{position:02d} {deck_title(topic_title)}"


def unanswered_deck_name() -> str:
    """Beside the handbook's deck, not under it: studying the handbook never deals these cards."""
    return f"{DECK_ROOT} (no answer yet)"


def retired_deck_name() -> str:
    return f"{DECK_ROOT} (retired)"


def topic_positions(corpus: Corpus) -> dict[str, int]:
    """Each topic's place in content/topics.yaml, from 1: the number in its deck's name."""
    return {t.id: i for i, t in enumerate(corpus.topics, 1)}


def answer_field(question: Question) -> str:
    """The key points first; the full answer folded under them (all of it shown when there are none)."""
    if not question.answer:
        return UNANSWERED_HTML
    full = answer_html(question.answer)
    key_points = getattr(question, "key_points", None)  # optional in the corpus schema
    if not key_points or not str(key_points).strip():
        return full
    return (f'<div class="gi-key-points">{answer_html(str(key_points))}</div>'
            f'<details class="gi-full-answer"><summary>Full answer</summary>{full}</details>')


def note_rows(corpus: Corpus) -> tuple[NoteRow, ...]:
    """Every question of the corpus as a note row, in book order."""
    topics = {t.id: t for t in corpus.topics}
    position = topic_positions(corpus)
    sources = {s.file: s for s in corpus.sources}
    source_tag = source_tags(corpus.sources)
    rows = []
    for q in corpus.questions:
        topic = topics[q.topic]
        fields = (
            text_html(q.question),
            answer_field(q),
            f'<span class="gi-number">No. {q.number}</span> · {escape(topic.title)}',
            escape(q.difficulty),
            sources_html(q, sources),
            escape(q.id),
            alternates_html(q, sources),
        )
        deck = unanswered_deck_name() if q.unanswered else deck_name(topic.title, position[q.topic])
        rows.append(NoteRow(note_guid(q.id), deck, q.id, q.number, q.topic, q.difficulty, fields, note_tags(q, source_tag)))
    return tuple(rows)


RETIRED_TAG = f"{TAG_ROOT}::retired"


def wording_index(corpus: Corpus) -> dict[str, Question]:
    """Comparison key of every wording in the book (canonical and each occurrence's) -> its question."""
    index: dict[str, Question] = {}
    for q in corpus.questions:
        for wording in (q.question, *(p.question for p in q.provenance)):
            index.setdefault(comparison_key(wording), q)
    return index


def retired_row(question_id: str, question_text: str, wordings: Mapping[str, Question]) -> NoteRow:
    """The note of a question no longer in the book: it says so, and where its wording went.

    Sent with the same GUID, it replaces the learner's note in place (history kept) instead of
    leaving a card that no edition updates any more. A question merged into another is found by
    its wording among the current questions' (`wording_index`).
    """
    heir = wordings.get(comparison_key(question_text)) if question_text else None
    where = (f"<p>Its wording is now part of the question <b>{text_html(heir.question)}</b> "
             f"(handbook id <span>{escape(heir.id)}</span>).</p>") if heir else ""
    answer = (f'<p class="gi-retired">This question is no longer in the handbook: the editors dropped it or merged it '
              f"into another.</p>{where}<p>Its review history stays with this card. Delete the note when you no longer "
              "want it (Browse, search <code>tag:GenAI::retired</code>).</p>")
    fields = (text_html(question_text or question_id), answer, "Retired", "", "", escape(question_id), "")
    return NoteRow(note_guid(question_id), retired_deck_name(), question_id, 0, "", "", fields, (RETIRED_TAG,), retired=True)
