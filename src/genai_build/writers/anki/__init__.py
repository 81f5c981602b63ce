"""The Anki writer's entry for writers.WRITERS: the packages under build/anki/, and the lock in content/ that
keeps each note's identity and review-relevant state between editions."""

from genai_build.config import ANKI_LOCK_FILE
from genai_build.render import LIBRARIES as RENDER
from genai_build.writers.anki.readback import ids_in_anki
from genai_build.writers.anki.writer import APKG_NAME, DIFFICULTY_DIR, TOPICS_DIR, update_lock, write
from genai_build.writers.base import ReadBack, Writer, WriterLock

WRITER = Writer("anki", f"Anki packages (build/anki/{APKG_NAME}, per topic and per difficulty)", write,
                (f"anki/{APKG_NAME}", f"anki/{TOPICS_DIR}", f"anki/{DIFFICULTY_DIR}"),
                read_back=ReadBack(f"anki/{APKG_NAME}", ids_in_anki), libraries=(*RENDER, "genanki"),
                lock=WriterLock(ANKI_LOCK_FILE, update_lock))

__all__ = ["WRITER"]
