"""Adding a dump to content/ in one step: checked, copied byte for byte, its layout detected,
its registry entry appended to content/sources.yaml (comments and order kept).

Nothing is written unless everything is sound: a missing, empty, binary or already registered
file, or one no reader can read, is an error and content/ stays as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, Mapping

from ruamel.yaml.comments import CommentedMap

from genai_build.config import SOURCES_DIR, SOURCES_FILE, SourceConfig, load_sources
from genai_build.diagnostics import BuildError, ConfigError, ExitCode, error
from genai_build.fsutil import write_bytes_atomic, write_text_atomic
from genai_build.readers import READERS, decode_dump
from genai_build.readers.detect import Detection, detect
from genai_build.yamlio import round_trip_yaml

AUTO = "auto"  # `reader: auto` in the registry: the layout is detected at every build
LICENSES_DIR = "LICENSES"
_NUMBERED_NAME = re.compile(r"^(\d{3})_")


@dataclass(frozen=True)
class Addition:
    name: str  # the dump's file name under content/sources/
    data: bytes
    entry: Mapping[str, Any]  # the registry entry, in the order it is written
    detection: Detection
    license_name: str | None = None
    license_data: bytes | None = None

    @property
    def config(self) -> SourceConfig:
        return SourceConfig(file=self.name, reader=self.entry["reader"], title=self.entry["title"], owner=self.entry["owner"],
                            origin=self.entry.get("origin", ""), options=self.entry.get("options", {}))


def _fail(message: str, path: str | None = None, code: str = "add.input") -> BuildError:
    return BuildError([error(code, message, path)], ExitCode.CONTENT_ERROR)


def _read_input(file: Path, what: str) -> bytes:
    shown = str(file)
    if not file.exists():
        raise _fail(f"no such file: {what} to add", shown)
    if file.is_dir():
        raise _fail(f"is a folder, not a file: give {what} itself", shown)
    try:
        return file.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read it: {exc.strerror}", shown) from exc


def content_name(sources: Path, data: bytes, suffix: str) -> str:
    """The next free number and the first 16 hex digits of the bytes' SHA-256: `005_1a2b….md`."""
    numbers = [int(m.group(1)) for p in sources.iterdir() if (m := _NUMBERED_NAME.match(p.name))] if sources.is_dir() else []
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"{max(numbers, default=-1) + 1:03d}_{digest}{suffix.lower() or '.txt'}"


def _already_there(sources: Path, data: bytes, registered: dict[str, SourceConfig]) -> str | None:
    """The name of a dump in content/sources/ with these very bytes (registered or not), if any."""
    for path in sorted(sources.iterdir()) if sources.is_dir() else ():
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return path.name
    return None


def _title_of(text: str, fallback: str) -> str:
    for line in text.split("\n")[:40]:
        match = re.match(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", line)
        if match:
            return match.group(1).strip()
    return fallback


def _license_credit(data: bytes) -> str:
    """'MIT License, Copyright (c) 2024 Someone' from a licence file's first lines."""
    lines = [line.strip() for line in data.decode("utf-8", "replace").split("\n") if line.strip()]
    name = lines[0] if lines else "licence"
    holder = next((line for line in lines[:6] if line.lower().startswith("copyright")), "")
    return ", ".join(part for part in (name, holder) if part)


def plan(root: Path, file: Path, *, title: str | None = None, owner: str | None = None, origin: str | None = None,
         license_file: Path | None = None) -> Addition:
    """Everything `add` would do, decided and checked; raises BuildError when it must not be added."""
    content = root / "content"
    sources = content / SOURCES_DIR
    registered = {s.file: s for s in load_sources(content, [*READERS, AUTO])}
    data = _read_input(file, "the dump")
    inside = file.resolve().parent == sources.resolve()
    existing = _already_there(sources, data, registered)
    if existing and existing in registered:
        raise _fail(f"already registered: content/{SOURCES_DIR}/{existing} has the same bytes "
                    f"(line {registered[existing].line} of content/{SOURCES_FILE})", str(file), "add.duplicate")
    name = existing if inside and existing else content_name(sources, data, file.suffix)
    text, problems = decode_dump(data, name, str(file))
    if text is None:
        raise BuildError(problems, ExitCode.CONTENT_ERROR)
    found = detect(text)
    if found.choice is None:
        raise _fail("no layout fits: no reader finds a single question in it. Convert it to one of the layouts in the "
                    "README (Known layouts), e.g. one `## Question?` heading per question, and add it again",
                    str(file), "add.no-layout")
    entry: dict[str, Any] = {"file": name, "reader": found.choice.reader}
    if found.choice.options:
        entry["options"] = dict(found.choice.options)
    entry["title"] = title or _title_of(text.text, file.stem)
    entry["owner"] = owner or "unknown"
    license_data = _read_input(license_file, "the licence file") if license_file else None
    credit = f"{_license_credit(license_data)}; notice in content/{SOURCES_DIR}/{LICENSES_DIR}/" if license_data else ""
    license_name = f"{Path(name).stem}.LICENSE.txt" if license_data else None
    if origin or credit:
        entry["origin"] = "; ".join(part for part in (origin, f"{credit}{license_name}" if credit else "") if part)
    return Addition(name, data, entry, found, license_name, license_data)


def registry_with(text: str, entry: Mapping[str, Any]) -> str:
    """content/sources.yaml with one more entry at the end, everything else as it was (ruamel round trip)."""
    yaml = round_trip_yaml()
    yaml.width = 4096  # never re-wrap the lines already there
    data = yaml.load(text)
    node = CommentedMap()
    for key, value in entry.items():
        node[key] = CommentedMap(value) if isinstance(value, Mapping) else value
    data["sources"].append(node)
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def apply(root: Path, addition: Addition) -> list[Path]:
    """Write the dump, its licence and the registry entry; on any failure, undo what was written."""
    content = root / "content"
    registry = content / SOURCES_FILE
    before = registry.read_text(encoding="utf-8")
    after = registry_with(before, addition.entry)
    targets = [(content / SOURCES_DIR / addition.name, addition.data)]
    if addition.license_name and addition.license_data is not None:
        targets.append((content / SOURCES_DIR / LICENSES_DIR / addition.license_name, addition.license_data))
    written: list[Path] = []
    try:
        for target, data in targets:
            if not target.exists():
                written.append(write_bytes_atomic(target, data))
        write_text_atomic(registry, after)
    except (OSError, KeyboardInterrupt):
        for path in written:
            path.unlink(missing_ok=True)
        write_text_atomic(registry, before)
        raise
    try:
        load_sources(content, [*READERS, AUTO])
    except ConfigError:
        for path in written:
            path.unlink(missing_ok=True)
        write_text_atomic(registry, before)
        raise
    return [*written, registry]

