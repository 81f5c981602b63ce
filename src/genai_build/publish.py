"""Publishing into the output folder: the build owns only what it wrote, and publishes all or nothing.

- **Ownership.** The output folder holds a manifest (`.genai-build-manifest.json`) of every file
  the build wrote there, per writer. The build never deletes a file the manifest does not
  list, and refuses a folder it cannot own: `/`, the project or a folder above it, `content/`
  and `templates/`, a file, and a non-empty folder without a manifest (unless it holds only
  the build's own names, as a folder built before manifests did).
- **All or none.** Writers write into a staging folder inside the output folder; each edition
  is read back there; only when every one is sound are the staged files moved into place (a
  rename each), the files of the previous edition that are not written again removed, and the
  new manifest saved. The move is journalled (`.genai-build-pending.json`, written before the
  first rename): a build killed in the middle of it is finished by the next one, which reads
  the journal before anything else. A build that fails or is killed earlier leaves the
  previous outputs exactly as they were.
- **One build at a time.** An exclusive lock on `.genai-build.lock` in the folder: a second
  build into the same folder fails at once with a clear message.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from genai_build import children
from genai_build.diagnostics import BuildError, ExitCode, error
from genai_build.fsutil import write_text_atomic

MANIFEST = ".genai-build-manifest.json"
PENDING = ".genai-build-pending.json"
LOCK = ".genai-build.lock"
STAGING = ".genai-build-staging"
# Names a build folder made before manifests could hold (outputs, the cache, make's stamp, bench results).
LEGACY_NAMES = frozenset({".cache", ".built", "bench", "anki", "markdown", "reports", "corpus.json", "corpus.schema.json",
                          "genai-interview-handbook.pdf", "genai-interview-handbook.epub", LOCK})


def refuse(out: Path, why: str) -> BuildError:
    return BuildError([error("usage.out", f"refusing to build into {out}: {why}", str(out))], ExitCode.USAGE_ERROR)


def check_out_folder(out: Path, project_root: Path) -> None:
    """Raise a usage error if `out` is not a folder the build may own."""
    target = out.resolve()
    root = project_root.resolve()
    if target == Path(target.anchor):
        raise refuse(out, "it is the file system's root")
    if target == root or target in root.parents:
        raise refuse(out, f"it holds the project itself ({root}); use a folder inside it, e.g. {root / 'build'}")
    for inputs in ("content", "templates"):
        folder = root / inputs
        if target == folder or folder in target.parents:
            raise refuse(out, f"it is inside the project's {inputs}/ folder, which the build reads")
    if target.exists() and not target.is_dir():
        raise refuse(out, "it is a file, not a folder")
    if target.is_dir() and not (target / MANIFEST).is_file():
        foreign = sorted(p.name for p in target.iterdir() if p.name not in LEGACY_NAMES)
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise refuse(out, f"the folder is not empty and was not made by genai-build (it holds {shown}); "
                              "choose a new or empty folder")


@dataclass
class Manifest:
    files: dict[str, list[str]] = field(default_factory=dict)  # writer -> paths relative to the output folder

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of `folder`; an unreadable one counts as empty (the build then deletes nothing)."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            files = data["files"]
            if isinstance(files, dict) and all(isinstance(v, list) and all(isinstance(p, str) for p in v) for v in files.values()):
                return cls({str(k): list(v) for k, v in files.items()})
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return cls()

    def to_json(self) -> str:
        return json.dumps({"version": 1, "files": {k: sorted(v) for k, v in sorted(self.files.items())}}, indent=1) + "\n"


def _safe_relative(path: str) -> bool:
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts


def _finish(out: Path, journal: Mapping) -> None:
    """Carry out a journalled publication: move the staged files, remove stale ones, save the manifest.

    Every step can be run again: a file already moved is no longer staged, one already removed is gone."""
    staging = out / STAGING
    for relative in journal["move"]:
        source = staging / relative
        if _safe_relative(relative) and source.is_file():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / relative)
    for relative in journal["remove"]:
        if _safe_relative(relative):
            (out / relative).unlink(missing_ok=True)
            _remove_empty_parents(out, out / relative)
    write_text_atomic(out / MANIFEST, Manifest(journal["manifest"]).to_json())
    (out / PENDING).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _remove_empty_parents(out: Path, path: Path) -> None:
    for parent in path.parents:
        if parent == out or out not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:
            return


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


class Publication:
    """A build's hold on its output folder: the lock, the staging folder, and the final swap."""

    def __init__(self, out: Path):
        self.out = out
        self.staging = out / STAGING
        self.manifest = Manifest.load(out)
        self.staged: dict[str, list[str]] = {}

    def stage(self, writer: str, paths: Iterable[Path]) -> None:
        """Record the files `writer` wrote into the staging folder."""
        staged = self.staged.setdefault(writer, [])
        for path in paths:
            if path.is_dir():
                staged += [str((path / p).relative_to(self.staging)) for p in _files_under(path)]
            elif path.is_file():
                staged.append(str(path.relative_to(self.staging)))

    def commit(self) -> None:
        """Move every staged output into place, drop the previous files of the writers that ran, save the manifest."""
        written = {writer: sorted(set(paths)) for writer, paths in self.staged.items()}
        unclaimed = set(_files_under(self.staging)) - {p for paths in written.values() for p in paths}
        if unclaimed:  # a writer wrote a file it did not report: it is still the build's
            written.setdefault("other", []).extend(sorted(unclaimed))
        files = {**self.manifest.files, **written}
        new = {p for paths in files.values() for p in paths}
        stale = sorted({p for writer in written for p in self.manifest.files.get(writer, ())} - new)
        journal = {"move": sorted({p for paths in written.values() for p in paths}), "remove": stale, "manifest": files}
        write_text_atomic(self.out / PENDING, json.dumps(journal, indent=1) + "\n")
        _finish(self.out, journal)


def _lock(out: Path):
    """An exclusive, non-blocking lock on the output folder, held until the file is closed."""
    handle = open(out / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - closed by the caller
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        raise BuildError([error("usage.out-busy", f"another build is writing into {out}"
                                + (f" (process {holder})" if holder else "") + "; wait for it to finish or use another --out",
                                str(out))], ExitCode.USAGE_ERROR) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


@contextlib.contextmanager
def publishing(out: Path, project_root: Path) -> Iterator[Publication]:
    """Own `out` for one build: check it, lock it, finish an interrupted publication, give a fresh staging folder.

    The staging folder is removed on the way out, whatever happens; the caller commits."""
    check_out_folder(out, project_root)
    fresh = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    if fresh or not any(out.iterdir()):
        write_text_atomic(out / MANIFEST, Manifest().to_json())  # from now on the folder is the build's
    handle = _lock(out)
    try:
        pending = out / PENDING
        if pending.is_file():
            try:
                journal = json.loads(pending.read_text(encoding="utf-8"))
                _finish(out, journal)
            except (ValueError, KeyError, TypeError):
                pending.unlink()  # written atomically, so never torn; unreadable means foreign: ignore it
        shutil.rmtree(out / STAGING, ignore_errors=True)  # left by a build that was killed
        (out / STAGING).mkdir()
        yield Publication(out)
    finally:
        children.to_the_end(lambda: _remove_staging(out / STAGING))
        handle.close()


def _remove_staging(staging: Path) -> None:
    """Remove the staging folder. After Ctrl-C a writer's thread may still be winding down and
    add a file while the tree is removed: try again, briefly (the next build clears it anyway)."""
    for _ in range(40):
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.05)
