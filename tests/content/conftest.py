"""A tiny project (three questions, the real book.yaml and topics.yaml) whose corpus loads in a blink."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DUMP = """\
# Basics

1. What is self-attention?
It relates every token to every other token.

2. What is a variational autoencoder?
An encoder, a latent distribution and a decoder.

3. What is retrieval-augmented generation?
Answering with retrieved documents in the prompt.
"""

SOURCES = """\
# the registry
sources:
  - file: tiny.md
    reader: numbered-questions
    title: Tiny
    owner: tests
"""

CURATION = """\
# Editorial decisions — this comment stays.
decisions:
  # a note on the first question
  self-attention:
    topic: transformers   # inline, stays too
"""

COMMENTS = ("# Editorial decisions — this comment stays.", "# a note on the first question", "# inline, stays too")


def make_tiny(root: Path) -> Path:
    content = root / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "tiny.md").write_text(DUMP, encoding="utf-8")
    (content / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    for name in ("book.yaml", "topics.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    (content / "curation.yaml").write_text(CURATION, encoding="utf-8")
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_tiny(tmp_path)


@pytest.fixture
def tiny_ids(tiny: Path) -> list[str]:
    from genai_build.pipeline import Project, load_corpus
    corpus = load_corpus(Project(tiny), 1_700_000_000)[0].corpus
    return [q.id for q in corpus.questions]
