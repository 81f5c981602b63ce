"""Precision and recall of the clustering on the labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml).

Every distinct wording of the file becomes one occurrence; the clustering runs over all of
them at once (so transitive joins count), and each labelled pair is judged by whether its
two wordings land in the same cluster. Identical wordings are trivially the same and are
kept in the file only as copies read from the dumps.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from genai_build.corpus.dedupe import dedupe
from genai_build.corpus.normalise import clean_wording
from genai_build.model import RawQuestion

LABELS = Path(__file__).parents[1] / "fixtures" / "corpus" / "labelled_pairs.yaml"


def labelled_pairs() -> list[dict]:
    return list(YAML(typ="safe").load(LABELS.read_text(encoding="utf-8"))["pairs"])


def judged() -> list[tuple[dict, bool]]:
    pairs = labelled_pairs()
    texts = sorted({clean_wording(p[k]) for p in pairs for k in ("a", "b")})
    raws = [RawQuestion("labelled.txt", n, text, None) for n, text in enumerate(texts, start=1)]
    result = dedupe(raws)
    cluster_of = {m.question: i for i, c in enumerate(result.clusters) for m in c.members}
    return [(p, cluster_of[clean_wording(p["a"])] == cluster_of[clean_wording(p["b"])]) for p in pairs]


def scores(results: list[tuple[dict, bool]]) -> dict[str, float]:
    tp = sum(1 for p, merged in results if merged and p["same"])
    fp = sum(1 for p, merged in results if merged and not p["same"])
    fn = sum(1 for p, merged in results if not merged and p["same"])
    related = [merged for p, merged in results if p["kind"] == "related"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "related_merged": sum(related) / len(related) if related else 0.0,
    }


def test_labelled_set_is_big_and_balanced():
    pairs = labelled_pairs()
    assert len(pairs) >= 250
    assert sum(1 for p in pairs if p["same"]) >= 100
    assert sum(1 for p in pairs if p["kind"] == "related") >= 80


def test_precision_and_recall_on_labelled_pairs(capsys):
    results = judged()
    s = scores(results)
    with capsys.disabled():
        print(f"\nlabelled pairs: precision {s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f} "
              f"related-but-different merged {s['related_merged']:.1%}")
        for p, merged in results:
            if merged != p["same"]:
                print(f"  {'FALSE MERGE' if merged else 'MISSED'} [{p['kind']}] {p['a']!r} ~ {p['b']!r}")
    assert s["precision"] >= 0.95
    assert s["recall"] >= 0.85
    assert s["f1"] >= 0.92
    assert s["related_merged"] <= 0.03
