"""Golden files: the one helper every golden test uses.

A golden test compares text a stage produces with a reviewed file under tests/golden/.
`make golden` (GOLDEN_UPDATE=1) rewrites every golden file instead of comparing; review the
diff (`git diff tests/golden`) before committing it. UPDATE_GOLDEN=1 is accepted as well.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Mapping

GOLDEN = Path(__file__).resolve().parent / "golden"


def updating() -> bool:
    return any(os.environ.get(name, "") not in ("", "0") for name in ("GOLDEN_UPDATE", "UPDATE_GOLDEN"))


def assert_golden(actual: str, relative: str) -> None:
    """`actual` must equal tests/golden/<relative> (rewritten instead when updating)."""
    path = GOLDEN / relative
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run `make golden` and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{relative} differs from its golden file (`make golden` to accept, then review)"


def assert_golden_tree(files: Mapping[str, str], relative: str) -> None:
    """A folder of text files (name -> text) must equal tests/golden/<relative>/ exactly, no file more or less."""
    folder = GOLDEN / relative
    if updating():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    assert folder.is_dir(), f"no golden folder {folder}: run `make golden` and review it"
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()}
    assert dict(files) == expected, f"{relative}/ differs from its golden files (`make golden` to accept, then review)"
