"""Golden clusters: how the wordings of the labelled set group, as reviewable text.

A change to the rules shows here as a diff of which wordings join or part. Regenerate with
`make golden` and review the diff.
"""

from __future__ import annotations


from genai_build.corpus.dedupe import dedupe
from genai_build.corpus.normalise import clean_wording
from genai_build.model import RawQuestion
from tests.golden_files import assert_golden

from .test_labelled_pairs import labelled_pairs, wordings_as_dumps



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
    assert_golden(render_clusters(), "corpus/labelled_clusters.txt")
