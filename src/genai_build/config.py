"""Typed configuration from content/: the sources registry and the book metadata.

Every problem is collected with the line of the YAML file it is on, then reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Mapping

from genai_build.diagnostics import ConfigError, Diagnostic, error
from genai_build.yamlio import line_of, load_yaml

SOURCES_FILE = "sources.yaml"
BOOK_FILE = "book.yaml"
CURATION_FILE = "curation.yaml"
TOPICS_FILE = "topics.yaml"
IDS_LOCK_FILE = "ids.lock"
ANKI_LOCK_FILE = "anki.lock"  # per Anki note: fingerprint and the edition time it last changed
BUILD_LOCK_FILES = (IDS_LOCK_FILE, ANKI_LOCK_FILE)  # written by the build: their edits are not content edits
SOURCES_DIR = "sources"


@dataclass(frozen=True)
class SourceConfig:
    file: str
    reader: str
    title: str
    owner: str
    origin: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None  # where the entry starts in sources.yaml


@dataclass(frozen=True)
class BookConfig:
    title: str
    identifier: str
    edition: str
    subtitle: str = ""
    language: str = "en"
    creator: str = ""
    publisher: str = ""
    description: str = ""
    subjects: tuple[str, ...] = ()
    license: str = ""


_SOURCE_KEYS = {"file", "reader", "title", "owner", "origin", "options"}
_SOURCE_REQUIRED = {"file", "reader", "title", "owner"}
_BOOK_REQUIRED = {"title", "identifier", "edition"}
_BOOK_KEYS = set(BookConfig.__dataclass_fields__)


def _check_keys(node: Mapping, allowed: set[str], required: set[str], path: str, what: str) -> list[Diagnostic]:
    problems = []
    for key in node:
        if key not in allowed:
            problems.append(error("config.unknown-key", f"unknown key {key!r} in {what} (known: {', '.join(sorted(allowed))})", path, line_of(node, key)))
    for key in sorted(required - set(node)):
        problems.append(error("config.missing-key", f"{what} has no {key!r}", path, line_of(node)))
    return problems


def load_sources(content: Path, known_readers: Collection[str]) -> tuple[SourceConfig, ...]:
    """Read content/sources.yaml; raise ConfigError with every problem found."""
    path = content / SOURCES_FILE
    shown = display_path(path)
    data, problems = load_yaml(path, shown)
    if problems:
        raise ConfigError(problems)
    if not isinstance(data, Mapping) or not isinstance(data.get("sources"), list):
        raise ConfigError([error("config.shape", "expected a mapping with a 'sources:' list", shown, line_of(data) if data is not None else 1)])
    for key in data:
        if key != "sources":
            problems.append(error("config.unknown-key", f"unknown top-level key {key!r}", shown, line_of(data, key)))
    sources: list[SourceConfig] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(data["sources"]):
        where = line_of(data["sources"], index)
        if not isinstance(entry, Mapping):
            problems.append(error("config.shape", "each source must be a mapping", shown, where))
            continue
        entry_problems = _check_keys(entry, _SOURCE_KEYS, _SOURCE_REQUIRED, shown, "source entry")
        problems += entry_problems
        if entry_problems:
            continue
        name = str(entry["file"])
        if "/" in name or "\\" in name:
            problems.append(error("config.source-path", f"give the file name only, relative to content/{SOURCES_DIR}/: {name!r}", shown, line_of(entry, "file")))
        elif not (content / SOURCES_DIR / name).is_file():
            problems.append(error("config.source-missing", f"no such dump: content/{SOURCES_DIR}/{name}", shown, line_of(entry, "file")))
        if name in seen:
            problems.append(error("config.duplicate-source", f"{name} is registered twice (first on line {seen[name]})", shown, line_of(entry, "file")))
        seen[name] = line_of(entry, "file")
        reader = str(entry["reader"])
        if reader not in known_readers:
            problems.append(error("config.unknown-reader", f"unknown reader {reader!r} (known: {', '.join(sorted(known_readers))})", shown, line_of(entry, "reader")))
        options = entry.get("options") or {}
        if not isinstance(options, Mapping):
            problems.append(error("config.shape", "options must be a mapping", shown, line_of(entry, "options")))
            options = {}
        sources.append(SourceConfig(
            file=name, reader=reader, title=str(entry["title"]), owner=str(entry["owner"]),
            origin=str(entry.get("origin") or ""), options=_plain(options), line=where,
        ))
    if not sources and not problems:
        problems.append(error("config.no-sources", "no sources registered", shown, line_of(data, "sources")))
    if problems:
        raise ConfigError(problems)
    return tuple(sources)


def load_book(content: Path) -> BookConfig:
    """Read content/book.yaml; raise ConfigError with every problem found."""
    path = content / BOOK_FILE
    shown = display_path(path)
    data, problems = load_yaml(path, shown)
    if problems:
        raise ConfigError(problems)
    if not isinstance(data, Mapping):
        raise ConfigError([error("config.shape", "expected a mapping of book metadata", shown, 1)])
    problems = _check_keys(data, _BOOK_KEYS, _BOOK_REQUIRED, shown, "book metadata")
    if problems:
        raise ConfigError(problems)
    values = {k: (tuple(str(s) for s in v) if k == "subjects" else str(v)) for k, v in data.items()}
    return BookConfig(**values)


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (hashable-friendly, picklable)."""
    if isinstance(node, Mapping):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
