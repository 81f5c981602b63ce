"""Topics, difficulty and tags: keyword rules, every dump section mapped, the documented difficulty rule."""

from __future__ import annotations

import pytest

from genai_build.content import load_taxonomy
from genai_build.corpus.taxonomy import difficulty_for

from .conftest import ROOT


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "content")


def test_about_a_dozen_topics(taxonomy):
    assert 10 <= len(taxonomy.topics) <= 16


@pytest.mark.parametrize("question, topic", [
    ("How does self-attention work?", "transformers"),
    ("What is few-shot prompting?", "prompting"),
    ("What is Retrieval-Augmented Generation (RAG)?", "rag"),
    ("How does LoRA work?", "fine-tuning"),
    ("What is mode collapse in the context of GANs?", "image-generation"),
    ("What is a Variational Autoencoder (VAE)? How does it work?", "image-generation"),
    ("How can reinforcement learning be integrated with generative models?", "fine-tuning"),
    ("Explain the ethical considerations associated with Generative AI.", "ethics"),
    ("Which metrics are used for evaluating GAN models?", "evaluation"),
    ("What is dropout, and how does it help in training neural networks?", "neural-networks"),
    ("What is tokenization, and why is it important in natural language generation models?", "nlp"),
    ("Hallucination in LLMs is a known issue, how can you evaluate and mitigate it?", "llms"),
    ("How do you monitor LLM systems once productionized?", "deployment"),
    ("What inspired you to become a prompt engineer?", "careers"),
    ("What is the difference between generative and discriminative models?", "foundations"),
])
def test_keyword_rules(taxonomy, question, topic):
    assert taxonomy.topic_for(question) == topic


def test_sections_map_when_no_keyword_does(taxonomy):
    assert taxonomy.topic_for("Why?", ("Transformer Models",)) == "transformers"
    assert taxonomy.topic_for("Why?", ("Beginner",)) == taxonomy.fallback


def test_every_section_of_every_dump_is_mapped(taxonomy, real_raw):
    """By the sections map of topics.yaml, or by the keywords its name holds ("Agents and tool use")."""
    sections = {part for r in real_raw for part in r.section}
    unmapped = sorted(s for s in sections if not any(name.lower() in s.lower() for name in taxonomy.sections)
                      and taxonomy.section_topic((s,)) is None)
    assert not unmapped


def test_a_new_dumps_sections_name_their_topic_by_keywords(taxonomy):
    """No entry in topics.yaml needed for a themed dump: its headings are matched like wordings."""
    assert taxonomy.topic_for("Why?", ("Agents and tool use",)) == "agents"
    assert taxonomy.topic_for("Why?", ("Cost, latency, and deployment",)) == "deployment"
    assert taxonomy.topic_for("Why?", ("Reasoning models",)) == "reasoning"
    assert taxonomy.topic_for("Why?", ("Miscellaneous Questions",)) == taxonomy.fallback  # mapped to null: no topic


def test_new_dumps_land_in_real_topics(corpus):
    """At most 10% of a dump's questions in the catch-all topic, for the dumps with themed sections (005)."""
    new = [q for q in corpus.questions if any(p.source.startswith("005_") for p in q.provenance)]
    assert new and sum(q.topic == "foundations" for q in new) <= 0.10 * len(new)


def test_difficulty_rule():
    assert difficulty_for(["beginner", "advanced", "advanced"]) == "advanced"
    assert difficulty_for(["beginner", "intermediate"]) == "intermediate"  # a tie goes to the harder
    assert difficulty_for([None], "What is a GAN?") == "beginner"
    assert difficulty_for([None], "How would you design a system that serves an LLM in production?") == "advanced"
    assert difficulty_for([None], "What are the challenges of training GANs on small datasets?") == "intermediate"
    assert difficulty_for([None], "What are LLMs? Give examples and their underlying architecture.") == "beginner"  # "architecture" is no architect


def test_dump_level_stands_unless_the_wording_says_the_opposite_end():
    assert difficulty_for(["beginner"], "What are the challenges of training GANs on small datasets?") == "beginner"
    assert difficulty_for(["beginner"], "What are the risks of deploying generative AI in production for healthcare?") == "intermediate"
    assert difficulty_for(["advanced"], "What is a GAN?") == "intermediate"
    assert difficulty_for(["intermediate"], "What is a GAN?") == "intermediate"


def test_tags(taxonomy):
    assert taxonomy.tags_for(["How does a VAE differ from a GAN?"]) == ("gan", "vae")


def test_every_question_has_a_topic_in_use(corpus):
    topics = {t.id for t in corpus.topics}
    assert {q.topic for q in corpus.questions} <= topics
    assert len(corpus.topics_in_use()) >= 10
