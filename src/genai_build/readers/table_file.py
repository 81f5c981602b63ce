"""Reader for question tables: CSV/TSV with a header row, Markdown pipe tables (one or several,
under headings that are their sections), or YAML/JSON holding a list of records, each with a
question field and an answer field (names configurable), or JSON Lines (one record per line).

Line numbers stay exact: a CSV record starts on the line after the previous record ends
(quoted cells may span lines); a Markdown row is its own line; a YAML/JSON record's question
starts on the line of its question key. An empty answer cell is a question without answer,
never an invented one. A column is found by its name, or by a header that names it among
other words ("Interview question", "Short answer").
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from typing import Any, Iterator, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from genai_build.diagnostics import BuildError, Diagnostic, error, warning
from genai_build.readers.base import Reader, ReaderResult, SourceText
from genai_build.readers.drafts import Draft, finish
from genai_build.readers.headings import SectionPath, enter_section, find_headings, section_names, title_line
from genai_build.readers.options import OptionReader
from genai_build.readers.structure import Block, blocks
from genai_build.readers.textutil import clean_answer, looks_like_question, plain_question, split_number
from genai_build.yamlio import parse_yaml

OPTIONS = {
    "format": "'auto' (default: by file extension, else by content), 'csv', 'tsv', 'markdown', 'yaml', 'json' or "
              "'jsonl' (one JSON record per line)",
    "question_field": "name of the question column/key (default 'question'; case-insensitive)",
    "answer_field": "name of the answer column/key (default 'answer')",
    "section_field": "name of the section column/key, if any (default: 'section', else 'topic', else 'category')",
    "number_field": "name of the column/key holding the dump's own number, if any (default 'number')",
    "difficulty_field": "name of the difficulty column/key, if any (default 'difficulty')",
    "records": "YAML/JSON only: dotted path to the list of records inside a mapping (default: the top-level list, "
               "or the only list of records in the top-level mapping)",
    "delimiter": "CSV only: the cell delimiter (default: sniffed among , ; tab |)",
}

Record = tuple[int, Mapping[str, Any]]  # (line of the record's question, fields by lower-cased name)


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    opts = OptionReader(READER.name, OPTIONS, options, source)
    kind = opts.choice("format", "auto", ("auto", "csv", "tsv", "markdown", "yaml", "json", "jsonl"))
    fields = {role: (opts.text(f"{role}_field", role) or role).lower()
              for role in ("question", "answer", "section", "number", "difficulty")}
    section_named = "section_field" in (options or {})
    records_path = opts.text("records", None)
    delimiter = opts.text("delimiter", None)
    opts.done()
    if delimiter is not None and len(delimiter) != 1:
        raise BuildError([error("config.reader-option", "option 'delimiter' must be one character", source.display)])

    kind = _detect(source, kind)
    if kind in ("csv", "tsv"):
        rows = _csv_records(source, "\t" if kind == "tsv" else delimiter, fields)
    elif kind == "markdown":
        rows = _markdown_records(source, fields)
    elif kind == "jsonl":
        rows = _json_lines_records(source)
    else:
        rows = _yaml_records(source, records_path, fields, strict_json=kind == "json")

    drafts: list[Draft] = []
    extra: list[Diagnostic] = []
    for line, record in rows:
        if not section_named:  # the usual names of a topic column, in order
            fields["section"] = next((name for name in ("section", "topic", "category") if name in record), "section")
        number, wording = split_number(plain_question(_text(record.get(fields["question"])) or ""))
        if not wording:
            extra.append(warning("reader.empty-question", "record without a question; skipped", source.display, line))
            continue
        printed = _text(record.get(fields["number"]))
        draft = Draft(line, wording, printed or number, _section(record.get(fields["section"])),
                      (_text(record.get(fields["difficulty"])) or "").lower() or None)
        draft.answer_text = _answer(record.get(fields["answer"]))
        drafts.append(draft)
    return finish(source, drafts, extra=extra)


def _detect(source: SourceText, kind: str) -> str:
    if kind != "auto":
        return kind
    name = source.name.lower()
    for suffix, found in ((".csv", "csv"), (".tsv", "tsv"), (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"),
                          (".yaml", "yaml"), (".yml", "yaml"),
                          (".md", "markdown"), (".markdown", "markdown"), (".txt", "markdown")):
        if name.endswith(suffix) and (found != "markdown" or _pipe_tables(source.text)):
            return found
    start = source.text.lstrip()[:1]
    if start in "[{":
        return "json"
    if _pipe_tables(source.text):
        return "markdown"  # e.g. an HTML dump's tables, as its Markdown view spells them
    return "yaml" if start == "-" or source.text.lstrip().startswith("---") else "csv"


# the short headers tables use for the default fields
_SHORT_HEADERS = {"question": ("q", "front"), "answer": ("a", "back"), "number": ("#", "no", "no.", "nr")}


def _column(header: list[str], field: str) -> str | None:
    """The header cell that names `field`: itself or its usual short form, else the one cell
    holding it as a word (plural too)."""
    if field in header:
        return field
    short = [cell for cell in header if cell in _SHORT_HEADERS.get(field, ())]
    if short:
        return short[0]
    if len(header) < 2:
        return None  # one cell is no table header ("# Questions" over prose)
    named = [cell for cell in header if {field, field + "s"} & set(re.findall(r"[a-z0-9_]+", cell))]
    return named[0] if len(named) == 1 else None


def _named_columns(header: list[str], fields: Mapping[str, str]) -> list[str]:
    """The header with the cells that name a field renamed to that field's name."""
    renamed = {column: field for field in fields.values() if (column := _column(header, field)) is not None}
    return [renamed.get(cell, cell) for cell in header]


# an Anki "Notes in Plain Text" export opens with `#key:value` lines (separator, html, columns …)
_FILE_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}


def _file_header(text: str) -> tuple[dict[str, str], int]:
    """The `#key:value` lines at the top of the file (Anki's export header) and how many there are."""
    found: dict[str, str] = {}
    lines = text.split("\n")
    count = 0
    while count < len(lines) and (match := _FILE_HEADER.match(lines[count])):
        found[match.group(1).strip()] = match.group(2)
        count += 1
    return found, count


def _csv_records(source: SourceText, delimiter: str | None, fields: Mapping[str, str]) -> Iterator[Record]:
    settings, skipped = _file_header(source.text)
    text = source.text.split("\n", skipped)[-1] if skipped else source.text
    delimiter = delimiter or _SEPARATORS.get(settings.get("separator", "").strip().lower()) or _sniffed(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if "columns" in settings:
            header = _named_columns([cell.strip().lower() for cell in settings["columns"].split(delimiter)], fields)
        else:
            first = next(reader, [])
            header = _named_columns([cell.strip().lower() for cell in first], fields)
            if fields["question"] not in header and _opens_with_a_question(first):
                header = [fields["question"], fields["answer"], *header[2:]]  # no header row: the rows start at once
                reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        _require_question_column(source, header, fields["question"], skipped + 1)
        previous_end = reader.line_num
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in row):
                record = dict(zip(header, row))
                if settings.get("html", "").strip().lower() == "true":
                    record = {key: _BREAK_TAG.sub("\n", value) for key, value in record.items()}
                yield start + skipped, record
    except csv.Error as exc:
        raise BuildError([error("source.table", f"malformed CSV: {exc}", source.display, (reader.line_num or 0) + skipped or None)]) from exc


def _opens_with_a_question(row: list[str]) -> bool:
    """A first row that is already a record: two cells or more, the first a question of three words or more."""
    first = row[0].strip() if row else ""
    return len(row) >= 2 and first.endswith("?") and len(first.split()) >= 3 and looks_like_question(first)


def _sniffed(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _require_question_column(source: SourceText, header: list[str], question_field: str, line: int) -> None:
    if question_field not in header:
        raise BuildError([error("reader.table-field", f"no {question_field!r} column in the header (found: "
                                f"{', '.join(header) or 'nothing'})", source.display, line)])


_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _pipe_tables(text: str) -> list[Block]:
    return [block for block in blocks(text) if block.kind == "table"] if "|" in text else []


def _cells(line: str) -> list[str]:
    """The cells of one pipe-table row: pipes in code spans and escaped pipes do not split."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    cells, cell, code = [], [], False
    index = 0
    while index < len(row):
        char = row[index]
        if char == "\\" and index + 1 < len(row) and row[index + 1] == "|":
            cell.append("|")
            index += 2
            continue
        if char == "`":
            code = not code
        if char == "|" and not code:
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
        index += 1
    cells.append("".join(cell).strip())
    return cells


def _question_tables(source: SourceText, fields: Mapping[str, str]) -> list[tuple[Block, list[str]]]:
    """The pipe tables that have a question column, with their header named by field; an error
    naming the first table's header when none has one."""
    lines = source.lines
    tables = _pipe_tables(source.text)
    headers = [_named_columns([plain_question(cell).lower() for cell in _cells(lines[t.start])], fields) for t in tables]
    usable = [(table, header) for table, header in zip(tables, headers) if fields["question"] in header]
    if not usable:
        _require_question_column(source, headers[0] if headers else [], fields["question"], tables[0].start + 1 if tables else 1)
    return usable


def _sections_at(lines: list[str], starts: list[int]) -> list[tuple[str, ...]]:
    """The section path (headings above, the title excepted) at each of the given line indexes, in order."""
    headings = find_headings(lines)
    title = title_line(lines, headings, starts[0] if starts else None)
    above = iter(index for index in sorted(headings) if index != title)
    path: SectionPath = ()
    sections = []
    heading = next(above, None)
    for start in starts:
        while heading is not None and heading < start:
            path = enter_section(path, headings[heading][1], headings[heading][2], True)
            heading = next(above, None)
        sections.append(section_names(path))
    return sections


def _markdown_records(source: SourceText, fields: Mapping[str, str]) -> Iterator[Record]:
    """Every row of every pipe table that has a question column; the headings above a table are
    its rows' section unless the table has its own section column."""
    lines = source.lines
    usable = _question_tables(source, fields)
    for (table, header), section in zip(usable, _sections_at(lines, [table.start for table, _ in usable])):
        for row in range(table.start + 2, table.end):
            record = dict(zip(header, (_BREAK_TAG.sub("\n", cell) for cell in _cells(lines[row]))))
            if not any(str(value).strip() for value in record.values()):
                continue  # an empty row
            if fields["section"] not in record and section:
                record[fields["section"]] = list(section)
            yield row + 1, record


def _json_lines_records(source: SourceText) -> Iterator[Record]:
    """JSON Lines: one record per non-blank line, at its own line."""
    for number, line in enumerate(source.lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BuildError([error("source.table", f"malformed JSON Lines record: {exc.msg}", source.display, number)]) from exc
        except RecursionError:
            raise BuildError([error("source.table", "malformed JSON Lines record: nested too deeply", source.display, number)]) from None
        yield number, {str(key).lower(): value for key, value in record.items()} if isinstance(record, dict) else {}


def _yaml_records(source: SourceText, path: str | None, fields: Mapping[str, str], strict_json: bool) -> Iterator[Record]:
    if strict_json:  # YAML accepts JSON that JSON does not (`"answer": }`): check JSON first, then read positions
        try:
            json.loads(source.text)
        except json.JSONDecodeError as exc:
            raise BuildError([error("source.table", f"malformed JSON: {exc.msg}", source.display, exc.lineno)]) from exc
        except RecursionError:
            raise BuildError([error("source.table", "malformed JSON: nested too deeply", source.display)]) from None
    data, problems = parse_yaml(source.text, source.display)  # aliases bounded: an alias bomb is refused at once
    if problems:
        raise BuildError([replace(problem, code="source.table") for problem in problems])
    lists = _records_at(data, path) if path else list(_record_lists(data, fields, ()))
    if not lists:
        where = f"at {path!r}" if path else "(set the 'records' option)"
        raise BuildError([error("reader.table-field", f"no list of question records found {where}", source.display)])
    for records, section in lists:
        for index, record in enumerate(records):
            yield _record(records, index, record, fields, section)


def _record(records: list, index: int, record: Any, fields: Mapping[str, str], section: tuple[str, ...]) -> Record:
    """One record: its fields by lower-cased name (a field named in other words renamed), at its question's line."""
    line = _line(records, index)
    if not isinstance(record, Mapping):
        return line, {}
    keys = {str(key).lower(): key for key in record}
    renamed = dict(zip(keys, _named_columns(list(keys), fields)))
    values = {renamed[name]: record[key] for name, key in keys.items()}
    if section and fields["section"] not in values:
        values[fields["section"]] = list(section)
    question_key = next((key for name, key in keys.items() if renamed[name] == fields["question"]), None)
    if question_key is not None and isinstance(record, CommentedMap):
        line = record.lc.key(question_key)[0] + 1
    return line, values


def _records_at(data: Any, path: str) -> list[tuple[list, tuple[str, ...]]]:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, Mapping) else None
    return [(data, ())] if isinstance(data, list) else []


# keys that hold the list of questions without naming a topic
_LIST_KEYS = {"questions", "question", "items", "records", "data", "entries", "faq", "faqs", "qa", "qas", "list", "cards"}
# keys of a group record whose value names the group (its questions' section)
_GROUP_NAME_KEYS = ("name", "title", "topic", "category", "section")


def _asks(item: Any, question_field: str) -> bool:
    """A question record: a mapping whose question field (by name or in other words) holds text."""
    if not isinstance(item, Mapping):
        return False
    keys = {str(key).lower(): key for key in item}
    column = _column(list(keys), question_field)
    return column is not None and isinstance(item[keys[column]], str)


def _record_lists(data: Any, fields: Mapping[str, str], section: tuple[str, ...]) -> Iterator[tuple[list, tuple[str, ...]]]:
    """Every list of question records in the document, in order, with the section its enclosing keys or
    group records name (`{"RAG": [...]}`, `[{"name": "RAG", "questions": [...]}]`)."""
    if isinstance(data, list):
        if any(_asks(item, fields["question"]) for item in data):
            yield data, section
            return
        for item in data:
            if isinstance(item, Mapping):
                name = next((str(item[k]).strip() for k in item if str(k).lower() in _GROUP_NAME_KEYS
                             and isinstance(item[k], str) and item[k].strip()), None)
                yield from _record_lists(item, fields, (*section, name) if name else section)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(value, (list, Mapping)):
                # a key over a list of named groups ("categories") names no topic itself
                groups = isinstance(value, list) and not any(_asks(item, fields["question"]) for item in value)
                generic = str(key).lower() in _LIST_KEYS or groups
                yield from _record_lists(value, fields, section if generic else (*section, str(key)))


def _line(records: list, index: int) -> int:
    try:
        return records.lc.item(index)[0] + 1 if isinstance(records, CommentedSeq) else 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 1


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    return text or None


def _answer(value: Any) -> str | None:
    if isinstance(value, list):  # a list of points: a Markdown list
        items = [str(item).strip() for item in value if str(item).strip()]
        return "\n".join(f"- {item}" for item in items) or None
    text = _text(value)
    return clean_answer(text.split("\n")) if text else None


def _section(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(plain_question(str(v)) for v in value if str(v).strip())
    text = _text(value)
    return (plain_question(text),) if text else ()


def candidates(source: SourceText) -> list[dict[str, Any]]:
    """Worth trying on a file named as a table, or whose text opens like JSON/YAML records or a header row."""
    head = source.text.lstrip()[:200].lower()
    tabular = source.name.lower().endswith((".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".yaml", ".yml"))
    exported = _file_header(source.text[:4096])[1] > 0  # an Anki plain-text export
    if tabular or exported or head[:1] in "[{" or head.startswith("- ") or "question" in head.split("\n")[0]:
        return [{}]
    return [{"format": "markdown"}] if _pipe_tables(source.text) else []

READER = Reader("table-file", "a table of questions: CSV/TSV with a header, or YAML/JSON records with question/answer fields", read, OPTIONS, candidates=candidates)
