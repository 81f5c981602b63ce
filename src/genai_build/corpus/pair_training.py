"""Fit the pair model: a logistic regression over corpus/pairs.FEATURES, on labelled pairs.

`python -m genai_build.corpus.pair_training` (`make pair-model`) reads the training pairs
(tests/fixtures/corpus/labelled_pairs.yaml, never the held-out file), computes their features
with IDF weights taken over every wording of the dumps and of the labels, fits the weights by
Newton's method with an L2 penalty (pure Python: 31 features, a few hundred pairs), picks the
merge threshold from out-of-fold probabilities (5 folds by a hash of the pair, three such
splits pooled: the lowest threshold whose pooled out-of-fold precision reaches TARGET_PRECISION), and writes
src/genai_build/corpus/pair_model.py. Same inputs, same file, byte for byte.
"""

from __future__ import annotations

import hashlib
import math
import sys
from pathlib import Path
from typing import Sequence

from ruamel.yaml import YAML

from genai_build.corpus.normalise import clean_wording
from genai_build.corpus.pairs import FEATURES, Weights, pair_features, read_wording

ROOT = Path(__file__).resolve().parents[3]
TRAINING = ROOT / "tests" / "fixtures" / "corpus" / "labelled_pairs.yaml"
HELD_OUT = ROOT / "tests" / "fixtures" / "corpus" / "labelled_pairs_heldout.yaml"
MODEL = Path(__file__).with_name("pair_model.py")
L2 = 1.0  # penalty on the weights (not the intercept): keeps rare features from dominating
FOLDS = 5
REPEATS = 3  # out-of-fold splits pooled to pick the threshold
TARGET_PRECISION = 0.99  # out-of-fold pairwise precision the threshold must reach
REVIEW_MARGIN = 0.35  # pairs this much below the threshold (in probability) go to the review queue


def load_pairs(path: Path) -> list[dict]:
    return [dict(p, a=clean_wording(p["a"]), b=clean_wording(p["b"]))
            for p in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["pairs"]]


def pair_hash(pair: dict, salt: str = "") -> int:
    key = salt + "\n".join(sorted((pair["a"], pair["b"])))
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)


def background_wordings(root: Path = ROOT) -> list[str]:
    """Every wording the dumps of `root` hold: the IDF weights of training look like those of a build."""
    from genai_build.corpus.normalise import normalise
    from genai_build.pipeline import Project, read_all
    _, reports = read_all(Project(root))
    return [normalise(q).question for r in reports for q in r.questions]


def feature_rows(pairs: Sequence[dict], texts: Sequence[str]) -> list[tuple[float, ...]]:
    wordings = {t: read_wording(t) for t in sorted(set(texts) | {p[k] for p in pairs for k in ("a", "b")})}
    weight = Weights(w.tokens for w in wordings.values())
    return [pair_features(wordings[p["a"]], wordings[p["b"]], weight) for p in pairs]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and positive definite)."""
    n = len(vector)
    m = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fit_logistic(rows: Sequence[Sequence[float]], labels: Sequence[bool], l2: float = L2,
                 iterations: int = 50) -> tuple[float, list[float]]:
    """(intercept, weights) maximising the L2-penalised log-likelihood, by Newton's method."""
    k = len(rows[0]) + 1
    beta = [0.0] * k
    xs = [[1.0, *r] for r in rows]
    for _ in range(iterations):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in zip(xs, labels):
            p = _sigmoid(sum(b * v for b, v in zip(beta, x)))
            err = (1.0 if y else 0.0) - p
            w = p * (1 - p)
            for i in range(k):
                grad[i] += err * x[i]
                for j in range(i, k):
                    hess[i][j] += w * x[i] * x[j]
        for i in range(k):
            for j in range(i):
                hess[i][j] = hess[j][i]
        for i in range(1, k):
            grad[i] -= l2 * beta[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return beta[0], beta[1:]


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def predict(intercept: float, weights: Sequence[float], row: Sequence[float]) -> float:
    return _sigmoid(intercept + sum(w * v for w, v in zip(weights, row)))


def out_of_fold(pairs: Sequence[dict], rows: Sequence[Sequence[float]], salt: str = "") -> list[float]:
    probs = [0.0] * len(pairs)
    folds = [pair_hash(p, salt) % FOLDS for p in pairs]
    for fold in range(FOLDS):
        train = [i for i, f in enumerate(folds) if f != fold]
        b0, w = fit_logistic([rows[i] for i in train], [pairs[i]["same"] for i in train])
        for i, f in enumerate(folds):
            if f == fold:
                probs[i] = predict(b0, w, rows[i])
    return probs


def repeated_out_of_fold(pairs: Sequence[dict], rows: Sequence[Sequence[float]]) -> tuple[list[dict], list[float]]:
    """Out-of-fold probabilities under REPEATS different splits, pooled: (pairs, probabilities), each pair
    REPEATS times. One split's threshold rests on the one or two negatives that happen to score highest."""
    pooled_pairs: list[dict] = []
    pooled: list[float] = []
    for repeat in range(REPEATS):
        pooled_pairs += pairs
        pooled += out_of_fold(pairs, rows, f"split {repeat}\n" if repeat else "")
    return pooled_pairs, pooled


def choose_threshold(pairs: Sequence[dict], rows: Sequence[Sequence[float]]) -> float:
    return pick_threshold(*repeated_out_of_fold(pairs, rows))


def pick_threshold(pairs: Sequence[dict], probs: Sequence[float]) -> float:
    """The lowest threshold (in steps of 0.01) whose out-of-fold precision reaches TARGET_PRECISION."""
    for step in range(30, 100):
        t = step / 100
        merged = [p["same"] for p, q in zip(pairs, probs) if q >= t]
        if merged and sum(merged) / len(merged) >= TARGET_PRECISION:
            return t
    return 0.99


def pairwise_figures(results: Sequence[tuple[dict, bool]]) -> dict:
    """Precision, recall, F1 and the share of related-but-different pairs merged, of (labelled pair, merged?) results."""
    tp = sum(1 for p, merged in results if merged and p["same"])
    fp = sum(1 for p, merged in results if merged and not p["same"])
    fn = sum(1 for p, merged in results if not merged and p["same"])
    related = [merged for p, merged in results if p["kind"] == "related"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return dict(pairs=len(results), same=tp + fn, precision=precision, recall=recall,
                f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                related=sum(related), related_pairs=len(related),
                related_merged=sum(related) / len(related) if related else 0.0)


def render_model(intercept: float, weights: Sequence[float], threshold: float, n_pairs: int) -> str:
    lines = ['"""The pair model\'s coefficients: written by `make pair-model` (corpus/pair_training.py); do not edit."""',
             "", f"TRAINED_ON = {n_pairs}  # labelled pairs (tests/fixtures/corpus/labelled_pairs.yaml)",
             f"INTERCEPT = {intercept:.6f}", "WEIGHTS = {"]
    lines += [f"    {name!r}: {w:.6f}," for name, w in zip(FEATURES, weights)]
    lines += ["}", f"THRESHOLD = {threshold:.2f}  # a pair at or above this probability asks the same thing",
              f"REVIEW_FLOOR = {max(threshold - REVIEW_MARGIN, 0.05):.2f}  # pairs between this and THRESHOLD go to the review queue",
              ""]
    return "\n".join(lines)


def train(root: Path = ROOT) -> str:
    pairs = load_pairs(TRAINING)
    rows = feature_rows(pairs, background_wordings(root))
    threshold = choose_threshold(pairs, rows)
    intercept, weights = fit_logistic(rows, [p["same"] for p in pairs])
    return render_model(intercept, weights, threshold, len(pairs))


def main(argv: Sequence[str] | None = None) -> int:
    text = train()
    if "--check" in (argv or sys.argv[1:]):
        same = MODEL.exists() and MODEL.read_text(encoding="utf-8") == text
        print("pair model up to date" if same else "pair model out of date: run make pair-model")
        return 0 if same else 1
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL}")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
