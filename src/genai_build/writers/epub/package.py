"""The EPUB pandoc packaged, with the book's XHTML bodies put in place of their placeholders.

Pandoc writes the package (container, OPF, nav, NCX, title page, cover, one file per chapter);
each chapter file holds the placeholders markup.py gave it. Here every placeholder becomes its
body, and a chapter file that now holds MathML is declared so in the OPF manifest (pandoc says
so only of files whose math it wrote itself). The entries keep pandoc's order, names, times and
compression, with `mimetype` first and stored, as the EPUB container requires.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Sequence

from genai_build.writers.epub.markup import fill_placeholders

_MANIFEST_ITEM = re.compile(r"<item\b[^>]*?/>")
_HREF = re.compile(r'href="([^"]+)"')
_PROPERTIES = re.compile(r'properties="([^"]*)"')


def declare_mathml(opf: str, opf_dir: PurePosixPath, with_math: set[str]) -> str:
    """The OPF with "mathml" among the properties of every manifest item in `with_math`."""
    def item(match: re.Match) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None or str(opf_dir / href.group(1)) not in with_math:
            return tag
        properties = _PROPERTIES.search(tag)
        if properties is None:
            return tag[:-2].rstrip() + ' properties="mathml" />'
        if "mathml" in properties.group(1).split():
            return tag
        return tag[:properties.end(1)] + " mathml" + tag[properties.end(1):]
    return _MANIFEST_ITEM.sub(item, opf)


def fill_bodies(packaged: Path, target: Path, bodies: Sequence[str]) -> None:
    """Copy the EPUB at `packaged` to `target`, every chapter file's placeholders filled."""
    with zipfile.ZipFile(packaged) as source:
        entries = source.infolist()
        contents = {entry.filename: source.read(entry) for entry in entries}
    with_math = set()
    for name, data in contents.items():
        if name.endswith(".xhtml"):
            text = fill_placeholders(data.decode("utf-8"), bodies)
            if "<math" in text:
                with_math.add(name)
            contents[name] = text.encode("utf-8")
    opf_name = next(name for name in contents if name.endswith(".opf"))
    opf = contents[opf_name].decode("utf-8")
    contents[opf_name] = declare_mathml(opf, PurePosixPath(opf_name).parent, with_math).encode("utf-8")
    with zipfile.ZipFile(target, "w") as book:
        for entry in entries:
            book.writestr(entry, contents[entry.filename], compress_type=entry.compress_type)
