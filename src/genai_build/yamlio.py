"""YAML in and out with ruamel: positions for diagnostics, round trips that keep comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from genai_build.diagnostics import Diagnostic, error


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Parse a YAML file; a syntax error becomes a diagnostic naming its line."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [error("config.missing", "file not found", shown)]
    except UnicodeDecodeError as exc:
        return None, [error("config.encoding", f"not UTF-8 ({exc.reason} at byte {exc.start})", shown)]
    try:
        return round_trip_yaml().load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return None, [error("config.yaml", f"malformed YAML: {problem}", shown, line)]
    except YAMLError as exc:
        return None, [error("config.yaml", f"malformed YAML: {exc}", shown)]


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of a mapping key (or of the node itself) in its YAML file."""
    try:
        if key is not None and isinstance(node, CommentedMap):
            return node.lc.key(key)[0] + 1
        if key is not None and isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
        return node.lc.line + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None

