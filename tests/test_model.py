"""The canonical schema: round trip, strictness, version, consistency rules."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from genai_build.model import SCHEMA_VERSION, Corpus, Provenance, Question, corpus_json_schema


def _question(**overrides) -> dict:
    base = dict(id="what-is-rag", number=1, question="What is RAG?", answer="Retrieval first.", unanswered=False,
                topic="rag", difficulty="beginner", tags=(), asked_in=1,
                provenance=[{"source": "a.txt", "line": 3, "question": "What is RAG?"}])
    base.update(overrides)
    return base


def test_corpus_round_trips_through_json(corpus):
    text = corpus.model_dump_json()
    again = Corpus.model_validate_json(text)
    assert again == corpus
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError, match="extra"):
        Question.model_validate(_question(colour="blue"))
    with pytest.raises(ValidationError, match="extra"):
        Provenance.model_validate({"source": "a.txt", "line": 1, "question": "Q?", "page": 4})


def test_other_schema_version_is_rejected(corpus):
    data = corpus.model_dump(mode="json")
    data["schema_version"] = "0.9"
    with pytest.raises(ValidationError, match="schema_version"):
        Corpus.model_validate(data)


def test_models_are_frozen():
    question = Question.model_validate(_question())
    with pytest.raises(ValidationError):
        question.question = "changed"  # type: ignore[misc]


def test_unanswered_flag_must_match_answer():
    with pytest.raises(ValidationError, match="unanswered"):
        Question.model_validate(_question(answer=None, unanswered=False))
    assert Question.model_validate(_question(answer=None, unanswered=True)).unanswered


def test_asked_in_counts_distinct_dumps():
    with pytest.raises(ValidationError, match="asked_in"):
        Question.model_validate(_question(asked_in=2))


def test_every_question_needs_provenance():
    with pytest.raises(ValidationError):
        Question.model_validate(_question(provenance=[]))


def test_provenance_source_is_a_bare_file_name():
    with pytest.raises(ValidationError):
        Provenance.model_validate({"source": "content/sources/a.txt", "line": 1, "question": "Q?"})


def test_schema_names_the_version_and_forbids_extras():
    schema = corpus_json_schema()
    assert SCHEMA_VERSION in schema["$id"]
    assert schema["$defs"]["Question"]["additionalProperties"] is False


def test_schema_1_1_fields_are_optional_and_checked():
    plain = Question.model_validate(_question())  # a 1.0 question still reads
    assert plain.key_points is None and plain.answer_source is None and plain.independent_sources is None
    full = Question.model_validate(_question(key_points="Retrieval, then generation.", answer_source="a.txt", independent_sources=1))
    assert full.independent_sources == 1
    with pytest.raises(ValidationError, match="independent_sources"):
        Question.model_validate(_question(independent_sources=2))
    with pytest.raises(ValidationError, match="answer_source"):
        Question.model_validate(_question(answer_source="b.txt"))
    with pytest.raises(ValidationError, match="key points"):
        Question.model_validate(_question(answer=None, unanswered=True, key_points="x"))


def test_schema_names_the_new_fields():
    properties = corpus_json_schema()["$defs"]["Question"]["properties"]
    assert {"key_points", "answer_source", "independent_sources"} <= set(properties)
    assert SCHEMA_VERSION == "1.1"
