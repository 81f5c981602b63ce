"""The EPUB 3 edition: Jinja HTML converted by pandoc (from the pypandoc-binary wheel)."""

from __future__ import annotations

import os
from pathlib import Path

import pypandoc

from genai_build.fsutil import atomic_path
from genai_build.model import Corpus
from genai_build.render import markdown_to_html
from genai_build.writers.base import WriteContext, Writer
from genai_build.writers.templating import environment, render_template

EPUB_NAME = "genai-interview-handbook.epub"


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    env = environment(ctx.template_dir("epub"), html=True)
    env.filters["markdown"] = lambda text: markdown_to_html(text, heading_offset=2)
    html = render_template(env, "book.html.j2", corpus=corpus)
    target = ctx.out_dir / EPUB_NAME
    os.environ["SOURCE_DATE_EPOCH"] = str(ctx.epoch)
    with atomic_path(target) as tmp:
        pypandoc.convert_text(
            html, "epub3", format="html", outputfile=str(tmp),
            extra_args=[f"--metadata=title:{corpus.book.title}", f"--metadata=lang:{corpus.book.language}",
                        f"--metadata=identifier:{corpus.book.identifier}", "--split-level=1"],
        )
    return [target]


WRITER = Writer("epub", f"EPUB 3 (build/{EPUB_NAME})", write, (EPUB_NAME,))
