"""YAML in and out with ruamel: positions for diagnostics, bounded aliases, round trips that keep comments and text.

Parsing: a syntax error becomes a diagnostic naming its line; aliases are expanded (counted)
before anything walks the tree, so an alias bomb is refused at once instead of eating memory.
Writing: nothing is folded (the width is unbounded) and each text gets a style that reads back
exactly — a literal block (`|`) for multi-line text that allows one, else double quotes.
"""

from __future__ import annotations

import warnings
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from genai_build.diagnostics import Diagnostic, error

UNFOLDED = 1 << 30  # a line width no text reaches: the emitter never folds a scalar
MAX_EXPANDED_NODES = 200_000  # the real files have a few thousand nodes
MAX_EXPANDED_CHARS = 32 * 1024 * 1024


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = UNFOLDED
    yaml.allow_unicode = True
    return yaml


class AliasBomb(ValueError):
    pass


def _check_expansion(root: Node | None) -> None:
    """Count the nodes and characters the tree holds once every alias is expanded; refuse past the bounds."""
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()

    def size(node: Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise AliasBomb("an alias refers to a node that contains it (a recursive alias)")
        open_nodes.add(key)
        nodes, chars = 1, 0
        if isinstance(node, ScalarNode):
            chars = len(node.value)
        elif isinstance(node, (SequenceNode, MappingNode)):
            children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
            for child in children:
                n, c = size(child)
                nodes, chars = nodes + n, chars + c
                if nodes > MAX_EXPANDED_NODES or chars > MAX_EXPANDED_CHARS:
                    raise AliasBomb(f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes or "
                                    f"{MAX_EXPANDED_CHARS:,} characters (an alias bomb?)")
        open_nodes.discard(key)
        sizes[key] = (nodes, chars)
        return nodes, chars

    if root is not None:
        size(root)


def parse_yaml(text: str, shown: str) -> tuple[Any, list[Diagnostic]]:
    """Parse YAML text into ruamel's commented tree; problems name the file and line."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ruamel warns of a reused anchor on stderr; YAML allows it
            if "*" in text:  # only aliases can expand: skip the second pass otherwise
                _check_expansion(round_trip_yaml().compose(text))
            return round_trip_yaml().load(text), []
    except AliasBomb as exc:
        return None, [error("config.yaml-aliases", f"refused: {exc}", shown)]
    except RecursionError:
        return None, [error("config.yaml", "malformed YAML: nested too deeply", shown)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        return None, [error("config.yaml", f"malformed YAML: {problem}", shown, line)]
    except YAMLError as exc:
        return None, [error("config.yaml", f"malformed YAML: {exc}", shown)]


def dump_yaml(data: Any) -> str:
    buffer = StringIO()
    round_trip_yaml().dump(data, buffer)
    return buffer.getvalue()


def plain(node: Any) -> Any:
    """ruamel's commented containers and scalar types as plain dicts, lists, str, int, float, bool."""
    if isinstance(node, dict):
        return {plain(k): plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node  # None, dates


_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


def _literal_allowed(text: str) -> bool:
    """A literal block keeps the text exactly: no leading space or break, no trailing spaces on a line,
    no tab, no line break other than \\n, only printable characters."""
    if "\n" not in text or text[0] in " \n" or any(b in text for b in _LINE_BREAKS):
        return False
    return all(not line.endswith(" ") for line in text.split("\n")) and all(
        ch == "\n" or (ch.isprintable() and ch != "\t") for ch in text)


def _reads_back(value: Any, text: str) -> bool:
    probe = CommentedMap({"decisions": CommentedMap({"q": CommentedMap({"k": value})})})
    try:
        again = round_trip_yaml().load(dump_yaml(probe))
        return str(again["decisions"]["q"]["k"]) == text and isinstance(again["decisions"]["q"]["k"], str)
    except (YAMLError, KeyError, TypeError):
        return False


def text_scalar(text: str) -> str:
    """The text with the style that writes it so that it reads back identical (checked)."""
    if _literal_allowed(text):
        candidate: str = LiteralScalarString(text)
        if _reads_back(candidate, text):
            return candidate
    if "\n" not in text and _reads_back(text, text):
        return text  # the emitter's own choice: plain when that is safe, else quoted
    return DoubleQuotedScalarString(text)


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


def line_at(tree: Any, loc: tuple) -> int | None:
    """The line of the deepest node a location (keys and indexes from the top) reaches in the tree."""
    line = line_of(tree) or 1
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line, node = line_of(node, part) or line, node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, node = line_of(node, part) or line, node[part]
        else:
            break
    return line
