"""The public contract: build/corpus.json and build/corpus.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

from genai_build.fsutil import write_text_atomic
from genai_build.model import Corpus, corpus_json_schema
from genai_build.writers.base import WriteContext, Writer


def corpus_to_json(corpus: Corpus) -> str:
    return json.dumps(corpus.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    return [
        write_text_atomic(ctx.out_dir / "corpus.json", corpus_to_json(corpus)),
        write_text_atomic(ctx.out_dir / "corpus.schema.json", json.dumps(corpus_json_schema(), indent=2) + "\n"),
    ]


WRITER = Writer("corpus", "build/corpus.json and its JSON schema", write, ("corpus.json", "corpus.schema.json"))
