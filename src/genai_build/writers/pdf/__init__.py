"""The PDF writer's entry for writers.WRITERS: build/genai-interview-handbook.pdf, laid out by WeasyPrint."""

from genai_build.render import LIBRARIES as RENDER
from genai_build.writers.base import ReadBack, Writer
from genai_build.writers.pdf.readback import ids_in_pdf
from genai_build.writers.pdf.writer import PDF_NAME, write
from genai_build.writers.templating import LIBRARIES as TEMPLATING

WRITER = Writer("pdf", f"PDF handbook (build/{PDF_NAME})", write, (PDF_NAME,),
                read_back=ReadBack(PDF_NAME, ids_in_pdf),
                # WeasyPrint and what it lays out and writes with; pikepdf joins the parts
                libraries=(*RENDER, *TEMPLATING, "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pikepdf"))

__all__ = ["WRITER"]
