"""A content-hash cache for build stages, kept in build/.cache/.

Keys are hashes of everything a stage reads (content, options, templates, code, the versions
of the libraries the stage declares), never mtimes. Entries are written atomically; an unreadable entry counts as a
miss, so a corrupt cache only costs time.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from genai_build.fsutil import write_bytes_atomic

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_FORMAT = "1"


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree_digest(folder: Path) -> str:
    """Hash of every file under `folder`: names and bytes, in a fixed order."""
    if not folder.exists():
        return digest("missing", str(folder.name))
    files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (str(p.relative_to(folder)), p.read_bytes())))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The code: any change to the package invalidates every entry."""
    return digest(CACHE_FORMAT, tree_digest(PACKAGE_DIR))


@lru_cache(maxsize=None)
def library_versions(names: tuple[str, ...]) -> str:
    """The installed versions of the distributions a stage declares it depends on (a writer's
    `libraries`, readers.LIBRARIES): a new version of one invalidates that stage's entries."""
    versions = []
    for name in sorted(set(names)):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return ";".join(versions)


class StageCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, stage: str, key: str) -> Path | None:
        return self.folder / stage / f"{key[:40]}.pickle" if self.folder else None

    def load(self, stage: str, key: str) -> Any | None:
        path = self._path(stage, key)
        if path is None or not path.exists():
            return None
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - a corrupt entry is a miss
            return None

    def store(self, stage: str, key: str, value: Any) -> None:
        """Remember a value; a cache that cannot be written (a file where a folder should be,
        a full disk) only costs time next build."""
        path = self._path(stage, key)
        if path is not None:
            try:
                self.prune(stage, keep=key)
                write_bytes_atomic(path, pickle.dumps(value, protocol=5))
            except OSError:
                pass

    def prune(self, stage: str, keep: str) -> None:
        """Keep the cache small: one stage, a handful of entries."""
        if not self.folder or not (self.folder / stage).exists():
            return
        entries = sorted((self.folder / stage).glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[16:]:
            if not old.name.startswith(keep[:40]):
                old.unlink(missing_ok=True)

    def stamp_matches(self, name: str, key: str) -> bool:
        """Whether the writer's last output was made from `key`; a missing or unreadable stamp is a miss."""
        if not self.folder:
            return False
        try:
            return (self.folder / "stamps" / name).read_bytes() == key.encode()
        except OSError:
            return False

    def write_stamp(self, name: str, key: str) -> None:
        """Record what the writer's output was made from; a stamp folder that is not one (a
        corrupt cache) is replaced, and a stamp that cannot be written only costs a rebuild."""
        if not self.folder:
            return
        stamps = self.folder / "stamps"
        try:
            if stamps.exists() and not stamps.is_dir():
                stamps.unlink()
            write_bytes_atomic(stamps / name, key.encode())
        except OSError:
            pass

