"""The Markdown edition for GitHub: build/markdown/README.md and one file per topic."""

from __future__ import annotations

from pathlib import Path

from genai_build.fsutil import write_text_atomic
from genai_build.model import Corpus
from genai_build.writers.base import WriteContext, Writer
from genai_build.writers.templating import environment, render_template


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    env = environment(ctx.template_dir("markdown"), html=False)
    out = ctx.out_dir / "markdown"
    topics = corpus.topics_in_use()
    written = [write_text_atomic(out / "README.md", render_template(env, "index.md.j2", corpus=corpus, topics=topics))]
    for topic in topics:
        text = render_template(env, "topic.md.j2", corpus=corpus, topic=topic, questions=corpus.questions_in(topic.id))
        written.append(write_text_atomic(out / f"{topic.id}.md", text))
    return written


WRITER = Writer("markdown", "Markdown tree for GitHub (build/markdown/)", write, ("markdown",))
