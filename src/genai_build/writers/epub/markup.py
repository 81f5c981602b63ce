"""The EPUB's inputs for pandoc: pandoc Markdown, its metadata, the CSS and the cover (cover.py).

Pure functions from the corpus to strings. Headings are pandoc Markdown (so pandoc builds
the nav, the chapter files and the anchors); everything under a heading is XHTML rendered by
Jinja. Pandoc is given only a placeholder for each of those bodies (a raw block holding an
XML comment) and package.py puts the bodies into the chapter files pandoc wrote: pandoc's
EPUB writer parses and re-encodes every raw HTML block it is given, which cost two thirds of
its time and held some 70 bytes of memory per byte of HTML (4 GB at 16 times the book). So
the answer HTML from render.py, with its Pygments classes, reaches the reader untouched. That HTML (headings renumbered to fit under
the question's heading without skipping a level) is made safe for EPUB here:
characters XML forbids are dropped (render.py already keeps only the text of links that
could only point inside a web site, and formulas become MathML with their TeX as alt text).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from genai_build.model import Corpus, Question, Topic
from genai_build.mathtex import mathml
from genai_build.render import markdown_to_html
from genai_build.writers.templating import environment, render_template

# Anchors the book adds itself contain "_", which a question id (a slug) never does: no clash.
ABOUT_ANCHOR = "book_about"
SOURCES_ANCHOR = "book_sources"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


@dataclass(frozen=True)
class Chapter:
    """A run of consecutive questions of one topic: one chapter file of the EPUB."""

    anchor: str
    topic: Topic
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class EpubInputs:
    """Everything pandoc reads, as text, keyed by the file name pandoc is given, and the XHTML
    bodies its placeholders stand for."""

    book_md: str  # with a placeholder for each body
    metadata_yaml: str
    css: str
    cover_png: bytes
    bodies: tuple[str, ...] = ()

    def full_markdown(self) -> str:
        """book.md with every body in place of its placeholder, as if pandoc were given the whole book."""
        return fill_placeholders(self.book_md, self.bodies, raw_html_block)

    def files(self) -> dict[str, bytes]:
        return {"book.md": self.book_md.encode("utf-8"), "metadata.yaml": self.metadata_yaml.encode("utf-8"),
                "book.css": self.css.encode("utf-8"), "cover.png": self.cover_png}


def chapters(corpus: Corpus) -> tuple[Chapter, ...]:
    """Chapters in book order: each maximal run of same-topic questions, so the order is the corpus order."""
    topics = {t.id: t for t in corpus.topics}
    runs: list[list[Question]] = []
    for q in corpus.questions:
        if runs and runs[-1][0].topic == q.topic:
            runs[-1].append(q)
        else:
            runs.append([q])
    seen: dict[str, int] = {}
    result = []
    for run in runs:
        topic_id = run[0].topic
        seen[topic_id] = seen.get(topic_id, 0) + 1
        suffix = "" if seen[topic_id] == 1 else f"_{seen[topic_id]}"
        result.append(Chapter(f"topic_{topic_id}{suffix}", topics[topic_id], tuple(run)))
    return tuple(result)


def xml_text(text: str) -> str:
    """Drop the characters XML 1.0 forbids (form feeds and other controls from PDF extractions)."""
    return _XML_INVALID.sub("", text)


def md_inline(text: str) -> str:
    """Plain text as pandoc Markdown inline text: one line, every ASCII punctuation escaped."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(xml_text(text).split()))


def yaml_string(text: str) -> str:
    """A YAML scalar that pandoc reads back as exactly this plain text (its metadata is Markdown)."""
    return json.dumps(md_inline(text), ensure_ascii=False)


def pandoc_keeps_id(anchor: str) -> bool:
    """pandoc's EPUB writer prefixes "id_" to ids that do not start with a letter (question ids may start with a digit)."""
    return anchor[:1].isascii() and anchor[:1].isalpha()


def heading_attributes(anchor: str, *extra: str) -> str:
    """pandoc's heading attributes `{#anchor ...}` (written here: `{#` opens a Jinja comment)."""
    return "{" + " ".join((f"#{anchor}", *extra)) + "}"


def raw_html_block(html: str) -> str:
    """A pandoc raw block: copied verbatim into the chapter XHTML; the fence outlasts any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", html)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{{=html}}\n{html.strip()}\n{fence}"


_PLACEHOLDER = re.compile(r"```\{=html\}\n<!--genai-body:(\d+)-->\n```|<!--genai-body:(\d+)-->")


class Bodies:
    """The XHTML bodies of the book in order; each stands in book.md as a placeholder pandoc keeps."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def placeholder(self, html: str) -> str:
        self.items.append(html.strip())
        return raw_html_block(f"<!--genai-body:{len(self.items) - 1}-->")


def fill_placeholders(text: str, bodies: Sequence[str], fill: Callable[[str], str] = lambda html: html) -> str:
    """`text` with each placeholder (the raw block in book.md, or the comment pandoc copied into a
    chapter file) replaced by fill(its body)."""
    def body(match: re.Match) -> str:
        return fill(bodies[int(match.group(1) or match.group(2))])
    return _PLACEHOLDER.sub(body, text)


def epub_safe_html(html: str) -> str:
    """render.py's HTML made valid, self-contained EPUB XHTML (see the module docstring);
    each table in a box that scrolls sideways, so a wide one is never clipped on a small screen."""
    html = html.replace("<table>", '<div class="table-scroll"><table>').replace("</table>", "</table></div>")
    return xml_text(html)


def renumber_headings(html: str, top: int) -> str:
    """Answer headings moved to start at `top` and closed up, so no level is skipped under the question's h2."""
    levels = sorted({int(level) for _, level in _HEADING_TAG.findall(html)})
    new_level = {level: min(6, top + rank) for rank, level in enumerate(levels)}
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{new_level[int(m.group(2))]}>", html)


def answer_html(markdown: str, top_heading: int = 3) -> str:
    """An answer as EPUB XHTML; its headings start at `top_heading` (h3 under a question, h4 under "Other answers")."""
    return renumber_headings(epub_safe_html(markdown_to_html(markdown, math=mathml)), top_heading)


def wrap_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Text wrapped for the cover; past `max_lines` it is cut with an ellipsis (the full text is on the title page)."""
    lines = textwrap.wrap(" ".join(xml_text(text).split()), width=width, break_long_words=True) or [""]
    return lines if len(lines) <= max_lines else [*lines[:max_lines - 1], lines[max_lines - 1] + " …"]


@dataclass(frozen=True)
class CoverLayout:
    title_lines: list[str]
    title_size: int  # font size and line step in pixels, on a 1600 × 2560 cover
    title_step: int
    subtitle_lines: list[str]


def cover_layout(title: str, subtitle: str) -> CoverLayout:
    """Big type for a short title, smaller type for a long one, so the cover never overflows."""
    if len(wrap_lines(title, 16, 99)) <= 4:
        return CoverLayout(wrap_lines(title, 16, 4), 140, 170, wrap_lines(subtitle, 34, 5))
    return CoverLayout(wrap_lines(title, 24, 6), 96, 116, wrap_lines(subtitle, 34, 5))


def source_titles(corpus: Corpus) -> dict[str, str]:
    """Dump file name → its title, for attributions (the file name only when a dump has no title)."""
    return {s.file: s.title or s.file for s in corpus.sources}


def attribution(question: Question, titles: dict[str, str]) -> list[str]:
    """Titles of the dumps that ask the question, each once, in provenance order."""
    return list(dict.fromkeys(titles.get(p.source, p.source) for p in question.provenance))


def render_inputs(corpus: Corpus, template_dir: Path) -> EpubInputs:
    """Render every input of the EPUB from the corpus and templates/epub/."""
    from genai_build.writers.epub.cover import cover_png  # cover.py reads CoverLayout from here
    html_env = environment(template_dir, html=True)
    html_env.filters["answer"] = answer_html
    html_env.filters["xml_text"] = xml_text
    html_env.globals["attribution"] = attribution
    html_env.globals["pandoc_keeps_id"] = pandoc_keeps_id
    text_env = environment(template_dir, html=False)
    text_env.filters["md"] = md_inline
    text_env.filters["yaml"] = yaml_string
    text_env.filters["attributes"] = heading_attributes
    bodies = Bodies()
    text_env.globals["html"] = lambda name, **values: bodies.placeholder(render_template(html_env, name, **values))
    values = {"corpus": corpus, "book": corpus.book, "titles": source_titles(corpus),
              "about_anchor": ABOUT_ANCHOR, "sources_anchor": SOURCES_ANCHOR}
    book_md = render_template(text_env, "book.md.j2", chapters=chapters(corpus), **values)
    return EpubInputs(
        book_md=book_md,
        bodies=tuple(bodies.items),
        metadata_yaml=render_template(text_env, "metadata.yaml.j2", **values),
        css=(template_dir / "book.css").read_text(encoding="utf-8"),
        cover_png=cover_png(corpus.book, cover_layout(corpus.book.title, corpus.book.subtitle),
                            len(corpus.questions), len(corpus.sources)),
    )
