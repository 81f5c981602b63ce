"""The book's topics (read from content/topics.yaml by genai_build.content) and the rules that give each question a topic, a difficulty and tags.

Topic: the topic of the strong keyword (a named thing) that comes first in the question's
wording, else of the keyword that comes first (ties to the longer keyword; the fallback
topic's keywords only when no other topic's match); else the
dumps' own sections (mapped in topics.yaml, else by the keywords in the section's name); else
the fallback. Difficulty: the dumps' own levels weighed against the documented wording rule in
`difficulty_for` (docs/taxonomy.md).
Tags: every tag of topics.yaml whose keywords occur in any wording of the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from genai_build.corpus.normalise import ASPECT_STEMS, concept_text, subject_tokens
from genai_build.model import Difficulty, Topic

LEVELS: tuple[Difficulty, ...] = ("beginner", "intermediate", "advanced")


SHORT_KEYWORD = 4  # keywords this short match whole words only ("clip" is not "clipping")


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword, folded like the wordings it is matched against, matching at the start of a word."""
    folded = concept_text(keyword.lower()).rstrip("?.;:!")
    if len(folded) <= SHORT_KEYWORD:
        return re.compile(r"(?<![a-z0-9])" + re.escape(folded) + r"(?:s|es)?(?![a-z0-9])")
    return re.compile(r"(?<![a-z0-9])" + re.escape(folded))


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    keywords: Mapping[str, tuple[str, ...]]
    fallback: str
    sections: Mapping[str, str | None] = field(default_factory=dict)  # dump section -> topic id (None: no topic)
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strong: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # topic id -> keywords naming a thing

    def __post_init__(self) -> None:
        compiled = {tid: tuple((k, keyword_pattern(k)) for k in (*self.strong.get(tid, ()), *kws))
                    for tid, kws in self.keywords.items()}
        object.__setattr__(self, "_compiled", compiled)
        object.__setattr__(self, "_strong", {tid: tuple((k, keyword_pattern(k)) for k in kws) for tid, kws in self.strong.items()})
        object.__setattr__(self, "_tag_patterns", {t: tuple(keyword_pattern(k) for k in kws) for t, kws in self.tags.items()})

    def keyword_topic(self, question: str) -> str | None:
        """The topic of the first strong keyword in the wording, else of the first keyword; None when none occurs."""
        text = concept_text(question)
        return (self._first_match(text, self._strong, skip_fallback=False)  # type: ignore[attr-defined]
                or self._first_match(text, self._compiled, skip_fallback=True))  # type: ignore[attr-defined]

    def _first_match(self, text: str, compiled: Mapping, skip_fallback: bool) -> str | None:
        best: tuple[int, int, int] | None = None
        best_topic = None
        fallback_hit = None
        for rank, topic in enumerate(self.topics):
            for keyword, pattern in compiled.get(topic.id, ()):
                match = pattern.search(text)
                if not match:
                    continue
                if skip_fallback and topic.id == self.fallback:
                    fallback_hit = topic.id
                    continue
                key = (match.start(), -len(keyword), rank)
                if best is None or key < best:
                    best, best_topic = key, topic.id
        return best_topic or fallback_hit

    def section_topic(self, section: Sequence[str]) -> str | None:
        """The topic a dump's own section names: the `sections:` map of topics.yaml first, else the
        keywords found in the section's name (so a new dump's "Agents and tool use" needs no entry)."""
        for part in reversed(tuple(section)):  # the innermost heading says most
            mapped = self._mapped_section(part)
            if mapped is not None:
                if mapped:
                    return mapped
                continue  # mapped to null: this heading names no topic
            found = self.keyword_topic(part)
            if found and found != self.fallback:
                return found
        return None

    def _mapped_section(self, part: str) -> str | None:
        """The topic id the sections map gives this heading, '' when it maps it to null, None when it has no entry."""
        lowered = part.lower().strip()
        for name, topic in sorted(self.sections.items(), key=lambda item: (-len(item[0]), item[0])):
            if name.lower() == lowered or name.lower() in lowered:
                return topic or ""
        return None

    def topic_for(self, question: str, section: Sequence[str] = (), others: Iterable[str] = (),
                  sections: Iterable[Sequence[str]] = ()) -> str:
        """The topic of a question from its canonical wording, then its other wordings, then its sections."""
        for wording in (question, *others):
            found = self.keyword_topic(wording)
            if found:
                return found
        for path in (section, *sections):
            found = self.section_topic(path)
            if found:
                return found
        return self.fallback

    def tags_for(self, wordings: Iterable[str]) -> tuple[str, ...]:
        texts = [concept_text(w) for w in wordings]
        found = {tag for tag, patterns in self._tag_patterns.items()  # type: ignore[attr-defined]
                 if any(p.search(t) for p in patterns for t in texts)}
        return tuple(sorted(found))


# Words that mark a question as advanced when no dump gives a level: system design,
# production, scale, trade-offs, research-level methods.
ADVANCED_MARKERS = re.compile(
    r"\b(?:design(?:ing)? (?:a|an) |system design|architect(?:s|ing)?\b|production|deploy|scal(?:e|ing|ability)|trade ?offs?|"
    r"propose|implement|distributed|billions? of parameters|rlhf|peft|lora|qlora|quantiz|pruning|mixture of experts|moe|"
    r"multimodal rag|multi hop|knowledge graph|gradient penalt|kl|nash|energy based|long range|context length|"
    r"catastrophic|curriculum|cross modal|contrastive|triplet|reproducibility|regulat|proximal policy|policy gradient)", re.IGNORECASE)
BEGINNER_MAX_WORDS = 12


def difficulty_for(hints: Sequence[str | None], wording: str = "") -> Difficulty:
    """The level an interviewer would set: the dumps' own level weighed against the wording rule.

    The wording rule:
    1. advanced when the wording names design, production, scale, trade-offs or an advanced method;
    2. beginner when it asks what one thing is ("What is X?", "Explain X", "How does X work?",
       not "What are the challenges of X?") in at most 12 words;
    3. intermediate otherwise (the wording says nothing either way).
    The dumps' level (the most common; a tie goes to the harder) stands unless the wording
    says the opposite end of the scale — a dump's "beginner" for a production-design question,
    or its "advanced" for "What is X?" — when the two meet at intermediate.
    """
    levels = [h for h in hints if h in LEVELS]
    rule = wording_level(wording) if wording else "intermediate"
    if not levels:
        return rule
    stated: Difficulty = max(set(levels), key=lambda level: (levels.count(level), LEVELS.index(level)))  # type: ignore[assignment]
    if abs(LEVELS.index(stated) - LEVELS.index(rule)) == 2:
        return "intermediate"
    return stated


def wording_level(wording: str) -> Difficulty:
    """The level the wording alone suggests (rules 1-3 of `difficulty_for`)."""
    if ADVANCED_MARKERS.search(concept_text(wording)):
        return "advanced"
    found = subject_tokens(wording)
    if found is not None and not found[0] & ASPECT_STEMS and len(wording.split()) <= BEGINNER_MAX_WORDS:
        return "beginner"
    return "intermediate"
