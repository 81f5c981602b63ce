"""End to end: the real content built into every output in a scratch folder."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import jsonschema
import pytest


pytestmark = pytest.mark.slow


def test_every_output_is_written(built):
    for name in ("corpus.json", "corpus.schema.json", "genai-interview-handbook.pdf",
                 "genai-interview-handbook.epub", "anki/genai-interview-handbook.apkg", "markdown/README.md"):
        assert (built / name).stat().st_size > 0, name


def test_corpus_validates_against_its_schema(built):
    corpus = json.loads((built / "corpus.json").read_text())
    schema = json.loads((built / "corpus.schema.json").read_text())
    jsonschema.validate(corpus, schema)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.findall(r"[a-z0-9]+", text)


def test_every_provenance_points_at_its_question(built, project_root):
    corpus = json.loads((built / "corpus.json").read_text())
    sources = project_root / "content" / "sources"
    lines = {p.name: p.read_text(encoding="utf-8").split("\n") for p in sources.iterdir() if p.is_file()}
    assert corpus["questions"]
    for question in corpus["questions"]:
        assert question["provenance"]
        for prov in question["provenance"]:
            assert prov["source"] in lines, prov
            # the first words of the question stand on the line it names (the PDF dump spreads
            # words over following lines, so look a few lines on)
            text = lines[prov["source"]]
            window_lines = text[prov["line"] - 1: prov["line"] + 12]
            if "---" in (l.strip() for l in window_lines):  # cut by a chunk seam: the next chunk repeats it
                window_lines = text[prov["line"] - 1: prov["line"] + 200]
            window = " ".join(window_lines)
            first = _words(prov["question"])[:2]
            assert " ".join(first) in " ".join(_words(window)), (prov, window[:200])
