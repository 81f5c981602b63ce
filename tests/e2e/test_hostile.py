"""A hostile dump (tests/fixtures/hostile/), built: every payload checked in every edition and both reports.

The payloads: <script>, <img onerror>, Jinja {{ }} / {% %}, TeX, [anki:tts], U+2028/U+2029, a NUL byte
after the first 8 KB, a list nested 14 levels deep, a long line, and file: links. Each check reads an
edition the way its users' tools do (the EPUB's XHTML as XML, the PDF's text and link annotations,
the Anki notes' fields) and fails on any payload that reaches it live.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from genai_build.cli import main
from tests.conftest import run_build
from .projects import small_project

LONG_LINE = 64 * 1024  # in every edition, PDF included; the 5 MB line is test_five_megabyte_line below
NESTED = [f"level {n}" for n in range(1, 15)]
JINJA = ["{{ 7*7 }}", "{% for x in range(3) %}"]


def hostile_dump(long_line: int = LONG_LINE, nul: bool = False) -> bytes:
    text = (Path(__file__).parents[1] / "fixtures" / "hostile" / "hostile.md").read_bytes()
    padding = b"\n## What is padding in a tokenizer?\n\n" + b"Padding fills a batch to one length. " * 240 + b"\n"
    stray = b"\n## What is a NUL byte in a token stream?\n\nA byte\x00that ends C strings.\n" if nul else b""
    long = b"\n## What is a very long context?\n\n" + (b"Long context words, " * (long_line // 20 + 1))[:long_line] + b"\n"
    return text + padding + stray + long


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str]:
    project = small_project(tmp_path_factory.mktemp("hostile"), hostile_dump(), fixture="hostile")
    out = project / "build"
    done = run_build(project, out, "--verbose")
    assert done.returncode == 0, done.stderr
    return out, done.stderr


# --- what each edition shows, as text and as live markup ----------------------------------

def markdown_pages(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((out / "markdown").glob("*.md")))


def epub_documents(out: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(out / "genai-interview-handbook.epub") as book:
        return [ElementTree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")]


def epub_text(out: Path) -> str:
    return "\n".join("".join(doc.itertext()) for doc in epub_documents(out))


def pdf_text_and_links(out: Path) -> tuple[str, list[str]]:
    import pikepdf
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(out / "genai-interview-handbook.pdf").pages)
    links = []
    with pikepdf.open(out / "genai-interview-handbook.pdf") as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    links.append(str(action.URI))
                if action is not None and "/F" in action:
                    links.append(str(action.F))
    return text, links


def anki_fields(out: Path) -> list[str]:
    with zipfile.ZipFile(out / "anki" / "genai-interview-handbook.apkg") as package:
        data = package.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        return [field for (flds,) in conn.execute("select flds from notes") for field in flds.split("\x1f")]
    finally:
        conn.close()


LIVE_HTML = re.compile(r"<\s*(script|img\b[^>]*\bonerror)", re.IGNORECASE)
MARKDOWN_LIVE_HTML = re.compile(r"(?<!\\)<\s*(script|img)", re.IGNORECASE)  # GitHub shows \<script> as text


def html_is_inert(html: str) -> bool:
    return not LIVE_HTML.search(html)


# --- the checks -----------------------------------------------------------------------------

def test_a_nul_byte_after_the_first_8_kb_is_refused_with_its_line(tmp_path, capsys):
    dump = hostile_dump(nul=True)
    assert dump.index(b"\x00") > 8192  # past the block a binary sniff would read
    project = small_project(tmp_path / "project", dump, fixture="hostile")
    line = dump[: dump.index(b"\x00")].count(b"\n") + 1
    assert main(["--root", str(project), "check"]) == 1
    assert f"hostile.md:{line}: error: dump looks binary (NUL byte)" in capsys.readouterr().err


def test_corpus_keeps_every_payload_as_text(hostile):
    out, _ = hostile
    corpus = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
    answers = "\n".join(text for q in corpus["questions"] for text in (q["answer"] or "", *(a["answer"] for a in q["alternates"])))
    for payload in ('<script>alert("answer")</script>', *JINJA, "\\input{/etc/passwd}", "[anki:tts lang=en_US]",
                    "\u2029", "level 14"):
        assert payload in answers, payload


def test_markdown_edition(hostile):
    out, _ = hostile
    pages = markdown_pages(out)
    assert "\x00" not in pages
    assert not re.search(MARKDOWN_LIVE_HTML, pages)  # every < of a payload escaped
    assert "{{ 7\\*7 }}" in pages and "{% for x in range(3) %}" in pages  # template syntax shown, never run
    for level in NESTED:
        assert level in pages, level
    assert not re.search(r"(?<!\\)\]\((file:|/etc/|\.\./x)", pages)  # no link to a local file (\[x\](…) is text)


@pytest.mark.parametrize("report", ["duplicates.md", "duplicates.html"])
def test_reports_escape_every_payload(hostile, report):
    out, _ = hostile
    text = (out / "reports" / report).read_text(encoding="utf-8")
    if report == "duplicates.md":
        assert not re.search(MARKDOWN_LIVE_HTML, text)
        assert '\\<script>alert("question")\\</script>' in text  # shown as text, not dropped
    else:
        assert html_is_inert(text) and '&lt;script&gt;alert(' in text


def test_epub_edition(hostile):
    out, _ = hostile
    documents = epub_documents(out)
    tags = {el.tag.rsplit("}", 1)[-1] for doc in documents for el in doc.iter()}
    assert "script" not in tags
    assert not [el for doc in documents for el in doc.iter() if "onerror" in el.attrib]
    links = [el.get("href") or el.get("src") or "" for doc in documents for el in doc.iter()
             if el.tag.rsplit("}", 1)[-1] in ("a", "img", "image", "object", "iframe")]
    assert not [h for h in links if h.startswith(("file:", "/etc/", "../x"))], links
    text = epub_text(out)
    for payload in (*JINJA, "\\input{/etc/passwd}", '<script>alert("answer")</script>', *NESTED):
        assert payload in text, payload


def test_pdf_edition_text(hostile):
    out, _ = hostile
    text, _ = pdf_text_and_links(out)
    squeezed = re.sub(r"\s+", "", text)
    for payload in ("{{7*7}}", "\\input{/etc/passwd}", '<script>alert("answer")</script>', "level14"):
        assert payload in squeezed, payload


def test_pdf_edition_has_no_file_links(hostile):
    out, _ = hostile
    _, links = pdf_text_and_links(out)
    assert not [link for link in links if link.lower().startswith("file:")], links


def test_anki_fields_are_inert(hostile):
    out, _ = hostile
    fields = anki_fields(out)
    assert all(html_is_inert(f) for f in fields)
    assert not [f for f in fields if re.search(r'href="(file:|/etc/|\.\./)', f)]
    joined = "\n".join(fields)
    assert "&lt;script&gt;" in joined and "level 14" in joined


def test_anki_speech_tags_are_defused(hostile):
    out, _ = hostile
    assert not [f for f in anki_fields(out) if "[anki:tts" in f]


@pytest.mark.slow
def test_five_megabyte_line_in_the_text_editions(tmp_path):
    """One 5 MB line: the Markdown, Anki and report writers are linear in it (206 s for the Markdown alone before)."""
    project = small_project(tmp_path / "project", hostile_dump(5 * 1024 * 1024), fixture="hostile")
    done = run_build(project, tmp_path / "out", "-f", "markdown", "-f", "anki", "-f", "report")
    assert done.returncode == 0, done.stderr
    # the whole line is kept: 5 MB of "Long context words, ", less the trailing space the writer trims
    assert max(len(line) for line in markdown_pages(tmp_path / "out").splitlines()) == 5 * 1024 * 1024 - 1


def test_escaped_control_characters_in_a_json_dump_reach_no_edition(tmp_path):
    dump = ('[{"question": "What is a NUL byte\\u0000?", "answer": "A byte\\u0000that ends C strings; '
            '\\u001b[31mred\\u001b[0m and a lone \\ud800 surrogate."}]\n')
    project = small_project(tmp_path / "project")
    (project / "content" / "sources" / "small.md").unlink()
    (project / "content" / "sources" / "bank.json").write_text(dump, encoding="utf-8")
    registry = project / "content" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("file: small.md", "file: bank.json")
                        .replace("reader: markdown-headings", "reader: table-file"), encoding="utf-8")
    out = tmp_path / "out"
    done = run_build(project, out, "--format", "corpus", "--format", "markdown", "--format", "anki", "--verbose")
    assert done.returncode == 0, done.stderr
    assert "bank.json:1: warning: control characters removed" in done.stderr
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".json"):
            data = path.read_bytes()
            assert b"\x00" not in data and b"\x1b" not in data and b"\\u0000" not in data and b"\\ud800" not in data, path
