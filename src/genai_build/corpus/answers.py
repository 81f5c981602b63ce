"""Answers: what is wrong with one, whether it answers at all, which one to show, its key points.

Owns the answer policy of the corpus, as pure functions over Markdown text:

- `tidy_answer` makes an answer honest about what the dump lost: a figure that cannot be shown
  (a local image, or a placeholder caption such as "alt text" or "60_fig_3") becomes one line
  saying so; LaTeX written `\\(…\\)` / `\\[…\\]` becomes `$…$` / `$$…$$`; filler text (lorem-ipsum
  Latin) is dropped. Each change is reported as a finding.
- `formula_gaps` finds sentences with an empty slot where a formula was ("a complexity of,
  where is the sequence length", "It's calculated as:" and nothing after).
- `non_answer` says why an answer does not answer: labels only ("- Application: …" five times,
  the names lost), navigation, or nothing left once filler is dropped.
- `answer_score` ranks candidate answers to one question by features (below); the best is shown.
- `key_points` extracts a short answer to recall: the first definitional sentence and the
  top-level points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Mapping, Sequence

from genai_build.corpus.normalise import CONCEPT_TOKENS, GENERIC_STEMS, comparison_key, concept_tokens, text_stems
from genai_build.diagnostics import Diagnostic, info, warning
from genai_build.model import RawQuestion

FIGURE_NOT_SHOWN = "*(The source shows a figure here that is not reproduced.)*"
FORMULA_MISSING = "*(The source's formula is missing here.)*"

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
# captions that say nothing: empty, "alt text", "image", "image-3", "60_fig_8", "fig 2", "screenshot"
_PLACEHOLDER_ALT = re.compile(r"^\s*(?:|alt(?:\s+text)?|image|img|picture|figure|fig|screenshot|diagram)?"
                              r"[\s_\-.]*(?:\w*?[_\-\s]?(?:fig|image|img)[_\-\s]?\d+)?\s*$", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # "figure", "filler", "formula", "math-delimiters"
    message: str


def _outside_code(text: str, change) -> str:
    """Apply `change` to the parts of Markdown outside fenced code blocks."""
    out, chunk, in_code = [], [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            if not in_code:
                out.append(change("\n".join(chunk)))
                chunk = []
            else:
                out.append("\n".join(chunk))
                chunk = []
            out.append(line)
            in_code = not in_code
            continue
        chunk.append(line)
    out.append("\n".join(chunk) if in_code else change("\n".join(chunk)))
    return "\n".join(part for part in out if part is not None)


def is_placeholder_caption(alt: str, src: str) -> bool:
    """A caption that names nothing: empty, "alt text", or the image's own file name ("60_fig_8")."""
    stem = re.sub(r"\.\w+$", "", src.rsplit("/", 1)[-1]).lower()
    return bool(_PLACEHOLDER_ALT.match(alt)) or alt.strip().lower() == stem


def _figures(text: str, findings: list[Finding]) -> str:
    def replace(match: re.Match) -> str:
        alt, src = match["alt"], match["src"]
        remote = src.startswith(("http://", "https://"))
        if remote and not is_placeholder_caption(alt, src):
            return match.group(0)  # a named remote figure: the editions caption it and link to it
        findings.append(Finding("figure", f"figure {src!r} cannot be shown; one line says so"))
        return FIGURE_NOT_SHOWN
    return _IMAGE.sub(replace, text)


def _math(text: str, findings: list[Finding]) -> str:
    before = text
    text = re.sub(r"\\\[\s*(.+?)\s*\\\]", lambda m: "$$" + " ".join(m.group(1).split()) + "$$", text, flags=re.DOTALL)
    text = re.sub(r"\\\(\s*(.+?)\s*\\\)", lambda m: "$" + m.group(1).strip() + "$", text)
    if text != before:
        findings.append(Finding("math-delimiters", "LaTeX \\( \\) and \\[ \\] written as $ and $$"))
    return text


# Lorem-ipsum vocabulary (the printers' filler and its variants); words English shares are
# counted in a run but a run must hold several that only Latin has.
LOREM_WORDS = frozenset("""lorem ipsum dolor sit amet consectetur consectetuer adipiscing adipisicing elit sed diam nonummy
    nibh euismod tincidunt ut laoreet dolore magna aliquam aliqua erat volutpat wisi enim ad minim veniam quis nostrud
    exerci exercitation tation ullamcorper ullamco suscipit lobortis nisl nisi aliquip ex ea commodo consequat duis autem
    aute vel eum iriure irure in hendrerit vulputate velit esse molestie illum eu feugiat nulla facilisis at vero eros et
    accumsan iusto odio dignissim qui blandit praesent luptatum zzril delenit augue te feugait facilisi nam liber tempor
    cum soluta nobis eleifend option congue nihil imperdiet doming id quod mazim placerat facer possim assum do eiusmod
    incididunt labore reprehenderit voluptate cillum fugiat pariatur excepteur sint occaecat cupidatat non proident sunt
    culpa officia deserunt mollit anim est laborum""".split())
_ENGLISH_TOO = frozenset("in at ad id do et est non sit te nam option ex ea eu cum vel sunt qui magna placerat".split())
_FILLER_MIN_WORDS = 5
_FILLER_MIN_LATIN = 3


def _filler(text: str, findings: list[Finding]) -> str:
    """Drop runs of lorem-ipsum words (with the punctuation between them)."""
    tokens = list(re.finditer(r"[A-Za-z]+", text))
    cut: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and tokens[end].group(0).lower() in LOREM_WORDS \
                and (end == index or not re.search(r"[\n:;!?]", text[tokens[end - 1].end():tokens[end].start()])):
            end += 1
        run = [t.group(0).lower() for t in tokens[index:end]]
        latin = {w for w in run if w not in _ENGLISH_TOO}
        if len(run) >= _FILLER_MIN_WORDS and len(latin) >= _FILLER_MIN_LATIN:
            stop = tokens[end - 1].end()
            stop += len(re.match(r"[.,;…]*", text[stop:]).group(0))
            cut.append((tokens[index].start(), stop))
            index = end
        else:
            index += 1
    if not cut:
        return text
    pieces, last = [], 0
    for start, stop in cut:
        pieces.append(text[last:start])
        findings.append(Finding("filler", f"filler text dropped: {text[start:stop][:60]!r}"))
        last = stop
    pieces.append(text[last:])
    text = "".join(pieces)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# "LoRA: Adds … layers. Adapters: Inserts … modules. Prefix Tuning: Adds …": a list whose items
# lost their line breaks, each a short capitalised label and a colon after a sentence end.
_RUN_LABEL = re.compile(r"(?:^|(?<=[.!?)] ))([A-Z][\w()/&+\-]*(?: [\w()/&+\-]+){0,3}): (?=[A-Z(\"“])")
_RUN_MIN_ITEMS = 3


def _label_runs(text: str, findings: list[Finding]) -> str:
    """Paragraphs that are a flattened list of "Label: sentence." items, made a list again."""
    out = []
    for block in text.split("\n\n"):
        starts = [m.start(1) for m in _RUN_LABEL.finditer(block)]
        if "\n" in block.strip() or len(starts) < _RUN_MIN_ITEMS or starts[0] != 0 or block.lstrip().startswith(("-", "*", "|", "#")):
            out.append(block)
            continue
        items = [block[a:b].strip() for a, b in zip(starts, starts[1:] + [len(block)])]
        out.append("\n".join(f"- {item}" for item in items))
        findings.append(Finding("list", f"a flattened list of {len(items)} labelled items made a list again"))
    return "\n\n".join(out)


# "How Dropout Works During each training iteration, …": a heading run into the sentence under it.
# The heading is a title-case run; the sentence opens with a closed-class word (a determiner,
# preposition, pronoun or conjunction), never with a name, so "Hugging Face Pipelines provide" stays.
_OPENERS = ("A An The This That These Those It Its Each Every In On At By For From To With Without During After "
            "Before When While Since Because As If Unlike Like Although Though Once Here There We You They").split()
_GLUED_HEADING = re.compile(r"^((?:[A-Z][\w\-()']*|of|and|in|for|to|the|a|an|vs|with|on) ?){2,7}?(?= (?:%s) [a-z])" % "|".join(_OPENERS))


def _glued_headings(text: str, findings: list[Finding]) -> str:
    """A paragraph that opens with a title-case heading run into its first sentence: the heading made its own paragraph."""
    out = []
    for block in text.split("\n\n"):
        match = _GLUED_HEADING.match(block)
        heading = match.group(0).strip() if match else ""
        if heading and heading.split()[-1][:1].isupper() and heading.split()[0][:1].isupper() and len(block) > 2 * len(heading):
            out.append(f"{heading}\n\n{block[match.end():].strip()}")
            findings.append(Finding("heading", f"heading {heading!r} taken out of its paragraph"))
        else:
            out.append(block)
    return "\n\n".join(out)


def tidy_answer(answer: str) -> tuple[str, tuple[Finding, ...]]:
    """The answer honest about lost figures, math in `$` delimiters, filler dropped; and what was changed."""
    findings: list[Finding] = []

    def change(part: str) -> str:
        return _glued_headings(_label_runs(_filler(_math(_figures(part, findings), findings), findings), findings), findings)
    text = _outside_code(answer, change).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text, tuple(findings)


# --- formulas lost by the dump ----------------------------------------------------------------

# An empty slot where math was: "where is the …", "where and are …", "only and are …", "of, where",
# a list item that starts with its verb ("- is the input prompt"), a line that is only punctuation.
_SLOT = re.compile(
    r"(?:\b[Ww]here:?\s+(?:is|are|and)\b"
    r"|\b(?:of|by|than|within)\s*(?:,|\.(?!\w))"
    r"|^\s*(?:[-*]|\d+\.)\s+[:,]"
    r"|\b(?:(?i:only|both|where|of)|[A-Z])\s+and\s+(?:is|are)\b"
    r"|^\s*(?:[-*]|\d+\.)\s+(?:is|are)\s"
    r"|^\s*[,.;]\s*(?:where\b|$))",
    re.MULTILINE)
# A lead-in to a formula: "calculated as:", "The formula for X is:", "Formula:"
_LEAD_IN = re.compile(r"(?:\b(?:calculated|computed|defined|given|expressed|formulated|written|represented) (?:as|by)"
                      r"|\bformula\b[^.\n]{0,60}?(?:\bis|\bas)?|^\W*formula\W*):\**\s*$", re.IGNORECASE | re.MULTILINE)
_MATHY = re.compile(r"^\s*(?:\$|`|\\|!\[|\*\(The source|[A-Za-z]\w*\s*(?:\(|=|_)|[-+]?\d|[A-Z][a-z]*\([^)]*\)\s*=|.*[=∑∫√≈×·^])")


def formula_gaps(answer: str) -> tuple[str, ...]:
    """The sentences of an answer with an empty slot where a formula was (the dump lost it)."""
    found: list[str] = []
    answer = re.sub(rf"\n*{re.escape(FORMULA_MISSING)}", "", answer)  # a gap already said is still a gap, not a sentence
    prose = _outside_code(answer, lambda part: part) if "```" not in answer else re.sub(r"```.*?```", "", answer, flags=re.DOTALL)
    for match in _SLOT.finditer(prose):
        found.append(_sentence_at(prose, match.start()))
    lines = prose.split("\n")
    for index, line in enumerate(lines):
        if not _LEAD_IN.search(line):
            continue
        following = next((l for l in lines[index + 1:] if l.strip()), "").strip()
        if following.startswith(("*(The source", "$")):
            continue
        if not following or not _MATHY.match(following.lstrip("-* ")) or re.match(r"^\s*(?:\d+\.|[-*])\s+\w+[^=]*:", following):
            found.append(line.strip())
    return tuple(dict.fromkeys(found))


def _sentence_at(text: str, position: int) -> str:
    """The sentence around `position`; with the line before when it is only punctuation (", where")."""
    start = max(text.rfind("\n", 0, position), text.rfind(". ", 0, position) + 1, 0)
    end_candidates = [i for i in (text.find("\n", position), text.find(". ", position)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    sentence = text[start:end].strip()
    if len(re.findall(r"[A-Za-z]+", sentence)) < 2:
        before = text[:start].rstrip().rsplit("\n", 1)[-1]
        sentence = f"{before.strip()} {sentence}".strip()
    return sentence


def gap_warnings(answer: str, path: str, line: int) -> list[Diagnostic]:
    """One warning per sentence of a shown answer that lost its formula (curation `fix` can put it back)."""
    return [warning("answer.lost-formula", f"a formula is missing from the answer: {gap[:80]!r} (curation `fix` can supply it)", path, line)
            for gap in formula_gaps(answer)]


def apply_fixes(answer: str, fixes: Sequence[Mapping[str, str]]) -> tuple[str, list[str]]:
    """The answer with editors' fixes applied, and the fixes that did not apply.

    Each `find` is looked for, exactly once, in the answer without its formula-missing notes;
    the notes are placed again afterwards where a gap is left."""
    failed = []
    answer = re.sub(rf"\n*{re.escape(FORMULA_MISSING)}", "", answer).strip()
    for item in fixes:
        find, replacement = str(item.get("find", "")), str(item.get("replace", ""))
        count = answer.count(find) if find else 0
        if count != 1:
            failed.append(f"{find[:60]!r} occurs {count} times in the shown answer, not once")
            continue
        answer = answer.replace(find, replacement)
    return mark_formula_gaps(answer)[0], failed


def mark_formula_gaps(answer: str) -> tuple[str, tuple[str, ...]]:
    """The answer with one honest line after each paragraph that lost a formula, and those sentences."""
    gaps = formula_gaps(answer)
    if not gaps:
        return answer, ()
    blocks = answer.split("\n\n")
    marked, pending = [], False
    for block in blocks:
        marked.append(block)
        if any(g and g in block for g in gaps):
            marked.append(FORMULA_MISSING)
    return "\n\n".join(marked), gaps


# --- answers that do not answer ---------------------------------------------------------------

_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+[.)])\s+(?P<text>.*)$")
_LABEL = re.compile(r"^\**(?P<label>[^:*\n]{1,40}?)(?:\**\s*:|:\**)")
_NAVIGATION = re.compile(r"^\W*(?:back to (?:top|index|contents)|next(?: question)?|previous(?: question)?|"
                         r"table of contents|contents|home|see (?:more|also)|read more|click here|source|image source)\b",
                         re.IGNORECASE)
_LABEL_MIN_ITEMS = 3
_ASIDE_MAX_WORDS = 40


def non_answer(answer: str) -> str | None:
    """Why the answer does not answer (labels only, navigation, nothing), or None when it does."""
    text = answer.strip()
    if not text or not re.search(r"[A-Za-z]{3}", text):
        return "nothing but punctuation"
    lines = [l for l in text.split("\n") if l.strip()]
    return _labels_only(lines) or _navigation_only(lines)


def _top_level_items(lines: Sequence[str]) -> list[re.Match]:
    """The list items of `lines` that are not nested in another item."""
    return [m for m in (_ITEM.match(l) for l in lines) if m and not m["indent"]]


def _labels_only(lines: Sequence[str]) -> str | None:
    """Three or more top-level items all headed by the same label, and little else: the names were lost."""
    items = _top_level_items(lines)
    labels = [(_LABEL.match(m["text"]) or [None, None])[1] for m in items]
    aside = sum(len(l.split()) for l in lines if not _ITEM.match(l))
    if len(items) >= _LABEL_MIN_ITEMS and len(set(labels)) == 1 and labels[0] is not None and aside <= _ASIDE_MAX_WORDS:
        return f"labels only: {len(items)} items all headed {labels[0]!r}, what they describe is lost"
    return None


def _is_navigation(line: str) -> bool:
    return bool(_NAVIGATION.match(re.sub(r"[\[\]()*_-]", " ", line))) or not re.search(r"[A-Za-z]", line)


def _navigation_only(lines: Sequence[str]) -> str | None:
    """Every line navigation ("Back to top", "Next question") or empty of words, or fewer than three words once links go."""
    words = [w for l in lines for w in re.findall(r"[A-Za-z]+", re.sub(r"\]\([^)]*\)|https?://\S+", "", l))]
    if all(_is_navigation(l) for l in lines) or len(words) < 3:
        return "navigation or a link only"
    return None


# --- choosing the answer to show ----------------------------------------------------------------

# Feature weights of `answer_score` (docs/answers.md says why). Coverage and intent decide;
# completeness and cleanliness break near-ties; length is a weak, saturating signal.
W_COVERAGE = 3.0
W_INTENT = 2.0
W_COMPLETE = 0.75
W_DEFECT = 0.5
W_LENGTH = 0.5
SCORE_PRECISION = 2  # totals this close tie, and the earlier dump (the origin, not its copy) wins
LENGTH_SATURATION = 2500  # characters: longer earns nothing more
_TERMINAL = re.compile(r"[.!?:)\]`*|\"'$]\s*$|```\s*$")


def content_stems(text: str) -> frozenset[str]:
    """What a wording is about: its concept stems, template and generic words removed."""
    return frozenset(t for t in concept_tokens(text) if t not in GENERIC_STEMS and len(t) > 1)


def answer_is_complete(answer: str) -> bool:
    return bool(_TERMINAL.search(answer.strip()))


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    coverage: float  # share of the shown wording's content stems the answer uses
    intent: float  # how close the question this answer was written for is to the shown wording (stems and letters)
    complete: bool
    defects: int  # figures lost, formula gaps, filler dropped, flattened tables
    length: float


def answer_score(answer: str, own_wording: str, shown_wording: str, defects: int = 0) -> Score:
    """Features of one candidate answer to the shown question, and their weighted sum."""
    wanted = content_stems(shown_wording)
    body = text_stems(answer, wanted & CONCEPT_TOKENS)
    coverage = len(wanted & body) / len(wanted) if wanted else 1.0
    own = content_stems(own_wording)
    overlap = len(own & wanted) / len(own | wanted) if own | wanted else 1.0
    # what the words alone miss ("What is X?" against "How does X work?") the wording's letters tell
    intent = (overlap + SequenceMatcher(None, comparison_key(own_wording), comparison_key(shown_wording)).ratio()) / 2
    complete = answer_is_complete(answer)
    length = math.log1p(min(len(answer), LENGTH_SATURATION)) / math.log1p(LENGTH_SATURATION)
    total = (W_COVERAGE * coverage + W_INTENT * intent + W_COMPLETE * complete
             - W_DEFECT * min(defects, 3) + W_LENGTH * length)
    return Score(round(total, SCORE_PRECISION), coverage, intent, complete, defects, length)


# --- key points -----------------------------------------------------------------------------------

KEY_POINTS_MAX_CHARS = 320
KEY_POINTS_MAX_ITEMS = 4
LEAD_ALONE_MIN_CHARS = 60  # a first sentence this long is a definition on its own
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)(?<=[.!?])\s+(?=[A-Z(\"“])")


def _plain(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*)(.+?)\1", r"\2", text)
    text = text.replace("\\", "") if "$" not in text else text
    return " ".join(text.split()).strip()


def _first_sentences(paragraph: str, limit: int) -> str:
    parts = _SENTENCE_END.split(_plain(paragraph))
    taken = parts[0]
    for part in parts[1:]:
        if len(taken) >= 90 or len(taken) + len(part) + 1 > limit:
            break
        taken = f"{taken} {part}"
    if len(taken) > limit:
        cut = taken[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        taken = cut + "…"
    return taken


def _is_heading(block: str) -> bool:
    line = block.strip()
    return line.startswith("#") or (len(line.split()) <= 8 and not line.endswith((".", ":", "?", "!")) and "\n" not in line)


_SECTIONS_MIN = 3


def _section_headings(blocks: list[str]) -> list[str]:
    """The headings of an answer made of headed sections and no opening prose ("Bias and Fairness",
    then its list, "Misinformation", then its list …); empty when it has an opening paragraph."""
    def heading(block: str) -> bool:
        label_line = "\n" not in block and block.endswith(":") and len(block.split()) <= 6
        return (_is_heading(block) or label_line) and not _ITEM.match(block)
    headings: list[str] = []
    for block in blocks:
        if heading(block):
            headings.append(_plain(block.lstrip("#").strip()).rstrip(":"))
        elif not _ITEM.match(block.split("\n")[0]):
            return []  # prose before or between the sections: the lead rule applies
    # a heading straight above another is the answer's own title ("Key Ethical Considerations in …")
    if len(blocks) > 1 and heading(blocks[0]) and heading(blocks[1]):
        headings = headings[1:]
    return headings if len(headings) >= _SECTIONS_MIN else []


def key_points(answer: str) -> str | None:
    """Two or three lines to recall: the first definitional sentence, then the top-level points.

    The first paragraph of prose gives its first sentence (a second one when the first is
    short). When that is a definition (60 characters or more, not a lead-in ending in ":") it
    is the key point; otherwise the answer's first list gives its top-level items, each cut to
    its label ("Reward modelling: …" → "Reward modelling") or its first sentence, at most
    four. An answer made only of headed sections (no opening prose) gives its section
    headings. Figures, formula-gap notes and code are skipped.
    """
    blocks = _blocks_without_code(answer)
    sections = _section_headings(blocks)
    if sections:
        return _points_line(sections)
    lead, points = _lead_and_points(blocks)
    return _combined(lead, points)


def _blocks_without_code(answer: str) -> list[str]:
    """The answer's blocks (paragraphs, lists …), stripped, fenced code removed."""
    return [b.strip() for b in re.split(r"\n\s*\n", re.sub(r"```.*?```", "", answer, flags=re.DOTALL)) if b.strip()]


def _points_line(points: Sequence[str]) -> str:
    """At most four points on one line, "…" when there were more."""
    return "; ".join(points[:KEY_POINTS_MAX_ITEMS]) + ("; …" if len(points) > KEY_POINTS_MAX_ITEMS else ".")


def _is_lost(block: str) -> bool:
    """A block that stands for what the dump lost (a figure, a formula, a gap note) or a table."""
    return block.startswith(("*(The source", "$$", "|")) or bool(_IMAGE.search(block)) or bool(formula_gaps(block))


def _is_definition(lead: str) -> bool:
    """A lead long enough to say it alone, not a lead-in to a list."""
    return len(lead) >= LEAD_ALONE_MIN_CHARS and not lead.endswith(":")


def _item_point(text: str) -> str:
    """A list item cut to its label ("Reward modelling: …" → "Reward modelling") or its first sentence."""
    label = _LABEL.match(text)
    return (_plain(label["label"]) if label else _first_sentences(text, 80)).rstrip(".;,")


def _with_points(points: list[str], items: Sequence[re.Match]) -> list[str]:
    """`points` and the new, non-empty points of the first items (one more than are shown)."""
    points = list(points)
    for item in items[:KEY_POINTS_MAX_ITEMS + 1]:
        point = _item_point(item["text"])
        if point and point not in points:
            points.append(point)
    return points


def _lead_and_points(blocks: Sequence[str]) -> tuple[str, list[str]]:
    """The first sentences of the first prose block before the first list, and that list's points."""
    lead, points = "", []
    for block in blocks:
        if _is_lost(block):
            continue  # what the dump lost is no key point
        items = _top_level_items(block.split("\n"))
        if items:
            points = _with_points(points, items)
            continue  # the first list (in one block or several) gives the points
        if points:
            break  # a lead comes before the first list or not at all
        if not lead and not _is_heading(block):
            lead = _first_sentences(block, KEY_POINTS_MAX_CHARS)
            if _is_definition(lead):
                break
    return lead, points


def _combined(lead: str, points: Sequence[str]) -> str | None:
    """The key points from a lead and a list: the lead alone when it defines, else both when short enough."""
    if lead.endswith(":") and not points:
        lead = ""  # a lead-in to what the dump lost
    if not lead and not points:
        return None
    if lead and (not points or _is_definition(lead)):
        return lead  # a definition says it: the list that follows is detail
    shown = _points_line(points)
    if lead:
        both = f"{lead} {shown}" if lead.endswith(":") else f"{lead}\n\n{shown}"
        return both if len(both) <= KEY_POINTS_MAX_CHARS + 100 else shown
    return shown


def best_by(candidates: Sequence[tuple[Score, str, int]]) -> int:
    """Index of the best candidate: highest score, then dump order (source, line)."""
    return min(range(len(candidates)), key=lambda i: (-candidates[i][0].total, candidates[i][1], candidates[i][2]))


# --- one occurrence's answer, prepared -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Prepared:
    raw: RawQuestion  # its answer tidied (None when it does not answer)
    defects: int  # what the dump lost in it: figures, formulas, filler
    diagnostics: tuple[Diagnostic, ...]


def prepare(raw: RawQuestion, path: str) -> Prepared:
    """An occurrence's answer tidied and checked; `path` names the dump in messages."""
    if not raw.answer:
        return Prepared(raw, 0, ())
    text, findings = tidy_answer(raw.answer)
    text, gaps = mark_formula_gaps(text)  # warned about where the answer is shown (gap_warnings)
    diagnostics = []
    for finding in findings:
        if finding.code == "filler":
            diagnostics.append(warning("answer.filler", finding.message, path, raw.line))
        elif finding.code == "figure":
            diagnostics.append(info("answer.figure", finding.message, path, raw.line))
    reason = non_answer(text)
    if reason:
        diagnostics.append(warning("answer.non-answer", f"the answer does not answer ({reason}); taken as unanswered", path, raw.line))
    defects = sum(f.code in ("figure", "filler") for f in findings) + len(gaps)
    return Prepared(replace(raw, answer=None if reason else text), defects, tuple(diagnostics))
