"""The EPUB's cover: a PNG drawn with Pillow from the book's title, subtitle and counts.

A raster cover, not SVG: Kindle conversion (calibre's AZW3) and many reading systems only
take a JPEG or PNG as the book's cover image and silently drop an SVG one. The text is set
in the font bundled with Pillow (ImageFont.load_default), so the cover is the same on every
machine whatever fonts are installed. The layout (cover_layout in markup.py) keeps every
line inside the frame however long the title.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from genai_build.model import Book
from genai_build.writers.epub.markup import CoverLayout

WIDTH, HEIGHT = 1600, 2560
BACKGROUND, FRAME, INK, MUTED = "#14213d", "#fca311", "#ffffff", "#e5e5e5"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def cover_png(book: Book, layout: CoverLayout, questions: int, sources: int) -> bytes:
    """The cover as PNG bytes (the same inputs give the same bytes)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 1500, 2460), outline=FRAME, width=12)
    title_font = _font(layout.title_size)
    for index, line in enumerate(layout.title_lines):
        # the bundled font has one weight: a stroke in the text colour sets the title bold
        draw.text((800, 640 + index * layout.title_step), line, font=title_font, fill=INK, anchor="ms",
                  stroke_width=max(1, layout.title_size // 40), stroke_fill=INK)
    subtitle_top = 700 + len(layout.title_lines) * layout.title_step
    draw.rectangle((560, subtitle_top - 60, 1040, subtitle_top - 50), fill=FRAME)
    if book.subtitle:
        for index, line in enumerate(layout.subtitle_lines):
            draw.text((800, subtitle_top + 60 + index * 90), line, font=_font(64), fill=INK, anchor="ms")
    draw.text((800, 2140), f"{questions} questions · {sources} sources", font=_font(60), fill=INK, anchor="ms")
    if book.edition:
        draw.text((800, 2260), f"Edition {book.edition}", font=_font(52), fill=MUTED, anchor="ms")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=9)
    return out.getvalue()
