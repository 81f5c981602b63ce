"""Golden clusters: how the wordings of the labelled set group, as reviewable text.

A change to the rules shows here as a diff of which wordings join or part. Regenerate with
`UPDATE_GOLDEN=1 pytest tests/corpus/test_golden_clusters.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from genai_build.corpus.dedupe import dedupe
from genai_build.corpus.normalise import clean_wording
from genai_build.model import RawQuestion

from .test_labelled_pairs import labelled_pairs, wordings_as_dumps

GOLDEN = Path(__file__).parents[1] / "golden" / "corpus" / "labelled_clusters.txt"


def render_clusters() -> str:
    result = dedupe(wordings_as_dumps(labelled_pairs()))
    lines = []
    for cluster in sorted(result.clusters, key=lambda c: sorted(m.question for m in c.members)):
        if len(cluster.members) < 2:
            continue
        lines.append(f"== weakest link {cluster.similarity:.3f}")
        lines += [f"   {m.question}" for m in sorted(cluster.members, key=lambda m: m.question)]
        lines += [f"   ~ {link.score:.3f} {link.reason}" for link in cluster.links]
    return "\n".join(lines) + "\n"


def test_clusters_of_the_labelled_wordings_match_the_golden_file():
    text = render_clusters()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == text
