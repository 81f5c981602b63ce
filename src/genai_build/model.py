"""The canonical schema: the corpus every writer reads and other tools consume.

`build/corpus.json` is a public contract. Models are frozen and reject unknown keys;
`SCHEMA_VERSION` changes (major) whenever a field is removed or changes meaning, and
(minor) when an optional field is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.1"

Difficulty = Literal["beginner", "intermediate", "advanced"]
DIFFICULTIES: tuple[Difficulty, ...] = ("beginner", "intermediate", "advanced")

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
FileName = Annotated[str, Field(pattern=r"^[^/\\]+$", min_length=1)]


@dataclass(frozen=True, slots=True)
class RawQuestion:
    """One occurrence of a question in a dump, as a reader gives it (readers → corpus)."""

    source: str
    line: int
    question: str  # the dump's wording, markup removed
    answer: str | None  # Markdown, None when the dump gives none
    section: tuple[str, ...] = ()  # the dump's own headings/parts/levels above the question
    number: str | None = None  # the dump's own number, as printed
    difficulty: str | None = None  # when the dump states a level


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Frozen):
    """One place a question occurs in a dump."""

    source: FileName = Field(description="the dump's file name under content/sources/")
    line: int = Field(ge=1, description="1-based line where the question starts")
    question: str = Field(min_length=1, description="the question as worded there (markup removed)")
    section: tuple[str, ...] = Field(default=(), description="the dump's own section path")
    number: str | None = Field(default=None, description="the dump's own number for it, if any")


class Alternate(Frozen):
    """Another source's answer, kept when it adds something to the primary one."""

    source: FileName
    line: int = Field(ge=1)
    answer: str = Field(min_length=1, description="Markdown")


class Question(Frozen):
    id: Slug = Field(description="stable id: never changes once given (see content/ids.lock)")
    number: int = Field(ge=1, description="position in the book, 1-based, same in every edition")
    question: str = Field(min_length=1)
    answer: str | None = Field(description="primary answer as Markdown; null when unanswered")
    unanswered: bool
    topic: Slug
    difficulty: Difficulty
    tags: tuple[Slug, ...] = ()
    asked_in: int = Field(ge=1, description="how many distinct dumps ask it")
    provenance: tuple[Provenance, ...] = Field(min_length=1)
    alternates: tuple[Alternate, ...] = ()
    answer_source: FileName | None = Field(
        default=None, description="the dump whose answer is shown (null when unanswered or written by the editors)")
    key_points: str | None = Field(
        default=None, description="a short answer to recall (Markdown, two or three lines), derived from the answer or curated")
    independent_sources: int | None = Field(
        default=None, ge=1, description="dumps that ask it, counting copies of one origin (near-identical wording) once")

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        if self.unanswered != (self.answer is None):
            raise ValueError("unanswered must be true exactly when answer is null")
        sources = {p.source for p in self.provenance}
        if self.asked_in != len(sources):
            raise ValueError(f"asked_in is {self.asked_in} but provenance names {len(sources)} dumps")
        if self.independent_sources is not None and self.independent_sources > self.asked_in:
            raise ValueError(f"independent_sources ({self.independent_sources}) exceeds asked_in ({self.asked_in})")
        if self.answer_source is not None and self.answer_source not in sources:
            raise ValueError(f"answer_source {self.answer_source} is not among the dumps that ask it")
        if self.unanswered and self.key_points is not None:
            raise ValueError("an unanswered question has no key points")
        return self


class Topic(Frozen):
    id: Slug
    title: str = Field(min_length=1)
    description: str = ""


class Source(Frozen):
    file: FileName
    title: str
    owner: str
    origin: str = ""
    reader: str
    occurrences: int = Field(ge=0, description="question occurrences read from it")
    questions: int = Field(ge=0, description="questions of the book it contributes to")


class Book(Frozen):
    title: str
    subtitle: str = ""
    language: str = "en"
    identifier: str
    edition: str
    creator: str = ""
    publisher: str = ""
    description: str = ""
    subjects: tuple[str, ...] = ()
    license: str = ""
    date: str = Field(description="build date, ISO 8601, from SOURCE_DATE_EPOCH")


class Corpus(Frozen):
    schema_version: Literal["1.0", "1.1"] = SCHEMA_VERSION  # 1.1 adds optional fields only: 1.0 files still read
    book: Book
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _consistent(self) -> "Corpus":
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids are not unique")
        topic_ids = {t.id for t in self.topics}
        unknown = sorted({q.topic for q in self.questions} - topic_ids)
        if unknown:
            raise ValueError(f"questions name unknown topics: {', '.join(unknown)}")
        if [q.number for q in self.questions] != list(range(1, len(self.questions) + 1)):
            raise ValueError("question numbers must run 1..N in book order")
        return self

    def questions_in(self, topic_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.topic == topic_id)

    def topics_in_use(self) -> tuple[Topic, ...]:
        used = {q.topic for q in self.questions}
        return tuple(t for t in self.topics if t.id in used)


def corpus_json_schema() -> dict:
    """The JSON schema of corpus.json, generated from the models."""
    schema = Corpus.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:genai-build:corpus-schema:{SCHEMA_VERSION}"
    return schema
