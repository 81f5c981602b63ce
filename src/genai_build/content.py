"""All reading and writing of content/: the configuration files, the dumps' bytes, the id lock, curation edits.

- Files are read only when they are regular files inside content/ (a symlink is followed only
  while it stays inside); anything else is refused with a diagnostic naming the file.
- YAML is parsed with aliases bounded (genai_build.yamlio) and validated by the strict schemas of
  genai_build.config; every problem is a `path:line` diagnostic, and every problem of every file
  is collected before the one abort (`load_content`).
- The id lock is validated as strictly (a duplicate id or a value of the wrong type is an error,
  never a silent remap) and written only when asked (`save_lock`).
- `edit_curation` is a transaction: under an exclusive lock on content/ it reads curation.yaml,
  applies the edit, checks the result, and only then replaces the file atomically. Nothing
  unchecked ever reaches the file, and two editors never lose each other's edits.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import stat
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Iterator, Mapping

from pydantic import BaseModel, ValidationError

from genai_build.config import (BOOK_FILE, CURATION_FILE, IDS_LOCK_FILE, SLUG_PATTERN, SOURCES_DIR,
                                SOURCES_FILE, TOPICS_FILE, BookConfig, CurationFile, DecisionEntry,
                                SourceConfig, SourcesFile, TopicsFile, display_path)
from genai_build.corpus.curation import Curation, Decision, check_contradictions
from genai_build.corpus.ids import LOCK_VERSION, IdLock, render_lock
from genai_build.corpus.taxonomy import Taxonomy
from genai_build.diagnostics import BuildError, ConfigError, Diagnostic, ExitCode, error
from genai_build.fsutil import atomic_path, write_text_atomic
from genai_build.model import Topic
from genai_build.readers.base import SourceText
from genai_build.readers.decode import MAX_DUMP_BYTES, decode_dump
from genai_build.yamlio import line_at, line_of, parse_yaml, plain

MAX_CONFIG_BYTES = 16 * 1024 * 1024


# --- reading files safely -----------------------------------------------------------------------
def checked_path(content: Path, relative: str) -> tuple[Path | None, list[Diagnostic]]:
    """content/<relative> resolved: (None, []) when it does not exist, (None, [problem]) when refused
    (a symlink leaving content/, a dangling link, a folder, a device or a pipe)."""
    path = content / relative
    shown = display_path(path)
    if not os.path.lexists(path):
        return None, []
    try:
        real = path.resolve(strict=True)
        root = content.resolve(strict=True)
    except FileNotFoundError:
        return None, [error("content.dangling-link", f"refused: a symlink to a file that does not exist ({os.readlink(path) if path.is_symlink() else path})", shown)]
    except (OSError, RuntimeError) as exc:
        return None, [error("content.unreadable", f"cannot resolve the path: {exc}", shown)]
    if not real.is_relative_to(root):
        return None, [error("content.outside", f"refused: it resolves to {real}, outside content/; content is read only from files inside content/", shown)]
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            return None, [error("content.not-a-file", "refused: not a regular file", shown)]
    except OSError as exc:
        return None, [error("content.unreadable", f"cannot read it: {exc.strerror or exc}", shown)]
    return real, []


def read_file(content: Path, relative: str, *, limit: int = MAX_CONFIG_BYTES, code: str = "config.too-large",
              what: str = "file") -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of content/<relative>: (None, []) when it does not exist, (None, [problem]) when refused."""
    real, problems = checked_path(content, relative)
    if real is None:
        return None, problems
    shown = display_path(content / relative)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None, [error("content.not-a-file", "refused: not a regular file", shown)]
            if info.st_size > limit:
                return None, [error(code, f"{what} is {info.st_size:,} bytes, over the {limit:,}-byte limit: is it the right file?", shown)]
            return handle.read(limit + 1), []
    except OSError as exc:
        return None, [error("content.unreadable", f"cannot read it: {exc.strerror or exc}", shown)]


def _read_text(content: Path, relative: str) -> tuple[str | None, list[Diagnostic]]:
    data, problems = read_file(content, relative)
    if data is None:
        return None, problems
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error("config.encoding", f"not UTF-8 ({exc.reason} at byte {exc.start})", display_path(content / relative), line)]


def _load_yaml(content: Path, relative: str) -> tuple[Any, list[Diagnostic]]:
    text, problems = _read_text(content, relative)
    shown = display_path(content / relative)
    if text is None:
        if not problems:
            problems = [error("config.missing", "file not found", shown)]
        return None, problems
    return parse_yaml(text, shown)


def read_dump(content: Path, file: str) -> tuple[SourceText | None, list[Diagnostic]]:
    """A dump of content/sources/, decoded, or the diagnostics that say why not."""
    relative = f"{SOURCES_DIR}/{file}"
    data, problems = read_file(content, relative, limit=MAX_DUMP_BYTES, code="source.too-large", what="dump")
    shown = display_path(content / relative)
    if data is None:
        return None, problems or [error("source.missing", "no such dump", shown)]
    return decode_dump(data, file, shown)


def dump_bytes(content: Path, file: str) -> bytes | None:
    """The raw bytes of a dump (for cache keys), None when it cannot be read."""
    data, _ = read_file(content, f"{SOURCES_DIR}/{file}", limit=MAX_DUMP_BYTES)
    return data


# --- validation with lines ----------------------------------------------------------------------
def _unwrap(annotation: Any) -> Any:
    """The type inside Annotated[...] and Optional[...]."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated or (origin in (typing.Union, types.UnionType) and len(args) == 1):
            annotation = args[0]
        else:
            return annotation


def _known_keys(schema: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the schema allows at a location (walking models, lists and dicts)."""
    current: Any = schema
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (list, dict, tuple):
            current = typing.get_args(current)[-1]
        else:
            return []
    current = _unwrap(current)
    return sorted(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number",
             type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def validate(schema: type[BaseModel], tree: Any, shown: str, prefix: str, what: str) -> tuple[Any, list[Diagnostic]]:
    """Validate a parsed YAML tree against a schema; each error becomes a diagnostic on its line:
    `{prefix}.unknown-key`, `{prefix}.missing-key` or `{prefix}.value`."""
    try:
        return schema.model_validate(plain(tree)), []
    except ValidationError as exc:
        problems = []
        for e in exc.errors(include_url=False):
            loc = tuple(e["loc"])
            place = _dotted(loc[:-1])
            inside = f"{what} ({place})" if place else what
            if e["type"] == "extra_forbidden":
                known = _known_keys(schema, loc[:-1])
                message = f"unknown key {loc[-1]!r} in {inside}" + (f" (known: {', '.join(known)})" if known else "")
                problems.append(error(f"{prefix}.unknown-key", message, shown, line_at(tree, loc)))
            elif e["type"] == "missing":
                problems.append(error(f"{prefix}.missing-key", f"{inside} has no {loc[-1]!r}", shown, line_at(tree, loc[:-1])))
            else:
                hint = " (quote it to make it text)" if e["type"] == "string_type" and isinstance(e["input"], (int, float)) else ""
                message = f"{_dotted(loc) or what} in {what}: {e['msg'][0].lower()}{e['msg'][1:]}, got {_kind(e['input'])}{hint}"
                problems.append(error(f"{prefix}.value", message, shown, line_at(tree, loc)))
        return None, problems


# --- sources.yaml and book.yaml -----------------------------------------------------------------
def _configuration(content: Path, name: str, schema: type[BaseModel], what: str) -> tuple[Any, Any, str]:
    """(tree, validated model, shown path) of a configuration file; ConfigError with every problem otherwise."""
    shown = display_path(content / name)
    tree, problems = _load_yaml(content, name)
    model = None
    if not problems:
        model, problems = validate(schema, tree, shown, "config", what)
    if problems:
        raise ConfigError(problems)
    return tree, model, shown


def load_sources(content: Path, known_readers: Collection[str]) -> tuple[SourceConfig, ...]:
    """Read content/sources.yaml; raise ConfigError with every problem found."""
    tree, model, shown = _configuration(content, SOURCES_FILE, SourcesFile, "the registry")
    problems: list[Diagnostic] = []
    sources: list[SourceConfig] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(model.sources):
        node = tree["sources"][index]
        file_line = line_of(node, "file")
        real, refused = checked_path(content, f"{SOURCES_DIR}/{entry.file}")
        if refused:
            problems += [error(d.code, f"content/{SOURCES_DIR}/{entry.file}: {d.message}", shown, file_line) for d in refused]
        elif real is None:
            problems.append(error("config.source-missing", f"no such dump: content/{SOURCES_DIR}/{entry.file}", shown, file_line))
        if entry.file in seen:
            problems.append(error("config.duplicate-source", f"{entry.file} is registered twice (first on line {seen[entry.file]})", shown, file_line))
        seen[entry.file] = file_line
        if entry.reader not in known_readers:
            problems.append(error("config.unknown-reader", f"unknown reader {entry.reader!r} (known: {', '.join(sorted(known_readers))})", shown, line_of(node, "reader")))
        sources.append(SourceConfig(file=entry.file, reader=entry.reader, title=entry.title, owner=entry.owner,
                                    origin=entry.origin, options=dict(entry.options or {}), line=line_of(tree["sources"], index)))
    if not sources and not problems:
        problems.append(error("config.no-sources", "no sources registered", shown, line_of(tree, "sources")))
    if problems:
        raise ConfigError(problems)
    return tuple(sources)


def load_book(content: Path) -> BookConfig:
    """Read content/book.yaml; raise ConfigError with every problem found."""
    return _configuration(content, BOOK_FILE, BookConfig, "book metadata")[1]


# --- topics.yaml --------------------------------------------------------------------------------
def load_taxonomy(content: Path) -> Taxonomy:
    """Read content/topics.yaml; raise ConfigError with every problem found."""
    tree, model, shown = _configuration(content, TOPICS_FILE, TopicsFile, "the topics")
    problems: list[Diagnostic] = []
    if not model.topics:
        raise ConfigError([error("config.no-topics", "no topics: the book needs at least one", shown, line_at(tree, ("topics",)))])
    first_line: dict[str, int | None] = {}
    for index, entry in enumerate(model.topics):
        where = line_of(tree["topics"][index], "id")
        if entry.id in first_line:
            problems.append(error("config.duplicate-topic", f"topic id {entry.id!r} is given twice (first on line {first_line[entry.id]})", shown, where))
        first_line.setdefault(entry.id, where)
    fallback = model.fallback or model.topics[0].id
    if fallback not in first_line:
        problems.append(error("config.topic", f"fallback topic {fallback!r} is not a topic", shown, line_of(tree, "fallback")))
    for name, topic in model.sections.items():
        if topic is not None and topic not in first_line:
            problems.append(error("config.topic", f"section {name!r} maps to unknown topic {topic!r}", shown, line_of(tree["sections"], name)))
    if problems:
        raise ConfigError(problems)
    topics = tuple(Topic(id=t.id, title=t.title, description=t.description) for t in model.topics)
    keywords = {t.id: tuple(k.lower() for k in t.keywords) for t in model.topics}
    strong = {t.id: tuple(k.lower() for k in t.strong) for t in model.topics}
    tags = {tag: tuple(k.lower() for k in kws or ()) for tag, kws in model.tags.items()}
    return Taxonomy(topics, keywords, fallback, dict(model.sections), tags, strong)


# --- curation.yaml ------------------------------------------------------------------------------
def parse_curation(text: str | None, shown: str) -> Curation:
    """The decisions of curation.yaml's text; problems of the file alone travel with it (reported with the corpus's)."""
    if text is None:
        return Curation(shown)
    tree, problems = parse_yaml(text, shown)
    if problems:
        # a key given twice ("topic:" twice) is two decisions that contradict each other
        raise BuildError([error("curation.contradiction", d.message.replace("malformed YAML: ", ""), d.path, d.line)
                          if "duplicate key" in d.message else d for d in problems])
    if tree is None:
        return Curation(shown)
    top, problems = validate(CurationFile, tree, shown, "curation", "curation.yaml")
    if top is None:
        return Curation(shown, {}, tuple(problems))
    decisions: dict[str, Decision] = {}
    block = tree.get("decisions") or {}
    for qid, values in block.items():
        where = line_of(block, qid)
        if not isinstance(values, Mapping):
            problems.append(error("curation.shape", f"decision for {qid!r} must be a mapping, got {_kind(plain(values))}", shown, where))
            continue
        _, found = validate(DecisionEntry, values, shown, "curation", f"the decision for {qid}")
        problems += found
        lines = {str(key): line_of(values, key) for key in values}
        decisions[str(qid)] = Decision(str(qid), plain(values), where, lines)
    problems += check_contradictions(decisions, shown)
    return Curation(shown, decisions, tuple(problems))


def load_curation(content: Path, text: str | None = None) -> Curation:
    """content/curation.yaml (or `text` given in its place: a proposed edit, checked before it is written)."""
    shown = display_path(content / CURATION_FILE)
    if text is None:
        text, problems = _read_text(content, CURATION_FILE)
        if problems:
            raise BuildError(problems)
    return parse_curation(text, shown)


# --- ids.lock -----------------------------------------------------------------------------------
_SLUG = re.compile(SLUG_PATTERN)


def parse_lock(text: str, shown: str) -> tuple[IdLock, list[Diagnostic]]:
    """The lock's entries, or every problem with its line: a duplicate id, a value of the wrong type."""
    def key_lines(key: str) -> list[int]:
        pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
        return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]

    hint = "; restore it from git (`git checkout content/ids.lock`) rather than deleting it, or ids will change"
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        return IdLock({}), [error("ids.lock", f"unreadable id lock: {exc.msg}{hint}", shown, exc.lineno)]
    problems = [error("ids.duplicate", f"id {key!r} is given more than once (lines {', '.join(map(str, key_lines(key)))}){hint}",
                      shown, (key_lines(key) or [None])[-1]) for key in dict.fromkeys(duplicates)]
    if not isinstance(data, dict) or set(data) != {"version", "ids"}:
        return IdLock({}), problems + [error("ids.lock", f"expected an object with exactly 'version' and 'ids'{hint}", shown, 1)]
    if data["version"] != LOCK_VERSION or isinstance(data["version"], bool):
        problems.append(error("ids.lock", f"lock version {data['version']!r}, expected {LOCK_VERSION}", shown, (key_lines("version") or [1])[0]))
    if not isinstance(data["ids"], dict):
        return IdLock({}), problems + [error("ids.lock", f"'ids' must be an object of id -> fingerprints{hint}", shown, (key_lines("ids") or [1])[0])]
    entries: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for qid, fps in data["ids"].items():
        where = (key_lines(qid) or [None])[0]
        if not _SLUG.match(qid):
            problems.append(error("ids.lock", f"{qid!r} is not an id (a-z, 0-9, -){hint}", shown, where))
        if not isinstance(fps, list) or not all(isinstance(fp, str) for fp in fps):
            problems.append(error("ids.lock", f"the fingerprints of {qid!r} must be a list of strings, got {_kind(fps)}{hint}", shown, where))
            continue
        for fp in fps:
            if owner.get(fp, qid) != qid:
                problems.append(error("ids.lock", f"fingerprint {fp!r} is held by both {owner[fp]!r} and {qid!r}{hint}", shown, where))
            owner.setdefault(fp, qid)
        entries[qid] = tuple(fps)
    return IdLock(entries), problems


def load_lock(content: Path) -> IdLock:
    shown = display_path(content / IDS_LOCK_FILE)
    text, problems = _read_text(content, IDS_LOCK_FILE)
    if text is not None:
        lock, problems = parse_lock(text, shown)
    if problems:
        raise BuildError(problems)
    return lock if text is not None else IdLock({})


def save_lock(content: Path, lock: IdLock) -> bool:
    """Write content/ids.lock when it changed; True when written."""
    return save_lock_text(content, IDS_LOCK_FILE, render_lock(lock))


def read_lock_text(content: Path, relative: str) -> str | None:
    """A writer's lock file in content/ (content/anki.lock) as text, None when there is none yet;
    a refused or non-UTF-8 file is an error naming it. Its format is the writer's business."""
    text, problems = _read_text(content, relative)
    if problems:
        raise BuildError(problems)
    return text


def save_lock_text(content: Path, relative: str, text: str) -> bool:
    """Write a lock file of content/ atomically when its text changed; True when written."""
    current, _ = read_file(content, relative)
    if current is not None and current == text.encode("utf-8"):
        return False
    try:
        write_text_atomic(content / relative, text)
    except OSError as exc:
        raise _unwritable(content / relative, exc) from None
    return True


# --- everything at once -------------------------------------------------------------------------
@dataclass(frozen=True)
class Content:
    taxonomy: Taxonomy
    curation: Curation
    lock: IdLock


def load_content(content: Path, curation_text: str | None = None, earlier: Collection[Diagnostic] = ()) -> Content:
    """topics.yaml, curation.yaml and ids.lock; every problem of every file (and `earlier` ones) in one abort."""
    problems: list[Diagnostic] = []
    exit_code = ExitCode.CONTENT_ERROR
    loaded: dict[str, Any] = {}
    for name, load in (("taxonomy", lambda: load_taxonomy(content)), ("curation", lambda: load_curation(content, curation_text)),
                       ("lock", lambda: load_lock(content))):
        try:
            loaded[name] = load()
        except BuildError as exc:
            problems += exc.diagnostics
            exit_code = max(exit_code, exc.exit_code)
    if problems or any(d.is_error for d in earlier):
        if "curation" in loaded:  # the file's own problems, reported with the others
            problems += loaded["curation"].problems
        raise BuildError(list(dict.fromkeys([*earlier, *problems])), ExitCode(exit_code))
    return Content(loaded["taxonomy"], loaded["curation"], loaded["lock"])


def load_configuration(content: Path, known_readers: Collection[str]) -> tuple[BookConfig, tuple[SourceConfig, ...]]:
    """book.yaml and sources.yaml, both read and all their problems reported together (with those of
    topics.yaml, curation.yaml and ids.lock when there are any)."""
    problems: list[Diagnostic] = []
    book = sources = None
    try:
        book = load_book(content)
    except BuildError as exc:
        problems += exc.diagnostics
    try:
        sources = load_sources(content, known_readers)
    except BuildError as exc:
        problems += exc.diagnostics
    if problems or book is None or sources is None:
        try:  # the dumps cannot be read without the registry, but the other files' problems are reported too
            load_content(content)
        except BuildError as exc:
            problems += [d for d in exc.diagnostics if d not in problems]
        raise ConfigError(problems)
    return book, sources


# --- curation edits as transactions -------------------------------------------------------------
@contextlib.contextmanager
def _exclusive(content: Path) -> Iterator[None]:
    """An exclusive advisory lock on the content/ folder itself (no stray lock file)."""
    try:
        fd = os.open(content, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise BuildError([error("content.unreadable", f"cannot open the content folder: {exc.strerror or exc}", display_path(content))]) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def edit_curation(content: Path, change: Callable[[str], str], check: Callable[[str], None]) -> Path:
    """Read curation.yaml, apply `change`, run `check` on the result, then replace the file atomically.

    All under an exclusive lock: a concurrent edit waits and then starts from this one's result.
    `change` and `check` raise BuildError to refuse; the file is then untouched."""
    path = content / CURATION_FILE
    with _exclusive(content):
        data, problems = read_file(content, CURATION_FILE)
        if problems:
            raise BuildError(problems)
        try:
            before = (data or b"").decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BuildError([error("config.encoding", f"not UTF-8 ({exc.reason} at byte {exc.start})", display_path(path))]) from exc
        after = change(before)
        check(after)
        try:
            with atomic_path(path) as tmp, open(tmp, "wb") as handle:
                handle.write(after.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _unwritable(path, exc) from None
    return path


def _unwritable(path: Path, exc: OSError) -> BuildError:
    return BuildError([error("content.unwritable", f"cannot write it ({exc.strerror or exc}); the previous file is intact",
                             display_path(path))])


__all__ = ["Content", "dump_bytes", "edit_curation", "load_book", "load_configuration", "load_content",
           "load_curation", "load_lock", "load_sources", "load_taxonomy", "parse_curation", "parse_lock", "read_dump",
           "read_file", "save_lock", "validate"]
