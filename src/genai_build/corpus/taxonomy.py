"""The book's topics (content/topics.yaml) and the rules that give each question a topic and difficulty."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from genai_build.config import TOPICS_FILE, display_path
from genai_build.diagnostics import ConfigError, error
from genai_build.model import Difficulty, Topic
from genai_build.yamlio import line_of, load_yaml


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    keywords: Mapping[str, tuple[str, ...]]
    fallback: str

    def topic_for(self, question: str, section: tuple[str, ...] = ()) -> str:
        """The first topic whose keywords occur in the question, else in its dump section."""
        for text in (question, " ".join(section)):
            lowered = text.lower()
            for topic in self.topics:
                if any(keyword in lowered for keyword in self.keywords.get(topic.id, ())):
                    return topic.id
        return self.fallback


def load_taxonomy(content: Path) -> Taxonomy:
    path = content / TOPICS_FILE
    shown = display_path(path)
    data, problems = load_yaml(path, shown)
    if problems:
        raise ConfigError(problems)
    if not isinstance(data, Mapping) or not isinstance(data.get("topics"), list):
        raise ConfigError([error("config.shape", "expected a mapping with a 'topics:' list", shown, 1)])
    topics, keywords = [], {}
    for index, entry in enumerate(data["topics"]):
        try:
            topic = Topic(id=entry["id"], title=entry["title"], description=entry.get("description", ""))
        except Exception as exc:  # noqa: BLE001 - reported with its line
            problems.append(error("config.topic", f"bad topic entry: {exc}", shown, line_of(data["topics"], index)))
            continue
        topics.append(topic)
        keywords[topic.id] = tuple(str(k).lower() for k in entry.get("keywords", ()))
    fallback = str(data.get("fallback", topics[0].id if topics else ""))
    if topics and fallback not in keywords:
        problems.append(error("config.topic", f"fallback topic {fallback!r} is not a topic", shown, line_of(data, "fallback")))
    if problems:
        raise ConfigError(problems)
    return Taxonomy(tuple(topics), keywords, fallback)


def difficulty_for(hints: list[str | None]) -> Difficulty:
    """The dumps' own level when they give one (the most common, ties to the harder); else intermediate."""
    levels = [h for h in hints if h in ("beginner", "intermediate", "advanced")]
    if not levels:
        return "intermediate"
    order = ("beginner", "intermediate", "advanced")
    return max(set(levels), key=lambda level: (levels.count(level), order.index(level)))  # type: ignore[return-value]
