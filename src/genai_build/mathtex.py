"""LaTeX math in answers: found once when answer Markdown is parsed, rendered per edition.

The dumps write formulas as `$…$` and `$$…$$` (GitHub's `` $`…`$ `` too) or, as MathJax pages do, `\\(…\\)` and
`\\[…\\]` (some with the backslashes doubled, `\\\\(…\\\\)`, as they were escaped for Markdown).
`math_plugin` teaches markdown-it all of them; a formula becomes a token (`math_inline`, or
`math_inline_double` / `math_block` when it is displayed) holding its TeX source. Each edition
renders that token its own way, with one of the functions below, all pure and offline:

- PDF: `svg_image` — an SVG drawn by ziamath (pure Python, with its own STIX Two Math font in
  the wheel; WeasyPrint draws SVG but not MathML), as an <img> whose alt text is the TeX;
- EPUB 3: `mathml` — MathML by latex2mathml, with the TeX as its alttext;
- Anki: `anki_mathjax` — `\\(…\\)` / `\\[…\\]`, which Anki's own MathJax typesets on the card;
- GitHub Markdown: `gfm_math` — `$…$` (or `` $`…`$ `` when GitHub's Markdown would eat a
  character of it) and `$$…$$` blocks, which GitHub typesets.

A formula a renderer cannot handle is shown as its TeX source, never dropped.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from html import escape
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

# (tex, display) -> HTML (or Markdown, for gfm_math)
MathRenderer = Callable[[str, bool], str]
MATH_TOKENS = {"math_inline": False, "math_inline_double": True, "math_block": True, "math_block_label": True}

# \( … \) and \[ … \], backslashes single or doubled (the same on both sides); a display
# formula may run over the lines of its paragraph.
_BRACKETS = re.compile(r"(\\{1,2})(\(|\[)(.+?)\1(\)|\])", re.DOTALL)
_CLOSING = {"(": ")", "[": "]"}
# A displayed `\[` ends its line, as MathJax authors write it: "\[1\]" or "footnote\[^1\]" on
# one line are escaped brackets (as any Markdown writer escapes them), not formulas.
_DISPLAY_OPENS_LINE = re.compile(r"[ \t]*\n")


def _bracket_math(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "\\":
        return False
    match = _BRACKETS.match(state.src, state.pos)
    if not match or _CLOSING[match.group(2)] != match.group(4) or not match.group(3).strip():
        return False
    if match.group(2) == "[" and not _DISPLAY_OPENS_LINE.match(state.src, match.start(3)):
        return False
    if not silent:
        display = match.group(2) == "["
        token = state.push("math_inline_double" if display else "math_inline", "math", 0)
        token.content = match.group(3).strip()
        token.markup = match.group(1) + match.group(2)
    state.pos = match.end()
    return True


# GitHub's (and GitLab's) inline form, $`…`$: the formula is a code span, read literally.
_CODE_FORM = re.compile(r"\$(`+)(.+?)\1\$", re.DOTALL)


def _code_form_math(state: StateInline, silent: bool) -> bool:
    match = _CODE_FORM.match(state.src, state.pos) if state.src[state.pos] == "$" else None
    if not match or not match.group(2).strip():
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = match.group(2).strip()
        token.markup = "$" + match.group(1)
    state.pos = match.end()
    return True


def _outside_code(rule):
    """A `$…$` rule that gives up when the span would cross a code span's backtick
    ("costs $10, and `$x$` in code": the first `$` opens no formula)."""
    def guarded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):
            return False
        crosses = "`" in state.src[start:state.pos]
        state.pos = start
        return not crosses and rule(state, silent)
    return guarded


def math_plugin(md: MarkdownIt) -> None:
    """Parse every way the dumps write formulas (see the module docstring) into math tokens.

    As in pandoc, a `$` next to a digit or a space is money, not math ("costs $5 and $10")."""
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True, allow_labels=False,
                      allow_blank_lines=False)
    rules = md.inline.ruler
    rules.at("math_inline", _outside_code(rules.__rules__[rules.__find__("math_inline")].fn))
    md.inline.ruler.before("escape", "math_brackets", _bracket_math)
    md.inline.ruler.before("math_inline", "math_code_form", _code_form_math)


def add_math_rules(md: MarkdownIt, render: MathRenderer) -> None:
    """Render every math token of `md` with `render(tex, display)`."""
    for kind, display in MATH_TOKENS.items():
        def rule(self, tokens, idx, options, env, display=display):
            html = render(str(tokens[idx].content).strip(), display)
            return html + "\n" if tokens[idx].block else html
        md.add_render_rule(kind, rule)


def tex_source(tex: str, display: bool) -> str:
    """The formula's TeX as text, in MathJax delimiters (HTML-escaped): the fallback everywhere."""
    return escape(f"\\[{tex}\\]" if display else f"\\({tex}\\)")


def anki_mathjax(tex: str, display: bool) -> str:
    """For Anki cards: Anki's own MathJax typesets `\\(…\\)` and `\\[…\\]` (HTML-escaped, as in any field)."""
    return tex_source(tex, display)


@lru_cache(maxsize=4096)
def mathml(tex: str, display: bool) -> str:
    """MathML for EPUB 3, with the TeX as its alttext; the source as text if it cannot be converted."""
    from latex2mathml.converter import convert
    try:
        markup = convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds of error on TeX it does not know
        return f'<code class="math-source">{tex_source(tex, display)}</code>'
    return markup.replace("<math ", f'<math alttext="{escape(tex, quote=True)}" ', 1)


# ziamath draws at this size in px; the image is then sized in em, so it follows the text.
_SVG_SIZE = 24.0
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


@lru_cache(maxsize=4096)
def svg_image(tex: str, display: bool) -> str:
    """An <img> of the formula drawn as SVG (for WeasyPrint), sized in em and set on the baseline."""
    import ziamath
    ziamath.config.svg2 = False  # plain paths: no <symbol>/<use> for the SVG renderer to resolve
    try:
        svg = ziamath.Latex(tex, size=_SVG_SIZE, inline=not display).svg()
    except Exception:  # noqa: BLE001 - an unknown command: show the source
        return f'<code class="math-source">{tex_source(tex, display)}</code>'
    box = _VIEWBOX.search(svg)
    if box is None:
        return f'<code class="math-source">{tex_source(tex, display)}</code>'
    _, top, width, height = (float(v) for v in box.groups())
    em = lambda px: f"{px / _SVG_SIZE:.3f}em"  # noqa: E731
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    style = f"width:{em(width)};height:{em(height)};vertical-align:{em(-(height + top))}"
    img = (f'<img class="math" alt="{escape(tex, quote=True)}" style="{style}" '
           f'src="data:image/svg+xml;base64,{data}">')
    return f'<span class="math-display">{img}</span>' if display else img


# What GitHub's Markdown would read inside `$…$` before its math does.
_GFM_UNSAFE = re.compile(r"[\\`*_\[\]<>&|~{}$]")


def gfm_safe(tex: str) -> bool:
    """Whether `$tex$` reaches GitHub's math as written (nothing Markdown would read first)."""
    return not _GFM_UNSAFE.search(tex) and tex == tex.strip()


def gfm_math(tex: str, display: bool) -> str:
    """The formula as GitHub Markdown: a ```math block for display; inline `$…$`, or
    `` $`…`$ `` (GitHub's code-span form) when a character of it would be read as Markdown."""
    if display:
        body = "\n".join(line.strip() for line in tex.strip().splitlines())
        fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", body)), default=0) + 1)
        return f"{fence}math\n{body}\n{fence}"
    tex = " ".join(tex.split())
    if gfm_safe(tex):
        return f"${tex}$"
    if "`" in tex:  # GitHub's code-span form cannot hold a backtick (no TeX needs one): shown as written
        return "".join("\\" + c if c in "\\`*_[]<>#$|~&!" else c for c in f"${tex}$")
    return f"$`{tex}`$"
