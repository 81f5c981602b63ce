"""The Markdown writer's entry for writers.WRITERS: the tree for GitHub under build/markdown/."""

from genai_build.writers.base import ReadBack, Writer
from genai_build.writers.markdown.readback import ids_in_markdown
from genai_build.writers.markdown.writer import OUT_DIR, write
from genai_build.writers.templating import LIBRARIES as TEMPLATING

WRITER = Writer("markdown", "Markdown tree for GitHub (build/markdown/)", write, (OUT_DIR,),
                read_back=ReadBack(OUT_DIR, ids_in_markdown),
                libraries=(*TEMPLATING, "markdown-it-py", "mdit-py-plugins"))

__all__ = ["WRITER"]
