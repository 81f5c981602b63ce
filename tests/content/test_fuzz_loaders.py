"""Fuzz: whatever the configuration files hold, loading them ends in a result or a diagnostic, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_build.content import load_book, load_content, load_sources, parse_curation, parse_lock
from genai_build.diagnostics import BuildError
from genai_build.readers import READERS

KEYS = ["title", "subjects", "sources", "file", "reader", "options", "topics", "id", "keywords", "strong", "fallback",
        "sections", "tags", "decisions", "drop", "merge", "merge_into", "split", "answer", "difficulty", "version", "ids"]
SCALARS = ["x", "tiny.md", "numbered-questions", "true", "null", "1", "2.5", "[]", "{}", "[a, b]", "{a: 1}", "&a x", "*a",
           "!!binary aGk=", "!!python/object:os.system x", "2026-01-01", "'q'", '"\\u0000"', "|\n    text", "- x", "~", "<<: *a"]
LINES = st.tuples(st.integers(0, 3), st.sampled_from(KEYS + ["- " + k for k in KEYS]), st.sampled_from(SCALARS)).map(
    lambda t: "  " * t[0] + f"{t[1]}: {t[2]}")
DOCUMENTS = st.one_of(st.lists(LINES, max_size=12).map("\n".join), st.text(max_size=200))


def loads_or_reports(load) -> None:
    try:
        load()
    except BuildError as exc:
        assert exc.diagnostics and all(d.is_error or d.level == "warning" for d in exc.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=DOCUMENTS, sources=DOCUMENTS, topics=DOCUMENTS, curation=DOCUMENTS)
def test_configuration_loaders_never_crash(tiny: Path, book, sources, topics, curation):
    content = tiny / "content"
    for name, text in (("book.yaml", book), ("sources.yaml", sources), ("topics.yaml", topics), ("curation.yaml", curation)):
        (content / name).write_text(text, encoding="utf-8")
    loads_or_reports(lambda: load_book(content))
    loads_or_reports(lambda: load_sources(content, READERS.keys()))
    loads_or_reports(lambda: load_content(content))
    loads_or_reports(lambda: parse_curation(curation, "content/curation.yaml"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20).map(lambda v: json.dumps({"version": 1, "ids": v}))))
def test_lock_parser_never_crashes(text):
    _, problems = parse_lock(text, "content/ids.lock")
    assert all(d.is_error for d in problems)
