"""Reader for prose with no markup on its questions, as copied web articles and notes have them:
a line that asks (`What is a GAN?`), at the margin, opening a paragraph, with its answer in the
lines under it up to the next such line.

The weakest evidence of any layout, so it comes last in the READERS table: wherever a reader
that sees markup (headings, numbers, `Q.`, bold, blocks) reads the same questions, that reading
wins. Marked lines (numbered, `Q.`-prefixed, bold) are not taken here: they are other layouts.
"""

from __future__ import annotations

from typing import Any, Mapping

from genai_build.readers import numbered_questions
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.options import OptionReader

OPTIONS = {
    "section_levels": numbered_questions.OPTIONS["section_levels"],
    "sections": numbered_questions.OPTIONS["sections"],
}


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    opts.levels("section_levels", (1, 2, 3, 4, 5, 6))
    opts.choice("sections", "nested", ("nested", "last"))
    opts.done()  # checked here, so a bad option names this reader
    return numbered_questions.read(source, {**options, "style": "lines"})


def candidates(source: SourceText) -> list[dict[str, Any]]:
    return [{}] if numbered_questions.plain_questions(source.lines) >= 2 else []


READER = Reader("plain-questions", "prose: unmarked lines that ask (`What is…?`), each opening a paragraph, the answer under "
                "it", read, OPTIONS, candidates=candidates)
