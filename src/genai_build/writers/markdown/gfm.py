"""Answer Markdown from the dumps, re-emitted as normalised GitHub-flavoured Markdown.

The Markdown edition owns this module. An answer is parsed with markdown-it-py (raw HTML
off, so `<tag>` in a dump is text) and written back from the syntax tree: every text is
escaped where GitHub would read it as Markdown, HTML, math or a table cell; headings are
moved below the question's level without skipping levels; lists use `-`, code is fenced
with a language tag (`text` when the dump names none); blocks are separated by one blank
line; bare URLs become `<autolinks>`; links that cannot resolve on GitHub (relative paths,
anchors into the dump) keep only their text; remote images become a caption and a link,
as in the other editions, so that nothing is fetched to show the page. Soft line breaks
become spaces: a paragraph is one line, so no line of text can start a block by accident.
Two lists or two quotes that follow each other come out as one (GitHub would otherwise
need a different bullet or an HTML comment to keep them apart); nothing else is merged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin
from mdit_py_plugins.gfm_autolink import index as gfm_autolink

from genai_build.render import MAX_NESTING

from genai_build.mathtex import gfm_math, gfm_safe, math_plugin

WEB_SCHEMES = ("http://", "https://", "mailto:", "ftp://")

# Characters that mean something to GitHub anywhere in a line: emphasis, code, links,
# raw HTML and autolinks, table cells, strikethrough (single tilde on GitHub), math.
_ALWAYS = re.compile(r"([\\`*\[\]<|~$])")
# `_` opens or closes emphasis only at a word edge; snake_case stays readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What would start a block at the beginning of a line: ATX heading, blockquote, list
# markers, setext underline, ordered list item.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)\s*$")
_URL_START = re.compile(r"(?i)\b(https?|ftp|www)([:.])")
_THEMATIC_BREAK = re.compile(r"^(?:-[ \t]*){3,}$")
_FENCE_INFO = re.compile(r"[^A-Za-z0-9_+#.-]")


# The longest bare URL recognised as one; the autolink scanners look no further ahead. Without
# the bound they copy the rest of the paragraph at every ':' and 'w', so one long line took
# time in the square of its length.
MAX_AUTOLINK = 4096
_PROTOCOL_TAIL = 7  # len("mailto") + the character before it


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(gfm_autolink_plugin)
    md.use(math_plugin)
    md.inline.ruler.at("gfm_autolink_www", _bounded(gfm_autolink._www_inline_rule))
    md.inline.ruler.at("gfm_autolink_protocol", _protocol_rule)
    return md


def _bounded(rule):
    """An inline rule that sees at most MAX_AUTOLINK characters ahead."""
    def bounded(state, silent: bool) -> bool:
        end = state.posMax
        state.posMax = min(end, state.pos + MAX_AUTOLINK)
        try:
            return rule(state, silent)
        finally:
            state.posMax = end
    return bounded


def _protocol_rule(state, silent: bool) -> bool:
    """The plugin's `http:`/`mailto:` scanner, reading only the end of the pending text and a
    bounded stretch ahead (the plugin searches all pending text and copies all remaining text)."""
    if state.linkLevel > 0:
        return False
    pos = state.pos
    if state.posMax - pos < 4 or state.src[pos] != ":":
        return False
    m = gfm_autolink._PROTO_RE.search(state.pending[-_PROTOCOL_TAIL:])
    if m is None:
        return False
    proto = m.group(1)
    if not gfm_autolink._preceding_ok(state, len(proto)):
        return False
    combined = proto + state.src[pos: min(state.posMax, pos + MAX_AUTOLINK)]
    if proto in ("mailto", "xmpp"):
        result = gfm_autolink.match_any_email(combined, len(proto) + 1, proto)
    else:
        result = gfm_autolink.match_http(combined)
    if result is None or silent:
        return False  # autolinks are only made when emitting tokens, as in the plugin
    full_url, total_len = result
    return gfm_autolink._create_autolink(state, len(proto), total_len, full_url, combined[:total_len])


def escape_text(text: str) -> str:
    """Escape plain text for use inside a GFM line (not at its start)."""
    text = _ALWAYS.sub(r"\\\1", text.replace("\t", " "))  # a tab in prose is a space to GitHub
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    return _ENTITY.sub(r"\\&", text)


def escape_line_start(line: str) -> str:
    """Escape what would make an already-escaped line start a block."""
    line = line.lstrip(" \t")
    line = _ORDERED_START.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\\\1", line)


def escape_plain(text: str) -> str:
    """Plain text (a question, a title) as one escaped Markdown line."""
    return escape_line_start(escape_text(" ".join(text.split())))


def escape_heading(text: str) -> str:
    """Plain text for an ATX heading."""
    return _heading_tail(escape_text(" ".join(text.split())))


def _heading_tail(text: str) -> str:
    """A `#` run after a space at the end of a heading would be read as its closing sequence."""
    return _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), text)


def normalise(markdown: str, heading_level: int = 3) -> str:
    """Re-emit answer Markdown as normalised GFM; its top headings become `heading_level`."""
    root = SyntaxTreeNode(_parser().parse(markdown))
    return _blocks(root.children, _heading_levels(root, heading_level))


def _heading_levels(root: SyntaxTreeNode, base: int) -> dict[int, int]:
    """New level per heading node: start at `base`, never skip a level, cap at 6."""
    levels: dict[int, int] = {}
    stack: list[tuple[int, int]] = []  # (level in the dump, level emitted)
    for node in root.walk():
        if node.type != "heading":
            continue
        original = int(node.tag[1])
        while stack and stack[-1][0] >= original:
            stack.pop()
        level = min(6, stack[-1][1] + 1 if stack else base)
        stack.append((original, level))
        levels[id(node)] = level
    return levels


def _indent(text: str, first: str, rest: str) -> str:
    """Prefix the first line with `first` and the others with `rest`; blank lines stay blank."""
    lines = text.split("\n")
    out = [first + lines[0] if lines[0] else first.rstrip()]
    out += [rest + line if line else "" for line in lines[1:]]
    return "\n".join(out)


def _block(node: SyntaxTreeNode, levels: dict[int, int]) -> str:
    kind = node.type
    if kind == "paragraph":
        return _paragraph(node)
    if kind == "heading":
        text = _heading_text(node)
        return "#" * levels[id(node)] + " " + _heading_tail(text) if text else ""
    if kind in ("bullet_list", "ordered_list"):
        return _list([node], levels)
    if kind == "blockquote":
        return _quote([node], levels)
    if kind in ("fence", "code_block"):
        return _fence(node.content, node.info if kind == "fence" else "")
    if kind == "hr":
        return "---"
    if kind.startswith("math_block"):
        return gfm_math(node.content, display=True)
    if kind == "table":
        return _table(node)
    return _blocks(node.children, levels)


def _heading_text(node: SyntaxTreeNode) -> str:
    """A heading's text on one line (a hard break in a setext heading becomes a space); "" when empty."""
    return _inline(node.children[0]).replace("\\\n", " ").strip() if node.children else ""


def _written(node: SyntaxTreeNode) -> bool:
    """Whether a block is written at all (an empty heading is not)."""
    return node.type != "heading" or bool(_heading_text(node))


def _runs(nodes: list[SyntaxTreeNode]) -> list[list[SyntaxTreeNode]]:
    """Blocks in order, lists of one kind that follow each other grouped: they are one list
    once written with the same marker; quotes that follow each other grouped: they are one
    quote once written (a blank line between two quotes is ambiguous to readers and
    markdownlint's MD028)."""
    runs: list[list[SyntaxTreeNode]] = []
    for node in nodes:
        if runs and node.type in ("bullet_list", "ordered_list", "blockquote") and runs[-1][-1].type == node.type:
            runs[-1].append(node)
        else:
            runs.append([node])
    return runs


def _blocks(nodes: list[SyntaxTreeNode], levels: dict[int, int], tight: bool = False) -> str:
    """Blocks one blank line apart (in a tight list item, a nested list follows its line
    directly); quotes that follow each other become one, their blocks written together (so
    that a list ending one and a list starting the next become one list, as a reader of the
    joined quote sees it)."""
    out = ""
    for run in _runs(nodes):
        node = run[0]
        if node.type in ("bullet_list", "ordered_list"):
            block = _list(run, levels)
        else:
            block = _quote(run, levels) if node.type == "blockquote" else _block(node, levels)
        if not block:
            continue
        if out:
            out += "\n" if tight and node.type in ("bullet_list", "ordered_list") else "\n\n"
        out += block
    return out


def _quote(quotes: list[SyntaxTreeNode], levels: dict[int, int]) -> str:
    """One or more quotes that follow each other, written as one."""
    inner = _blocks([child for quote in quotes for child in quote.children], levels)
    return "\n".join("> " + line if line else ">" for line in inner.split("\n")) if inner else ""


def _paragraph(node: SyntaxTreeNode) -> str:
    text = _inline(node.children[0]) if node.children else ""
    return "\n".join(escape_line_start(line) for line in text.strip().split("\n")).strip()


def _list(lists: list[SyntaxTreeNode], levels: dict[int, int]) -> str:
    """One or more lists of the same kind, written as one with `-` or `N.` markers."""
    ordered = lists[0].type == "ordered_list"
    start = int(lists[0].attrs.get("start", 1)) if ordered else 1
    items = [item for node in lists for item in node.children]
    # A list stays tight only if its items hold nothing but paragraphs and lists:
    # a fence or table glued to its neighbours would fail markdownlint's blank-line rules.
    tight = all(
        c.type in ("paragraph", "bullet_list", "ordered_list") and (c.type != "paragraph" or c.hidden)
        for item in items for c in item.children if _written(c)
    )
    rendered = []
    for number, item in enumerate(items, start):
        marker = f"{number}." if ordered else "-"
        body = _blocks(item.children, levels, tight)
        indent = " " * (len(marker) + 1)
        if _THEMATIC_BREAK.match(marker + " " + body.split("\n")[0]):
            body = "\n" + body  # "- - -" (empty items nested) would be a rule: start on the next line
        rendered.append(_indent(body, marker + " ", indent) if body else marker)
    return ("\n" if tight else "\n\n").join(rendered)


def _fence(code: str, info: str) -> str:
    language = _FENCE_INFO.sub("", info.strip().split(" ")[0]) if info.strip() else ""
    code = code if code.endswith("\n") else code + "\n"
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language or 'text'}\n{code}{fence}"


def _table(node: SyntaxTreeNode) -> str:
    rows = [tr for section in node.children for tr in section.children]
    if not rows:
        return ""
    header = rows[0]
    width = len(header.children)
    lines = [_row(header, width)]
    aligns = []
    for cell in header.children:
        style = cell.attrs.get("style", "")
        aligns.append({"text-align:left": ":---", "text-align:center": ":---:", "text-align:right": "---:"}.get(str(style), "---"))
    lines.append("| " + " | ".join(aligns) + " |")
    lines += [_row(tr, width) for tr in rows[1:]]
    return "\n".join(lines)


def _row(tr: SyntaxTreeNode, width: int) -> str:
    cells = [_inline(c.children[0], in_table=True).strip() if c.children else "" for c in tr.children]
    cells += [""] * (width - len(cells))
    return "| " + " | ".join(cells[:width]) + " |"


def _inline(node: SyntaxTreeNode, in_table: bool = False, in_link: bool = False) -> str:
    pieces = [_inline_node(child, in_table, in_link) for child in node.children]
    while pieces and pieces[-1] in ("", "\\\n", " "):  # a line break with nothing after it
        pieces.pop()
    out: list[str] = []  # joined once: adding to a string piece by piece is quadratic on a long line
    for piece in pieces:
        if out and piece.startswith("[") and out[-1].endswith("!") and not out[-1].endswith("\\!"):
            out[-1] = out[-1][:-1] + "\\!"  # "Yes![link](…)" would become an image
        if piece:
            out.append(piece)
    return "".join(out)


def _inline_node(node: SyntaxTreeNode, in_table: bool, in_link: bool) -> str:
    kind = node.type
    if kind == "text":
        text = escape_text(node.content)
        # a URL in a link's text must not become a link of its own: links cannot nest
        return _URL_START.sub(r"\1\\\2", text) if in_link else text
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return " " if in_table else "\\\n"
    if kind == "code_inline":
        return _code_span(node.content, in_table)
    if kind in ("math_inline", "math_inline_double"):
        # a displayed formula inside a paragraph stays there: `$$…$$` when GitHub reads it as
        # written, else inline
        tex = " ".join(node.content.split())
        return f"$${tex}$$" if kind == "math_inline_double" and gfm_safe(tex) else gfm_math(tex, display=False)
    if kind in ("em", "strong", "s"):
        mark = {"em": "*", "strong": "**", "s": "~~"}[kind]
        inner = _inline(node, in_table, in_link).strip()
        return f"{mark}{inner}{mark}" if inner else ""
    if kind == "link":
        return _link(node, in_table)
    if kind == "image":
        return _image(node, in_table, in_link)
    return _inline(node, in_table, in_link) if node.children else escape_text(node.content)


def _code_span(code: str, in_table: bool) -> str:
    code = code.strip()
    if not code:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    if in_table:  # GFM splits cells before code spans: a pipe needs its backslash even here
        code = code.replace("|", r"\|")
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _destination(url: str) -> str:
    url = url.replace("|", "%7C")  # a pipe would end a table cell, even inside a link
    url = _ENTITY.sub(r"\\&", url)  # "&amp;" in a destination would be decoded once more
    if re.search(r"[\s<>]", url) or not _parens_nest(url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return url


def _parens_nest(url: str) -> bool:
    """Whether a bare destination's parentheses nest, as CommonMark needs to find its end."""
    depth = 0
    for ch in url:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _link(node: SyntaxTreeNode, in_table: bool) -> str:
    href = str(node.attrs.get("href", ""))
    text = _inline(node, in_table, in_link=True).strip()
    # a figure inside a link (a badge) keeps its own link after it: links cannot nest
    figures = "".join(f" ([image online]({_destination(str(i.attrs['src']))}))" for i in node.walk()
                      if i.type == "image" and str(i.attrs.get("src", "")).lower().startswith(WEB_SCHEMES))
    if not href.lower().startswith(WEB_SCHEMES):
        return text + figures  # a relative link or an anchor into the dump leads nowhere on GitHub
    plain = "".join(t.content for t in node.walk() if t.type in ("text", "code_inline"))
    if plain in (href, href.removeprefix("mailto:")) and not re.search(r"[\s<>|]", href):
        return f"<{plain}>"
    title = " ".join(str(node.attrs.get("title", "") or "").split())  # one line: a title may span lines
    title_part = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
    return f"[{text or escape_text(href)}]({_destination(href)}{title_part})" + figures


def _image(node: SyntaxTreeNode, in_table: bool, in_link: bool) -> str:
    caption = _inline(node, in_table, in_link=True).strip() or "image"
    src = str(node.attrs.get("src", ""))
    if in_link or not src.lower().startswith(WEB_SCHEMES):
        return f"Figure: {caption}"
    return f"Figure: {caption} ([image online]({_destination(src)}))"
