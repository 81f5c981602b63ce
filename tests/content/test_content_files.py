"""Reading content/: only regular files inside it, bounded YAML, strict schemas, every problem at once (issues 19, 18)."""

from __future__ import annotations

import contextlib
import os
import signal
import tracemalloc
from pathlib import Path

import pytest

from genai_build.cli import main
from genai_build.content import load_content, load_lock, parse_lock


@contextlib.contextmanager
def watchdog(seconds: int):
    """Fail instead of hanging the suite (not a timing target)."""
    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_with(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- files only from inside content/ -------------------------------------------------------------
def test_dump_symlinked_outside_content_is_refused_and_not_published(tiny: Path, tmp_path: Path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("1. What is the root password?\nhunter2\n", encoding="utf-8")
    dump = tiny / "content" / "sources" / "tiny.md"
    dump.unlink()
    dump.symlink_to(secret)
    assert run(tiny, "corpus", "--format", "json") == 2
    captured = capsys.readouterr()
    assert "hunter2" not in captured.out + captured.err
    assert "content/sources/tiny.md" in captured.err and "outside content/" in captured.err and "[content.outside]" in captured.err


@pytest.mark.parametrize("name", ["book.yaml", "topics.yaml", "curation.yaml", "ids.lock"])
def test_configuration_file_symlinked_outside_content_is_refused(tiny: Path, tmp_path: Path, capsys, name):
    path = tiny / "content" / name
    outside = tmp_path / f"elsewhere-{name}"
    outside.write_bytes(path.read_bytes() if path.exists() else b'{"version": 1, "ids": {}}\n')
    path.unlink(missing_ok=True)
    path.symlink_to(outside)
    assert run(tiny, "check") != 0
    err = capsys.readouterr().err
    assert f"{name}: error: refused: it resolves to {outside.resolve()}" in err and "[content.outside]" in err


def test_symlink_that_stays_inside_content_is_followed(tiny: Path, capsys):
    sources = tiny / "content" / "sources"
    (sources / "tiny.md").rename(tiny / "content" / "real-tiny.md")
    (sources / "tiny.md").symlink_to("../real-tiny.md")
    assert run(tiny, "check") == 0


@pytest.mark.parametrize("make", [lambda p: p.mkdir(), lambda p: os.mkfifo(p)], ids=["folder", "fifo"])
def test_dump_that_is_not_a_regular_file_is_refused(tiny: Path, capsys, make):
    dump = tiny / "content" / "sources" / "tiny.md"
    dump.unlink()
    make(dump)
    with watchdog(120):  # a FIFO is never opened: opening it would block for ever
        assert run(tiny, "check") == 2
    assert "not a regular file" in capsys.readouterr().err


# --- YAML aliases bounded -----------------------------------------------------------------------
ALIAS_BOMB = "".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)]
)


@pytest.mark.parametrize("name, key", [("book.yaml", "subjects"), ("sources.yaml", "title"), ("topics.yaml", "fallback"),
                                       ("curation.yaml", "decisions")])
def test_alias_bomb_is_refused_fast_in_little_memory(tiny: Path, capsys, name, key):
    path = tiny / "content" / name
    path.write_text(ALIAS_BOMB + f"{key}: *a9\n", encoding="utf-8")  # 10**10 items once expanded
    tracemalloc.start()
    try:
        with watchdog(120):
            assert run(tiny, "check") != 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024  # the expansion would take terabytes
    err = capsys.readouterr().err
    assert f"{name}: error: refused: aliases expand to more than" in err and "[config.yaml-aliases]" in err


def test_recursive_alias_is_refused(tiny: Path, capsys):
    (tiny / "content" / "book.yaml").write_text("title: &t [*t]\n", encoding="utf-8")
    assert run(tiny, "check") == 2
    assert "book.yaml" in capsys.readouterr().err


def test_modest_aliases_still_work(tiny: Path):
    path = tiny / "content" / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    keywords: [neural network, perceptron,", "    keywords: &nn [neural network, perceptron,", 1)
                    .replace("    strong: [neural network, cnn,", "    strong: [neural network, cnn,", 1), encoding="utf-8")
    assert run(tiny, "check") == 0


# --- strict schemas: unknown keys and wrong types are path:line errors ---------------------------
@pytest.mark.parametrize("name, old, new, needle, expected", [
    ("curation.yaml", "decisions:", "decision:", "decision:", "unknown key 'decision' in curation.yaml (known: decisions) [curation.unknown-key]"),
    ("topics.yaml", "  - id: foundations\n", "  - id: foundations\n    colour: blue\n", "colour: blue", "unknown key 'colour' in the topics (topics[0])"),
    ("topics.yaml", "topics:\n", "typo_key: 1\ntopics:\n", "typo_key", "unknown key 'typo_key' in the topics"),
    ("book.yaml", "title: Generative AI Interview Handbook", "title: [Generative, AI]", "title: [", "title in book metadata: input should be a valid string, got a list"),
    ("book.yaml", "subjects:\n  - Generative AI\n  - Machine learning\n  - Large language models\n  - Interview preparation\n",
     "subjects: Generative AI\n", "subjects:", "subjects in book metadata: input should be a valid tuple, got text"),
    ("book.yaml", 'edition: "2026.1"', "edition: 2026.1", "edition:", "got a number (quote it to make it text)"),
    ("sources.yaml", "    title: Tiny", "    title: {a: 1}", "title:", "sources[0].title in the registry: input should be a valid string, got a mapping"),
])
def test_wrong_keys_and_types_are_errors_on_their_line(tiny: Path, capsys, name, old, new, needle, expected):
    path = tiny / "content" / name
    replace_in(path, old, new)
    assert run(tiny, "check") != 0
    err = capsys.readouterr().err
    assert f"{name}:{line_with(path, needle)}: error: " in err and expected in err, err
    assert "Traceback" not in err


def test_every_problem_of_every_file_is_reported_together(tiny: Path, capsys):
    content = tiny / "content"
    replace_in(content / "book.yaml", "title: Generative AI Interview Handbook", "title: [x]")
    replace_in(content / "sources.yaml", "    owner: tests", "    owner: tests\n    colour: red")
    replace_in(content / "topics.yaml", "  - id: foundations\n", "  - id: foundations\n    colour: blue\n")
    replace_in(content / "curation.yaml", "decisions:", "decision:")
    (content / "ids.lock").write_text('{"version": 1, "ids": {"a": ["x"], "a": ["y"]}}\n', encoding="utf-8")
    assert run(tiny, "check") == 2
    err = capsys.readouterr().err
    assert all(f"{name}:" in err for name in ("book.yaml", "sources.yaml", "topics.yaml", "curation.yaml", "ids.lock")), err
    # with the registry and the book fixed, the dumps' problems come with the others
    replace_in(content / "book.yaml", "title: [x]", "title: A book")
    replace_in(content / "sources.yaml", "\n    colour: red", "")
    (content / "sources" / "tiny.md").write_bytes(b"1. What?\n\xff\n")
    assert run(tiny, "build", "--out", str(tiny / "out"), "-q") == 2
    err = capsys.readouterr().err
    assert all(f"{name}:" in err for name in ("tiny.md:2", "topics.yaml", "curation.yaml", "ids.lock")), err
    assert run(tiny, "check") == 2
    err = capsys.readouterr().err
    assert all(f"{name}:" in err for name in ("tiny.md:2", "topics.yaml", "curation.yaml", "ids.lock")), err


def test_zero_topics_and_a_duplicate_topic_id_are_clear_errors(tiny: Path, capsys):
    path = tiny / "content" / "topics.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text("topics: []\n", encoding="utf-8")
    assert run(tiny, "check") == 2
    assert "topics.yaml:1: error: no topics: the book needs at least one [config.no-topics]" in capsys.readouterr().err
    path.write_text(original.replace("  - id: nlp\n", "  - id: foundations\n", 1), encoding="utf-8")
    assert run(tiny, "check") == 2
    err = capsys.readouterr().err
    first, dup = [n for n, l in enumerate(path.read_text().splitlines(), 1) if l == "  - id: foundations"]
    assert f"topics.yaml:{dup}: error: topic id 'foundations' is given twice (first on line {first}) [config.duplicate-topic]" in err


# --- ids.lock: corrupt or hand-edited is an error, never a silent remap --------------------------
@pytest.mark.parametrize("text, line, message", [
    ('{\n  "version": 1,\n  "ids": {\n    "a": ["x"],\n    "a": ["y"]\n  }\n}\n', 5, "id 'a' is given more than once (lines 4, 5)"),
    ('{\n  "version": 1,\n  "ids": {\n    "a": "x"\n  }\n}\n', 4, "the fingerprints of 'a' must be a list of strings, got text"),
    ('{\n  "version": 1,\n  "ids": {\n    "a": [1]\n  }\n}\n', 4, "must be a list of strings"),
    ('{\n  "version": "1",\n  "ids": {}\n}\n', 2, "lock version '1', expected 1"),
    ('{\n  "version": 1,\n  "ids": []\n}\n', 3, "'ids' must be an object"),
    ('{\n  "version": 1,\n  "ids": {\n    "a": ["x"],\n    "b": ["x"]\n  }\n}\n', 5, "fingerprint 'x' is held by both 'a' and 'b'"),
    ('{\n  "version": 1,\n  "ids": {\n    "Not A Slug": ["x"]\n  }\n}\n', 4, "'Not A Slug' is not an id"),
    ('{\n  "version": 1,\n  "ids": {\n    "a": ["x"],\n  }\n}\n', 5, "unreadable id lock"),
])
def test_corrupt_lock_is_an_error_on_its_line(text, line, message):
    _, problems = parse_lock(text, "content/ids.lock")
    assert any(d.line == line and message in d.message and d.is_error for d in problems), problems


def test_hand_edited_lock_stops_the_build(tiny: Path, capsys):
    lock = tiny / "content" / "ids.lock"
    lock.write_text('{\n  "version": 1,\n  "ids": {\n    "self-attention": ["what is self attention"],\n'
                    '    "self-attention": ["what is a variational autoencoder"]\n  }\n}\n', encoding="utf-8")
    before = lock.read_bytes()
    assert run(tiny, "build", "--format", "corpus", "--out", str(tiny / "out"), "-q") == 1
    assert "ids.lock:5: error: id 'self-attention' is given more than once" in capsys.readouterr().err
    assert lock.read_bytes() == before


def test_the_committed_lock_is_valid(project_root: Path):
    assert len(load_lock(project_root / "content").entries) > 300


def test_loading_does_not_write_the_lock(tiny: Path):
    from genai_build.pipeline import Project, load_corpus
    load_corpus(Project(tiny), 1_700_000_000)
    assert not (tiny / "content" / "ids.lock").exists()
    load_content(tiny / "content")  # reading alone never creates it either
    assert not (tiny / "content" / "ids.lock").exists()


def test_nul_byte_late_in_a_dump_is_refused(tiny: Path, capsys):
    dump = tiny / "content" / "sources" / "tiny.md"
    dump.write_bytes(dump.read_bytes() + b"x" * 10_000 + b"\n4. What is this?\nbinary\x00here\n")
    assert run(tiny, "check") == 1
    assert "tiny.md:13: error: dump looks binary (NUL byte)" in capsys.readouterr().err


def test_curation_of_the_wrong_shape_is_a_problem_on_its_line(tiny: Path):
    problems = load_content(tiny / "content", curation_text="# notes\ndecisions: [1, 2]\n").curation.problems
    assert [(d.code, d.line) for d in problems] == [("curation.value", 2)], problems


def test_ids_of_questions_without_latin_letters_survive_reordering_the_dump(tiny: Path):
    from genai_build.pipeline import Project, load_corpus
    questions = ["什么是注意力机制?", "什么是变换器模型?", "Что такое трансформер?", "🤖🧠?"]
    dump = tiny / "content" / "sources" / "tiny.md"

    def ids_for(order: list[str]) -> dict[str, str]:
        dump.write_text("".join(f"{n}. {q}\nAn answer to {n}.\n\n" for n, q in enumerate(order, 1)), encoding="utf-8")
        (tiny / "content" / "curation.yaml").write_text("decisions: {}\n", encoding="utf-8")
        corpus = load_corpus(Project(tiny), 1_700_000_000, update_lock=True)[0].corpus
        return {q.question: q.id for q in corpus.questions}

    first = ids_for(questions)
    assert len(set(first.values())) == 4 and not any(i.startswith("question") for i in first.values())
    (tiny / "content" / "ids.lock").unlink()
    assert ids_for(list(reversed(questions))) == first  # even without the lock
