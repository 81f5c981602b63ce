"""The EPUB writer's entry for writers.WRITERS: build/genai-interview-handbook.epub, made by pandoc."""

from genai_build.render import LIBRARIES as RENDER
from genai_build.writers.base import ReadBack, Writer
from genai_build.writers.epub.readback import ids_in_epub
from genai_build.writers.epub.writer import EPUB_NAME, write
from genai_build.writers.templating import LIBRARIES as TEMPLATING

WRITER = Writer("epub", f"EPUB 3 (build/{EPUB_NAME})", write, (EPUB_NAME,),
                read_back=ReadBack(EPUB_NAME, ids_in_epub), libraries=(*RENDER, *TEMPLATING, "pypandoc-binary"))

__all__ = ["WRITER"]
