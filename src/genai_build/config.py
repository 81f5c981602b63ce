"""The configuration files of content/ as strict pydantic schemas, and the typed values the build uses.

The schemas reject unknown keys and values of the wrong type (no coercion: a title that is a
list, `subjects` given as a string, `edition: 2026.1` unquoted are errors). Reading the files,
and turning validation errors into `path:line` diagnostics, is genai_build.content's work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Collection, Mapping

from pydantic import BaseModel, ConfigDict, Field

from genai_build.model import Difficulty

SOURCES_FILE = "sources.yaml"
BOOK_FILE = "book.yaml"
CURATION_FILE = "curation.yaml"
TOPICS_FILE = "topics.yaml"
IDS_LOCK_FILE = "ids.lock"
ANKI_LOCK_FILE = "anki.lock"  # per Anki note: fingerprint and the edition time it last changed
BUILD_LOCK_FILES = (IDS_LOCK_FILE, ANKI_LOCK_FILE)  # written by the build: their edits are not content edits
SOURCES_DIR = "sources"

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]  # non-empty, not only spaces


class Schema(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- sources.yaml -------------------------------------------------------------------------------
class SourceEntry(Schema):
    file: Annotated[str, Field(min_length=1, pattern=r"^[^/\\]+$")]
    reader: Text
    title: Text
    owner: Text
    origin: str = ""
    options: dict[str, Any] | None = None


class SourcesFile(Schema):
    sources: list[SourceEntry]


# --- topics.yaml --------------------------------------------------------------------------------
class TopicEntry(Schema):
    id: Slug
    title: Text
    description: str = ""
    keywords: list[Text] = []
    strong: list[Text] = []


class TopicsFile(Schema):
    topics: list[TopicEntry]  # at least one: checked with its own message
    fallback: Slug | None = None
    sections: dict[str, Slug | None] = {}
    tags: dict[Slug, list[Text] | None] = {}


# --- curation.yaml ------------------------------------------------------------------------------
Occurrence = Annotated[str, Field(pattern=r"^\s*[^:/\\]+:\d+\s*$")]


class FixEntry(Schema):
    """One correction inside the shown answer: `find` must occur exactly once; `replace` takes its place."""

    find: Text
    replace: str


class DecisionEntry(Schema):
    """One editor's decision; see genai_build.corpus.curation for what each key does."""

    drop: bool = False
    merge_into: Text | None = None
    merge: list[Text] = []
    split: list[Occurrence] = []
    question: Text | None = None
    answer: Text | None = None
    answer_append: Text | None = None
    fix: list[FixEntry] = []
    key_points: Text | None = None
    topic: Text | None = None
    difficulty: Difficulty | None = None
    tags: list[Slug] = []
    note: Text | None = None
    distinct: list[Text] = []


class CurationFile(Schema):
    decisions: dict[str, Any] | None = None  # each value checked on its own against DecisionEntry


DECISION_KEYS = frozenset(DecisionEntry.model_fields)


# --- what the build uses ------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceConfig:
    file: str
    reader: str
    title: str
    owner: str
    origin: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None  # where the entry starts in sources.yaml


class BookConfig(Schema):
    """content/book.yaml: the book's metadata, shared by every edition."""

    title: Text
    identifier: Text
    edition: Text
    subtitle: str = ""
    language: Text = "en"
    creator: str = ""
    publisher: str = ""
    description: str = ""
    subjects: Annotated[tuple[Text, ...], Field(strict=False)] = ()  # a YAML list; text alone is refused
    license: str = ""


def load_sources(content: Path, known_readers: Collection[str]) -> tuple[SourceConfig, ...]:
    from genai_build import content as files
    return files.load_sources(content, known_readers)


def load_book(content: Path) -> BookConfig:
    from genai_build import content as files
    return files.load_book(content)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it.

    The link itself, not what it points at: a symlink is named as the user wrote it."""
    full = Path(os.path.abspath(path))
    cwd = Path.cwd().resolve()
    for base, shown in ((cwd, full), (cwd, full.parent.resolve() / full.name)):
        try:
            return str(shown.relative_to(base))
        except ValueError:
            continue
    return str(path)
