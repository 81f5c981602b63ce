"""Joining the laid-out parts of the handbook into one tagged PDF, written part by part.

Holding the joined book as one object graph (qpdf's) grew with the book: ~1.5 KB of memory an
object, 1.2 million objects (tags mostly) at 16x. Here each part is opened (pikepdf), made
ready in its own small graph, and its objects are written to the book at once, renumbered,
then released: what is kept between parts is a few numbers per page and per anchor.

The first part (the front matter) is the base: its catalog carries the metadata, language and
PDF/UA marks, and is written last with the trees that span the book. Each part's structure
tree (tags) is re-parented under the one Document element with its parent-tree keys
renumbered; its named destinations are kept (the first of a name wins, as in WeasyPrint);
links written with the part-link scheme become internal links; page numbers (folios) are
stamped on the pages as artifacts. The outline (bookmarks) and page labels are built at the
end. Objects go into compressed object streams and an xref stream; the file identifier is
computed from the content, so the same book gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from array import array
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from genai_build.writers.pdf.html import PART_LINK_SCHEME


@dataclass(frozen=True)
class OutlineNode:
    title: str
    anchor: str
    children: tuple["OutlineNode", ...] = field(default=())
    open: bool = False


@dataclass(frozen=True)
class FolioRun:
    """A laid-out run of folios: page i of `pdf` goes on page `first` + i of the joined book."""
    first: int
    pdf: bytes | Path
    pages: int


def _open(source: bytes | Path) -> pikepdf.Pdf:
    """A part, from its bytes or its file: a file is read as its objects are needed, never whole."""
    if isinstance(source, Path):
        return pikepdf.open(source, access_mode=pikepdf.AccessMode.stream)
    return pikepdf.open(io.BytesIO(source))


def _nums(tree: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    flat = list(tree.get("/Nums", Array()))
    return [(int(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _dests(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    flat = list(names.Dests.get("/Names", Array()))
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


# A reference in qpdf's unparsed text, or a string (skipped: its text may look like one). qpdf
# escapes every parenthesis inside a literal string, and a hex string holds no R.
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|(?<![\w.#/+-])(\d+) (\d+) R(?!\w)", re.S)
OBJECTS_PER_STREAM = 100
CATALOG, PAGES, STRUCT_ROOT, DOCUMENT = 1, 2, 3, 4  # the book's own objects, written last


class _File:
    """The PDF being written: objects numbered as they come, the small ones in object streams."""

    def __init__(self, target: BinaryIO):
        self.target = target
        self.offset = 0
        self.md5 = hashlib.md5()
        # the xref entry of every object number: type (0 free, 1 at an offset, 2 in an object
        # stream), offset or stream, index in the stream; arrays, not a dict of tuples: ~13 bytes
        # an object, where the book has over a million objects at 16x
        self.kinds, self.seconds, self.thirds = array("B"), array("Q"), array("H")
        self.pending: list[tuple[int, bytes]] = []
        self.last = DOCUMENT
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def number(self) -> int:
        self.last += 1
        return self.last

    def _write(self, data: bytes) -> None:
        self.target.write(data)
        self.md5.update(data)
        self.offset += len(data)

    def _entry(self, number: int, kind: int, second: int, third: int) -> None:
        missing = number + 1 - len(self.kinds)
        if missing > 0:
            self.kinds.extend(bytes(missing))
            self.seconds.extend([0] * missing)
            self.thirds.extend([0] * missing)
        self.kinds[number], self.seconds[number], self.thirds[number] = kind, second, third

    def object(self, number: int, body: bytes) -> None:
        self.pending.append((number, body))
        if len(self.pending) >= OBJECTS_PER_STREAM:
            self.flush()

    def stream(self, number: int, dictionary: bytes, data: bytes) -> None:
        """`dictionary`: the stream's dictionary, its /Length already that of `data`."""
        self._entry(number, 1, self.offset, 0)
        self._write(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, dictionary, data))

    def flush(self) -> None:
        if not self.pending:
            return
        number, header, bodies, at = self.number(), [], [], 0
        for index, (member, body) in enumerate(self.pending):
            self._entry(member, 2, number, index)
            header.append(b"%d %d" % (member, at))
            bodies.append(body)
            at += len(body) + 1
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(bodies), 6)
        self.pending = []
        self.stream(number, b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                    % (len(bodies), len(first), len(data)), data)

    def close(self, trailer: bytes) -> None:
        """The cross-reference stream (with `trailer`'s entries and the identifier) and the end."""
        self.flush()
        number = self.number()
        start = self.offset
        self._entry(number, 1, start, 0)
        rows = [b"\x00\x00\x00\x00\x00\x00\xff\xff"]
        for n in range(1, number + 1):
            kind, second, third = (self.kinds[n], self.seconds[n], self.thirds[n]) if n < len(self.kinds) else (0, 0, 0)
            rows.append(bytes([kind]) + second.to_bytes(5, "big") + third.to_bytes(2, "big"))
        data = zlib.compress(b"".join(rows), 6)
        digest = self.md5.hexdigest().encode()
        self._write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 5 2 ] %s /ID [ <%s> <%s> ] /Filter /FlateDecode /Length %d >>\n"
                    b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
                    % (number, number + 1, trailer, digest, digest, len(data), data, start))


class Joiner:
    """Appends parts to the base (the first part appended), writing each as it comes."""

    def __init__(self, target: BinaryIO, folios: Sequence[FolioRun] = ()):
        self.file = _File(target)
        self.folios = sorted(folios, key=lambda run: run.first)
        self.folio_sources: dict[int, pikepdf.Pdf] = {}
        self.base: pikepdf.Pdf | None = None
        self.base_numbers: dict[tuple[int, int], int] = {}
        self.tagged = False
        self.pages: list[int] = []  # the number of every page, in order
        self.kids: list[bytes] = []  # the Document element's children, as written in its /K
        self.nums: list[bytes] = []  # the parent tree, key and value, in key order
        self.next_key = 0
        self.dests: dict[str, bytes] = {}

    # ---------- parts ----------

    def append(self, data: bytes | Path) -> range:
        """Write a part's pages and everything they need; return their indices in the book.

        The base stays open (its catalog is written last); any other part is closed once written."""
        part = _open(data)
        try:
            return self._append(part)
        finally:
            if part is not self.base:
                part.close()

    def _append(self, part: pikepdf.Pdf) -> range:
        first = len(self.pages)
        if self.base is None:
            self.base = part
            self.tagged = "/StructTreeRoot" in part.Root
        pages = range(first, first + len(part.pages))
        self._stamp(part, pages)
        _resolve_part_links(part)
        numbers = self._numbers(part)
        renumber = _renumbering(numbers)
        self.pages += [numbers[page.obj.objgen] for page in part.pages]
        root = part.Root.get("/StructTreeRoot")
        if self.tagged and root is not None:
            base = self.next_key
            part_nums = _nums(root.ParentTree)
            for page in part.pages:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + base
                for annot in page.obj.get("/Annots", Array()):
                    if "/StructParent" in annot:
                        annot.StructParent = int(annot.StructParent) + base
            self.nums += [b"%d %s" % (key + base, renumber(value.unparse())) for key, value in part_nums]
            self.next_key = base + max((k for k, _ in part_nums), default=-1) + 1
            document = root.K[0] if isinstance(root.K, Array) else root.K
            self.kids += [renumber(kid.unparse()) for kid in document.get("/K", Array())]
        for name, dest in _dests(part):
            self.dests.setdefault(name, renumber(dest.unparse()))
        for obj in part.objects:
            number = numbers.get(obj.objgen)
            if number is None or number <= DOCUMENT:
                continue
            if isinstance(obj, pikepdf.Stream):
                raw = obj.read_raw_bytes()
                obj.stream_dict.Length = len(raw)
                self.file.stream(number, renumber(obj.stream_dict.unparse(resolved=True)), raw)
            else:
                self.file.object(number, renumber(obj.unparse(resolved=True)))
        if part is self.base:
            self.base_numbers = numbers
        for run in self.folios:  # the parts come in page order: a run of folios behind them is done with
            if run.first + run.pages <= pages.stop and run.first in self.folio_sources:
                self.folio_sources.pop(run.first).close()
        return pages

    def _numbers(self, part: pikepdf.Pdf) -> dict[tuple[int, int], int]:
        """The book's number of every object of `part` it keeps; the part's catalog, page tree,
        structure root and Document element are the book's own; its parent tree, names and
        information dictionary are not kept (written for the whole book, or the base's, last)."""
        own: dict[tuple[int, int], int] = {part.Root.objgen: CATALOG}
        todo = [part.Root.Pages]
        while todo:
            node = todo.pop()
            own[node.objgen] = PAGES
            todo += [kid for kid in node.get("/Kids", Array()) if kid.get("/Type") == Name.Pages]
        dropped = set()
        root = part.Root.get("/StructTreeRoot")
        if root is not None:
            own[root.objgen] = STRUCT_ROOT
            document = root.K[0] if isinstance(root.K, Array) else root.K
            if document.is_indirect:
                own[document.objgen] = DOCUMENT
            dropped |= {o.objgen for o in (root.get("/ParentTree"), root.K) if o is not None and o.is_indirect}
        names = part.Root.get("/Names")
        if names is not None:
            dropped |= {o.objgen for o in (names, names.get("/Dests")) if o is not None and o.is_indirect}
        info = part.trailer.get("/Info")
        if info is not None and info.is_indirect and part is not self.base:
            dropped.add(info.objgen)
        numbers = dict(own)
        for obj in part.objects:
            objgen = obj.objgen
            if objgen in numbers or objgen in dropped or objgen == (0, 0):
                continue
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in (Name.ObjStm, Name.XRef):
                continue
            numbers[objgen] = self.file.number()
        return numbers

    def _stamp(self, part: pikepdf.Pdf, pages: range) -> None:
        """Draw on each page of the part its folio, if it has one, marked as an artifact."""
        for run in self.folios:
            for index in range(max(pages.start, run.first), min(pages.stop, run.first + run.pages)):
                source = self.folio_sources.get(run.first)
                if source is None:
                    source = self.folio_sources[run.first] = _open(run.pdf)
                page = part.pages[index - pages.start]
                form = part.copy_foreign(source.pages[index - run.first].as_form_xobject())
                name = Name(f"/GbFolio{index}")
                resources = page.obj.Resources  # shared by the pages of a part: names are unique in the book
                if "/XObject" not in resources:
                    resources.XObject = Dictionary()
                resources.XObject[name] = form
                page.contents_add(pikepdf.Stream(part, b"q\n"), prepend=True)
                page.contents_add(pikepdf.Stream(part, b"\nQ /Artifact BMC " + name.unparse() + b" Do EMC\n"))

    # ---------- the book ----------

    def save(self, nodes: Sequence[OutlineNode], front_pages: int) -> None:
        """Write what spans the book: outline, page labels, trees, catalog; then the cross-reference."""
        if self.base is None:
            raise ValueError("no part to join")
        file, base = self.file, self.base
        renumber = _renumbering(self.base_numbers)
        outlines = self._outline(nodes)
        overrides = {"/Pages": b"%d 0 R" % PAGES, "/PageMode": b"/UseOutlines", "/Outlines": b"%d 0 R" % outlines,
                     "/PageLabels": _page_labels(front_pages, len(self.pages))}
        if self.tagged:
            tree = base.Root.StructTreeRoot
            parent_tree = file.number()
            file.object(parent_tree, b"<< /Nums [ " + b" ".join(self.nums) + b" ] >>")
            file.object(STRUCT_ROOT, _dictionary(tree, renumber, {
                "/K": b"%d 0 R" % DOCUMENT, "/ParentTree": b"%d 0 R" % parent_tree, "/ParentTreeNextKey": b"%d" % self.next_key}))
            document = tree.K[0] if isinstance(tree.K, Array) else tree.K
            file.object(DOCUMENT, _dictionary(document, renumber, {"/P": b"%d 0 R" % STRUCT_ROOT,
                                                                   "/K": b"[ " + b" ".join(self.kids) + b" ]"}))
            overrides["/StructTreeRoot"] = b"%d 0 R" % STRUCT_ROOT
        if self.dests:
            dests = file.number()
            file.object(dests, b"<< /Names [ " + b" ".join(String(name).unparse() + b" " + self.dests[name]
                                                         for name in sorted(self.dests)) + b" ] >>")
            names = base.Root.get("/Names", Dictionary())
            overrides["/Names"] = _dictionary(names, renumber, {"/Dests": b"%d 0 R" % dests})
        file.object(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
                    % (len(self.pages), b" ".join(b"%d 0 R" % n for n in self.pages)))
        file.object(CATALOG, _dictionary(base.Root, renumber, overrides))
        info = base.trailer.get("/Info")
        trailer = b"/Root %d 0 R" % CATALOG
        if info is not None:
            trailer += b" /Info " + renumber(info.unparse())
        file.close(trailer)

    def _outline(self, nodes: Sequence[OutlineNode]) -> int:
        outlines = self.file.number()
        first, last, visible = self._outline_items(nodes, outlines)
        entries = b" /First %d 0 R /Last %d 0 R /Count %d" % (first, last, visible) if first else b""
        self.file.object(outlines, b"<< /Type /Outlines" + entries + b" >>")
        return outlines

    def _outline_items(self, nodes: Sequence[OutlineNode], parent: int) -> tuple[int, int, int]:
        """Write the items of one level (and theirs); return the first's and the last's numbers and
        how many items show when the outline opens."""
        numbers = [self.file.number() for _ in nodes]
        visible = len(nodes)
        for index, (node, number) in enumerate(zip(nodes, numbers)):
            entries = [b"/Title " + String(node.title).unparse(), b"/Parent %d 0 R" % parent, b"/Dest " + String(node.anchor).unparse()]
            if index:
                entries.append(b"/Prev %d 0 R" % numbers[index - 1])
            if index + 1 < len(numbers):
                entries.append(b"/Next %d 0 R" % numbers[index + 1])
            if node.children:
                first, last, shown = self._outline_items(node.children, number)
                count = shown if node.open else -len(node.children)
                entries.append(b"/First %d 0 R /Last %d 0 R /Count %d" % (first, last, count))
                visible += max(count, 0)
            self.file.object(number, b"<< " + b" ".join(entries) + b" >>")
        return (numbers[0] if numbers else 0), (numbers[-1] if numbers else 0), visible

    def close(self) -> None:
        for source in self.folio_sources.values():
            source.close()
        if self.base is not None:
            self.base.close()

    def __enter__(self) -> "Joiner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _renumbering(numbers: dict[tuple[int, int], int]):
    """Rewrites the references of a part's unparsed text to the book's numbers (a reference to
    an object not kept becomes null)."""
    def replace(match: re.Match) -> bytes:
        if match.group(1) is None:
            return match.group(0)
        number = numbers.get((int(match.group(1)), int(match.group(2))))
        return b"null" if number is None else b"%d 0 R" % number
    return lambda text: _TOKEN.sub(replace, text)


def _dictionary(source: pikepdf.Object, renumber, overrides: dict[str, bytes]) -> bytes:
    """`source`'s entries (renumbered) with `overrides` put in, in key order."""
    entries = {key: renumber(value.unparse()) for key, value in source.items() if key not in overrides}
    entries.update(overrides)
    return b"<< " + b" ".join(Name(key).unparse() + b" " + entries[key] for key in sorted(entries)) + b" >>"


def _page_labels(front_pages: int, pages: int) -> bytes:
    """Front matter numbered i, ii, …; the chapters 1, 2, … as printed on the pages."""
    chapters = b" %d << /S /D /St 1 >>" % front_pages if front_pages < pages else b""
    return b"<< /Nums [ 0 << /S /r >>" + chapters + b" ] >>"


def _resolve_part_links(part: pikepdf.Pdf) -> None:
    """Turn links written as part-link URIs into internal links to the named destination."""
    for page in part.pages:
        for annot in page.obj.get("/Annots", Array()):
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if uri.startswith(PART_LINK_SCHEME):
                anchor = uri[len(PART_LINK_SCHEME):]
                del annot["/A"]
                annot.Dest = String(anchor)
                if "/Contents" in annot:
                    annot.Contents = String(f"Go to {anchor.lstrip('_')}")
