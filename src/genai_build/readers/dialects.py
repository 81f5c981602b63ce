"""A dump in any common markup read as the Markdown every reader reads, line for line.

Readers know Markdown's blocks (headings, paragraphs, lists, quotes, code, tables, definition
lists). Other markups spell the same blocks differently; this view rewrites each of their block
markers into Markdown's on the same line, so every reader reads them and a warning at line N
still points at line N of the dump (as for notebooks, readers/notebook.py):

- the dialect, from the file's extension or else from its structure: Org (`* Heading`, `#+TITLE:`,
  `#+BEGIN_SRC`), reStructuredText (titles under- or overlined by any punctuation character,
  readers/rst.py), AsciiDoc (`== Heading`, `----` listing blocks, `Term::` lists), MediaWiki
  (`== Heading ==`, `#` lists) and Textile (`h2. Heading`; both readers/wiki.py), HTML (tags at the margin; readers/html_blocks.py),
  or Markdown;
- in any of them, HTML definition lists and tables become Markdown's (`term` / `: definition`,
  pipe tables);
- a block quote that opens with a question is a container, not a quotation: its `>` markers go,
  its content is read like any other block.

Markdown stays as it is otherwise: a dump in plain Markdown gets back its own text.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from genai_build.readers import html_blocks, rst, wiki
from genai_build.readers.structure import blocks, code_lines
from genai_build.readers.textutil import looks_like_question, plain_question

_EXTENSIONS = {".org": "org", ".rst": "rst", ".rest": "rst", ".adoc": "asciidoc", ".asciidoc": "asciidoc",
               ".asc": "asciidoc", ".html": "html", ".htm": "html", ".xhtml": "html", ".wiki": "mediawiki",
               ".mediawiki": "mediawiki", ".textile": "textile"}
# files whose own syntax is read as it is: Markdown itself, notebooks (already Markdown), structured records
_AS_IS = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".qmd", ".rmd", ".ipynb", ".csv", ".tsv", ".json", ".jsonl",
          ".ndjson", ".yaml", ".yml")
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)


def dialect(name: str, lines: Sequence[str]) -> str:
    """'org', 'rst', 'asciidoc', 'mediawiki', 'textile', 'html' or 'markdown': by extension, else by the block markers the text uses."""
    suffix = name.lower()[name.rfind("."):] if "." in name else ""
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if suffix in _AS_IS:
        return "markdown"
    text = "\n".join(lines)
    if _ATX.search(text):
        return "markdown"  # Markdown headings: whatever else it holds, it is Markdown
    for kind, evidence in _EVIDENCE:
        if evidence(lines):
            return kind
    return "markdown"


_ORG_KEYWORD = re.compile(r"^#\+(?:TITLE|AUTHOR|OPTIONS|STARTUP|BEGIN_SRC|BEGIN_EXAMPLE|BEGIN_QUOTE)\b", re.IGNORECASE | re.MULTILINE)
_ORG_DEEP_HEADING = re.compile(r"^\*{2,}[ \t]+\S", re.MULTILINE)  # `** x` opens no Markdown emphasis nor list
_ADOC_HEADING = re.compile(r"^={1,6}[ \t]+\S", re.MULTILINE)

_EVIDENCE: tuple[tuple[str, Callable[[Sequence[str]], bool]], ...] = (
    ("mediawiki", lambda lines: wiki.count(wiki.HEADING, lines) >= 2),
    ("textile", lambda lines: wiki.count(wiki.TEXTILE_HEADING, lines) >= 2),  # `== x ==`: before AsciiDoc's one-sided `== x`
    ("org", lambda lines: bool(_ORG_KEYWORD.search("\n".join(lines))) or len(_ORG_DEEP_HEADING.findall("\n".join(lines))) >= 2),
    ("asciidoc", lambda lines: len(_ADOC_HEADING.findall("\n".join(lines))) >= 2),
    ("rst", lambda lines: rst.foreign_titles(lines) >= 2),
    ("html", html_blocks.is_html_document),
)


# --- Org mode --------------------------------------------------------------------------------

_ORG_HEADING = re.compile(r"^(?P<stars>\*+)[ \t]+(?:(?:TODO|DONE)[ \t]+)?(?P<text>.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$")
_ORG_BLOCK = re.compile(r"^[ \t]*#\+(?P<end>END|BEGIN)_(?P<kind>\w+)[ \t]*(?P<lang>[\w+#.-]*)", re.IGNORECASE)
_ORG_KEY = re.compile(r"^[ \t]*#\+(?P<key>\w+):[ \t]*(?P<value>.*)$")
_ORG_COMMENT = re.compile(r"^[ \t]*#(?:[ \t].*)?$")
_ORG_TERM = re.compile(r"^(?P<indent>[ \t]*)[-+][ \t]+(?P<term>\S.*?)[ \t]+::[ \t]+(?P<text>\S.*)$")
_ORG_DRAWER = re.compile(r"^[ \t]*:[A-Za-z_]+:[ \t]*$")
_ORG_VERBATIM = re.compile(r"(?<![\w=~])([=~])(?=\S)(.+?)(?<=\S)\1(?![\w=~])")


def _org_block(line: str, inside: bool) -> tuple[str, bool] | None:
    """A `#+BEGIN_x` / `#+END_x` line as a fence (code and examples) or nothing, and whether code is open after it."""
    block = _ORG_BLOCK.match(line)
    if not block:
        return None
    code = block.group("kind").upper() in ("SRC", "EXAMPLE")
    opening = block.group("end").upper() == "BEGIN"
    if not code:
        return "", inside
    return ("```" + block.group("lang") if opening else "```"), opening


def _org_line(line: str, shift: int, drawer: bool) -> tuple[str, bool]:
    """One Org line outside code as Markdown, and whether a drawer (`:PROPERTIES:` … `:END:`) is open after it."""
    if _ORG_DRAWER.match(line):
        return "", line.strip().upper() != ":END:"
    if drawer:
        return "", True
    if heading := _ORG_HEADING.match(line):
        return "#" * min(len(heading.group("stars")) + shift, 6) + " " + heading.group("text"), False
    if key := _ORG_KEY.match(line):
        return ("# " + key.group("value").strip() if key.group("key").upper() == "TITLE" else ""), False
    if _ORG_COMMENT.match(line):
        return "", False
    if term := _ORG_TERM.match(line):  # `- What…? :: answer`: a term and its definition on one line, a bold lead
        return f"{term.group('indent')}**{term.group('term')}** {term.group('text')}", False
    return _ORG_VERBATIM.sub(lambda m: "`" + m.group(2) + "`", line), False


def org(lines: Sequence[str]) -> list[str]:
    shift = 1 if any(line.upper().startswith("#+TITLE:") for line in lines) else 0  # the title is the only `#`
    out, code, drawer = [], False, False
    for line in lines:
        fence = _org_block(line, code)
        if fence is not None:
            text, code = fence
        elif code:
            text = line
        else:
            text, drawer = _org_line(line, shift, drawer)
        out.append(text)
    return out


# --- AsciiDoc ------------------------------------------------------------------------------------

_ADOC_TITLE = re.compile(r"^(?P<marks>={1,6})[ \t]+(?P<text>\S.*?)(?:[ \t]+=+)?[ \t]*$")
_ADOC_DELIMITER = re.compile(r"^(?P<char>[-.=*_+/])(?P=char){3,}[ \t]*$")
_ADOC_ATTRIBUTE = re.compile(r"^(?::!?[\w-]+!?:(?:[ \t].*)?|\[[^\]]*\])[ \t]*$")
_ADOC_SOURCE = re.compile(r"^\[(?:source|listing)?,?[ \t]*(?P<lang>[\w+#.-]*)[^\]]*\]$")
_ADOC_LIST = re.compile(r"^(?P<marks>\*{1,5}|-|\.{1,5})[ \t]+(?P<text>\S.*)$")
_ADOC_BLOCK_TITLE = re.compile(r"^\.(?P<text>[^.\s].*)$")
_ADOC_TERM = re.compile(r"^(?P<term>\S.*?)(?::{2,4}|;;)(?:[ \t]+(?P<text>\S.*))?$")


def _adoc_delimited(line: str, lang: str, code: str | None) -> tuple[str, str | None] | None:
    """A block delimiter as a fence (listing `----`, literal `....`) or nothing; the open code delimiter after it."""
    delimiter = _ADOC_DELIMITER.match(line)
    if not delimiter or (code is not None and not line.startswith(code)):
        return None
    char = delimiter.group("char")
    if char in "-.":
        return ("```" + lang, char * 4) if code is None else ("```", None)
    return ("", code)


def _adoc_line(line: str) -> str:
    """One AsciiDoc line outside listing blocks as Markdown."""
    if title := _ADOC_TITLE.match(line):
        return "#" * len(title.group("marks")) + " " + title.group("text")
    if _ADOC_ATTRIBUTE.match(line) or line.startswith("//") or line.strip() == "+":
        return ""
    if item := _ADOC_LIST.match(line):
        marks = item.group("marks")
        if marks.startswith("."):
            return "   " * (len(marks) - 1) + "1. " + item.group("text")
        return "  " * (len(marks) - 1) + "- " + item.group("text")
    if block_title := _ADOC_BLOCK_TITLE.match(line):
        return f"**{block_title.group('text').strip()}**"
    if (term := _ADOC_TERM.match(line)) and "://" not in line:
        head = f"**{term.group('term').strip()}**"
        return head + (" " + term.group("text") if term.group("text") else "")
    return line


def asciidoc(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    code: str | None = None  # the delimiter of the open listing/literal block
    lang = ""
    for line in lines:
        delimited = _adoc_delimited(line, lang, code)
        if delimited is not None:
            text, code = delimited
            lang = ""
        elif code is not None:
            text = line
        else:
            source = _ADOC_SOURCE.match(line)
            lang = source.group("lang") if source else ""
            text = _adoc_line(line)
        out.append(text)
    return out


# --- block quotes that hold a question -----------------------------------------------------------

_QUOTE_MARK = re.compile(r"^ {0,3}>[ \t]?")
_CALLOUT = re.compile(r"^ {0,3}>[ \t]?\[!")


def _quoted_question(lines: Sequence[str], start: int, end: int) -> bool:
    """The quote's first line of content asks (a callout `> [!…]` is a titled block, left to its reader)."""
    if _CALLOUT.match(lines[start]):
        return False
    first = next((_QUOTE_MARK.sub("", line, count=1) for line in lines[start:end] if _QUOTE_MARK.sub("", line, count=1).strip()), "")
    return looks_like_question(plain_question(first)) and first.strip().endswith(("?", "?**", "?*", "?__", "?_"))


def unquote_questions(lines: Sequence[str]) -> list[str]:
    """Top-level block quotes that open with a question, without their `>` markers; where text outside
    them follows one, a thematic break on the blank line between keeps it out of the answer."""
    text = "\n".join(lines)
    if ">" not in text:
        return list(lines)
    out = list(lines)
    containers = [block for block in blocks(text) if block.kind == "blockquote" and block.depth == 0
                  and _quoted_question(lines, block.start, block.end)]
    starts = {block.start for block in containers}
    for block in containers:
        for index in range(block.start, block.end):
            out[index] = _QUOTE_MARK.sub("", lines[index], count=1)
        following = next((index for index in range(block.end, len(lines)) if lines[index].strip()), None)
        if following is not None and following not in starts and not lines[block.end].strip():
            out[block.end] = "***"
    return out


# --- the view --------------------------------------------------------------------------------------

_TRANSLATORS: dict[str, Callable[[Sequence[str]], list[str]]] = {
    "org": org, "rst": rst.to_markdown, "mediawiki": wiki.to_markdown, "textile": wiki.textile_to_markdown, "asciidoc": asciidoc, "html": html_blocks.document, "markdown": list}


def markdown_view(name: str, text: str) -> str:
    """The dump's text as Markdown, one line for each of its lines."""
    lines = text.split("\n")
    kind = dialect(name, lines)
    view = _TRANSLATORS[kind](lines)
    view = html_blocks.lists_and_tables(view, code_lines("\n".join(view)) if kind != "html" else frozenset())
    view = unquote_questions(view)
    assert len(view) == len(lines)
    return "\n".join(view)
