"""The PDF handbook: HTML (golden), layout in parts, the joined PDF checked as a reader would.

The real corpus is laid out once per module (slow); a tiny hand-made corpus covers the
golden HTML, determinism, links and the hermetic fetcher quickly.
`UPDATE_GOLDEN=1 pytest tests/writers/test_pdf.py` rewrites tests/golden/pdf/.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from genai_build.model import Corpus
from genai_build.writers.pdf import fonts as pdf_fonts
from genai_build.writers.pdf.writer import build_pdf
from genai_build.writers.pdf.html import (PART_LINK_SCHEME, Templates, chapters_of, render_chapters, render_front,
                                          split_parts)
from genai_build.writers.pdf.layout import local_only_fetcher

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "pdf"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def tiny_corpus() -> Corpus:
    """Two chapters: a table, code, nested lists, a remote image, raw HTML, an alternate, an unanswered question."""
    def prov(source, line, question):
        return {"source": source, "line": line, "question": question}
    questions = [
        {"id": "what-is-attention", "number": 1, "question": "What is attention?", "topic": "transformers",
         "difficulty": "beginner", "asked_in": 2, "unanswered": False,
         "answer": "Attention weighs tokens.\n\n| model | heads |\n|---|---|\n| base | 12 |\n\n- outer\n  - inner\n\n"
                   "```python\nscores = q @ k.T / d ** 0.5  # a very long comment line that must wrap rather than run off the page edge\n```\n\n"
                   "![diagram](https://example.com/attention.png)\n\n<script>alert(1)</script> Греческий: μσ",
         "provenance": [prov("a.txt", 3, "What is attention?"), prov("b.txt", 9, "What's attention?")],
         "alternates": [{"source": "b.txt", "line": 10, "answer": "It lets a model *look back*."}]},
        {"id": "why-multi-head", "number": 2, "question": "Why several heads?", "topic": "transformers",
         "difficulty": "advanced", "asked_in": 1, "unanswered": True, "answer": None,
         "provenance": [prov("a.txt", 7, "Why several heads?")]},
        {"id": "what-is-rag", "number": 3, "question": "What is RAG?", "topic": "rag", "difficulty": "intermediate",
         "asked_in": 1, "unanswered": False, "answer": "Retrieval, then generation.",
         "provenance": [prov("b.txt", 20, "What is RAG?")]},
    ]
    return Corpus.model_validate({
        "book": {"title": "Tiny Handbook", "subtitle": "For tests", "language": "en", "identifier": "urn:uuid:0",
                 "edition": "1", "creator": "Tester", "description": "A tiny book.", "subjects": ["Testing", "PDF"],
                 "date": "2023-11-14"},
        "sources": [{"file": "a.txt", "title": "Source A", "owner": "Ann", "reader": "r", "occurrences": 2, "questions": 2},
                    {"file": "b.txt", "title": "Source B", "owner": "Bob", "reader": "r", "occurrences": 2, "questions": 2}],
        "topics": [{"id": "transformers", "title": "Transformers", "description": "Attention and friends."},
                   {"id": "rag", "title": "Retrieval", "description": "Looking things up."},
                   {"id": "unused", "title": "Unused"}],
        "questions": questions,
    })


def templates() -> Templates:
    return Templates(ROOT / "templates" / "pdf")


def normalised(text: str) -> str:
    """Letters and digits only, lower case: immune to line breaks, hyphenation and spacing."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


# ---------- HTML (golden) ----------

@pytest.mark.parametrize("name", ["front.html", "chapters.html"])
def test_html_matches_golden(name):
    corpus = tiny_corpus()
    chapters = chapters_of(corpus)
    pages = {"_chapter-transformers": 1, "what-is-attention": 1, "why-multi-head": 2, "_chapter-rag": 3, "what-is-rag": 3}
    html = (render_front(templates(), corpus, chapters, pages, EPOCH) if name == "front.html"
            else render_chapters(templates(), corpus, chapters))
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8")


def test_html_escapes_raw_html_and_never_embeds_remote_images():
    html = render_chapters(templates(), tiny_corpus(), chapters_of(tiny_corpus()))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and 'href="https://example.com/attention.png"' in html


def test_split_parts_keeps_order_and_balances():
    chapters = chapters_of(tiny_corpus())
    assert split_parts(chapters, 1) == (chapters,)
    parts = split_parts(chapters, 2)
    assert [c for part in parts for c in part] == list(chapters) and all(parts)
    assert split_parts(chapters, 8) == tuple((c,) for c in chapters)


# ---------- hermetic ----------

def test_fetcher_refuses_the_network():
    fetcher = local_only_fetcher()
    for url in ("http://example.com/a.png", "https://example.com/a.png", "ftp://example.com/a"):
        with pytest.raises(Exception):
            fetcher(url)


def test_remote_image_is_never_fetched(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF build opened a network connection")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    from genai_build.writers.pdf.layout import PartJob, lay_out
    html = '<html lang="en"><body><p>x</p><img src="http://example.com/remote.png" alt="remote"></body></html>'
    part = lay_out(PartJob(html, "", (ROOT / "templates" / "pdf").as_uri() + "/"))
    assert part.pages == 1


# ---------- fonts ----------

def test_charset_parsing_and_missing_characters():
    ranges = pdf_fonts.parse_charset("20-7e a0-17f 3bc")
    assert ranges == [(0x20, 0x7E), (0xA0, 0x17F), (0x3BC, 0x3BC)]
    missing = pdf_fonts.uncovered_characters(tiny_corpus(), ranges)
    assert "μ" not in missing and "σ" in missing and "Г" in missing
    assert missing["σ"] == "question what-is-attention"


def test_uncovered_character_warns_with_install_hint(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "installed_coverage", lambda: ((0x20, 0x7E),))
    diagnostics = pdf_fonts.coverage_diagnostics(tiny_corpus())
    assert diagnostics and all(d.level == "warning" and d.code == "pdf.font-missing" for d in diagnostics)
    assert any("U+03C3" in d.message and "apt-get install fonts-noto-core" in d.message for d in diagnostics)


# ---------- the tiny book end to end (fast) ----------

@pytest.fixture(scope="module")
def tiny_pdf(tmp_path_factory) -> tuple[Path, dict]:
    target = tmp_path_factory.mktemp("tiny") / "tiny.pdf"
    pages = build_pdf(tiny_corpus(), templates(), EPOCH, target)
    return target, pages


def test_tiny_build_is_deterministic(tiny_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    build_pdf(tiny_corpus(), templates(), EPOCH, again)
    assert again.read_bytes() == tiny_pdf[0].read_bytes()


def test_tiny_links_all_resolve(tiny_pdf):
    with pikepdf.open(tiny_pdf[0]) as pdf:
        assert pdf.check_pdf_syntax() == []
        dests = {str(n) for n in list(pdf.Root.Names.Dests.Names)[::2]}
        internal = 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if "/A" in annot and "/URI" in annot.A:
                    assert not str(annot.A.URI).startswith(PART_LINK_SCHEME)
                if "/Dest" in annot:
                    internal += 1
                    assert str(annot.Dest) in dests
        assert internal >= 5  # contents → chapters and questions
        assert {"what-is-attention", "why-multi-head", "what-is-rag", "_chapter-rag"} <= dests


def test_tiny_pages_numbered_and_labelled(tiny_pdf):
    target, pages = tiny_pdf
    reader = PdfReader(target)
    labels = reader.page_labels
    first_chapter = labels.index("1")
    assert labels[:first_chapter] == ["i", "ii", "iii", "iv", "v"][:first_chapter]
    for anchor, printed in pages.items():  # the number printed in the contents is the page the anchor is on
        assert labels[_dest_page(reader, anchor)] == str(printed)
    for index in range(first_chapter, len(reader.pages)):  # the folio stamped on the page is its label
        assert normalised(reader.pages[index].extract_text()).endswith(labels[index])


def test_a_book_without_questions_is_front_matter_only(tmp_path):
    empty = tiny_corpus().model_copy(update={"questions": ()})
    target = tmp_path / "empty.pdf"
    assert build_pdf(empty, templates(), EPOCH, target) == {}
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == [] and len(pdf.pages) >= 4


def _dest_page(reader: PdfReader, anchor: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[anchor])


# ---------- the real book (slow) ----------

@pytest.fixture(scope="module")
def book(corpus, tmp_path_factory):
    target = tmp_path_factory.mktemp("pdf") / "book.pdf"
    pages = build_pdf(corpus, templates(), EPOCH, target)
    return corpus, target, pages


@pytest.fixture(scope="module")
def book_text(book) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(book[1]).pages]


@pytest.mark.slow
def test_book_passes_qpdf_check(book):
    with pikepdf.open(book[1]) as pdf:
        assert pdf.check_pdf_syntax() == []


@pytest.mark.slow
def test_every_font_is_embedded(book):
    with pikepdf.open(book[1]) as pdf:
        fonts = {}
        for page in pdf.pages:
            _collect_fonts(page.obj.Resources, fonts)
        assert fonts
        not_embedded = [name for name, font in fonts.items() if not _embedded(font)]
        assert not_embedded == []


def _collect_fonts(resources, fonts: dict, depth: int = 0) -> None:
    for name, font in resources.get("/Font", {}).items():
        fonts[(font.objgen, name)] = font
    for xobject in resources.get("/XObject", {}).values():  # the stamped folios are forms
        if depth < 3 and xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            _collect_fonts(xobject.Resources, fonts, depth + 1)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.slow
def test_outline_has_every_chapter_and_question(book):
    corpus, target, _ = book
    reader = PdfReader(target)
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    chapters = chapters_of(corpus)
    for chapter in chapters:
        assert f"{chapter.number}. {chapter.topic.title}" in titles
    children = [item for item in reader.outline if isinstance(item, list)]
    assert sum(len(c) for c in children) == len(corpus.questions)


@pytest.mark.slow
def test_every_question_is_in_the_text(book, book_text):
    corpus = book[0]
    text = normalised(" ".join(book_text))
    missing = [q.id for q in corpus.questions if normalised(q.question) not in text]
    assert missing == []


@pytest.mark.slow
def test_contents_page_numbers_positive_non_decreasing_and_true(book):
    corpus, target, pages = book
    reader = PdfReader(target)
    labels = reader.page_labels
    in_book_order = [pages[c.anchor] for c in chapters_of(corpus)] + [pages[q.id] for q in corpus.questions]
    assert all(p > 0 for p in in_book_order)
    chapter_pages = in_book_order[:len(chapters_of(corpus))]
    question_pages = [pages[q.id] for q in corpus.questions]
    assert chapter_pages == sorted(chapter_pages) and question_pages == sorted(question_pages)
    for anchor in list(pages)[::7]:  # the printed number is where the anchor really is
        assert labels[_dest_page(reader, anchor)] == str(pages[anchor])


@pytest.mark.slow
def test_contents_page_shows_the_chapter_numbers(book, book_text):
    corpus, _, pages = book
    contents = book_text[1]
    printed = [int(n) for n in re.findall(r"(\d+)\s*$", contents, flags=re.M)]
    expected = [pages[c.anchor] for c in chapters_of(corpus)]
    assert printed == expected  # every number at a line's end on the contents page is a chapter's page
    assert all(n > 0 for n in printed) and printed == sorted(printed)


@pytest.mark.slow
def test_metadata_language_and_tags(book):
    corpus, target, _ = book
    with pikepdf.open(target) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == corpus.book.title
        assert str(info.Author) == corpus.book.creator
        assert str(info.Subject) == corpus.book.description
        assert all(s in str(info.Keywords) for s in corpus.book.subjects)
        assert str(info.CreationDate).startswith("D:20231114221320")
        assert str(pdf.Root.Lang) == corpus.book.language
        assert bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"


# ---------- the front matter laid out ahead, its page numbers filled in after ----------

def _front_text(pdf: bytes) -> str:
    import io
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_page_slots_filled_after_layout_read_as_if_laid_out_with_them():
    import weasyprint
    from genai_build.writers.pdf.html import page_slots, stylesheet
    from genai_build.writers.pdf.layout import fill_page_slots
    corpus, chapters = tiny_corpus(), chapters_of(tiny_corpus())
    pages = {"_chapter-transformers": 7, "what-is-attention": 7, "why-multi-head": 8, "_chapter-rag": 123, "what-is-rag": 1234}
    css = weasyprint.CSS(string=stylesheet(templates()))

    def laid_out(known):
        return weasyprint.HTML(string=render_front(templates(), corpus, chapters, known, EPOCH)).render(stylesheets=[css])
    ahead = laid_out(None)
    placeholder_text = _front_text(ahead.write_pdf())
    assert "0000" in placeholder_text
    assert fill_page_slots(ahead, page_slots(chapters, pages))
    filled = _front_text(ahead.write_pdf())
    assert filled == _front_text(laid_out(pages).write_pdf())
    assert "0000" not in filled and "1234" in filled and "123" in filled


def test_page_slots_not_filled_when_a_number_is_missing_or_too_wide():
    import weasyprint
    from genai_build.writers.pdf.html import page_slot, page_slots
    from genai_build.writers.pdf.layout import fill_page_slots
    corpus, chapters = tiny_corpus(), chapters_of(tiny_corpus())
    pages = {"_chapter-transformers": 1, "what-is-attention": 1, "why-multi-head": 2, "_chapter-rag": 3, "what-is-rag": 3}
    document = weasyprint.HTML(string=render_front(templates(), corpus, chapters, None, EPOCH)).render()
    numbers = page_slots(chapters, pages)
    assert not fill_page_slots(document, {k: v for k, v in numbers.items() if k != "what-is-rag"})
    assert not fill_page_slots(document, {**numbers, "what-is-rag": "12345"})
    with pytest.raises(ValueError, match="does not fit"):
        page_slot(10_000)


def test_front_laid_out_again_when_its_page_numbers_cannot_be_filled_in(tiny_pdf, tmp_path, monkeypatch):
    from genai_build.writers.pdf import layout as pdf_layout
    monkeypatch.setattr(pdf_layout, "fill_page_slots", lambda document, numbers: False)  # forked workers see it too
    again = tmp_path / "again.pdf"
    assert build_pdf(tiny_corpus(), templates(), EPOCH, again) == tiny_pdf[1]
    assert again.read_bytes() == tiny_pdf[0].read_bytes()
