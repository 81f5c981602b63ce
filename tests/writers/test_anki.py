"""The Anki writer: note rows, stable ids, reproducible packages, and real imports.

Imports go through the official `anki` package (the Rust importer Anki desktop uses), into
a fresh collection in a temporary folder. Card rendering is checked in headless Chromium.
The corpus is the writers' shared one (`traps`, tests/fixtures/writers/corpus.yaml). Golden
note rows: `make golden` rewrites tests/golden/anki/; review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from genai_build.model import Corpus
from genai_build.writers.anki import writer as anki_writer
from genai_build.writers.anki.model import FIELDS, MODEL_ID, load_templates, note_model
from genai_build.writers.anki.notes import deck_id, note_guid, note_rows, tag_part
from genai_build.writers.anki.package import write_apkg, zip_time
from genai_build.writers.base import WriteContext
from tests.golden_files import assert_golden

ROOT = Path(__file__).resolve().parents[2]
EPOCH = 1_735_689_600  # 2025-01-01 00:00:00 UTC
LATER = EPOCH + 86_400


def build(corpus: Corpus, out: Path, epoch: int, templates: Path = ROOT / "templates") -> Path:
    """Run the writer as the pipeline does; return the whole-handbook package."""
    anki_writer.write(corpus, WriteContext(out_dir=out, templates_dir=templates, epoch=epoch, quiet=True))
    return out / "anki" / anki_writer.APKG_NAME


def with_answer(corpus: Corpus, question_id: str, answer: str) -> Corpus:
    # a new answer has no key points of its own (the corpus derives them from the answer it chose)
    questions = tuple(q.model_copy(update={"answer": answer, "unanswered": False, "key_points": None}) if q.id == question_id else q
                      for q in corpus.questions)
    return corpus.model_copy(update={"questions": questions})


# --- note rows, ids and tags -----------------------------------------------------------

def render_rows(corpus: Corpus) -> str:
    names = [name for name, _ in FIELDS]
    out = []
    for row in note_rows(corpus):
        out += [f"## note {row.number}: {row.question_id}", f"guid: {row.guid}", f"deck: {row.deck}",
                f"tags: {' '.join(row.tags)}"]
        out += [f"[{name}]\n{value}" for name, value in zip(names, row.fields)]
        out.append("")
    return "\n".join(out)


def test_note_rows_match_golden(traps):
    assert_golden(render_rows(traps), "anki/traps-notes.txt")


def test_fields_keep_their_names_ids_and_order():
    # released note type: reordering or renaming would make Anki copy it and stop updating notes
    assert [name for name, _ in FIELDS] == ["Question", "Answer", "Topic", "Difficulty", "Sources", "Id", "Alternates"]
    model = note_model(load_templates(ROOT / "templates" / "anki"))
    assert model.model_id == MODEL_ID == 1_731_092_001
    assert [(f["name"], f["id"]) for f in model.fields] == [
        ("Question", 1_731_092_011), ("Answer", 1_731_092_012), ("Topic", 1_731_092_013), ("Difficulty", 1_731_092_014),
        ("Sources", 1_731_092_015), ("Id", 1_731_092_016), ("Alternates", 1_731_092_017)]


def test_card_templates_run_nothing_and_fetch_nothing():
    model = note_model(load_templates(ROOT / "templates" / "anki"))
    template = model.templates[0]
    for html in (template["qfmt"], template["afmt"]):
        assert "<script" not in html.lower() and " on" not in html.lower() and "http" not in html
    css = model.css.lower()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    # code colours for both modes, built from Pygments at build time
    assert ".codehilite .k {" in model.css and ".nightMode .codehilite .k, .night_mode .codehilite .k {" in model.css


def test_guid_comes_from_the_id_never_the_text(traps):
    before = {r.question_id: r.guid for r in note_rows(traps)}
    reworded = traps.model_copy(update={"questions": tuple(
        q.model_copy(update={"question": q.question + " (reworded)", "answer": "new"}) for q in traps.questions)})
    assert {r.question_id: r.guid for r in note_rows(reworded)} == before
    assert len(set(before.values())) == len(before)
    assert note_guid("plain-answer") != note_guid("plain-answer-2")


def test_deck_ids_are_fixed_constants_of_the_topic_id():
    # SHA-256 based, so the same on every run and machine (Python's hash() is salted per process)
    assert deck_id("transformers") == 2_144_946_244
    assert deck_id("rag") == 1_515_550_586
    code = "from genai_build.writers.anki.notes import deck_id; print(deck_id('transformers'))"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT / "src")}
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip() == "2144946244"


def test_tags_are_sanitised(traps, corpus):
    for c in (traps, corpus):
        for row in note_rows(c):
            assert row.tags, row.question_id
            for tag in row.tags:
                assert not any(ch.isspace() for ch in tag), tag
                assert tag.startswith("GenAI::") and "::::" not in tag and '"' not in tag, tag
    assert tag_part('Notes: "Prompts" & RAG (2024)') == "notes-prompts-rag-2024"


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would build from a field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def elements(html: str) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    return collector


ALIGNED = {"text-align:left", "text-align:center", "text-align:right"}
UNSAFE_ELEMENTS = {"script", "img", "iframe", "object", "embed", "style", "link", "audio", "video", "source"}


def assert_safe_for_anki(row) -> None:
    """No element that runs or fetches anything, no event handler, links only to the web."""
    joined = "".join(row.fields)
    for tag, attrs in elements(joined).elements:
        assert tag not in UNSAFE_ELEMENTS, (row.question_id, tag)
        assert not any(name.startswith("on") or name in {"src", "srcset"} for name in attrs), (row.question_id, tag, attrs)
        # a style only as markdown-it writes it for an aligned table column: nothing to fetch, nothing to hide
        assert attrs.get("style") is None or (tag in ("th", "td") and attrs["style"] in ALIGNED), (row.question_id, tag, attrs)
        assert tag != "a" or (attrs.get("href") or "").startswith(("https://", "http://", "mailto:")), (row.question_id, attrs)
    assert "[sound:" not in joined and "[latex]" not in joined.lower(), row.question_id  # Anki would act on these


def test_fields_are_safe_html(traps, corpus):
    rows = {r.question_id: r for r in note_rows(traps)}
    question, answer = rows["raw-html-in-answer"].fields[:2]
    assert question.startswith("Why is &lt;script&gt; &amp; &quot;quoting&quot;") and "<br>Second line." in question
    assert [tag for tag, _ in elements(question).elements] == ["br"]  # the question's own <b> stays text
    for row in (*rows.values(), *note_rows(corpus)):
        assert_safe_for_anki(row)
    shown = "".join(elements(answer).text)  # what the reader sees: the dump's words, as text
    assert "<script>alert('x')</script>" in shown and "[sound:evil.mp3]" in shown
    assert '<a href="https://example.com/attention.png">image online</a>' in answer
    assert "local figure (image not included)" in answer and 'href="images/' not in answer


def test_code_is_highlighted_once_and_unanswered_is_marked(traps):
    rows = {r.question_id: r for r in note_rows(traps)}
    code = rows["code-and-wide-table"].fields[1]
    assert '<pre class="codehilite"><code class="language-python">' in code and '<span class="k">def</span>' in code
    assert code.count("<pre") == 1  # one box, not a highlighted block inside another pre
    unanswered = rows["unanswered-in-two-sources"]
    assert "No answer in the sources yet" in unanswered.fields[1] and "GenAI::unanswered" in unanswered.tags
    assert "Asked in 2 sources" in unanswered.fields[4]


# --- the package file -----------------------------------------------------------------

def test_package_is_byte_reproducible(traps, tmp_path):
    first, second = build(traps, tmp_path / "a", EPOCH), build(traps, tmp_path / "b", EPOCH)
    assert first.read_bytes() == second.read_bytes()
    for name in ("topics/transformers.apkg", "topics/deployment.apkg", "difficulty/advanced.apkg"):
        assert (tmp_path / "a" / "anki" / name).read_bytes() == (tmp_path / "b" / "anki" / name).read_bytes()
    assert build(traps, tmp_path / "c", LATER).read_bytes() != first.read_bytes()
    with zipfile.ZipFile(first) as apkg:
        assert [i.filename for i in apkg.infolist()] == ["collection.anki2", "media"]
        assert {i.date_time for i in apkg.infolist()} == {zip_time(EPOCH)} == {(2025, 1, 1, 0, 0, 0)}
        assert json.loads(apkg.read("media")) == {}


def test_times_and_ids_inside_come_from_the_epoch(traps, tmp_path):
    import sqlite3
    package = build(traps, tmp_path, EPOCH)
    db = tmp_path / "collection.anki2"
    with zipfile.ZipFile(package) as apkg:
        db.write_bytes(apkg.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        assert {m for (m,) in conn.execute("select mod from notes")} == {EPOCH}
        assert {m for (m,) in conn.execute("select mod from cards")} == {EPOCH}
        assert min(i for (i,) in conn.execute("select id from notes")) == EPOCH * 1000
        assert [d for (d,) in conn.execute("select due from cards order by id")] == list(range(1, len(traps.questions) + 1))  # book order
        models = json.loads(conn.execute("select models from col").fetchone()[0])
        assert models[str(MODEL_ID)]["mod"] == EPOCH
    finally:
        conn.close()


def test_one_package_per_topic_in_use_and_per_difficulty(traps, tmp_path):
    build(traps, tmp_path, EPOCH)
    (tmp_path / "anki" / "topics" / "gone.apkg").write_bytes(b"stale")
    written = anki_writer.write(traps, WriteContext(out_dir=tmp_path, templates_dir=ROOT / "templates", epoch=EPOCH)).paths
    names = sorted(str(p.relative_to(tmp_path / "anki")) for p in written)
    assert names == ["difficulty/advanced.apkg", "difficulty/beginner.apkg", "difficulty/intermediate.apkg",
                     "genai-interview-handbook.apkg", "topics/basics.apkg", "topics/deployment.apkg", "topics/rag.apkg",
                     "topics/transformers.apkg", "topics/tricky.apkg"]
    # a file the writer did not write is not its to delete (stale packages go at publication: test_publish.py)
    assert (tmp_path / "anki" / "topics" / "gone.apkg").read_bytes() == b"stale"


# --- importing with the real Anki -----------------------------------------------------

def open_collection(folder: Path):
    """A new collection with the official client (a test dependency: the test is skipped, visibly, without it)."""
    Collection = pytest.importorskip("anki.collection").Collection
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


@pytest.fixture
def col(tmp_path):
    """A fresh, empty Anki collection in a temporary folder."""
    collection = open_collection(tmp_path / "collection")
    yield collection
    collection.close()


def edition_time(col) -> int:
    """The time of "this" edition in an update test, fixed by the collection: two days after the
    day it was created. Later than whatever the learner does in the test (Anki stamps that with
    the real clock), so each edition's notes compare as they would a day after the learner."""
    return int(col.db.scalar("select crt from col")) + 2 * 86_400


def import_package(col, package: Path, update: str = "IF_NEWER"):
    """Import as Anki desktop does by default: update notes and note types only if newer."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Update
    condition = Update.Value(f"IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_{update}")
    options = ImportAnkiPackageOptions(
        merge_notetypes=False, with_scheduling=False, with_deck_configs=False,
        update_notes=condition, update_notetypes=condition)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options)).log


def notes_by_id_field(col) -> dict[str, object]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {n["Id"]: n for n in notes}


def snapshot(col) -> dict:
    return {
        "notes": sorted(col.db.all("select id, guid, mid, mod, flds, tags from notes")),
        "cards": sorted(col.db.all("select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses from cards")),
        "revlog": col.db.scalar("select count() from revlog"),
        "decks": sorted((d.name, d.id) for d in col.decks.all_names_and_ids()),
        "notetypes": sorted((m.name, m.id) for m in col.models.all_names_and_ids()),
    }


@pytest.fixture(scope="module")
def real_package(corpus, tmp_path_factory) -> Path:
    return build(corpus, tmp_path_factory.mktemp("real"), EPOCH)


def test_import_into_a_fresh_collection(corpus, real_package, col):
    log = import_package(col, real_package)
    assert len(log.new) == len(corpus.questions) and not log.updated and not log.duplicate and not log.conflicting
    assert col.note_count() == len(corpus.questions) == col.card_count()
    names = sorted(d.name for d in col.decks.all_names_and_ids() if d.name.startswith("GenAI Interview::"))
    position = {t.id: i for i, t in enumerate(corpus.topics, 1)}
    assert names == [f"GenAI Interview::{position[t.id]:02d} {t.title}" for t in corpus.topics_in_use()
                     if any(not q.unanswered for q in corpus.questions_in(t.id))]  # Anki's alphabetical order is the book's
    notes = notes_by_id_field(col)
    assert set(notes) == {q.id for q in corpus.questions}  # every question once: no duplicates
    assert col.db.scalar("select count(distinct guid) from notes") == len(corpus.questions)
    for q in corpus.questions:
        note = notes[q.id]
        for field in ("Question", "Answer", "Topic", "Difficulty", "Sources", "Id"):
            assert note[field].strip(), (q.id, field)
        title = next(t.title for t in corpus.topics if t.id == q.topic)
        expected = "GenAI Interview (no answer yet)" if q.unanswered else f"GenAI Interview::{position[q.topic]:02d} {title}"
        assert col.decks.name(note.cards()[0].did) == expected
        assert f"No. {q.number}</span>" in note["Topic"]  # the book's number on every card
    model = col.models.get(MODEL_ID)
    assert [(f["name"], f["ord"], f["id"]) for f in model["flds"]] == [(n, i, fid) for i, (n, fid) in enumerate(FIELDS)]


def test_importing_the_same_package_twice_changes_nothing(corpus, real_package, col):
    import_package(col, real_package)
    before = snapshot(col)
    log = import_package(col, real_package)
    assert not log.new and not log.updated and not log.conflicting
    assert len(log.duplicate) == len(corpus.questions)
    assert snapshot(col) == before


def test_topic_difficulty_and_whole_packages_share_their_notes(corpus, real_package, col):
    topic = corpus.topics_in_use()[0]
    assert len(import_package(col, real_package.parent / "topics" / f"{topic.id}.apkg").new) == len(corpus.questions_in(topic.id))
    log = import_package(col, real_package)
    assert len(log.new) == len(corpus.questions) - len(corpus.questions_in(topic.id))
    for level in sorted({q.difficulty for q in corpus.questions}):
        log = import_package(col, real_package.parent / "difficulty" / f"{level}.apkg")
        assert not log.new and len(log.duplicate) == sum(q.difficulty == level for q in corpus.questions)
    assert col.note_count() == len(corpus.questions) == col.card_count()


def review_some_cards(col, count: int) -> list[int]:
    """Study `count` new cards of the handbook with the v3 scheduler, as a user would."""
    from anki.scheduler.v3 import CardAnswer
    col.decks.select(col.decks.id_for_name("GenAI Interview"))
    reviewed = []
    for _ in range(count):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.EASY))
        reviewed.append(card.id)
    return reviewed


def test_a_new_edition_updates_notes_in_place_and_keeps_reviews(corpus, real_package, col, tmp_path):
    import_package(col, real_package)
    reviewed = review_some_cards(col, 3)
    schedule = {cid: col.db.first("select type, queue, due, ivl, factor, reps from cards where id = ?", cid) for cid in reviewed}
    assert all(row[3] > 0 for row in schedule.values())  # they are review cards with an interval now
    revlog = col.db.scalar("select count() from revlog")
    assert revlog == 3
    changed_note = col.get_card(reviewed[0]).note()
    question_id, note_id = changed_note["Id"], changed_note.id
    before = snapshot(col)
    fields_before = {nid: flds for nid, _, _, _, flds, _ in before["notes"]}

    # same timestamp, changed answer: Anki keeps its note — why the epoch must grow with the
    # content. Even "update: always" compares note times (it updates when they differ).
    stale = build(with_answer(corpus, question_id, "A changed answer, same timestamp."), tmp_path / "stale", EPOCH)
    for update in ("IF_NEWER", "ALWAYS"):
        log = import_package(col, stale, update)
        assert not log.updated and "same timestamp" not in col.get_note(note_id)["Answer"]

    new_edition = build(with_answer(corpus, question_id, "A **better** answer, from the new edition."), tmp_path / "v2", LATER)
    log = import_package(col, new_edition)
    assert not log.new and not log.conflicting
    assert note_id in {n.id.nid for n in log.updated}
    note = col.get_note(note_id)
    assert note["Answer"] == "<p>A <strong>better</strong> answer, from the new edition.</p>"
    assert notes_by_id_field(col)[question_id].id == note_id  # updated in place, not added again
    assert col.note_count() == len(corpus.questions) == col.card_count()
    assert col.db.scalar("select count() from revlog") == revlog
    for cid, row in schedule.items():
        assert col.db.first("select type, queue, due, ivl, factor, reps from cards where id = ?", cid) == row
    after = snapshot(col)
    assert after["decks"] == before["decks"] and after["notetypes"] == before["notetypes"]
    assert {nid: flds for nid, _, _, _, flds, _ in after["notes"] if nid != note_id} == \
        {nid: flds for nid, flds in fields_before.items() if nid != note_id}
    assert sorted(col.db.list("select cid from revlog")) == sorted(reviewed)
    assert col.db.scalar("select mtime_secs from notetypes where id = ?", MODEL_ID) == LATER  # the note type too


def test_a_new_edition_brings_its_card_styling(traps, col, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "anki", templates / "anki")
    with (templates / "anki" / "card.css").open("a", encoding="utf-8") as css:
        css.write("\n.gi-new-edition { color: teal; }\n")
    import_package(col, build(traps, tmp_path / "v1", EPOCH))
    import_package(col, build(traps, tmp_path / "v2", LATER, templates))
    # read the stored note type, not ModelManager's cache; its config is protobuf bytes holding the CSS
    css = bytes(col.db.scalar("select config from notetypes where id = ?", MODEL_ID))
    assert b".gi-new-edition { color: teal; }" in css
    assert col.db.scalar("select count() from notetypes where name like 'GenAI%'") == 1  # updated, not copied


def test_a_note_edited_by_the_user_is_not_overwritten_by_an_older_package(corpus, real_package, col):
    import_package(col, real_package)
    note = col.get_note(col.find_notes("")[0])
    note["Answer"] = "my own notes"
    col.update_note(note)  # mtime is now: later than the package
    import_package(col, real_package)
    assert col.get_note(note.id)["Answer"] == "my own notes"


# --- how the cards look ---------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = (390, 844)


def card_page(card_html: str, night: bool, probe: bool = False) -> str:
    """A page like Anki's reviewer: the card's HTML (with its <style>) in <body class="card …">."""
    mode = " nightMode night_mode" if night else ""
    # the probe is test harness only (the card has no script): it records whether anything
    # is wider than the phone screen, read back with --dump-dom
    script = ("<script>addEventListener('load',()=>{document.body.dataset.overflow="
              "String(document.documentElement.scrollWidth>innerWidth)})</script>") if probe else ""
    return (f'<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'</head><body class="card card1{mode}">{card_html}{script}</body></html>')


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="genai-chromium-") as profile:
        return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                               "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={PHONE[0]},{PHONE[1]}",
                               *args, page.as_uri()], capture_output=True, text=True, timeout=120)


def rendered_cards(traps, tmp_path) -> dict[str, tuple[str, str]]:
    col = open_collection(tmp_path / "col")
    try:
        import_package(col, build(traps, tmp_path / "build", EPOCH))
        return {note["Id"]: (note.cards()[0].question(), note.cards()[0].answer())
                for note in notes_by_id_field(col).values()}
    finally:
        col.close()


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install -y chromium)")
def test_cards_render_in_light_and_night_mode_on_a_phone(traps, tmp_path):
    from PIL import Image
    cards = rendered_cards(traps, tmp_path)
    front, back = cards["code-and-wide-table"]
    assert "<script" not in front + back and "http" not in front.split("</style>")[0]  # no script, no remote CSS
    for side, html in (("front", front), ("back", back)):
        for night in (False, True):
            page = tmp_path / f"{side}-{'night' if night else 'light'}.html"
            page.write_text(card_page(html, night), encoding="utf-8")
            shot = page.with_suffix(".png")
            chromium(page, f"--screenshot={shot}")
            with Image.open(shot) as image:
                assert image.size == PHONE
                r, g, b = image.convert("RGB").getpixel((2, PHONE[1] - 2))
            assert (max(r, g, b) < 60) if night else (min(r, g, b) > 240), (side, night, (r, g, b))
            probe = tmp_path / f"{side}-{'night' if night else 'light'}-probe.html"
            probe.write_text(card_page(html, night, probe=True), encoding="utf-8")
            dom = chromium(probe, "--dump-dom", "--virtual-time-budget=2000").stdout
            assert 'data-overflow="false"' in dom, f"{side} is wider than a phone ({'night' if night else 'light'})"
    if os.environ.get("ANKI_SCREENSHOT"):  # ANKI_SCREENSHOT=docs/img/anki-card.png: the README's picture
        save_side_by_side(tmp_path / "back-light.png", tmp_path / "back-night.png", Path(os.environ["ANKI_SCREENSHOT"]))


def save_side_by_side(left: Path, right: Path, target: Path) -> None:
    """The light and the night back of a card next to each other, as a small PNG."""
    from PIL import Image
    with Image.open(left) as a, Image.open(right) as b:
        both = Image.new("RGB", (a.width + b.width + 16, max(a.height, b.height)), (128, 128, 128))
        both.paste(a.convert("RGB"), (0, 0))
        both.paste(b.convert("RGB"), (a.width + 16, 0))
    target.parent.mkdir(parents=True, exist_ok=True)
    both.quantize(colors=128).save(target, optimize=True)
    assert target.stat().st_size < 200_000


# --- editions over time: what survives an import (content/anki.lock) -------------------

def build_edition(corpus: Corpus, out: Path, epoch: int, lock_text: str | None, templates: Path = ROOT / "templates") -> tuple[Path, str]:
    """Build as the pipeline does with a lock: bring the lock up to date, then write; return the package and the new lock."""
    ctx = WriteContext(out_dir=out, templates_dir=templates, epoch=epoch, quiet=True)
    ctx.locks["anki"] = anki_writer.update_lock(corpus, ctx, lock_text, "content/anki.lock")
    anki_writer.write(corpus, ctx)
    return out / "anki" / anki_writer.APKG_NAME, ctx.locks["anki"]


def lock_lines(text: str) -> dict[str, str]:
    return {line.split(" ", 1)[0]: line for line in text.splitlines() if line and not line.startswith("#")}


def card_state(col, card_id: int) -> tuple:
    return col.db.first("select nid, did, type, queue, due, ivl, factor, reps, lapses, flags from cards where id = ?", card_id)


def test_an_edition_replaces_only_the_note_that_changed(corpus, col, tmp_path):
    """The learner reviews, tags and edits note A; the next edition changes note B only."""
    now = edition_time(col)
    v1, lock1 = build_edition(corpus, tmp_path / "v1", now - 30 * 86_400, None)
    import_package(col, v1)
    reviewed = review_some_cards(col, 2)
    note_a, note_b = col.get_card(reviewed[0]).note(), col.get_card(reviewed[1]).note()
    note_a.add_tag("revisit")
    note_a["Answer"] += "<p>my own example</p>"
    col.update_note(note_a)
    note_b.add_tag("hard")  # on the note that will change: Anki's import replaces it (measured below)
    col.update_note(note_b)
    col.set_user_flag_for_cards(2, reviewed)  # card state: flags and suspension
    col.sched.suspend_cards([reviewed[1]])
    history = {cid: col.db.list("select id from revlog where cid = ? order by id", cid) for cid in reviewed}
    states = {cid: card_state(col, cid) for cid in reviewed}
    assert all(history.values())

    # the next edition: B's answer changes (its time is later than the learner's edits)
    v2_corpus = with_answer(corpus, note_b["Id"], "A **corrected** answer.")
    v2, lock2 = build_edition(v2_corpus, tmp_path / "v2", now + 3600, lock1)
    changed = {k for k, line in lock_lines(lock2).items() if lock_lines(lock1).get(k) != line}
    assert changed == {note_b["Id"]}  # one line of the lock moves: B's, to the new edition's time
    assert lock_lines(lock2)[note_a["Id"]] == lock_lines(lock1)[note_a["Id"]]

    log = import_package(col, v2)
    assert [n.id.nid for n in log.updated] == [note_b.id] and not log.new and not log.conflicting
    a, b = col.get_note(note_a.id), col.get_note(note_b.id)
    assert "revisit" in a.tags and a["Answer"].endswith("<p>my own example</p>")  # A: tag and edit kept
    assert b["Answer"] == "<p>A <strong>corrected</strong> answer.</p>"  # B: updated in place…
    assert "hard" not in b.tags  # …and Anki replaced all its tags (what does not survive an update)
    for cid in reviewed:  # both keep their cards, scheduling and review history
        assert card_state(col, cid) == states[cid]
        assert col.db.list("select id from revlog where cid = ? order by id", cid) == history[cid]
    assert col.note_count() == len(corpus.questions) == col.card_count()

    before = snapshot(col)
    log = import_package(col, v2)  # importing it again changes nothing
    assert not log.updated and not log.new and len(log.duplicate) == len(corpus.questions)
    assert snapshot(col) == before

    # rebuilt elsewhere from the committed lock: the same bytes
    again, lock_again = build_edition(v2_corpus, tmp_path / "elsewhere" / "clone", now + 3600, lock1)
    assert again.read_bytes() == v2.read_bytes() and lock_again == lock2
    # and a rebuild with the updated lock, at a later epoch, keeps every note's time
    later, lock_later = build_edition(v2_corpus, tmp_path / "later", now + 7200, lock2)
    assert lock_later == lock2
    log = import_package(col, later)
    assert not log.updated and not log.new


def test_a_question_dropped_from_the_book_leaves_a_retirement_notice(corpus, col, tmp_path):
    now = edition_time(col)
    v1, lock1 = build_edition(corpus, tmp_path / "v1", now - 86_400, None)
    import_package(col, v1)
    dropped, heir = corpus.questions[-1], corpus.questions[-2]
    note = notes_by_id_field(col)[dropped.id]
    card = note.cards()[0]
    # merged away: its occurrences now belong to the question before it
    merged = heir.model_copy(update={"provenance": heir.provenance + dropped.provenance,
                                     "asked_in": len({p.source for p in heir.provenance + dropped.provenance})})
    v2_corpus = corpus.model_copy(update={"questions": (*corpus.questions[:-2], merged)})
    v2, lock2 = build_edition(v2_corpus, tmp_path / "v2", now, lock1)
    assert lock_lines(lock2)[dropped.id].split(" ")[1:3] == [str(now), "retired"]
    log = import_package(col, v2)
    assert note.id in {n.id.nid for n in log.updated} and not log.new
    retired = col.get_note(note.id)
    assert retired.tags == ["GenAI::retired"]
    assert "no longer in the handbook" in retired["Answer"] and f"<span>{heir.id}</span>" in retired["Answer"]
    assert retired["Question"] == note["Question"]  # the learner still sees which question it was
    assert note.cards()[0].did == card.did  # the card stays where it was, with its history
    # the next edition carries the notice again, unchanged: no update, nothing new
    v3, lock3 = build_edition(v2_corpus, tmp_path / "v3", now + 60, lock2)
    assert lock3 == lock2
    log = import_package(col, v3)
    assert not log.updated and not log.new
    # a learner who never had it gets the notice in the retired deck, never in the handbook's
    fresh = open_collection(tmp_path / "fresh")
    try:
        import_package(fresh, v3)
        assert {fresh.decks.name(fresh.get_card(c).did) for c in fresh.find_cards("tag:GenAI::retired")} == {"GenAI Interview (retired)"}
    finally:
        fresh.close()


def test_a_topic_move_is_found_by_one_search(corpus, col, tmp_path):
    """Anki never moves a card on import: a moved question's card stays in its old deck, its tag follows the note."""
    now = edition_time(col)
    v1, lock1 = build_edition(corpus, tmp_path / "v1", now - 86_400, None)
    import_package(col, v1)
    moved = next(q for q in corpus.questions if not q.unanswered)
    target = next(t for t in corpus.topics_in_use() if t.id != moved.topic)
    position = {t.id: i for i, t in enumerate(corpus.topics, 1)}
    questions = tuple(q.model_copy(update={"topic": target.id}) if q.id == moved.id else q for q in corpus.questions)
    v2, _ = build_edition(corpus.model_copy(update={"questions": questions}), tmp_path / "v2", now, lock1)
    import_package(col, v2)
    note = notes_by_id_field(col)[moved.id]
    assert f"GenAI::topic::{target.id}" in note.tags
    old_deck = col.decks.name(note.cards()[0].did)
    assert old_deck.startswith(f"GenAI Interview::{position[moved.topic]:02d} ")
    # the README's search: a topic's answered cards outside that topic's deck
    deck = f"GenAI Interview::{position[target.id]:02d} {target.title}"
    assert col.find_cards(f'tag:GenAI::topic::{target.id} -tag:GenAI::unanswered -"deck:{deck}"') == [note.cards()[0].id]


def test_unanswered_cards_wait_beside_the_handbook(corpus, col, tmp_path):
    """Studying the handbook's deck never deals an unanswered card; once answered, one search finds it."""
    now = edition_time(col)
    v1, lock1 = build_edition(corpus, tmp_path / "v1", now - 86_400, None)
    import_package(col, v1)
    unanswered = [q for q in corpus.questions if q.unanswered]
    assert unanswered
    col.decks.select(col.decks.id_for_name("GenAI Interview"))
    dealt = set()
    for _ in range(len(corpus.questions)):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards
        if not queued:
            break
        card = col.get_card(queued[0].card.id)
        dealt.add(card.note()["Id"])
        col.sched.bury_cards([card.id])
    assert dealt and not dealt & {q.id for q in unanswered}
    answered = unanswered[0]
    v2, _ = build_edition(with_answer(corpus, answered.id, "Now answered."), tmp_path / "v2", now, lock1)
    import_package(col, v2)
    found = col.find_cards('"deck:GenAI Interview (no answer yet)" -tag:GenAI::unanswered')
    assert [col.get_card(c).note()["Id"] for c in found] == [answered.id]


def test_an_unchanged_rebuild_with_a_new_note_type_updates_only_the_note_type(traps, col, tmp_path):
    now = edition_time(col)
    v1, lock1 = build_edition(traps, tmp_path / "v1", now - 86_400, None)
    import_package(col, v1)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "anki", templates / "anki")
    with (templates / "anki" / "card.css").open("a", encoding="utf-8") as css:
        css.write("\n.gi-new-edition { color: teal; }\n")
    v2, lock2 = build_edition(traps, tmp_path / "v2", now, lock1, templates)
    assert {k for k, line in lock_lines(lock2).items() if lock_lines(lock1)[k] != line} == {".note-type"}
    log = import_package(col, v2)
    assert not log.updated and not log.new
    assert b".gi-new-edition" in bytes(col.db.scalar("select config from notetypes where id = ?", MODEL_ID))


# --- the lock file ----------------------------------------------------------------------

def test_lock_is_sorted_one_line_per_note_and_stable(traps, tmp_path):
    _, lock = build_edition(traps, tmp_path / "a", EPOCH, None)
    lines = [line for line in lock.splitlines() if not line.startswith("#")]
    assert lines[0].startswith(".note-type ") and lines[1:] == sorted(lines[1:])
    assert [line.split(" ")[0] for line in lines[1:]] == sorted(q.id for q in traps.questions)
    reordered = traps.model_copy(update={"topics": tuple(reversed(traps.topics))})
    assert anki_writer.update_lock(traps, WriteContext(tmp_path, ROOT / "templates", LATER), lock, "x") == lock  # nothing changed
    # a deck is not part of a note (an import never moves a card): renumbered decks change no note
    assert anki_writer.update_lock(reordered, WriteContext(tmp_path, ROOT / "templates", LATER), lock, "x") == lock


def test_a_changed_note_is_always_newer_even_with_an_older_epoch(traps, tmp_path):
    _, lock = build_edition(traps, tmp_path / "a", LATER, None)
    changed = with_answer(traps, "plain-answer", "different")
    new = anki_writer.update_lock(changed, WriteContext(tmp_path, ROOT / "templates", EPOCH), lock, "x")
    assert lock_lines(new)["plain-answer"].split(" ")[1] == str(LATER + 1)


def test_a_broken_lock_is_an_error_naming_its_line(traps, tmp_path):
    from genai_build.diagnostics import BuildError
    _, lock = build_edition(traps, tmp_path / "a", EPOCH, None)
    lines = lock.splitlines()
    for broken, line in ((lines + [lines[3]], len(lines) + 1), (lines[:3] + ["<<<<<<< HEAD"] + lines[3:], 4)):
        with pytest.raises(BuildError) as caught:
            anki_writer.update_lock(traps, WriteContext(tmp_path, ROOT / "templates", EPOCH), "\n".join(broken), "content/anki.lock")
        assert caught.value.diagnostics[0].path == "content/anki.lock" and caught.value.diagnostics[0].line == line


# --- what a card shows --------------------------------------------------------------------

def test_math_keeps_its_markup_for_ankis_mathjax(traps, col, tmp_path):
    answer = ("Softmax: $\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ and\n\n$$D_{KL}(P \\| Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}$$\n\n"
              "It costs $5 and $10, `$x$` stays code, \\(a_b\\) stays math.")
    corpus = with_answer(traps, "plain-answer", answer)
    row = {r.question_id: r for r in note_rows(corpus)}["plain-answer"]
    html = row.fields[1]
    assert "\\(\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}\\)" in html
    assert "\\[D_{KL}(P \\| Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}\\]" in html
    assert "costs $5 and $10" in html and "<code>$x$</code>" in html and "\\(a_b\\)" in html
    import_package(col, build(corpus, tmp_path, EPOCH))
    shown = notes_by_id_field(col)["plain-answer"].cards()[0].answer()
    assert "\\(\\sigma(z)_i" in shown and "\\[D_{KL}" in shown  # what Anki hands its MathJax


def test_anki_tags_from_a_dump_are_defused_on_the_card(traps, col, tmp_path):
    payload = "Say [anki:tts lang=en_US]hello[/anki:tts] and [anki:play:q:0] and [sound:x.mp3]."
    corpus = with_answer(traps, "plain-answer", payload)
    import_package(col, build(corpus, tmp_path, EPOCH))
    card = notes_by_id_field(col)["plain-answer"].cards()[0]
    assert not card.answer_av_tags() and not card.question_av_tags()  # nothing to speak or play
    assert "[anki:tts" not in card.answer() and "hello" in card.answer()


def test_key_points_first_and_the_rest_folded(traps):
    question = next(q for q in traps.questions if q.id == "plain-answer")
    plain = {r.question_id: r for r in note_rows(traps)}["plain-answer"].fields[1]
    assert "<details" not in plain  # no key points: the whole answer, as before
    with_points = question.model_copy(update={"key_points": "A canary gets **some** traffic first."})
    corpus = traps.model_copy(update={"questions": tuple(with_points if q.id == question.id else q for q in traps.questions)})
    html = {r.question_id: r for r in note_rows(corpus)}["plain-answer"].fields[1]
    assert html.startswith('<div class="gi-key-points"><p>A canary gets <strong>some</strong> traffic first.</p></div>')
    assert html.endswith(f'<details class="gi-full-answer"><summary>Full answer</summary>{plain}</details>')


def test_a_template_naming_a_missing_field_is_an_error(traps, tmp_path):
    from genai_build.diagnostics import BuildError
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "anki", templates / "anki")
    back = templates / "anki" / "back.html"
    back.write_text(back.read_text(encoding="utf-8") + "{{#Hint}}{{text:Hint}}{{/Hint}}\n{{Tags}} {{Deck}}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(traps, tmp_path / "out", EPOCH, templates)
    problems = caught.value.diagnostics
    assert {(p.code, p.path, p.line) for p in problems} == {("template.anki-field", str(back), 10)}
    assert len(problems) == 3 and "{{Hint}}" in problems[0].message
    assert not (tmp_path / "out" / "anki").exists()  # nothing written
    back.write_text("{{#Alternates}}{{Alternates}}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(traps, tmp_path / "out", EPOCH, templates)
    assert [(p.code, p.line) for p in caught.value.diagnostics] == [("template.anki-section", 1)]


def test_a_field_the_learner_adds_to_the_note_type_stops_updates(traps, col, tmp_path):
    """What the README says of a learner's own field, as the real importer does it (default options)."""
    now = edition_time(col)
    v1, lock1 = build_edition(traps, tmp_path / "v1", now - 86_400, None)
    import_package(col, v1)
    model = col.models.get(MODEL_ID)
    col.models.add_field(model, col.models.new_field("My notes"))
    col.models.update_dict(model)
    note = notes_by_id_field(col)["plain-answer"]
    note["My notes"] = "mine"
    col.update_note(note)
    v2, _ = build_edition(with_answer(traps, "plain-answer", "changed"), tmp_path / "v2", now + 3600, lock1)
    log = import_package(col, v2)
    assert not log.updated and len(log.conflicting) == len(traps.questions)  # Anki copies the note type instead
    assert col.get_note(note.id)["My notes"] == "mine" and "changed" not in col.get_note(note.id)["Answer"]


def test_a_suspension_in_the_package_is_dropped_by_the_default_import(traps, col, tmp_path):
    """Why unanswered questions get a deck of their own instead of a suspended card (README)."""
    import genanki
    model = note_model(load_templates(ROOT / "templates" / "anki"))
    deck = genanki.Deck(1_731_092_199, "Suspension probe")
    note = genanki.Note(model=model, fields=[f"field {i}" for i in range(len(FIELDS))], guid="suspension-probe")
    deck.add_note(note)
    note.cards[0].suspend = True
    package = write_apkg(tmp_path / "probe.apkg", [deck], EPOCH)
    import_package(col, package)  # with_scheduling off, as Anki's import dialog starts
    assert col.db.list("select queue from cards") == [0]  # not suspended (-1)
