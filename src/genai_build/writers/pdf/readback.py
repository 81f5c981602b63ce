"""The PDF read back as a viewer sees it: the named destinations of the questions, in page order."""

from __future__ import annotations

from pathlib import Path


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
