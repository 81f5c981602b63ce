"""Our Anki note type: fixed model id, named fields with fixed ids in a fixed order, card
templates and CSS read from templates/anki/.

Anki recognises a note type across imports by its id and compares field names and ids: if
they differ it makes a copy of the note type and leaves existing notes alone, so nothing here
may be renamed or reordered once released — only appended (with a new fixed id). The CSS is
templates/anki/card.css followed by Pygments rules for code, one set for light mode and one
scoped to `.nightMode`/`.night_mode`, the classes Anki and AnkiDroid put on the card in
night mode. No JavaScript, no remote assets: the card must work offline on a phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import genanki

from genai_build.diagnostics import BuildError, error
from genai_build.render import CODE_CSS_CLASS, pygments_css
from genai_build.writers.anki.lock import fingerprint

MODEL_ID = 1_731_092_001  # constant: changing it duplicates every user's notes
MODEL_NAME = "GenAI Interview Q&A"

# (name, fixed field id). Order is the field ord; Question first so it is the sort field.
FIELDS: tuple[tuple[str, int], ...] = (
    ("Question", 1_731_092_011),
    ("Answer", 1_731_092_012),
    ("Topic", 1_731_092_013),
    ("Difficulty", 1_731_092_014),
    ("Sources", 1_731_092_015),
    ("Id", 1_731_092_016),
    ("Alternates", 1_731_092_017),
)
CARD_TEMPLATE_NAME = "Question → Answer"
CARD_TEMPLATE_ID = 1_731_092_021

TEMPLATE_FILES = ("front.html", "back.html", "card.css")
LIGHT_CODE_STYLE = "default"
NIGHT_CODE_STYLE = "github-dark"
NIGHT_SELECTORS = (".nightMode", ".night_mode")


@dataclass(frozen=True)
class CardTemplates:
    front: str
    back: str
    css: str


def load_templates(template_dir: Path) -> CardTemplates:
    """Read the front, back and CSS files; a missing one is a diagnostic naming it."""
    missing = [name for name in TEMPLATE_FILES if not (template_dir / name).is_file()]
    if missing:
        raise BuildError([error("template.missing", f"Anki template not found: {name}", str(template_dir / name)) for name in missing])
    front, back, css = ((template_dir / name).read_text(encoding="utf-8") for name in TEMPLATE_FILES)
    return CardTemplates(front.strip() + "\n", back.strip() + "\n", css)


# What Anki fills in besides the note's fields (rslib template.rs); anything else must be a field.
SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"})
_REFERENCE = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")


def template_fields(template: str) -> list[tuple[int, str, str]]:
    """(line, kind, field name) of every `{{…}}` reference: `{{Name}}`, `{{#Name}}`, `{{/Name}}`, `{{filter:Name}}`…"""
    found = []
    for match in _REFERENCE.finditer(template):
        name = match[2].rsplit(":", 1)[-1].strip()  # `{{text:Answer}}`, `{{tts en_US:Question}}` name the last part
        if name and not name.startswith("!"):  # `{{!comment}}` is not a reference
            found.append((template.count("\n", 0, match.start()) + 1, match[1], name))
    return found


def check_templates(templates: CardTemplates, template_dir: Path) -> None:
    """A card template naming a field the note type lacks, or a section left open, is a build
    error — not a deck whose every card shows Anki's template error."""
    known = {name for name, _ in FIELDS} | SPECIAL_FIELDS
    problems = []
    for file, text in (("front.html", templates.front), ("back.html", templates.back)):
        shown = str(template_dir / file)
        open_sections: list[tuple[int, str]] = []
        for line, kind, name in template_fields(text):
            if name not in known:
                problems.append(error("template.anki-field", f"the card template names {{{{{name}}}}}, which is not a field of the note type "
                                      f"({', '.join(n for n, _ in FIELDS)})", shown, line))
            if kind in ("#", "^"):
                open_sections.append((line, name))
            elif kind == "/":
                if not open_sections or open_sections[-1][1] != name:
                    problems.append(error("template.anki-section", f"{{{{/{name}}}}} closes a section that is not open", shown, line))
                else:
                    open_sections.pop()
        problems += [error("template.anki-section", f"{{{{#{name}}}}} is never closed", shown, line) for line, name in open_sections]
    if problems:
        raise BuildError(problems)


def model_fingerprint(model: genanki.Model) -> str:
    """What Anki compares and replaces when it updates the note type: name, fields, templates, CSS."""
    return fingerprint(str(model.model_id), model.name, [f"{f['name']}:{f['id']}" for f in model.fields],
                       [f"{t['name']}:{t['id']}:{t['qfmt']}:{t['afmt']}" for t in model.templates], model.css)


def _code_rules(style: str, selectors: list[str]) -> str:
    """Pygments rules under `selectors` only (its unscoped `pre`/line-number rules would leak)."""
    css = pygments_css(style, selectors)  # type: ignore[arg-type]
    return "\n".join(line for line in css.splitlines() if f".{CODE_CSS_CLASS}" in line)


def card_css(base_css: str) -> str:
    """The card CSS, then code colours for light mode and (more specific) for night mode."""
    light = _code_rules(LIGHT_CODE_STYLE, [f".{CODE_CSS_CLASS}"])
    night = _code_rules(NIGHT_CODE_STYLE, [f"{mode} .{CODE_CSS_CLASS}" for mode in NIGHT_SELECTORS])
    return (f"{base_css.rstrip()}\n\n/* code, light mode (Pygments {LIGHT_CODE_STYLE}) */\n{light}\n\n"
            f"/* code, night mode (Pygments {NIGHT_CODE_STYLE}) */\n{night}\n")


def note_model(templates: CardTemplates) -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name, "id": field_id} for name, field_id in FIELDS],
        templates=[{"name": CARD_TEMPLATE_NAME, "id": CARD_TEMPLATE_ID, "qfmt": templates.front, "afmt": templates.back}],
        css=card_css(templates.css),
        sort_field_index=0,
    )
