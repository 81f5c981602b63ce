"""The EPUB read back as a reading system opens it: container, OPF spine, then each spine document's ids."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')


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
    return [qid for qid in found if qid in known]
