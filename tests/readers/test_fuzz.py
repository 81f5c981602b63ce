"""Fuzzing the whole reading path (reader, furniture filter, shared checks) and the layout detector:
arbitrary text and shuffled pieces of every layout give questions and diagnostics naming the
file, never a traceback, and no HTML tag survives into a question or a section."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genai_build.diagnostics import BuildError
from genai_build.readers import READERS, run_reader
from genai_build.readers.base import SourceText
from genai_build.readers.detect import detect

PIECES = ["<details>", "<summary><b>1. What is MCP?</b></summary>", "</details>", "<summary>", "- **What is X?**",
          "- **Case Study: Y**", "**Q12. How does it work?**", "A: It works.", "[⬆ Back to Top](#table-of-contents)",
          '## 🧠 Topic <a id="topic"></a>', "### Q1. What is a KV cache?", "Would you like me to go on?", "Awesome 🔥",
          "*Good luck!*", "---", "", "    indented code?", "```", "~~~", "| a | b |", "| --- | --- |", "1. Step one.",
          "12. What is RAG?", "**Answer:**", "Q. What?", "## 3. **Cost**", "- [Intro](#intro)", "> [!NOTE]", "$$x^2$$",
          "Great question! Here are some:", "Beginner's Level", "setext heading?", "===", "<a name=x></a>", "\t- x"]
TEXTS = (st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
         | st.lists(st.sampled_from(PIECES), max_size=30).map("\n".join))
TAG = re.compile(r"</?(?:details|summary|b|a)\b[^>]*>")


def _check(result, text: str) -> None:
    lines = text.count("\n") + 1
    for question in result.questions:
        assert question.question.strip() and 1 <= question.line <= lines
        assert not TAG.search(question.question) and not any(TAG.search(part) for part in question.section)
    assert all(d.path == "fuzz.md" for d in result.diagnostics)


@pytest.mark.parametrize("reader", sorted(READERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_every_reader_with_the_shared_stages_never_crashes(reader, text):
    try:
        result = run_reader(reader, SourceText("fuzz.md", "fuzz.md", text), {})
    except BuildError as exc:
        assert exc.diagnostics and all(d.path == "fuzz.md" and d.is_error for d in exc.diagnostics)
        return
    _check(result, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_detection_never_crashes_and_is_deterministic(text):
    source = SourceText("fuzz.md", "fuzz.md", text)
    first = detect(source)
    if first.choice is not None:
        _check(first.choice.result, text)
        assert detect(source).choice.describe() == first.choice.describe()
