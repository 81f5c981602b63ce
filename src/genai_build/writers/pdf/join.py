"""Joining the laid-out parts of the handbook into one tagged PDF (pikepdf, i.e. qpdf).

The front matter is the base document: its catalog carries the metadata, language and
PDF/UA marks. Each chapter part's pages are appended with everything that makes them work:
the structure tree (tags) re-parented under the one Document element with its parent-tree
keys renumbered, the named destinations, and the links. Links written with the part-link
scheme become internal links. Page numbers (folios) are stamped on the chapter pages as
artifacts, the outline (bookmarks) and page labels are built here, and the file is saved
with an identifier computed from its content, so the same book gives the same bytes.
"""

from __future__ import annotations

import io
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


class Joiner:
    """Appends parts to the base (front matter) document, keeping tags, links and destinations."""

    def __init__(self, base: bytes | Path):
        self.pdf = _open(base)
        root = self.pdf.Root.get("/StructTreeRoot")
        self.tagged = root is not None
        if self.tagged:
            self.document = root.K[0] if isinstance(root.K, Array) else root.K
            self.nums = _nums(root.ParentTree)
            self.next_key = max((k for k, _ in self.nums), default=-1) + 1
        self.dests = _dests(self.pdf)

    def append(self, data: bytes | Path) -> range:
        """Append a part's pages; return their indices in the joined document.

        The part is closed once copied (qpdf reads a copied stream's data from the part's file
        when saving, without the part's objects): only the joined document grows, not every part."""
        with _open(data) as part:
            return self._append(part)

    def _append(self, part: pikepdf.Pdf) -> range:
        first = len(self.pdf.pages)
        kids: list[pikepdf.Object] = []
        root = part.Root.get("/StructTreeRoot")
        if self.tagged and root is not None:
            document = root.K[0] if isinstance(root.K, Array) else root.K
            kids = list(document.get("/K", Array()))
            for kid in kids:  # cut the link upwards, or copying a kid would copy the part's whole tree
                if isinstance(kid, Dictionary) and "/P" in kid:
                    del kid["/P"]
        self.pdf.pages.extend(part.pages)
        new_pages = range(first, len(self.pdf.pages))
        for name, dest in _dests(part):
            self.dests.append((name, Array([self.pdf.copy_foreign(dest[0]), *list(dest)[1:]])))
        if self.tagged and root is not None:
            self._graft_tags(root, kids, new_pages)
        return new_pages

    def _graft_tags(self, root: pikepdf.Object, kids: list, new_pages: range) -> None:
        for kid in kids:
            copied = self.pdf.copy_foreign(kid)
            copied.P = self.document
            self.document.K.append(copied)
        base = self.next_key
        part_nums = _nums(root.ParentTree)
        for key, value in part_nums:
            if isinstance(value, Array):
                value = Array([self.pdf.copy_foreign(v) if v.is_indirect else v for v in value])
            else:
                value = self.pdf.copy_foreign(value)
            self.nums.append((key + base, value))
        for index in new_pages:
            page = self.pdf.pages[index].obj
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + base
            for annot in page.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + base
        self.next_key = base + max((k for k, _ in part_nums), default=-1) + 1

    def stamp_folios(self, pages: range, folios: bytes | Path) -> None:
        """Draw page i of `folios` (page numbers only) on each page of `pages`, marked as an artifact."""
        with _open(folios) as source:
            self._stamp(source, pages)

    def _stamp(self, source: pikepdf.Pdf, pages: range) -> None:
        for folio_index, page_index in enumerate(pages):
            page = self.pdf.pages[page_index]
            form = self.pdf.copy_foreign(source.pages[folio_index].as_form_xobject())
            name = Name(f"/GbFolio{page_index}")
            resources = page.obj.Resources  # shared by the pages of a part: names are unique in the book
            if "/XObject" not in resources:
                resources.XObject = Dictionary()
            resources.XObject[name] = form
            page.contents_add(pikepdf.Stream(self.pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(self.pdf, b"\nQ /Artifact BMC " + name.unparse() + b" Do EMC\n"))

    def resolve_part_links(self) -> None:
        """Turn links written as part-link URIs into internal links to the named destination."""
        for page in self.pdf.pages:
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

    def set_outline(self, nodes: Sequence[OutlineNode]) -> None:
        outlines = self.pdf.make_indirect(Dictionary(Type=Name.Outlines))
        first, last, visible = self._outline_items(nodes, outlines)
        if first is not None:
            outlines.First, outlines.Last, outlines.Count = first, last, visible
        self.pdf.Root.Outlines = outlines
        self.pdf.Root.PageMode = Name.UseOutlines

    def _outline_items(self, nodes: Sequence[OutlineNode], parent) -> tuple:
        items = []
        for node in nodes:
            item = self.pdf.make_indirect(Dictionary(Title=String(node.title), Parent=parent, Dest=String(node.anchor)))
            if node.children:
                first, last, visible = self._outline_items(node.children, item)
                item.First, item.Last = first, last
                item.Count = visible if node.open else -len(node.children)
            items.append(item)
        for before, after in zip(items, items[1:]):
            before.Next, after.Prev = after, before
        visible = len(items) + sum(int(i.Count) for i in items if "/Count" in i and int(i.Count) > 0)
        return (items[0] if items else None), (items[-1] if items else None), visible

    def set_page_labels(self, front_pages: int) -> None:
        """Front matter numbered i, ii, …; the chapters 1, 2, … as printed on the pages."""
        nums = Array([0, Dictionary(S=Name.r)])
        if front_pages < len(self.pdf.pages):
            nums.extend([front_pages, Dictionary(S=Name.D, St=1)])
        self.pdf.Root.PageLabels = Dictionary(Nums=nums)

    def save(self, target: Path | BinaryIO) -> None:
        # The trees are made from Python lists in one go: extending a pikepdf Array pair by pair
        # copies it each time, which made the join grow with the square of the book.
        if self.tagged:
            nums = [item for key, value in sorted(self.nums, key=lambda kv: kv[0]) for item in (key, value)]
            self.pdf.Root.StructTreeRoot.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(nums)))
            self.pdf.Root.StructTreeRoot.ParentTreeNextKey = self.next_key
        if self.dests:
            unique = dict(reversed(self.dests))  # the first anchor of a name wins, as in WeasyPrint
            flat = [item for name in sorted(unique) for item in (String(name), unique[name])]
            if "/Names" not in self.pdf.Root:
                self.pdf.Root.Names = Dictionary()
            self.pdf.Root.Names.Dests = self.pdf.make_indirect(Dictionary(Names=Array(flat)))
        self.pdf.save(target, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self) -> "Joiner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
