"""Answer Markdown to safe HTML, shared by the writers that need HTML (PDF, Anki, EPUB).

Raw HTML in the dumps is escaped, never passed through; images are remote in the dumps, so
they become a caption with a link and are never fetched; links and images relative to a
dump keep only their text (they would resolve on the build machine); code is highlighted by Pygments
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

from genai_build.mathtex import MathRenderer, add_math_rules, math_plugin, tex_source

CODE_CSS_CLASS = "codehilite"
# Lists nested this deep are kept by every edition (markdown-it's own default, 20 levels of
# blocks, cut them silently after 9); deeper items are cut, with a warning at read time
# (readers/checks.py). A bound stays: each level is a few frames of recursion downstream.
MAX_LIST_DEPTH = 32
MAX_NESTING = 2 * MAX_LIST_DEPTH + 2  # a list and its item per level, then the item's paragraph
LIBRARIES = ("markdown-it-py", "pygments")  # what shapes the HTML made here (for the writers' cache keys)


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


WEB_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


def is_web(url: str) -> bool:
    """Whether a link of a dump leads somewhere for a reader. Anything else (a path relative to
    the dump, an anchor into it, file:) would be resolved on the build machine: a dead link
    that leaks the builder's folder into the book."""
    return url.strip().lower().startswith(WEB_SCHEMES)


def _render_image(self, tokens, idx, options, env) -> str:
    """A caption and a link to the image online; inside a link (a linked badge) the image's own
    link follows the outer one, as links cannot nest."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    caption = self.renderInlineAsText(token.children or [], options, env) or "image"
    if not is_web(src):
        return f'<span class="remote-image">Figure: {escape(caption)} (image not included)</span>'
    online = f'<a href="{escape(src, quote=True)}">image online</a>'
    if env.get("web_link"):
        env.setdefault("images_in_link", []).append(online)
        return f'<span class="remote-image">Figure: {escape(caption)}</span>'
    return f'<span class="remote-image">Figure: {escape(caption)} ({online})</span>'


def _render_link_open(self, tokens, idx, options, env) -> str:
    """A web link as it is; any other link keeps only its text (links cannot nest, so the
    matching link_close is the next one)."""
    if is_web(tokens[idx].attrGet("href") or ""):
        env["web_link"] = True
        return self.renderToken(tokens, idx, options, env)
    env["text_only_link"] = True
    return ""


def _render_link_close(self, tokens, idx, options, env) -> str:
    if env.pop("text_only_link", False):
        return ""
    env.pop("web_link", None)
    images = env.pop("images_in_link", [])
    return self.renderToken(tokens, idx, options, env) + (f" ({', '.join(images)})" if images else "")


@lru_cache(maxsize=16)
def _parser(heading_offset: int, math: MathRenderer) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "highlight": _highlight,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(math_plugin)
    add_math_rules(md, math)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("link_close", _render_link_close)
    if heading_offset:
        def heading_open(self, tokens, idx, options, env):
            token = tokens[idx]
            level = min(6, int(token.tag[1]) + heading_offset)
            token.tag = f"h{level}"
            return self.renderToken(tokens, idx, options, env)
        md.add_render_rule("heading_open", heading_open)
        md.add_render_rule("heading_close", heading_open)
    return md


def markdown_to_html(text: str, heading_offset: int = 0, math: MathRenderer = tex_source) -> str:
    """Render answer Markdown as an HTML fragment; headings shifted down by `heading_offset`;
    formulas rendered by `math` (mathtex.py: SVG, MathML or MathJax delimiters; by default
    their TeX source as text)."""
    return _parser(heading_offset, math).render(text)


def pygments_css(style: str = "default", selector: str = f".{CODE_CSS_CLASS}") -> str:
    return HtmlFormatter(style=style).get_style_defs(selector)
