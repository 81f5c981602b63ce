"""The Anki writer's entry for writers.WRITERS: the packages under build/anki/."""

from genai_build.render import LIBRARIES as RENDER
from genai_build.writers.anki.readback import ids_in_anki
from genai_build.writers.anki.writer import APKG_NAME, DIFFICULTY_DIR, TOPICS_DIR, write
from genai_build.writers.base import ReadBack, Writer

WRITER = Writer("anki", f"Anki packages (build/anki/{APKG_NAME}, per topic and per difficulty)", write,
                (f"anki/{APKG_NAME}", f"anki/{TOPICS_DIR}", f"anki/{DIFFICULTY_DIR}"),
                read_back=ReadBack(f"anki/{APKG_NAME}", ids_in_anki), libraries=(*RENDER, "genanki"))

__all__ = ["WRITER"]
