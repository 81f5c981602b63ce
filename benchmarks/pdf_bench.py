"""Benchmark: the PDF writer against `pandoc --pdf-engine=weasyprint` on the same content, at 1× and 4×.

    PYTHONPATH=src python benchmarks/pdf_bench.py [--corpus build/corpus.json] [--runs 3] [--scales 1,4]

"4×" repeats every question four times (new ids and numbers), chapter by chapter. For each
scale it writes the corpus as JSON and as a Markdown book holding the same text (chapters,
numbered questions with their difficulty, sources, answers and alternates, a sources
table), then times whole processes, alternating the two tools so that both see the same
machine load: our writer (`build_pdf`, one process plus its workers) and pandoc Markdown →
HTML → WeasyPrint (plain CSS, no page numbers in its contents). It prints medians of wall
and CPU time, pages, and the ratios: ours/pandoc at each scale and 4×/1× for each tool.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from genai_build.bench import PANDOC_PDF_ARGUMENTS, corpus_markdown, scaled_corpus  # noqa: E402
from genai_build.model import Corpus  # noqa: E402

EPOCH = 1_700_000_000


def timed(command: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the process and its children) of one whole-process run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # in the scratch folder: pandoc leaves its temporary HTML in the working directory
    subprocess.run(command, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(pdf).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "build" / "corpus.json")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", default="1,4")
    args = parser.parse_args(argv)
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT / "src")}
    base = Corpus.model_validate_json(args.corpus.read_text(encoding="utf-8"))
    results: dict[tuple[str, int], dict] = {}
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for scale in (int(s) for s in args.scales.split(",")):
            corpus = scaled_corpus(base, scale) if scale > 1 else base
            corpus_path, md_path = tmp / f"corpus-{scale}.json", tmp / f"book-{scale}.md"
            corpus_path.write_text(corpus.model_dump_json(), encoding="utf-8")
            md_path.write_text(corpus_markdown(corpus), encoding="utf-8")
            ours_pdf, pandoc_pdf = tmp / f"ours-{scale}.pdf", tmp / f"pandoc-{scale}.pdf"
            ours = [sys.executable, "-c",
                    "import sys; from pathlib import Path; from genai_build.model import Corpus; "
                    "from genai_build.writers.pdf.writer import build_pdf; from genai_build.writers.pdf.html import Templates; "
                    "build_pdf(Corpus.model_validate_json(Path(sys.argv[1]).read_text()), Templates(Path(sys.argv[2])), "
                    f"{EPOCH}, Path(sys.argv[3]))", str(corpus_path), str(ROOT / "templates" / "pdf"), str(ours_pdf)]
            theirs = [pandoc, str(md_path), *PANDOC_PDF_ARGUMENTS, "-o", str(pandoc_pdf)]
            samples: dict[str, list[tuple[float, float]]] = {"ours": [], "pandoc": []}
            for run in range(args.runs):
                for name, command in (("ours", ours), ("pandoc", theirs))[:: 1 if run % 2 == 0 else -1]:
                    samples[name].append(timed(command, env, tmp))
                    print(f"  {scale}x {name} run {run + 1}: {samples[name][-1][0]:.1f} s wall, {samples[name][-1][1]:.1f} s CPU", flush=True)
            for name, pdf in (("ours", ours_pdf), ("pandoc", pandoc_pdf)):
                results[(name, scale)] = {"wall": statistics.median(w for w, _ in samples[name]),
                                          "cpu": statistics.median(c for _, c in samples[name]), "pages": pages(pdf)}
    print(f"\n{'tool':8} {'scale':>5} {'pages':>6} {'wall s':>8} {'CPU s':>8} {'pages/s':>8}")
    for (name, scale), r in results.items():
        print(f"{name:8} {scale:>4}x {r['pages']:>6} {r['wall']:>8.1f} {r['cpu']:>8.1f} {r['pages'] / r['wall']:>8.1f}")
    scales = sorted({s for _, s in results})
    for scale in scales:
        o, p = results[("ours", scale)], results[("pandoc", scale)]
        print(f"ours/pandoc at {scale}x: wall {o['wall'] / p['wall']:.2f}, CPU {o['cpu'] / p['cpu']:.2f}")
    if len(scales) > 1:
        lo, hi = scales[0], scales[-1]
        for name in ("ours", "pandoc"):
            a, b = results[(name, lo)], results[(name, hi)]
            print(f"{name} {hi}x/{lo}x: wall {b['wall'] / a['wall']:.2f}, CPU {b['cpu'] / a['cpu']:.2f}, pages {b['pages'] / a['pages']:.2f}")
    print(json.dumps({f"{n}@{s}x": r for (n, s), r in results.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
