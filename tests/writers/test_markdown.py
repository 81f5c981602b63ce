"""The Markdown edition, read the way GitHub reads it.

The checks parse the written files with a GFM parser (markdown-it-py with the GFM plugin:
tables, single-tilde strikethrough, autolinks, footnotes, alerts, raw HTML on) and rebuild
the anchors GitHub would give them (github-slugger's rules, written out here on purpose so
that the writer is not checked against itself). They run on the writers' shared corpus of
traps (tests/fixtures/writers/corpus.yaml; also a golden test: `make golden` rewrites
tests/golden/markdown/) and on the real corpus. markdownlint-cli2 runs when it can be found (MARKDOWNLINT_CLI2, PATH, or the
repository's node_modules/.bin); otherwise that test is skipped and says how to install it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.gfm import gfm_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from genai_build.mathtex import math_plugin

from genai_build.model import Corpus
from genai_build.writers import WRITERS, write_context
from genai_build.writers.markdown import writer as markdown
from genai_build.writers.markdown.gfm import escape_heading, escape_plain, normalise
from tests.golden_files import assert_golden_tree
from tests.writers.traps import trap

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_700_000_000
LINT_INSTALL = "npm install --no-save --no-package-lock markdownlint-cli2@0.22.1 (in the repository root)"

# --------------------------------------------------------------------------- GitHub's view


def gfm() -> MarkdownIt:
    """GitHub: GFM, raw HTML, and its math ($…$, $`…`$ as a code span in dollars, ```math blocks)."""
    return MarkdownIt("commonmark", {"html": True}).use(gfm_plugin).use(dollarmath_plugin, allow_digits=False,
                                                                       allow_space=False, double_inline=True)


def source_parser() -> MarkdownIt:
    """How the answers in the corpus read: CommonMark + tables + strikethrough + autolinks + TeX
    math in any of its spellings (mathtex.py), no raw HTML."""
    return (MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).use(gfm_autolink_plugin)
            .use(math_plugin))


def math_text(tex: str) -> str:
    """A formula as the signatures compare it: GitHub's $`…`$ form unwrapped, spacing ignored."""
    tex = tex.strip()
    if len(tex) > 1 and tex[0] == tex[-1] == "`":
        tex = tex.strip("`")
    return "$" + "".join(tex.split()) + "$"


def github_slug(text: str) -> str:
    """github-slugger: lower case, drop every character but letters, marks, digits, `_`, `-` and space."""
    kept = "".join(ch for ch in text.lower()
                   if ch in "-_ " or unicodedata.category(ch)[0] in "LMN")
    return kept.replace(" ", "-")


def inline_text(token: Token) -> str:
    """The text GitHub slugs for a heading: text and code, no markup, no tags."""
    return "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))


ANCHOR_TAG = re.compile(r'<a\s+(?:id|name)="([^"]+)"\s*>')


def anchors(tokens: list[Token]) -> list[str]:
    """Every fragment a page answers to: heading slugs (with -1, -2 for repeats) and <a id>."""
    seen: dict[str, int] = {}
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            base = slug = github_slug(inline_text(tokens[i + 1]))
            while slug in seen:
                seen[base] += 1
                slug = f"{base}-{seen[base]}"
            seen[slug] = 0
            found.append(slug)
        if token.type in ("inline", "html_block"):
            parts = token.children if token.type == "inline" else [token]
            for part in parts or []:
                if part.type in ("html_inline", "html_block"):
                    found += ANCHOR_TAG.findall(part.content)
    return found


def flat(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out += flat(token.children or [])
    return out


def links(tokens: list[Token]) -> list[str]:
    return [str(t.attrs["href"]) for t in flat(tokens) if t.type == "link_open"]


ALLOWED_HTML = (
    re.compile(r'<a id="q-[a-z0-9]+(?:-[a-z0-9]+)*">|</a>'),  # inline, in question headings
    re.compile(r"<details>\n<summary>[^<>]*</summary>\n"),  # block, opening an alternate
    re.compile(r"</details>\n"),
)


def raw_html(tokens: list[Token]) -> list[str]:
    return [t.content for t in flat(tokens) if t.type in ("html_inline", "html_block")]


# --------------------------------------------------------------------------- the shared corpus

HOSTILE_QUESTION = trap("hostile").question


def write_edition(corpus: Corpus, out: Path) -> Path:
    markdown.write(corpus, write_context(out, ROOT / "templates", EPOCH, quiet=True))
    return out / markdown.OUT_DIR


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, traps) -> tuple[Corpus, Path]:
    return traps, write_edition(traps, tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def real(tmp_path_factory, corpus) -> tuple[Corpus, Path]:
    return corpus, write_edition(corpus, tmp_path_factory.mktemp("real"))


EDITIONS = ["tiny", "real"]


@pytest.fixture(params=EDITIONS)
def edition(request) -> tuple[Corpus, Path]:
    return request.getfixturevalue(request.param)


def pages(folder: Path) -> dict[str, list[Token]]:
    return {p.name: gfm().parse(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))}


# --------------------------------------------------------------------------- the checks


def test_every_link_and_anchor_resolves(edition):
    _, folder = edition
    parsed = pages(folder)
    targets = {name: set(anchors(tokens)) for name, tokens in parsed.items()}
    checked = 0
    for name, tokens in parsed.items():
        for href in links(tokens):
            if href.startswith(("https://", "http://", "mailto:", "ftp://")):
                continue
            path, _, fragment = href.partition("#")
            target = (folder / path).resolve() if path else folder / name
            # every link stays inside the tree: it works wherever the tree is published on its own
            assert target.parent == folder.resolve() or not path, f"{name}: {href} leaves the tree"
            assert target.name in parsed, f"{name}: {href} points to a missing page"
            if fragment:
                assert fragment in targets[target.name], f"{name}: {href} has no such anchor"
            checked += 1
    assert checked > len(parsed)


def test_anchors_are_unique_in_each_page(edition):
    _, folder = edition
    for name, tokens in pages(folder).items():
        found = anchors(tokens)
        repeated = sorted({a for a in found if found.count(a) > 1})
        assert not repeated, f"{name}: anchors given twice: {repeated}"


def test_readme_names_the_other_editions_without_linking_outside_the_tree(tiny):
    _, folder = tiny
    text = (folder / "README.md").read_text()
    hrefs = set(links(gfm().parse(text)))
    for writer in WRITERS.values():
        if writer.name in ("pdf", "epub", "anki"):
            assert f"`{writer.outputs[0]}`" in text
    assert not any(h.startswith("../") or h.endswith((".pdf", ".epub", ".apkg")) for h in hrefs), hrefs


def question_headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(id, heading text) of every h2 that carries an <a id>: the questions of a page."""
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            ids = ANCHOR_TAG.findall("".join(c.content for c in tokens[i + 1].children or [] if c.type == "html_inline"))
            if ids:
                found.append((ids[0], inline_text(tokens[i + 1])))
    return found


def test_every_question_once_in_book_order_with_its_id(edition):
    corpus, folder = edition
    parsed = pages(folder)
    readme_order = [h.removesuffix(".md") for h in links(parsed["README.md"]) if h.endswith(".md")]
    assert readme_order == [t.id for t in corpus.topics_in_use()]
    seen = [q for topic in readme_order for q in question_headings(parsed[f"{topic}.md"])]
    # book order within each topic, topics in book order (the real book is grouped by topic)
    expected = [q for topic in corpus.topics_in_use() for q in corpus.questions_in(topic.id)]
    assert sorted(q.number for q in expected) == [q.number for q in corpus.questions]
    assert [i for i, _ in seen] == [markdown.ANCHOR_PREFIX + q.id for q in expected]
    for (qid, text), q in zip(seen, expected):
        assert text == f"{q.number}. {' '.join(q.question.split())}", qid
    assert set(parsed) == {"README.md"} | {f"{t}.md" for t in readme_order}
    for topic in readme_order:  # each page's contents lists its questions, in order
        contents = [h.removeprefix("#") for h in links(parsed[f"{topic}.md"]) if h.startswith("#q-")]
        assert contents == [i for i, _ in question_headings(parsed[f"{topic}.md"])]


def test_contents_entries_are_whole_and_every_question_leads_back_to_them(edition):
    corpus, folder = edition
    parsed = pages(folder)
    for topic in corpus.topics_in_use():
        tokens = parsed[f"{topic.id}.md"]
        labels = [inline_signature(t.children or []) for t in flat(tokens) if t.type == "inline"
                  and any(c.type == "link_open" and str(c.attrs["href"]).startswith("#q-") for c in t.children or [])]
        assert labels[:len(corpus.questions_in(topic.id))] == [
            f"{q.number}. {' '.join(q.question.split())}" + (" (unanswered)" if q.unanswered else "")
            for q in corpus.questions_in(topic.id)]
        back = [h for h in links(tokens) if h == f"#{markdown.CONTENTS_ANCHOR}"]
        assert len(back) == len(corpus.questions_in(topic.id))
        assert markdown.CONTENTS_ANCHOR in anchors(tokens)


def test_no_line_numbers_in_reader_facing_text(edition):
    _, folder = edition
    for page in folder.glob("*.md"):
        assert not re.search(r"\(lines? \d", page.read_text(encoding="utf-8")), page.name


def test_no_heading_above_the_question_inside_an_answer(edition):
    _, folder = edition
    for name, tokens in pages(folder).items():
        if name == "README.md":
            continue
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
        assert levels.count(1) == 1 and levels[0] == 1, name
        previous = 1
        for level in levels[1:]:
            assert level <= previous + 1, f"{name}: heading jumps from h{previous} to h{level}"
            previous = level
        # inside a question (after its h2) no other h2 appears before the next question
        question_h2 = {i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"
                       and any(c.type == "html_inline" for c in tokens[i + 1].children or [])}
        h2 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
        assert set(h2) - question_h2 == {h2[0]}, f"{name}: an h2 that is neither Contents nor a question"


def test_only_the_html_the_edition_emits(edition):
    _, folder = edition
    for name, tokens in pages(folder).items():
        for html in raw_html(tokens):
            assert any(p.fullmatch(html) for p in ALLOWED_HTML), f"{name}: unexpected raw HTML {html!r}"


def block_signature(tokens: list[Token]) -> list[tuple[str, int, str]]:
    """What survives from an answer: each block's kind, nesting depth and text, whatever the
    Markdown spelling. Heading levels are left out (they move on purpose), and so are the
    boundaries between two lists or two quotes that follow each other (they are merged)."""
    kinds = {"heading_open": "heading", "table_open": "table", "th_open": "cell", "td_open": "cell", "hr": "hr"}
    out: list[tuple[str, int, str]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and not inline_signature(tokens[i + 1].children or []):
            continue  # an empty heading is dropped: nothing to lose
        if token.type in kinds:
            out.append((kinds[token.type], token.level, ""))
        elif token.type == "list_item_open":
            out.append(("ul-item" if token.markup in "-*+" else "ol-item", token.level, ""))
        elif token.type == "fence" and token.info.strip() == "math" or token.type.startswith("math_block"):
            out.append(("math", token.level, math_text(token.content)))
        elif token.type in ("fence", "code_block"):
            out.append(("code", token.level, token.content.rstrip("\n")))
        elif token.type == "inline" and inline_signature(token.children or []):
            out.append(("text", token.level, inline_signature(token.children or [])))
    return out


def inline_signature(children: list[Token]) -> str:
    text = []
    for child in children:
        if child.type == "image":  # the edition shows a remote figure as a caption and a link
            caption = "".join(c.content for c in child.children or []) or "image"
            web = str(child.attrs.get("src", "")).startswith(("http://", "https://"))
            text.append(f"Figure: {caption}" + (" (image online)" if web else ""))
        elif child.type in ("text", "code_inline", "html_inline"):
            text.append(child.content.strip() if child.type == "code_inline" else child.content)
        elif child.type in ("softbreak", "hardbreak"):
            text.append(" ")
        elif child.type.startswith("math_inline"):
            text.append(math_text(child.content))
    return " ".join("".join(text).split())


def answers_of(corpus: Corpus) -> list[str]:
    return [a for q in corpus.questions for a in (q.answer, *(alt.answer for alt in q.alternates)) if a]


def test_answers_survive_the_round_trip_through_github(edition):
    corpus, _ = edition
    source = source_parser()
    for answer in answers_of(corpus):
        written = normalise(answer)
        assert block_signature(gfm().parse(written)) == block_signature(source.parse(answer)), answer[:120]
        before = {h for h in links(source.parse(answer)) if h.startswith(("http", "mailto:"))}
        assert before <= set(links(gfm().parse(written))), answer[:120]


def test_normalising_twice_changes_nothing(edition):
    corpus, _ = edition
    for answer in answers_of(corpus):
        once = normalise(answer)
        assert normalise(once) == once


def test_tables_stay_tables(edition):
    corpus, folder = edition
    source = source_parser()
    expected = sum(t.type == "table_open" for a in answers_of(corpus) for t in source.parse(a))
    written = sum(t.type == "table_open" for name, tokens in pages(folder).items() if name != "README.md" for t in tokens)
    assert written == expected


def test_every_fence_names_a_language(edition):
    _, folder = edition
    for name, tokens in pages(folder).items():
        for token in flat(tokens):
            assert token.type != "code_block", f"{name}: indented code block"
            if token.type == "fence":
                assert token.info.strip(), f"{name}: fence without a language"


def test_hostile_text_is_escaped(tiny):
    _, folder = tiny
    text = (folder / "tricky.md").read_text()
    html = gfm().render(text)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tokens = gfm().parse(text)
    headings = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "3. " + HOSTILE_QUESTION in headings  # the whole question is one heading, pipes and all
    assert "not a heading, and a line that" not in " ".join(headings)
    assert "is a heading in the dump" in headings  # the dump's own heading, demoted
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]
    assert cells[:4] == ["pipes", "in a table", "a | b", "c | d"]
    hostile_section = gfm().render("## " + text.split("\n## ", 2)[2].split("\n## <a id=")[0])
    assert "1986. A year" in hostile_section and "<ol" not in hostile_section
    assert "Yes!<a href" in html  # "!" before a link does not turn it into an image
    assert not any(line.endswith(" ") for line in text.split("\n"))


def test_rich_answer_is_normalised(tiny):
    _, folder = tiny
    text = (folder / "basics.md").read_text()
    assert "### A top heading from the dump" in text and "#### Second level" in text
    assert "##### Deep heading after a jump" in text  # h4 after h2 in the dump: no level skipped
    assert "- star item\n  - nested plus item\n- second star" in text
    assert "3. ordered from three\n4. four" in text
    assert "```python\nprint(\"hi\")\n```" in text and "```text\nindented code\n```" in text
    assert "<https://example.org/page>," in text
    assert "relative link" in text and "(img/x.png)" not in text and "(#somewhere)" not in text
    assert "Figure: a figure ([image online](https://example.org/fig.png))" in text
    assert r"\~50% and \$5 with snake_case and *emphasis*" in text
    assert "Intro with a hard break\\\nand a bare URL" in text
    assert "| `x\\|y` | two |" in text


def test_structures_that_need_care(tiny):
    _, folder = tiny
    text = (folder / "tricky.md").read_text()
    assert "> ```text\n> code in quote\n> ```\n>\n> quote two right after" in text  # one quote, no blank line
    assert "[Figure: badge](https://example.org/x) ([image online](https://img.example/b.svg))" in text
    assert "Text with a tab" in text and "code\twith tabs" in text  # tabs: spaces in prose, kept in code
    assert r"footnote\[^1\]" in text and r"- \[ \] task box" in text and r"> \[!NOTE\]" in text
    assert "(https://example.org/a%7Cb)" in text
    assert "- item\n\n  ```python\n  x = 1\n  ```\n\n  | t | u |" in text
    assert "- [5. Which structures trip a re-emitter up? " + "Very " * 20 + "many.](#q-structures)" in text


def test_unanswered_and_alternates_are_marked(tiny):
    _, folder = tiny
    text = (folder / "basics.md").read_text()
    assert "- [2. Is this one answered?](#q-open-question) (unanswered)" in text
    assert "**Difficulty:** advanced · Asked in 1 source · **Unanswered**" in text
    assert "**Difficulty:** beginner · Asked in 2 sources\n" in text
    assert ("<details>\n<summary>Another answer, from Beta | &lt;b&gt;book&lt;/b&gt;</summary>\n\n"
            "### Heading in an alternate\n\nShorter & \\<i>simpler\\</i>.\n\n</details>") in text
    assert r"**Sources:** Alpha notes; Beta \| \<b>book\</b>" in text


def test_readme_counts_topics_and_credits_sources(tiny):
    _, folder = tiny
    text = (folder / "README.md").read_text()
    assert r"| [Basics & \<Foundations>](basics.md) | 5 | 1 |" in text
    assert "| [Tricky Text](tricky.md) | 3 | 1 |" in text
    assert "unused" not in text and "A Topic Nobody Asks About" not in text
    assert r"| *Beta \| \<b>book\</b>* | Bob & co | 7 |" in text
    assert not (folder / "unused.md").exists()


def test_same_corpus_same_bytes_and_no_foreign_file_touched(traps, tmp_path):
    corpus = traps
    first = write_edition(corpus, tmp_path / "one")
    write_edition(corpus, tmp_path / "one")
    second = write_edition(corpus, tmp_path / "two")
    (first / "my-notes.md").write_text("mine")  # stale pages go at publication (test_publish.py), never a foreign file
    write_edition(corpus, tmp_path / "one")
    assert (first / "my-notes.md").read_text() == "mine"
    (first / "my-notes.md").unlink()
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_golden_tiny_edition(tiny):
    _, folder = tiny
    assert_golden_tree({p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}, "markdown")


# --------------------------------------------------------------------------- escaping, for any text

plain_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(plain_text)
def test_any_plain_text_reads_back_as_itself(text):
    tokens = gfm().parse(escape_plain(text))
    words = " ".join(text.split())
    if not words:
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert all(c.type == "text" for c in tokens[1].children), tokens[1].children
    assert inline_signature(tokens[1].children) == words


@settings(max_examples=300, deadline=None)
@given(plain_text)
def test_any_plain_heading_reads_back_as_itself(text):
    words = " ".join(text.split())
    tokens = gfm().parse("## " + escape_heading(text))
    assert tokens[0].type == "heading_open"
    assert inline_text(tokens[1]) == words


# Pieces of Markdown that trip re-emitters up, glued at random. Left out on purpose: emphasis
# or strikethrough delimiters glued to each other ("***a*a*", "~~a~~~~b~~"), where the
# flanking rules can read a re-emitted span differently, and text glued to the end of a
# bare URL or e-mail, where the autolink plugin reads the source, not the text.
MARKDOWN_PIECES = st.sampled_from([
    "a", "b c", " ", "\n", "\n\n", "*em* ", " **strong** ", "`", "#", "# ", "> ", "- ", "* ", "1. ", "2) ", "|",
    "| a | b |\n|---|---|\n", "[", "]", "(", ")", "!", "<", ">", "&amp;", "&", "\\", "~", "$", "http://x.y/z",
    "```", "    ", "\t", "  \n", "---", "===", "<b>", "snake_case", "[l](http://u.v)", " ![i](http://i.j/k.png) ",
    "1986. ",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=25).map("".join))
@example("a  \na\n---")  # a hard break inside a setext heading
@example(">-   \n  \n>- ")  # two quotes, each a list: once joined, one quote holding one list
@example("- #\n- ")  # an empty heading in a list item is not written: the list stays tight
def test_any_markdown_survives_and_settles(markdown_text):
    written = normalise(markdown_text)
    assert normalise(written) == written
    assert block_signature(gfm().parse(written)) == block_signature(source_parser().parse(markdown_text))


# --------------------------------------------------------------------------- markdownlint


def markdownlint() -> str | None:
    candidates = [os.environ.get("MARKDOWNLINT_CLI2", ""), shutil.which("markdownlint-cli2") or "",
                  str(ROOT / "node_modules" / ".bin" / "markdownlint-cli2")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def test_markdownlint_reports_nothing(edition):
    _, folder = edition
    tool = markdownlint()
    if tool is None:
        pytest.skip(f"markdownlint-cli2 not found: `{LINT_INSTALL}` or set MARKDOWNLINT_CLI2")
    assert (folder / markdown.LINT_CONFIG).is_file()
    result = subprocess.run([tool, "*.md"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Summary: 0 error(s)" in result.stdout + result.stderr


# --------------------------------------------------------------------------- math

FORMULAS = (ROOT / "tests" / "fixtures" / "math" / "formulas.md").read_text(encoding="utf-8")


def test_formulas_reach_github_as_math():
    written = normalise(FORMULAS)
    tokens = gfm().parse(written)
    formulas = [t.content for t in flat(tokens) if t.type.startswith("math")]
    formulas += [t.content.strip() for t in tokens if t.type == "fence" and t.info == "math"]
    assert len(formulas) == 8, written
    assert "```math\n\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^{n} e^{z_j}}\n```" in written
    assert "$`D_{\\mathrm{KL}}(P \\parallel Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}`$" in written
    assert "$P$" in written and "$`x < 0`$" in written and "$d_k$" not in written  # `_` would be read as emphasis
    assert r"costs \$5 and \$10" in written and "`$x$`" in written
    assert block_signature(tokens) == block_signature(source_parser().parse(FORMULAS))
    assert normalise(written) == written


def test_a_formula_holding_a_backtick_is_shown_as_written():
    """GitHub's $`…`$ form cannot hold a backtick: such a formula (no TeX needs one) is escaped text."""
    written = normalise("$```$")
    assert normalise(written) == written
    assert block_signature(gfm().parse(written)) == block_signature(source_parser().parse("$```$"))
