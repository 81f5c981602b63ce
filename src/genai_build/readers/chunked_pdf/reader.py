"""Reader for a PDF book extracted as overlapping ~500-character chunks separated by `---` lines.

The book ("Generative AI Interview Questions", dump 002) is printed in parts, each a title page
followed by questions `Q1.`, `Q2.` … numbered afresh in every part. This module owns finding
the parts and the questions in the word stream that pdf_chunks (overlaps removed) and
pdf_words (words, breaks, page headers) rebuild, splitting each question from its answer and
(numbering, unanswered and questions inside answers are the shared checks'); pdf_answer turns an answer's words into Markdown.

Where a question ends is not marked: the book prints the question's first line whole and the
rest one word per line, and the answer's first line whole again, sometimes run into the same
extracted line. A question ends at the first strong break (a new printed block or paragraph),
at a sentence end followed by the start of a statement rather than a further question
sentence, or, when the answer's first line was run into the question's, at the capitalised
word that starts the answer.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from genai_build.readers.base import RawQuestion, Reader, ReaderResult, SourceText
from genai_build.readers.chunked_pdf.answer import BULLET_GLYPHS, answer_markdown, words_text
from genai_build.readers.chunked_pdf.chunks import merge_chunks, split_chunks
from genai_build.readers.textutil import QUESTION_WORDS
from genai_build.readers.chunked_pdf.words import BREAK, GLUE, LINE, PAGE, SOFT, WIDE, Word, spell_ligatures, words_of

_NUMBERED = re.compile(r"^Q(\d+)\.(.*)$")
_NUMBERED_LINE = re.compile(r"^\s*Q\d+\.", re.MULTILINE)
# Words that open a further sentence of the same question ("… models? How do they …"): the
# shared question words, and a few that only continue one.
_QUESTION_OPENERS = QUESTION_WORDS | frozenset("talk explore consider emphasize include if".split())
_STRONG_BREAKS = (BREAK, PAGE, WIDE, LINE)
_TITLE_MAX_WORDS = 8
# a printed question line holds about 80 characters; a "first line" much longer than that has
# the answer's first line run into it with nothing in between
_LINE_MAX_CHARS = 110


def _is_start(word: Word) -> re.Match[str] | None:
    return _NUMBERED.match(word.text)


def _part_titles(words: list[Word], starts: list[int]) -> dict[int, str]:
    """Title pages: a page of a few words and no question, followed by a question numbered 1.

    Returns {index of the title's first word: title}.
    """
    pages: dict[int, list[int]] = {}
    for index, word in enumerate(words):
        pages.setdefault(word.page, []).append(index)
    titles: dict[int, str] = {}
    for page, indexes in pages.items():
        if page == 0 or len(indexes) > _TITLE_MAX_WORDS or any(_is_start(words[i]) for i in indexes):
            continue
        following = [s for s in starts if s > indexes[-1]]
        if following and _is_start(words[following[0]]).group(1) == "1":
            titles[indexes[0]] = " ".join(words[i].text for i in indexes)
    return titles


_CLOSED_AFTER_QUESTION = re.compile(r"\?\([^()]*\)$")  # "… images?(internal mechanism …)"


def _ends_sentence(text: str) -> bool:
    """Does the question text so far end a sentence (so that the answer may start next)?"""
    if _CLOSED_AFTER_QUESTION.search(text):
        return True
    return text.endswith(("?", ".")) and not text.endswith(("e.g.", "i.e.", "vs.", "etc."))


def _starts_statement(word: Word) -> bool:
    """A capitalised word that is not the opener of a further question sentence."""
    if word.text[:1] in BULLET_GLYPHS:
        return True
    text = word.text.lstrip("(\"'“")
    return bool(text[:1].isupper()) and text.lower().strip(",:;") not in _QUESTION_OPENERS


def _looks_like_answer_start(word: Word) -> bool:
    """A capitalised ordinary word (not an acronym, not "I"): where a run-in answer starts."""
    text = word.text
    return len(text) > 1 and text[0].isupper() and text[1:].islower()


def question_end(words: list[Word], start: int, stop: int) -> int:
    """Index one past the question's last word; words[start] is its `Qn.` (first word after it
    when the number is glued to it, as in "Q14.How")."""
    index = start + 1 if _NUMBERED.match(words[start].text).group(2) else start + 2
    text = words_text(words[start:index])
    while index < stop:
        word = words[index]
        if word.sep in _STRONG_BREAKS:
            break
        if _ends_sentence(text) and _starts_statement(word):
            break
        if word.sep == SOFT and _starts_statement(word):
            break  # the answer's first line run into the question's last one
        text = text + word.text if word.sep == GLUE else f"{text} {word.text}"
        index += 1
    return _split_run_in(words, start, index)


def _split_run_in(words: list[Word], start: int, end: int) -> int:
    """When the answer's first line was run into the question's with nothing in between (no
    question mark, a "line" far longer than a printed one), cut at the word that starts the answer."""
    first = [i for i in range(start, end) if words[i].line == words[start].line]
    text = words_text(words[first[0] : first[-1] + 1])
    if "?" in text or len(text) <= _LINE_MAX_CHARS:
        return end
    for index in first[3:]:
        previous = words[index - 1].text
        if _looks_like_answer_start(words[index]) and not previous.endswith((",", ":", ";", "(")):
            return index
    return end


def read(source: SourceText, options: Mapping[str, Any]) -> ReaderResult:
    # ligatures never span a line, so spelling them out first keeps every line number
    words = words_of(merge_chunks(split_chunks(spell_ligatures(source.text).split("\n"))))
    starts = [index for index, word in enumerate(words) if _is_start(word)]
    titles = _part_titles(words, starts)
    boundaries = sorted(set(starts) | set(titles) | {len(words)})
    title_starts = sorted(titles)
    found: list[RawQuestion] = []
    for start in starts:
        passed = [t for t in title_starts if t < start]
        part = titles[passed[-1]] if passed else ""
        stop = next(b for b in boundaries if b > start)
        number = _is_start(words[start]).group(1)
        end = question_end(words, start, stop)
        head = words[start]._replace(text=_is_start(words[start]).group(2))
        question = words_text(([head] if head.text else []) + words[start + 1 : end])
        answer = answer_markdown(words[end:stop])
        line = words[start].line
        section = (part,) if part else ()
        if found and (found[-1].number, found[-1].question, found[-1].section) == (number, question, section):
            continue  # printed twice in a row (a cut repeated it): one occurrence
        found.append(RawQuestion(source.name, line, question, answer, section, number))
    return ReaderResult(tuple(found))


def candidates(source: SourceText) -> list[dict[str, Any]]:
    """Only text cut into chunks by `---` lines, with `Qn.` questions, can be this book."""
    return [{}] if _NUMBERED_LINE.search(source.text) and "\n---\n" in source.text else []

READER = Reader("chunked-pdf-text", "PDF book extracted as overlapping text chunks separated by '---'", read, candidates=candidates)
