"""The PDF handbook: HTML (golden), layout in parts, the joined PDF checked as a reader would.

The real corpus is laid out once per module (slow); the writers' shared corpus of traps
(tests/fixtures/writers/corpus.yaml) covers the golden HTML, determinism, links and the
hermetic fetcher quickly.
`make golden` rewrites tests/golden/pdf/.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from genai_build.model import Corpus
from genai_build.writers.pdf import fonts as pdf_fonts
from genai_build.writers.pdf.writer import build_pdf
from genai_build.writers.pdf.html import (PART_LINK_SCHEME, REVIEW_ANCHOR, Templates, chapters_of, lower_roman, render_chapters, render_front,
                                          split_parts)
from genai_build.writers.pdf.layout import local_only_fetcher
from tests.golden_files import assert_golden
from tests.writers.traps import trap, trap_corpus

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.fixture(autouse=True)
def a_fresh_build():
    """Each test lays out as a fresh build does (pipeline.write_outputs resets this at its start):
    a failed build earlier in the same process leaves its children called off."""
    from genai_build import children
    children.reset()


def templates() -> Templates:
    return Templates(ROOT / "templates" / "pdf")


def normalised(text: str) -> str:
    """Letters and digits only, lower case: immune to line breaks, hyphenation and spacing."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


# ---------- HTML (golden) ----------

@pytest.mark.parametrize("name", ["front.html", "chapters.html"])
def test_html_matches_golden(name):
    corpus = trap_corpus()
    chapters = chapters_of(corpus)
    pages = {c.anchor: 1 + 3 * i for i, c in enumerate(chapters)}  # a chapter every third page, a question a page
    pages.update({q.id: pages[c.anchor] + j for i, c in enumerate(chapters) for j, q in enumerate(c.questions)})
    html = (render_front(templates(), corpus, chapters, pages, EPOCH) if name == "front.html"
            else render_chapters(templates(), corpus, chapters))
    assert_golden(html, f"pdf/{name}")


def test_html_escapes_raw_html_and_never_embeds_remote_images():
    html = render_chapters(templates(), trap_corpus(), chapters_of(trap_corpus()))
    assert "<script>" not in html and "&lt;script&gt;" in html
    # the only images are the formulas, drawn inline (data: URLs), never a remote one
    assert re.findall(r'<img class="math" alt="[^"]*" style="[^"]*" src="(\w+):', html) == ["data"] * html.count("<img")
    assert html.count("<img") >= 3 and 'href="https://example.com/attention.png"' in html


def test_split_parts_keeps_order_and_balances():
    chapters = chapters_of(trap_corpus())
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
    missing = pdf_fonts.uncovered_characters(trap_corpus(), ranges)
    assert "μ" not in missing and "σ" in missing and "Г" in missing
    assert missing["σ"] == "question what-is-attention"


def test_uncovered_character_warns_with_install_hint(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "installed_coverage", lambda: ((0x20, 0x7E),))
    diagnostics = pdf_fonts.coverage_diagnostics(trap_corpus())
    assert diagnostics and all(d.level == "warning" and d.code == "pdf.font-missing" for d in diagnostics)
    assert any("U+03C3" in d.message and "apt-get install fonts-noto-core" in d.message for d in diagnostics)


# ---------- the tiny book end to end (fast) ----------

@pytest.fixture(scope="module")
def tiny_pdf(tmp_path_factory) -> tuple[Path, dict]:
    target = tmp_path_factory.mktemp("tiny") / "tiny.pdf"
    pages = build_pdf(trap_corpus(), templates(), EPOCH, target)
    return target, pages


def test_tiny_build_is_deterministic(tiny_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    build_pdf(trap_corpus(), templates(), EPOCH, again)
    assert again.read_bytes() == tiny_pdf[0].read_bytes()
    assert list(tmp_path.iterdir()) == [again]  # the parts' staging folder is gone


def test_parts_are_joined_from_files_and_a_failed_join_leaves_nothing(tmp_path, monkeypatch):
    from genai_build.writers.pdf import join
    appended = []
    real_append = join.Joiner.append

    def append(self, data):
        appended.append(data)
        assert isinstance(data, Path) and data.parent.parent == tmp_path and data.is_file()
        return real_append(self, data)

    def full_disk(self, *args):  # the parts are written already: the book is half-written
        raise OSError(28, "No space left on device")  # as write(2) says it: no file name

    monkeypatch.setattr(join.Joiner, "append", append)
    monkeypatch.setattr(join.Joiner, "save", full_disk)
    target = tmp_path / "book.pdf"
    with pytest.raises(OSError) as failed:
        build_pdf(trap_corpus(), templates(), EPOCH, target)
    assert failed.value.filename == str(target)
    assert appended and list(tmp_path.iterdir()) == []  # no half-written book, no staging folder


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


def test_each_contents_entry_is_one_link(tiny_pdf):
    """One annotation per entry, not one per box inside it (its number, label and page)."""
    corpus = trap_corpus()
    reader = PdfReader(tiny_pdf[0])
    front = reader.page_labels.index("1")
    with pikepdf.open(tiny_pdf[0]) as pdf:
        targets = [str(annot.Dest) for page in pdf.pages[:front] for annot in page.obj.get("/Annots", []) if "/Dest" in annot]
    assert sorted(q.id for q in corpus.questions) == sorted(t for t in targets if not t.startswith("_"))
    # a chapter: its line in the contents and its heading in the question-level contents
    assert all(targets.count(c.anchor) == 2 for c in chapters_of(corpus))


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


def test_quick_review_at_the_back_lists_the_key_points(tiny_pdf):
    target, pages = tiny_pdf
    reader = PdfReader(target)
    start = _dest_page(reader, "_quick-review")
    assert start > _dest_page(reader, trap_corpus().questions_in("deployment")[-1].id)  # back matter: after the last chapter
    review = normalised(" ".join(page.extract_text() for page in reader.pages[start:]))
    assert normalised("Quick review") in review[:100]
    # each answered question: its number, its wording and its key points, in book order
    first = review.index(normalised("9 What is attention? Attention weighs the other tokens by relevance."))
    assert first < review.index(normalised("11 What is RAG? Fetch passages, then answer from them."))
    assert normalised("Why several heads?") not in review  # unanswered: no key points to review
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[-1] == "Quick review"
    contents = normalised(" ".join(page.extract_text() for page in reader.pages[:3]))
    assert normalised(f"Quick review {pages['_quick-review']}") in contents


def test_a_book_without_questions_is_front_matter_only(tmp_path):
    empty = trap_corpus().model_copy(update={"questions": ()})
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
    assert titles[-1] == "Quick review"
    children = [item for item in reader.outline if isinstance(item, list)]
    *chapter_children, review_children = children  # the quick review lists the chapters with key points
    assert sum(len(c) for c in chapter_children) == len(corpus.questions)
    assert [item.title for item in review_children] == [f"{c.number}. {c.topic.title}" for c in chapters if c.reviewed]


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
    # every number at a line's end on the contents page is a chapter's page, then the Quick review's
    expected = [pages[c.anchor] for c in chapters_of(corpus)] + ([pages[REVIEW_ANCHOR]] if REVIEW_ANCHOR in pages else [])
    assert printed == expected
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


# ---------- the question-level contents: every entry whole, its page number on its last line ----------

ENTRY_START = re.compile(r"^\s{0,4}(\d{1,4})(?=\s|$)")
PAGE_AT_END = re.compile(r"\S\s{2,}(\d+)$")


def contents_entries(pages_text: list[str], numbers: list[int]) -> dict[int, list[str]]:
    """The lines of each question's entry in the question-level contents (layout-mode text),
    for the questions `numbers` in book order: an entry starts with its number and runs to
    the next entry, a chapter heading or the page's end."""
    entries: dict[int, list[str]] = {}
    expected = iter(numbers)
    wanted = next(expected, None)
    current = None
    for text in pages_text:
        current = None  # an entry never runs on to the next page
        for line in text.splitlines():
            line = line.rstrip()
            match = ENTRY_START.match(line)
            if match and wanted is not None and int(match.group(1)) == wanted and not line.startswith(str(wanted) + "  "):
                current = entries.setdefault(wanted, [])
                wanted = next(expected, None)
            elif match and not line.startswith(" "):  # a chapter heading ("2   Neural-Network Basics   22")
                current = None
                continue
            if current is not None and line.strip() and not re.fullmatch(r"[ivxlc]+", line.strip()):  # not the folio
                current.append(line)
    return entries


def assert_entries_numbered_on_their_last_line(pdf: bytes, questions, pages: dict) -> None:
    import io
    reader = PdfReader(io.BytesIO(pdf))
    # the front matter: its pages are labelled in roman numerals once joined; a front laid out alone is all front
    front = [page for page, label in zip(reader.pages, reader.page_labels) if not label.isdigit()] or list(reader.pages)
    start = next(i for i, page in enumerate(front) if "Questions by chapter" in page.extract_text())
    index_pages = [page.extract_text(extraction_mode="layout") for page in front[start:]]
    entries = contents_entries(index_pages, [q.number for q in questions])
    assert sorted(entries) == sorted(q.number for q in questions), "an entry is missing from the contents"
    for q in questions:
        lines = entries[q.number]
        assert re.match(r"\s*\d+\W+\w", lines[0]), (q.number, lines)  # the number and the text begin one line
        last = PAGE_AT_END.search(lines[-1])
        assert last and int(last.group(1)) == pages[q.id], (q.number, lines)
        assert not any(PAGE_AT_END.search(line) for line in lines[:-1]), (q.number, lines)  # one number, at the end


def long_contents_corpus() -> Corpus:
    """Entries of every length, a character at a time from most of a line to two lines and a
    half, half of them with the "(unanswered)" mark: some fill their line to the last word,
    some fall at a page turn."""
    base = trap_corpus()
    words = "how would you explain the trade offs of attention heads layers and caches in production systems".split()
    prose = " ".join(words * 20)
    questions = []
    for n in range(1, 181):
        text = prose[:70 + n].rstrip().capitalize() + "?"
        questions.append(trap("what-is-attention").model_copy(update={
            "id": f"q-{n}", "number": n, "question": text, "topic": "transformers" if n <= 90 else "rag",
            "answer": None if n % 2 else "An answer.", "unanswered": bool(n % 2), "alternates": ()}))
    return base.model_copy(update={"questions": tuple(questions)})


def test_every_contents_entry_has_its_page_number_on_its_own_last_line():
    from genai_build.writers.pdf.html import stylesheet
    from genai_build.writers.pdf.layout import PartJob, lay_out
    corpus = long_contents_corpus()
    chapters = chapters_of(corpus)
    pages = {c.anchor: 1 + 40 * i for i, c in enumerate(chapters)}
    pages.update({q.id: 1 + q.number // 2 for q in corpus.questions})
    front = lay_out(PartJob(render_front(templates(), corpus, chapters, pages, EPOCH), stylesheet(templates()),
                            templates().dir.as_uri() + "/"))
    assert front.pages >= 7  # the entries run over several pages: some stand at a page turn
    assert_entries_numbered_on_their_last_line(front.pdf, corpus.questions, pages)


def test_a_long_question_level_contents_is_laid_out_in_pieces_numbered_on(tmp_path, monkeypatch):
    """Cut into pieces of 50 entries (a chapter's list of 90 in two), the contents still list
    every question with its true page; each front page after the first piece carries its roman
    folio, the labels run on, and the joined book keeps its tags, links and one PDF/UA catalog."""
    from genai_build.writers.pdf import writer
    monkeypatch.setattr(writer, "INDEX_ENTRIES", 50)
    corpus = long_contents_corpus()
    runs = writer.index_runs(chapters_of(corpus))
    assert [sum(len(c.questions) for c in run) for run in runs] == [45, 45, 45, 45]  # equal shares within the limit
    assert [c.continued for run in runs for c in run] == [False, True, False, True]
    target = tmp_path / "long.pdf"
    pages = build_pdf(corpus, templates(), EPOCH, target)
    assert_entries_numbered_on_their_last_line(target.read_bytes(), corpus.questions, pages)
    reader = PdfReader(target)
    labels = reader.page_labels
    front = labels[:labels.index("1")]
    assert len(front) > 10 and front[-3:] == [lower_roman(len(front) - 2), lower_roman(len(front) - 1), lower_roman(len(front))]
    for index in range(1, len(front)):  # every front page but the cover prints its label
        assert normalised(reader.pages[index].extract_text()).endswith(labels[index]), index
    index_text = normalised(" ".join(page.extract_text() for page in reader.pages[:len(front)]))
    assert index_text.count(normalised("Questions by chapter")) == 2  # the contents' entry and the heading, once
    assert index_text.count(normalised("Transformers and Attention")) == 2  # its contents entry, one heading for both pieces
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == []
        dests = {str(n) for n in list(pdf.Root.Names.Dests.Names)[::2]}
        linked = {str(annot.Dest) for page in pdf.pages[:len(front)] for annot in page.obj.get("/Annots", []) if "/Dest" in annot}
        assert {q.id for q in corpus.questions} <= linked <= dests  # every entry links to its question
        document = pdf.Root.StructTreeRoot.K
        document = document[0] if isinstance(document, pikepdf.Array) else document
        assert sum(str(kid.get("/S")) == "/Sect" for kid in document.K) >= 4
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"


@pytest.mark.slow
def test_every_contents_entry_of_the_book_has_its_page_number_on_its_last_line(book):
    corpus, target, pages = book
    assert_entries_numbered_on_their_last_line(target.read_bytes(), corpus.questions, pages)


@pytest.mark.slow
def test_no_another_answer_label_is_stranded_at_a_page_foot(book):
    corpus, target, _ = book
    reader = PdfReader(target)
    stranded = []
    for page, label in zip(reader.pages, reader.page_labels):
        if not label.isdigit():
            continue
        # the body's lines: without the running head (it holds the book's title) and the folio
        lines = [line.strip() for line in page.extract_text().splitlines()
                 if line.strip() and corpus.book.title not in line and line.strip() != label]
        if lines and "ANOTHER ANSWER" in lines[-1].upper():
            stranded.append(label)
    assert stranded == []


# ---------- answers as printed ----------

def test_ordered_list_continues_after_a_code_block(tmp_path):
    from genai_build.writers.pdf.html import answer_html, numbered_from_start
    answer = "1. one\n2. two\n\n```\ncode\n```\n\n3. three\n4. four\n\n```\nmore\n```\n\n5. five"
    assert numbered_from_start('<ol start="3">') == '<ol start="3" style="counter-reset: list-item 2">'
    corpus = trap_corpus()
    corpus = corpus.model_copy(update={"questions": (trap("what-is-attention").model_copy(update={"number": 1, "answer": answer, "alternates": (), "key_points": None}),)})
    target = tmp_path / "steps.pdf"
    build_pdf(corpus, templates(), EPOCH, target)
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages[reader.page_labels.index("1"):])
    markers = [int(m) for m in re.findall(r"(?<![\w.])(\d)\.(?=\s)", text)]
    assert markers == [1, 2, 3, 4, 5], markers
    assert "counter-reset: list-item 4" in answer_html(answer)


def test_links_relative_to_a_dump_are_text_not_file_urls(tmp_path):
    answer = "See [the notes](notes/other.md), [a part](#part) and ![a plot](img/plot.png); [web](https://example.org/x)."
    corpus = trap_corpus()
    corpus = corpus.model_copy(update={"questions": (trap("what-is-attention").model_copy(update={"number": 1, "answer": answer}),)})
    target = tmp_path / "links.pdf"
    build_pdf(corpus, templates(), EPOCH, target)
    with pikepdf.open(target) as pdf:
        uris = [str(annot.A.URI) for page in pdf.pages for annot in page.obj.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert uris == ["https://example.org/x"]
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "the notes" in text and "a plot (image not included)" in text


def test_formulas_are_drawn_as_svg_with_their_tex_as_alt_text():
    from genai_build.writers.pdf.html import answer_html
    html = answer_html("Softmax: $\\sigma(z)_i = e^{z_i} / \\sum_j e^{z_j}$, and\n\\[\nD_{KL}(P \\| Q)\n\\]\ncosts $5 or $10.")
    assert html.count('<img class="math"') == 2 and 'alt="\\sigma(z)_i = e^{z_i} / \\sum_j e^{z_j}"' in html
    assert 'src="data:image/svg+xml;base64,' in html and '<span class="math-display">' in html
    assert "$5 or $10" in html  # money is not math


# ---------- parts bounded by content: a longer book is more parts, not longer ones ----------

def long_chapters_corpus() -> Corpus:
    """Two chapters of 60 answered questions each, every answer a few lines long."""
    base = trap_corpus()
    answer = "Attention weighs every token by its relevance to the others. " * 6
    questions = [base.questions[0].model_copy(update={
        "id": f"long-{n}", "number": n, "question": f"Question number {n} about attention?", "answer": answer,
        "topic": "transformers" if n <= 60 else "rag", "unanswered": False, "alternates": (), "key_points": f"Point {n}."})
        for n in range(1, 121)]
    return base.model_copy(update={"questions": tuple(questions)})


def test_a_chapter_longer_than_a_part_is_cut_between_questions_into_pieces():
    from genai_build.writers.pdf.html import bounded, question_weight
    chapters = chapters_of(long_chapters_corpus())
    limit = chapters[0].weight // 3
    pieces = bounded(chapters, limit)
    assert len(pieces) > 2 * len(chapters)
    for chapter in chapters:  # in order, every question once, the first piece the chapter's start
        own = [p for p in pieces if p.topic == chapter.topic]
        assert [q for p in own for q in p.questions] == list(chapter.questions)
        assert [p.continued for p in own] == [False] + [True] * (len(own) - 1)
        assert all(p.weight <= limit for p in own)
    assert bounded(chapters, 10 ** 9) == chapters  # nothing to cut: the same chapters
    assert bounded(chapters, 1)[0].questions == chapters[0].questions[:1]  # a question heavier than the limit stands alone
    assert all(question_weight(q) > 1 for q in chapters[0].questions)


def test_parts_grow_in_number_not_in_size_and_pieces_of_a_part_are_one_again():
    from genai_build.writers.pdf.writer import book_parts, chapter_anchors
    chapters = chapters_of(long_chapters_corpus())
    total = sum(c.weight for c in chapters)
    for limit in (total // 4, total // 10):
        parts = book_parts(chapters, 2, limit=limit)
        assert len(parts) >= total // limit
        assert all(sum(c.weight for c in part) <= 2 * limit for part in parts)
        assert [q for part in parts for c in part for q in c.questions] == [q for c in chapters for q in c.questions]
        for part in parts:  # a chapter's pieces that share a part are laid out as one
            assert all(a.topic != b.topic for a, b in zip(part, part[1:]))
        anchors = [a for part in parts for a in chapter_anchors(part)]
        assert len(anchors) == len(set(anchors)) and {c.anchor for c in chapters} <= set(anchors)
    assert book_parts(chapters, 2, limit=10 ** 9) == tuple((c,) for c in chapters)


def test_a_chapter_cut_across_parts_reads_on_with_its_running_head_numbers_and_links(tmp_path, monkeypatch):
    from genai_build.writers.pdf import writer
    corpus = long_chapters_corpus()
    chapters = chapters_of(corpus)
    monkeypatch.setattr(writer, "PART_WEIGHT", chapters[0].weight // 3)
    target = tmp_path / "long.pdf"
    pages = build_pdf(corpus, templates(), EPOCH, target)
    reader = PdfReader(target)
    labels = reader.page_labels
    for q in corpus.questions:  # every question once, where the contents say
        assert labels[_dest_page(reader, q.id)] == str(pages[q.id])
    first_chapter = labels.index("1")
    texts = [page.extract_text() for page in reader.pages]
    for index in range(first_chapter, len(texts)):
        assert normalised(texts[index]).endswith(labels[index])  # the folio
    # every chapter page but a chapter's first names its chapter at the top, a new part's first page too
    starts = {_dest_page(reader, c.anchor) for c in chapters}
    review = _dest_page(reader, REVIEW_ANCHOR)
    for index in range(first_chapter, review):
        if index not in starts:
            chapter = chapters[0] if index < _dest_page(reader, chapters[1].anchor) else chapters[1]
            head = [line for line in texts[index].splitlines() if corpus.book.title in line]  # the running head's line
            assert head and head[0].upper().startswith(chapter.topic.title.upper()), (index, head)
    with pikepdf.open(target) as pdf:
        assert pdf.check_pdf_syntax() == []
        dests = {str(n) for n in list(pdf.Root.Names.Dests.Names)[::2]}
        assert all(str(annot.Dest) in dests for page in pdf.pages for annot in page.obj.get("/Annots", []) if "/Dest" in annot)


# ---------- a very long paragraph: printed as several, so that layout stays linear (timing: make bench) ----------

def test_a_very_long_paragraph_is_cut_where_sentences_end_never_inside_an_element():
    from genai_build.writers.pdf.html import LONG_PARAGRAPH, answer_html
    sentence = "The model weighs every token by its relevance. "
    markdown = sentence * 300 + "**A bold run. It spans sentences. " + sentence * 60 + "** The end."
    html = answer_html(markdown)
    paragraphs = re.findall(r'<p( class="cut")?>(.*?)</p>', html, re.S)
    assert len(paragraphs) >= len(markdown) // (2 * LONG_PARAGRAPH)
    assert [cut for cut, _ in paragraphs] == [' class="cut"'] * (len(paragraphs) - 1) + [""]  # they read on
    for _, inner in paragraphs:
        assert inner.count("<strong>") == inner.count("</strong>")  # never cut inside the bold run
        text = re.sub(r"<[^>]*>", "", inner)
        assert len(text) < 2 * LONG_PARAGRAPH or "<strong>" in inner
        assert text.rstrip().endswith(".")  # cut where a sentence ends
    assert normalised(re.sub(r"<[^>]*>", "", html)) == normalised(markdown.replace("**", ""))
    # no sentence end for twice the limit: cut between words; short paragraphs as they were
    run_on = answer_html("word " * (3 * LONG_PARAGRAPH))
    assert run_on.count("<p") >= 2 and normalised(run_on.replace('<p class="cut">', "").replace("<p>", "").replace("</p>", "")) == normalised("word " * (3 * LONG_PARAGRAPH))
    assert answer_html("One. Two. Three.").strip() == "<p>One. Two. Three.</p>"
