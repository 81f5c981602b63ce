"""How well the deduplication holds on data it was not fit on: held-out pairs and leave-one-dump-out.

    PYTHONPATH=src python benchmarks/dedupe_eval.py [--extra PATH]   (make dedupe-eval)

1. Held-out pairs (tests/fixtures/corpus/labelled_pairs_heldout.yaml, never used to fit or
   tune): the committed model clusters every occurrence of the dumps (and of the extra dump,
   read with a small eval-only parse of its `<summary><b>N. …</b></summary>` layout, unless
   content/sources already holds it); each
   pair is judged by whether its two wordings land in one cluster.
2. Leave one dump out: for each dump, the model is refit on the training pairs that do not
   touch it (threshold picked the same way, out of fold), the clustering runs with it, and
   the labelled pairs (training and held-out) that touch the dump are judged: by the whole
   dedupe (both wordings in one cluster), then by the model alone (each pair's probability
   against the threshold, no clustering; printed after the table's other rows).
3. The candidate stage: of the labelled pairs of two distinct wordings of the dumps, how many
   the blocking never puts side by side (no shared subject, fewer shared rare stems than it
   needs) or the prefilter never scores: no model weighs those, whatever its features.
Prints a Markdown table (docs/dedupe.md quotes it).
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path

from genai_build.corpus import dedupe as dd
from genai_build.corpus import pair_model
from genai_build.corpus import pair_training as pt
from genai_build.corpus.normalise import comparison_key, normalise
from genai_build.corpus.pairs import FEATURES, overlap, read_wording
from genai_build.readers.base import RawQuestion

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT.parent / "shared" / "corpus-extra" / "aishwaryanr-ai-engineer.md"
EXTRA_NAME = "extra:aishwaryanr-ai-engineer"


def extra_occurrences(path: Path) -> list[RawQuestion]:
    """The extra dump's questions, unless content/sources already holds that dump (then the build reads it)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if any(p.is_file() and p.read_bytes() == path.read_bytes() for p in (ROOT / "content" / "sources").iterdir()):
        return []
    return [normalise(RawQuestion(EXTRA_NAME, text[:m.start()].count("\n") + 1, m.group(1), None))
            for m in re.finditer(r"<summary><b>\s*\d+\.\s*(.*?)</b></summary>", text)]


def occurrences(extra: Path) -> list[RawQuestion]:
    from genai_build.pipeline import Project, read_all
    _, reports = read_all(Project(ROOT))
    return [normalise(q) for r in reports for q in r.questions] + extra_occurrences(extra)


@contextmanager
def model(intercept: float, weights: list[float], threshold: float):
    saved = (pair_model.INTERCEPT, dd._WEIGHTS, dd.SAME_THRESHOLD, dd.REVIEW_FLOOR)
    pair_model.INTERCEPT, dd._WEIGHTS = intercept, tuple(weights)
    dd.SAME_THRESHOLD, dd.REVIEW_FLOOR = threshold, max(threshold - pt.REVIEW_MARGIN, 0.05)
    try:
        yield
    finally:
        pair_model.INTERCEPT, dd._WEIGHTS, dd.SAME_THRESHOLD, dd.REVIEW_FLOOR = saved


def judge(pairs: list[dict], raws: list[RawQuestion]) -> list[tuple[dict, bool]]:
    result = dd.dedupe(raws)
    cluster_of = {}
    for n, c in enumerate(result.clusters):
        for m in c.members:
            cluster_of.setdefault(comparison_key(m.question), set()).add(n)
    out = []
    for p in pairs:
        a, b = cluster_of.get(comparison_key(p["a"])), cluster_of.get(comparison_key(p["b"]))
        if a is not None and b is not None:
            out.append((p, bool(a & b)))
    return out


def compared(a: str, b: str, scorer: dd._Scorer) -> bool:
    """Whether the clustering would score this pair, whichever of the two came first: the blocking keys of
    dedupe._Clustering._candidates (a shared subject, or enough shared rare stems), then the prefilter."""
    wa, wb = read_wording(a), read_wording(b)
    ka, kb = scorer.keys(wa), scorer.keys(wb)
    shared = set(ka) & set(kb)
    stems = [k for k in shared if not k.startswith("subject:")]
    blocked_in = len(shared) > len(stems) or len(stems) >= min(dd.MIN_SHARED_KEYS, max(len(ka), len(kb)))
    return blocked_in and (bool(wa.parts or wb.parts) or overlap(wa.tokens, wb.tokens, scorer.weight)[0] >= dd.PREFILTER)


def candidate_row(name: str, pairs: list[dict], raws: list[RawQuestion]) -> str:
    texts = sorted({r.question for r in raws})
    scorer, inside = dd._Scorer(read_wording(t) for t in texts), set(texts)
    judged = [p for p in pairs if p["a"] in inside and p["b"] in inside and p["a"] != p["b"]]
    counts = []
    for same in (True, False):
        group = [p for p in judged if p["same"] == same]
        counts.append(f"{sum(compared(p['a'], p['b'], scorer) for p in group)}/{len(group)}")
    return f"| {name} | {counts[0]} | {counts[1]} |"


def wrong(results: list[tuple[dict, bool]]) -> list[str]:
    return [f"{'FALSE MERGE' if m else 'MISSED'}: {p['a']} || {p['b']}" for p, m in results if m != p["same"]]


def row(name: str, f: dict) -> str:
    return (f"| {name} | {f['pairs']} | {f['same']} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} "
            f"| {f['related']}/{f['related_pairs']} |")


def main(argv: list[str]) -> int:
    extra = Path(argv[argv.index("--extra") + 1]) if "--extra" in argv else EXTRA
    raws = occurrences(extra)
    training, held_out = pt.load_pairs(pt.TRAINING), pt.load_pairs(pt.HELD_OUT)
    everything = training + held_out
    dumps_of: dict[str, set[str]] = {}
    for r in raws:
        dumps_of.setdefault(comparison_key(r.question), set()).add(r.source)
    background = [r.question for r in raws]
    print("| set | pairs judged | same | precision | recall | F1 | related merged |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    results = judge(held_out, raws)
    print(row("held-out pairs (committed model)", pt.pairwise_figures(results)))
    if "--errors" in argv:
        print("\n".join(wrong(results)), file=sys.stderr)
    print(row("training pairs (fitted: not a measure)", pt.pairwise_figures(judge(training, raws))))
    pair_level: list[str] = []
    for dump in sorted({r.source for r in raws}):
        def touches(p: dict) -> bool:
            return any(dump in dumps_of.get(comparison_key(p[k]), ()) for k in ("a", "b"))
        train = [p for p in training if not touches(p)]
        rows = pt.feature_rows(train, background)
        threshold = pt.choose_threshold(train, rows)
        intercept, weights = pt.fit_logistic(rows, [p["same"] for p in train])
        with model(intercept, weights, threshold):
            results = judge([p for p in everything if touches(p)], raws)
        name = f"leave out {dump} (fit on {len(train)} pairs, threshold {threshold:.2f})"
        print(row(name, pt.pairwise_figures(results)))
        # the model alone: each judged pair's probability against the threshold, no clustering
        judged = [p for p, _ in results]
        alone = [(p, pt.predict(intercept, weights, r) >= threshold) for p, r in zip(judged, pt.feature_rows(judged, background))]
        pair_level.append(row(name + ", model alone", pt.pairwise_figures(alone)))
        if "--errors" in argv:
            print("\n".join(wrong(results)), file=sys.stderr)
    print("\n".join(pair_level))
    print("\n| candidate stage: pairs of two wordings of the dumps the clustering compares | same | different |")
    print("| --- | --- | --- |")
    for name, pairs in (("training pairs", training), ("held-out pairs", held_out)):
        print(candidate_row(name, pairs, raws))
    return 0


if __name__ == "__main__":
    assert len(FEATURES) == len(pair_model.WEIGHTS)
    raise SystemExit(main(sys.argv[1:]))
