"""Cross-format consistency: every edition holds the corpus's questions, same ids, same order.

Each reader below opens one written output the way its users' tools would (the zip and
OPF spine of the EPUB, the SQLite collection of the .apkg, the named destinations of the
PDF, the anchors of the Markdown files in index order) and lists the question ids it finds
in reading order. The build compares that list to the corpus and fails loudly on any
difference, so an edition can never silently drop, duplicate or reorder a question.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path, PurePosixPath
from typing import Callable
from xml.etree import ElementTree

from genai_build.diagnostics import Diagnostic, error
from genai_build.model import Corpus
from genai_build.writers.anki.writer import APKG_NAME
from genai_build.writers.epub.writer import EPUB_NAME
from genai_build.writers.markdown.writer import ANCHOR_PREFIX
from genai_build.writers.pdf.writer import PDF_NAME

_ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


def _keep_known(found: list[str], known: set[str]) -> list[str]:
    return [name for name in found if name in known]


def ids_in_markdown(out_dir: Path, known: set[str]) -> list[str]:
    folder = out_dir / "markdown"
    index = (folder / "README.md").read_text(encoding="utf-8")
    files = list(dict.fromkeys(re.findall(r"\]\(([a-z0-9-]+\.md)(?:#[^)]*)?\)", index)))
    found = []
    for name in files:
        text = (folder / name).read_text(encoding="utf-8")
        found += [a[len(ANCHOR_PREFIX):] for a in _ID_ATTRIBUTE.findall(text) if a.startswith(ANCHOR_PREFIX)]
    return _keep_known(found, known)


def ids_in_epub(path: Path, known: set[str]) -> list[str]:
    with zipfile.ZipFile(path) as book:
        container = ElementTree.fromstring(book.read("META-INF/container.xml"))
        opf_path = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
        opf = ElementTree.fromstring(book.read(opf_path))
        manifest = {e.get("id"): e.get("href") for e in opf.iter() if e.tag.endswith("}item")}
        spine = [e.get("idref") for e in opf.iter() if e.tag.endswith("}itemref")]
        base = PurePosixPath(opf_path).parent
        found = []
        for idref in spine:
            text = book.read(str(base / manifest[idref])).decode("utf-8")
            found += _ID_ATTRIBUTE.findall(text)
    return _keep_known(found, known)


def ids_in_anki(path: Path, known: set[str]) -> list[str]:
    """Question ids of the notes, in note-id order (the order they were added: the book's)."""
    with zipfile.ZipFile(path) as package:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in package.namelist())
        data = package.read(name)
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        field_names = _anki_field_names(conn)
        position = field_names.index("Id")
        rows = conn.execute("select flds from notes order by id").fetchall()
    finally:
        conn.close()
    return _keep_known([row[0].split("\x1f")[position] for row in rows], known)


def _anki_field_names(conn: sqlite3.Connection) -> list[str]:
    import json
    models = json.loads(conn.execute("select models from col").fetchone()[0])
    fields = next(iter(models.values()))["flds"]
    return [f["name"] for f in sorted(fields, key=lambda f: f["ord"])]


def ids_in_pdf(path: Path, known: set[str]) -> list[str]:
    """Question ids from the PDF's named destinations, in page order, top to bottom."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        names = pdf.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return []
        page_of = {page.objgen: index for index, page in enumerate(pdf.pages)}
        placed = []
        for name, destination in pikepdf.NameTree(names.Dests).items():
            if name in known:
                array = destination.get("/D", destination) if isinstance(destination, pikepdf.Dictionary) else destination
                page, mode = array[0], str(array[1])
                top = float(array[3]) if mode == "/XYZ" and len(array) > 3 and array[3] is not None else 0.0
                placed.append((page_of.get(page.objgen, -1), -top, name))
    return [name for _, _, name in sorted(placed)]


def ids_in_corpus_json(path: Path, known: set[str]) -> list[str]:
    import json
    return [q["id"] for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]


# writer name -> (the output to open, relative to build/, and how to list its question ids)
EXTRACTORS: dict[str, tuple[str, Callable[[Path, set[str]], list[str]]]] = {
    "corpus": ("corpus.json", ids_in_corpus_json),
    "markdown": (".", ids_in_markdown),
    "epub": (EPUB_NAME, ids_in_epub),
    "anki": (f"anki/{APKG_NAME}", ids_in_anki),
    "pdf": (PDF_NAME, ids_in_pdf),
}


def check_output(writer: str, corpus: Corpus, out_dir: Path) -> list[Diagnostic]:
    """Compare the question ids of one written output with the corpus; [] when they agree."""
    if writer not in EXTRACTORS:
        return []
    relative, extract = EXTRACTORS[writer]
    path = out_dir / relative
    expected = [q.id for q in corpus.questions]
    try:
        found = extract(path if relative != "." else out_dir, set(expected))
    except Exception as exc:  # noqa: BLE001 - an unreadable output is itself the finding
        return [error("consistency.unreadable", f"cannot read the {writer} output back: {exc}", str(path))]
    if found == expected:
        return []
    shown = str(path)
    missing = [qid for qid in expected if qid not in set(found)]
    doubled = sorted({qid for qid in found if found.count(qid) > 1})
    problems = []
    if missing:
        problems.append(error("consistency.missing", f"{len(missing)} of {len(expected)} questions missing from the {writer} edition, e.g. {', '.join(missing[:5])}", shown))
    if doubled:
        problems.append(error("consistency.duplicate", f"questions appear more than once in the {writer} edition: {', '.join(doubled[:5])}", shown))
    if not problems:
        first = next(i for i, (a, b) in enumerate(zip(expected, found)) if a != b)
        problems.append(error("consistency.order", f"the {writer} edition puts question {first + 1} as {found[first]!r}, the corpus has {expected[first]!r}", shown))
    return problems
