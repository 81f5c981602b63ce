"""The EPUB 3 edition: the corpus rendered by Jinja (templates/epub/) and packaged by pandoc.

Pandoc comes from the pypandoc-binary wheel, but is run as a subprocess rather than through
pypandoc so that SOURCE_DATE_EPOCH reaches it in its own environment (it fixes the
modification date and every zip entry time) without touching this process's environment.
It runs with an empty data directory and only files we wrote, so nothing outside the build
can change the output, and the input holds no <img> at all (render.py turns remote images into
captions with links), so pandoc's EPUB writer has nothing to download.
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable

from genai_build import children
from genai_build.diagnostics import BuildError, error, warning
from genai_build.fsutil import atomic_path
from genai_build.model import Corpus
from genai_build.scheduling import handed_off
from genai_build.writers.base import WriteContext, Written
from genai_build.writers.epub.markup import EpubInputs, render_inputs, xml_text
from genai_build.writers.epub.package import fill_bodies

EPUB_NAME = "genai-interview-handbook.epub"
PANDOC_TEMPLATE = "pandoc-epub3.xhtml"
# pandoc Markdown, minus what would reinterpret our text: smart quotes, figures, made-up ids, TeX math.
PANDOC_FROM = "markdown-smart-implicit_figures-auto_identifiers-tex_math_dollars-citations"
PANDOC_TIMEOUT_S = 300  # of pandoc's own CPU time: niced beside a long PDF layout it may wait far longer
PANDOC_WALL_LIMIT_S = 3600  # and of the clock, for a pandoc that waits on nothing (or where its CPU time is unknown)


def pandoc_path() -> str:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise BuildError([error("system.pandoc", f"pandoc is not available ({exc}); install it with: pip install 'pypandoc-binary>=1.16.2'")]) from exc


def pandoc_arguments(work: Path, template: Path, output: Path, document_title: str) -> list[str]:
    """The pandoc command line (without the program) for the inputs written in `work`."""
    return [
        str(work / "book.md"), f"--from={PANDOC_FROM}", "--to=epub3", f"--output={output}",
        f"--data-dir={work / 'pandoc-data'}", f"--resource-path={work}",
        f"--metadata-file={work / 'metadata.yaml'}", f"--template={template}",
        f"--css={work / 'book.css'}", f"--epub-cover-image={work / 'cover.png'}",
        "--epub-title-page=true", "--toc-depth=2", "--split-level=1",
        # no --toc: the nav (every chapter and question) is still written and offered by the
        # reading system's contents menu, but is not a page of the reading order before chapter 1
        "--syntax-highlighting=none",  # code is highlighted by Pygments and coloured by book.css
        # pandoc titles each chapter file "ch001.xhtml"; a reader's screen reader should hear the book's title.
        # Variables reach the template verbatim, hence escaped here.
        f"--variable=document-title:{html.escape(xml_text(document_title), quote=True)}",
    ]


def pandoc_environment(epoch: int) -> dict[str, str]:
    """A small, fixed environment: the build timestamp and a UTF-8 locale, nothing inherited that could vary."""
    return {"SOURCE_DATE_EPOCH": str(epoch), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}


def _child_setup(parent: int) -> Callable[[], None]:
    """Run in pandoc's process before it starts: die with the build, and run at a lower priority:
    during a full build it then takes the cores the PDF layout leaves idle instead of slowing it
    down; alone, it runs as fast as ever."""
    def setup() -> None:
        children.die_with_parent(parent)
        if hasattr(os, "nice"):
            os.nice(10)
    return setup


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process (Linux's /proc), None where it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def communicate_within(process: subprocess.Popen, cpu_limit: float, wall_limit: float) -> str:
    """Wait for the process and return its stderr; TimeoutExpired once it has used `cpu_limit`
    seconds of CPU (a hang), or after `wall_limit` seconds of the clock. A process the machine
    starves (pandoc niced beside the PDF's layout, on a loaded machine) is not a hang."""
    started = time.monotonic()
    while True:
        try:
            return process.communicate(timeout=1)[1]
        except subprocess.TimeoutExpired:
            used = cpu_seconds(process.pid)
            waited = time.monotonic() - started
            if waited > wall_limit or (used if used is not None else waited) > cpu_limit:
                raise


def run_pandoc(inputs: EpubInputs, template: Path, output: Path, epoch: int, document_title: str,
               launched: Callable[[], None] = lambda: None) -> list[str]:
    """Write the inputs to a scratch folder, let pandoc package the EPUB and put the bodies into it
    (package.py); return pandoc's warnings.

    `launched` is called as pandoc starts."""
    # the scratch folder sits beside the output, in the build's staging folder: even after kill -9
    # nothing is left behind for long, since the next build clears the staging folder
    with tempfile.TemporaryDirectory(prefix=".genai-epub-", dir=output.parent) as scratch:
        work = Path(scratch)
        (work / "pandoc-data").mkdir()
        for name, text in inputs.files().items():
            (work / name).write_bytes(text)
        packaged = work / "packaged.epub"
        launched()
        children.check()
        try:
            with subprocess.Popen([pandoc_path(), *pandoc_arguments(work, template, packaged, document_title)], cwd=work,
                                  env=pandoc_environment(epoch), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, preexec_fn=_child_setup(os.getpid())) as pandoc:
                children.register(pandoc, pandoc.kill)  # a build called off stops pandoc at once
                try:
                    stderr = communicate_within(pandoc, PANDOC_TIMEOUT_S, PANDOC_WALL_LIMIT_S)
                except subprocess.TimeoutExpired:
                    pandoc.kill()
                    raise
                finally:
                    children.unregister(pandoc)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildError([error("epub.pandoc", f"pandoc could not run: {exc}")]) from exc
        children.check()
        if pandoc.returncode == -signal.SIGINT:
            # Ctrl-C reaches pandoc with the whole process group, sometimes before the build has
            # called itself off: the build was interrupted, pandoc did not fail
            raise KeyboardInterrupt
        if pandoc.returncode != 0:
            raise BuildError([error("epub.pandoc", f"pandoc failed (exit {pandoc.returncode}): {stderr.strip()}")])
        fill_bodies(packaged, output, inputs.bodies)
    return [line for line in stderr.splitlines() if line.strip()]


def write(corpus: Corpus, ctx: WriteContext) -> Written:
    template_dir = ctx.template_dir("epub")
    inputs = render_inputs(corpus, template_dir)
    target = ctx.out_dir / EPUB_NAME
    with atomic_path(target) as tmp:
        messages = run_pandoc(inputs, (template_dir / PANDOC_TEMPLATE).resolve(), tmp.resolve(), ctx.epoch, corpus.book.title, handed_off)
    return Written((target,), tuple(warning("epub.pandoc", message, str(target)) for message in messages))

