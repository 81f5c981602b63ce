"""Answer Markdown to safe HTML, shared by the writers that need HTML (PDF, Anki, EPUB).

Raw HTML in the dumps is escaped, never passed through; images are remote in the dumps, so
they become a caption with a link and are never fetched; code is highlighted by Pygments
at build time (class-based, so each edition's CSS picks colours that suit it).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_CSS_CLASS = "codehilite"
# Lists nested this deep are kept by every edition (markdown-it's own default, 20 levels of
# blocks, cut them silently after 9); deeper items are cut, with a warning at read time
# (readers/checks.py). A bound stays: each level is a few frames of recursion downstream.
MAX_LIST_DEPTH = 32
MAX_NESTING = 2 * MAX_LIST_DEPTH + 2  # a list and its item per level, then the item's paragraph


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """One <pre class="codehilite"><code> block; markdown-it keeps markup that starts with <pre as it is."""
    name = lang.strip().split()[0] if lang.strip() else ""
    try:
        lexer = get_lexer_by_name(name) if name else None
    except ClassNotFound:
        lexer = None
    language = f' class="language-{escape(name, quote=True)}"' if name else ""
    body = highlight(code, lexer, HtmlFormatter(nowrap=True)) if lexer else escape(code)
    return f'<pre class="{CODE_CSS_CLASS}"><code{language}>{body}</code></pre>\n'


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    caption = self.renderInlineAsText(token.children or [], options, env) or "image"
    return (f'<span class="remote-image">Figure: {escape(caption)} '
            f'(<a href="{escape(src, quote=True)}">image online</a>)</span>')


@lru_cache(maxsize=8)
def _parser(heading_offset: int) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "highlight": _highlight,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    if heading_offset:
        def heading_open(self, tokens, idx, options, env):
            token = tokens[idx]
            level = min(6, int(token.tag[1]) + heading_offset)
            token.tag = f"h{level}"
            return self.renderToken(tokens, idx, options, env)
        md.add_render_rule("heading_open", heading_open)
        md.add_render_rule("heading_close", heading_open)
    return md


def markdown_to_html(text: str, heading_offset: int = 0) -> str:
    """Render answer Markdown as an HTML fragment; headings shifted down by `heading_offset`."""
    return _parser(heading_offset).render(text)


def pygments_css(style: str = "default", selector: str = f".{CODE_CSS_CLASS}") -> str:
    return HtmlFormatter(style=style).get_style_defs(selector)
