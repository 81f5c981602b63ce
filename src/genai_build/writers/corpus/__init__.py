"""The corpus writer's entry for writers.WRITERS: the public contract, build/corpus.json and its schema."""

from genai_build.writers.base import ReadBack, Writer
from genai_build.writers.corpus.readback import ids_in_corpus_json
from genai_build.writers.corpus.writer import CORPUS_JSON, SCHEMA_JSON, write

WRITER = Writer("corpus", "build/corpus.json and its JSON schema", write, (CORPUS_JSON, SCHEMA_JSON),
                read_back=ReadBack(CORPUS_JSON, ids_in_corpus_json), libraries=("pydantic",))

__all__ = ["WRITER"]
