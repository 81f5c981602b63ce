"""The public contract: build/corpus.json and build/corpus.schema.json."""

from __future__ import annotations

import json

from genai_build.fsutil import write_text_atomic
from genai_build.model import Corpus, corpus_json_schema
from genai_build.writers.base import WriteContext, Written


def corpus_to_json(corpus: Corpus) -> str:
    return json.dumps(corpus.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


CORPUS_JSON = "corpus.json"
SCHEMA_JSON = "corpus.schema.json"


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    return Written((
        write_text_atomic(ctx.out_dir / CORPUS_JSON, corpus_to_json(corpus)),
        write_text_atomic(ctx.out_dir / SCHEMA_JSON, json.dumps(corpus_json_schema(), indent=2) + "\n"),
    ))

