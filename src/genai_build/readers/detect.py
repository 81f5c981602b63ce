"""Which layout a dump is in: every reader tries the option sets it finds plausible for the text
(`Reader.candidates`), each reading goes through the shared furniture filter and checks, and
the readings are scored on what any right reading of an interview bank shows:

- coverage: the lines that read as questions (outside code) are where questions start;
- wording: what was taken as a question reads as one;
- answers: questions have answers (a questions-only bank scores lower here, but alone);
- nothing hidden: no question-like line left inside an answer;
- numbering: the dump's own numbers run on without skips or repeats.

The best score wins; ties go to the earlier reader of the READERS table and its earlier option
set, so the choice is deterministic. `genai-build add` and `reader: auto` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from genai_build.diagnostics import BuildError
from genai_build.readers import READERS, run_reader
from genai_build.readers.base import ReaderResult, SourceText
from genai_build.readers.checks import MISSED_QUESTIONS, NUMBERING, QUESTION_IN_ANSWER, question_like_lines
from genai_build.readers.textutil import looks_like_question

WEIGHTS = {"coverage": 3.0, "wording": 2.0, "answers": 1.0, "hidden": -2.0, "numbering": -3.0}


@dataclass(frozen=True)
class Reading:
    reader: str
    options: Mapping[str, Any]
    result: ReaderResult
    features: Mapping[str, float]
    score: float
    rank: tuple[int, int]  # (reader's place in READERS, option set's place): the tie-break

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(q.line for q in self.result.questions)

    def describe(self) -> str:
        options = ", ".join(f"{k}: {v}" for k, v in self.options.items())
        return f"{self.reader}" + (f" ({options})" if options else "")

    def why(self) -> str:
        f = self.features
        return (f"score {self.score:.2f}: {len(self.result.questions)} questions, {f['coverage']:.0%} of the question-like "
                f"lines found, {f['wording']:.0%} worded as questions, {f['answers']:.0%} answered, "
                f"{int(f['hidden_count'])} question-like lines inside answers, {int(f['numbering_count'])} numbering breaks")


def features(source: SourceText, result: ReaderResult) -> dict[str, float]:
    """The measures a reading is scored on (shares from 0 to 1, and the raw counts behind the penalties)."""
    questions = result.questions
    count = max(len(questions), 1)
    candidates = [line for line, _ in question_like_lines(source.text)]
    starts = {q.line for q in questions}
    codes = [d.code for d in result.diagnostics]
    hidden, numbering = codes.count(QUESTION_IN_ANSWER), codes.count(NUMBERING)
    return {
        "coverage": sum(1 for line in candidates if line in starts) / len(candidates) if candidates else 1.0,
        "wording": sum(1 for q in questions if looks_like_question(q.question)) / count,
        "answers": sum(1 for q in questions if q.answer) / count,
        "hidden": min(hidden / count, 1.0),
        "numbering": min(numbering / count, 1.0),
        "hidden_count": hidden,
        "numbering_count": numbering,
        "missed": float(MISSED_QUESTIONS in codes),
    }


def score(measures: Mapping[str, float]) -> float:
    return round(sum(weight * measures[name] for name, weight in WEIGHTS.items()), 9)


def readings(source: SourceText) -> list[Reading]:
    """Every reading with at least one question, best first."""
    found = []
    for reader_rank, (name, reader) in enumerate(READERS.items()):
        for option_rank, options in enumerate(reader.candidates(source)):
            try:
                result = run_reader(name, source, options)
            except BuildError:  # this reader cannot parse the file at all (a table reader on prose)
                continue
            if not result.questions:
                continue
            measures = features(source, result)
            found.append(Reading(name, options, result, measures, score(measures), (reader_rank, option_rank)))
    return sorted(found, key=lambda r: (-r.score, r.rank))


@dataclass(frozen=True)
class Detection:
    choice: Reading | None
    runner_up: Reading | None  # the best reading that finds other questions (None: every reading agrees)
    tried: int


def detect(source: SourceText) -> Detection:
    ranked = readings(source)
    if not ranked:
        return Detection(None, None, 0)
    best = ranked[0]
    runner = next((r for r in ranked[1:] if r.lines != best.lines), None)
    return Detection(best, runner, len(ranked))
