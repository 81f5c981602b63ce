"""LaTeX in answers, kept for Anki's own MathJax: `$…$` → `\\(…\\)`, `$$…$$` → `\\[…\\]`.

Anki typesets `\\(…\\)` and `\\[…\\]` in a card with the MathJax it ships (offline). The
Markdown renderer would eat the backslashes and read `_` and `*` inside a formula as emphasis,
so formulas are taken out of the Markdown before rendering and put back, HTML-escaped, after.
Dollar rules as pandoc's `tex_math_dollars`: the opening `$` has a non-space on its right, the
closing one a non-space on its left and no digit after it ("$5 and $10" stays text). Code
spans and fenced code blocks are left alone. This is the Anki writer's minimal conversion;
a shared one for every edition may replace it.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable

_CODE = re.compile(
    r"^[ \t]{0,3}(?P<mark>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}(?P=mark)[ \t]*$|\Z)"  # fenced block
    r"|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",  # code span
    re.MULTILINE | re.DOTALL,
)
_MATH = re.compile(
    r"(?P<escaped>\\\$)"
    r"|\$\$(?P<display>.+?)\$\$"
    r"|\\\[(?P<display2>.+?)\\\]"
    r"|\\\((?P<inline2>.+?)\\\)"
    r"|(?<![\w$])\$(?=\S)(?P<inline>[^$\n]+?)(?<=[^\s\\])\$(?![\d$])",
    re.DOTALL,
)
_CODE_TOKEN = "GICODETOKEN{}X"
_CODE_TOKEN_RE = re.compile(r"GICODETOKEN(\d+)X")
_TOKEN = "GIMATHTOKEN{}X"
_TOKEN_RE = re.compile(r"GIMATHTOKEN(\d+)X")


def render_with_math(markdown: str, render: Callable[[str], str]) -> str:
    """`render(markdown)` with every formula passed through intact as `\\(…\\)` or `\\[…\\]`."""
    formulas: list[str] = []
    code: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        code.append(match[0])
        return _CODE_TOKEN.format(len(code) - 1)

    def take(match: re.Match[str]) -> str:
        if match["escaped"] is not None:
            return match[0]
        display = match["display"] if match["display"] is not None else match["display2"]
        tex = display if display is not None else (match["inline"] if match["inline"] is not None else match["inline2"])
        opening, closing = ("\\[", "\\]") if display is not None else ("\\(", "\\)")
        formulas.append(f"{opening}{escape(tex.strip(), quote=False)}{closing}")
        return _TOKEN.format(len(formulas) - 1)

    if "$" not in markdown and "\\(" not in markdown and "\\[" not in markdown:
        return render(markdown)
    protected = _MATH.sub(take, _CODE.sub(keep_code, markdown))  # code first: a `$` inside code is not math
    protected = _CODE_TOKEN_RE.sub(lambda m: code[int(m[1])], protected)  # code goes back as it was, before rendering
    html = render(protected)
    if not formulas:
        return html
    return _TOKEN_RE.sub(lambda m: formulas[int(m[1])] if int(m[1]) < len(formulas) else m[0], html)
