"""The PDF handbook: Jinja HTML + CSS laid out by WeasyPrint. Only local files are ever loaded."""

from __future__ import annotations

from pathlib import Path

from genai_build.diagnostics import BuildError, error
from genai_build.fsutil import atomic_path
from genai_build.model import Corpus
from genai_build.render import markdown_to_html
from genai_build.writers.base import WriteContext, Writer
from genai_build.writers.templating import environment, render_template

PDF_NAME = "genai-interview-handbook.pdf"


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # Pango/HarfBuzz missing: say what to install
        raise BuildError([error("system.pango", f"WeasyPrint cannot load its system libraries ({exc}); install them: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (Debian/Ubuntu) or brew install pango (macOS)")]) from exc
    return weasyprint


def local_only_fetcher():
    """A URL fetcher that refuses everything but local files and data: URLs — the build never goes online."""
    from weasyprint.urls import URLFetcher
    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False, timeout=1)


def render_html(corpus: Corpus, ctx: WriteContext) -> str:
    env = environment(ctx.template_dir("pdf"), html=True)
    env.filters["markdown"] = lambda text: markdown_to_html(text, heading_offset=2)
    return render_template(env, "book.html.j2", corpus=corpus)


def write(corpus: Corpus, ctx: WriteContext) -> list[Path]:
    weasyprint = _weasyprint()
    html = render_html(corpus, ctx)
    document = weasyprint.HTML(string=html, base_url=str(ctx.template_dir("pdf")) + "/", url_fetcher=local_only_fetcher())
    target = ctx.out_dir / PDF_NAME
    with atomic_path(target) as tmp:
        document.write_pdf(tmp, pdf_identifier=corpus.book.identifier.encode(), uncompressed_pdf=False)
    return [target]


WRITER = Writer("pdf", f"PDF handbook (build/{PDF_NAME})", write, (PDF_NAME,))
