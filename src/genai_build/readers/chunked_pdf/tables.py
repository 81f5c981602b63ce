"""Tables the PDF extraction flattened into the text, found again and rebuilt as Markdown tables.

The extraction keeps a table's cells in reading order but loses its grid. Two shapes occur:

- **Comparison tables**, printed a line per cell: a header row that opens with a stub word
  ("Aspect", "Feature", …) and names the things compared ("Vector Databases Relational
  Databases (RDBMS)"), then rows whose first line starts with the row's label ("Data Format
  High-dimensional vectors …"), the other cells on the following lines — when cells wrap, their
  lines alternate column by column. The header's cells are told apart where a name closes
  with a parenthesised abbreviation or with the head noun the names share ("… Loss"), and a
  header line of names only may continue on the next line. A row's label is its run of
  capitalised words less the last, which starts the cell ("Training Stability | Training can …").
- **Count tables**, one word per line: a header of single words, then rows of a label and as
  many numbers as there are columns ("“I like NLP” 1 1 1 0 0").

A run that does not fit (fewer than two rows, a row that cannot be read) stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_build.readers.chunked_pdf.words import BREAK, WIDE, Word

STUB_WORDS = frozenset("aspect aspects feature features criteria criterion characteristic characteristics property "
                       "properties parameter parameters dimension dimensions factor factors attribute attributes "
                       "metric metrics category comparison basis".split())
_FUNCTION_WORDS = frozenset("in of to for and on with vs vs. the a an".split())
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_MIN_ROWS = 2
_MAX_NAME_WORDS = 8
_LABEL_MAX_WORDS = 5
_HEADER_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class Table:
    start: int  # index of the first word of the table
    end: int  # index one past its last word
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def markdown(self) -> str:
        def cells(values: tuple[str, ...]) -> str:
            return "| " + " | ".join(_cell(v) for v in values) + " |"
        return "\n".join([cells(self.header), "| " + " | ".join("---" for _ in self.header) + " |",
                          *(cells(row) for row in self.rows)])


def _cell(text: str) -> str:
    """A cell's text made safe inside a Markdown table row."""
    text = " ".join(text.split())
    for char in "\\*`|":
        text = text.replace(char, "\\" + char)
    return re.sub(r"(?<=[\w)]) +(?=[,;:.](?:\s|$))", "", text)


def _capitalised(word: str) -> bool:
    text = word.lstrip("(\"'“")
    return bool(text[:1].isupper())


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _printed_lines(words: list[Word], start: int) -> list[tuple[int, int]]:
    """(first, end) word indexes of the printed lines from `start`: a whole line of the
    extraction, cut at wide gaps; the lines stop at the first word printed one per line."""
    lines: list[tuple[int, int]] = []
    index = start
    while index < len(words) and words[index].whole:
        end = index + 1
        while end < len(words) and words[end].line == words[index].line and words[end].whole and words[end].sep != WIDE:
            end += 1
        lines.append((index, end))
        if end < len(words) and words[end].sep in (WIDE, BREAK) and words[end].line == words[index].line:
            break  # prose resumes after a wide gap on the same line
        index = end
    return lines


def header_names(words: list[str]) -> list[str]:
    """The names of the things compared, split where a name ends with "(ABBR)" or with the shared head noun."""
    if not words:
        return []
    head = next((w.lower() for w in reversed(words) if not w.startswith("(")), "")
    names, current = [], []
    for position, word in enumerate(words):
        current.append(word)
        last = position == len(words) - 1
        if last or word.endswith(")") or (word.lower() == head and not words[position + 1].startswith("(")):
            names.append(" ".join(current))
            current = []
    return names


def _is_name_line(words: list[Word]) -> bool:
    texts = [w.text for w in words]
    return (0 < len(texts) <= _MAX_NAME_WORDS
            and all(_capitalised(t) or t.startswith("(") or t.lower() in _FUNCTION_WORDS for t in texts))


def row_label(words: list[str]) -> tuple[str, str] | None:
    """(label, rest of the line) when the line opens a row: its capitalised run less the word that starts the cell."""
    run = 0
    while run < len(words) and (_capitalised(words[run]) or (words[run].lower() in _FUNCTION_WORDS and run + 1 < len(words)
                                                               and _capitalised(words[run + 1]))):
        run += 1
    if run == len(words) and run <= _LABEL_MAX_WORDS:
        return " ".join(words), ""  # the label alone on its line
    label = words[: run - 1]
    if not label or len(label) > _LABEL_MAX_WORDS or label[-1].lower() in _FUNCTION_WORDS or label[-1].endswith((",", ".")):
        return None
    return " ".join(label), " ".join(words[run - 1 :])


def _line_texts(words: list[Word], line: tuple[int, int]) -> list[str]:
    return [w.text for w in words[line[0] : line[1]]]


def _header(words: list[Word], lines: list[tuple[int, int]]) -> tuple[list[str], int]:
    """The column names (the header line's, and a bare name line or two after it) and how many lines they take."""
    first, end = lines[0]
    names = header_names([w.text for w in words[first + 1 : end]])
    used = 1
    while len(names) < 2 and used < len(lines):
        texts = _line_texts(words, lines[used])
        more = header_names(texts)
        if not (_is_name_line(words[lines[used][0] : lines[used][1]]) and row_label(texts) == (" ".join(texts), "")
                and len(names) + len(more) <= 3):
            break
        names += more
        used += 1
    return names, used


def _comparison_rows(words: list[Word], lines: list[tuple[int, int]], columns: int) -> list[list[list[str]]] | None:
    """Per row: its label, then each column's pieces; None when a line opens no row and none is open."""
    rows: list[list[list[str]]] = []
    filled = 0
    for line in lines:
        texts = _line_texts(words, line)
        opened = row_label(texts)
        if opened and (not rows or filled >= columns):
            label, rest = opened
            rows.append([[label]] + [[] for _ in range(columns)])
            filled = 0
            if rest:
                rows[-1][1].append(rest)
                filled = 1
        elif rows:
            rows[-1][1 + filled % columns].append(" ".join(texts))
            filled += 1
        else:
            return None
    return rows


def comparison_table(words: list[Word], start: int) -> Table | None:
    """A comparison table whose header starts at words[start] (a stub word opening a printed line)."""
    lines = _printed_lines(words, start)
    if len(lines) < 1 + _MIN_ROWS * 2 or not _is_name_line(words[lines[0][0] + 1 : lines[0][1]]):
        return None
    names, used = _header(words, lines)
    if len(names) < 2:
        return None
    rows = _comparison_rows(words, lines[used:], len(names))
    if rows is None or len(rows) < _MIN_ROWS or any(not all(cell for cell in row[1:]) for row in rows):
        return None
    last_end = lines[-1][1] if len(lines) > used else lines[used - 1][1]
    return Table(start, last_end, (words[start].text, *names), tuple(tuple(" ".join(cell) for cell in row) for row in rows))


def _count_rows(words: list[Word], index: int) -> tuple[list[tuple[str, ...]], int]:
    """Rows of a label then two or more numbers, from words[index]; and where they stop."""
    rows: list[tuple[str, ...]] = []
    while index < len(words):
        label_start = index
        while index < len(words) and not _NUMBER.match(words[index].text) and index - label_start < _LABEL_MAX_WORDS + 3:
            index += 1
        counts_start = index
        while index < len(words) and _NUMBER.match(words[index].text):
            index += 1
        counts = [w.text for w in words[counts_start:index]]
        if len(counts) < 2 or counts_start == label_start or (rows and len(counts) != len(rows[0]) - 1):
            return rows, label_start
        rows.append((_text(words[label_start:counts_start]), *counts))
    return rows, index


def count_table(words: list[Word], start: int) -> Table | None:
    """A table of counts printed one word per line, its header starting at words[start]."""
    # rows: a label of words, then two or more numbers; the header is the words before the first row
    index = start
    while index < min(len(words), start + _HEADER_MAX_WORDS + 1) and not _NUMBER.match(words[index].text) \
            and not words[index].text.startswith(("“", '"')):
        index += 1
    header = [w.text for w in words[start:index]]
    if not header or len(header) > _HEADER_MAX_WORDS:
        return None
    rows, index = _count_rows(words, index)
    if len(rows) < _MIN_ROWS:
        return None
    columns = len(rows[0]) - 1
    if len(header) < columns + 1:
        return None
    names = header if len(header) == columns + 1 else [" ".join(header[: len(header) - columns]), *header[len(header) - columns :]]
    return Table(start, index, tuple(names), tuple(rows))


def find_tables(words: list[Word]) -> list[Table]:
    """Every flattened table among an answer's words, in order, none overlapping."""
    tables: list[Table] = []
    index = 0
    while index < len(words):
        word = words[index]
        opens_line = index == 0 or word.line != words[index - 1].line or word.sep == WIDE
        table = None
        if opens_line and word.whole and word.text.lower() in STUB_WORDS:
            table = comparison_table(words, index)
        elif not word.whole and index and words[index - 1].text.endswith(":") and not _NUMBER.match(word.text):
            table = count_table(words, index)
        if table:
            tables.append(table)
            index = table.end
        else:
            index += 1
    return tables
