"""`make bench`: medians of whole-process and stage timings on this machine.

Measures a clean build of every output, a no-op `make`, a rebuild after one answer changed,
ingest + dedupe at 1x and 16x, the PDF at 1x and 4x, the whole build at 16x (time and peak
memory, children included), and — in the same run, on the same
content — pandoc's own Markdown -> EPUB and `pandoc --pdf-engine=weasyprint`, as ratios of
wall time and of CPU time (user + system of the child processes, workers included).
Results go to build/bench/bench.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from genai_build.model import Corpus
from genai_build.pipeline import Project, load_corpus, read_all

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"


def median_time(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def children_cpu_seconds() -> float:
    """User + system CPU time of every child process waited for so far (and their children)."""
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_wall_and_cpu(action: Callable[[], object], runs: int) -> tuple[float, list[float], float]:
    """median_time of an action that runs child processes, and the median CPU time they used."""
    cpu: list[float] = []

    def measured() -> None:
        before = children_cpu_seconds()
        action()
        cpu.append(children_cpu_seconds() - before)
    wall, samples = median_time(measured, runs)
    return wall, samples, statistics.median(cpu)


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})})
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stderr[-3000:]}")


def copy_project(into: Path) -> Path:
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, into / part)
    return into


def scaled_corpus(corpus: Corpus, factor: int) -> Corpus:
    """The corpus with every question repeated `factor` times (new ids and numbers), topic order kept."""
    questions, number = [], 0
    for topic in corpus.topics:
        for copy in range(factor):
            for q in corpus.questions_in(topic.id):
                number += 1
                questions.append(q.model_copy(update=dict(id=f"{q.id}-x{copy}"[:64], number=number)))
    return corpus.model_copy(update={"questions": tuple(questions)})


def variant(question: str, copy: int) -> str:
    """The `copy`-th variant of a wording that no two copies merge: copy 0 is the wording itself,
    copy k appends it with its letters shifted by k ("What is RAG (Xibu jt SBH)?"). The topic
    keywords stay, so the copies spread over the topics as the book does; the shifted words
    are unknown to every other copy (link scores ~0.2, under the near-miss floor)."""
    if not copy:
        return question
    lower, upper = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    shift = str.maketrans(lower + upper, lower[copy:] + lower[:copy] + upper[copy:] + upper[:copy])
    stem = question.rstrip("?")
    return f"{stem} ({stem.translate(shift)})?"


def scaled_project(into: Path, factor: int) -> tuple[Path, int]:
    """A project whose one dump holds the real dumps' questions `factor` times over, each copy's
    wordings made distinct (variant()) so that none merges: the whole build at `factor`×
    the book. The dump is a JSON table (the table-file reader); book, topics and templates are
    the real ones. Returns the project and the number of questions in the dump."""
    _, reports = read_all(Project(ROOT))
    records = []
    for copy in range(factor):
        for report in reports:
            for q in report.questions:
                records.append({"question": variant(q.question, copy), "answer": q.answer or "",
                                "section": q.section[-1] if q.section else ""})
    content = into / "content"
    (content / "sources").mkdir(parents=True)
    for name in ("book.yaml", "topics.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    (content / "curation.yaml").write_text("decisions: {}\n", encoding="utf-8")
    (content / "sources" / "scaled.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    (content / "sources.yaml").write_text(
        "sources:\n  - file: scaled.json\n    reader: table-file\n"
        f"    title: The real dumps, {factor} times\n    owner: bench\n    origin: bench.py\n", encoding="utf-8")
    shutil.copytree(ROOT / "templates", into / "templates")
    return into, len(records)


SCALE_TARGETS = {"seconds": 600, "peak_memory_mb": 2048}  # the whole build at 16x: minutes, within 2 GB


def whole_build_at_scale(scratch: Path, factor: int) -> dict:
    """Time, CPU time and peak memory (the build and all its children) of a clean build of every
    edition at `factor`x, against SCALE_TARGETS (CPU time beside the wall clock: on a shared
    machine the wall clock measures the neighbours too)."""
    project, count = scaled_project(scratch / f"scaled{factor}", factor)
    gb = [sys.executable, "-m", "genai_build", "--root", str(project), "build", "--quiet", "--out", str(project / "build")]
    started, cpu = time.perf_counter(), children_cpu_seconds()
    peak = run_with_peak_memory(gb)
    seconds, cpu = time.perf_counter() - started, children_cpu_seconds() - cpu
    corpus = json.loads((project / "build" / "corpus.json").read_text(encoding="utf-8"))
    return {"seconds": round(seconds, 1), "cpu_s": round(cpu, 1), "peak_memory_mb": round(peak), "occurrences": count,
            "questions": len(corpus["questions"]), "targets": SCALE_TARGETS,
            "within_targets": seconds <= SCALE_TARGETS["seconds"] and peak <= SCALE_TARGETS["peak_memory_mb"]}


def corpus_markdown(corpus: Corpus, *, answers_only: bool = False) -> str:
    """The book's content as one plain Markdown file, for pandoc's own pipelines: what the
    handbook prints — the sources page, every chapter with its introduction, every question
    with its difficulty and sources, its answer and the alternates — without our design
    (pandoc is given --toc for the contents, as our book has one).

    `answers_only`: each question and its primary answer, nothing else (about 80% of the text;
    the yardstick this benchmark used first, still reported)."""
    titles = {s.file: s.title for s in corpus.sources}
    parts = [f"---\ntitle: \"{corpus.book.title}\"\nlang: {corpus.book.language}\n---\n"]
    if not answers_only:
        parts.append("# Sources\n\n| Source | Owner | Questions |\n|---|---|---:|\n"
                     + "".join(f"| {s.title} | {s.owner} | {s.questions} |\n" for s in corpus.sources))
    for topic in corpus.topics_in_use():
        parts.append(f"# {topic.title}\n" + ("" if answers_only else f"\n{topic.description}\n"))
        for q in corpus.questions_in(topic.id):
            if answers_only:
                parts.append(f"## {q.number}. {q.question}\n\n{q.answer or '*Unanswered.*'}\n")
                continue
            cited = "; ".join(dict.fromkeys(f"*{titles[p.source]}*" for p in q.provenance))
            parts.append(f"## {q.number}. {q.question}\n\n{q.difficulty} · Asked in {q.asked_in} sources · {cited}\n\n"
                         f"{q.answer or '**Unanswered.** None of the sources answers this question yet.'}\n")
            parts += [f"> Another answer — from *{titles[alt.source]}*\n>\n"
                      + "\n".join(f"> {line}".rstrip() for line in alt.answer.splitlines()) + "\n"
                      for alt in q.alternates]
    return remote_images_as_captions("\n".join(parts)) + "\n"


IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)")


def remote_images_as_captions(markdown: str) -> str:
    """Images as a caption with a link, as the handbook shows them: pandoc would fetch them."""
    return IMAGE.sub(lambda m: f"*Figure: {m.group(1) or 'image'}* ([image online]({m.group(2)}))", markdown)


# pandoc's own PDF pipeline on that Markdown, with a contents of chapters and questions as ours
PANDOC_PDF_ARGUMENTS = ("--standalone", "--toc", "--toc-depth=2", "--pdf-engine=weasyprint")


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory_kb(pid: int) -> int:
    """The process's proportional set size (its private pages, and its share of the pages it
    shares with others: forked layout workers share most of the build's memory), in kB; its
    resident set size where the kernel does not say (summing those counts shared pages twice)."""
    for name, field in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            for line in Path(name).read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def run_with_peak_memory(command: list[str]) -> float:
    """Run a command; return the peak of the memory of it and all its descendants, in MB
    (the PDF's layout workers and pandoc included; _memory_kb), sampled every 250 ms from /proc."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    peak = 0
    while child.poll() is None:
        if Path("/proc").is_dir():
            peak = max(peak, sum(_memory_kb(pid) for pid in _process_tree(child.pid)))
        time.sleep(0.25)  # reading proportional sizes walks page tables: not too often
    if child.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{child.stderr.read()[-3000:]}")
    return peak / 1024


def long_paragraph(size: int) -> str:
    """About `size` characters of sentences in one paragraph (one line of Markdown)."""
    words = "the model attends to every token and weighs its relevance before it generates".split()
    sentences, length, n = [], 0, 0
    while length < size:
        n += 1
        sentence = " ".join(words[(n * k) % len(words)] for k in range(1, 13)).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


LONG_PARAGRAPH_SIZES = (250_000, 1_000_000)


def long_paragraph_bench(corpus: Corpus, scratch: Path, record: Callable[..., None]) -> None:
    """Every writer on a book of one question whose answer is one paragraph of 0.25 MB, then of
    1 MB: each must be linear in its input (the 1 MB time at most ~4x the 0.25 MB one)."""
    from genai_build.writers import WRITERS, write_context
    times: dict[str, list[float]] = {}
    for size in LONG_PARAGRAPH_SIZES:
        question = corpus.questions[0].model_copy(update={"answer": long_paragraph(size), "alternates": ()})
        one = corpus.model_copy(update={"questions": (question,)})
        for name, writer in WRITERS.items():
            out = scratch / f"paragraph-{size}-{name}"
            out.mkdir(parents=True)
            ctx = write_context(out, ROOT / "templates", int(EPOCH), quiet=True)
            started = time.perf_counter()
            writer.write(one, ctx)
            times.setdefault(name, []).append(time.perf_counter() - started)
    small, big = (f"{size / 1e6:g} MB" for size in LONG_PARAGRAPH_SIZES)
    for name, (t_small, t_big) in times.items():
        record(f"one {big} paragraph: {name}", t_big, None, **{f"{small}_s": round(t_small, 2), "ratio": round(t_big / max(t_small, 1e-3), 2),
                                                               "linear": t_big <= 5 * max(t_small, 0.05)})


DEDUPE_TARGETS = {1: 5.0, 16: 10.0}  # seconds: the whole corpus, and 16 times it


def perturbed_copies(raws: list, factor: int, seed: int = 16) -> list:
    """`factor` copies of every occurrence, each copy under another dump name with two small edits."""
    import random
    rnd = random.Random(seed)

    def perturb(text: str) -> str:
        words = text.split()
        for _ in range(2):
            i = rnd.randrange(len(words))
            word = words[i]
            if len(word) > 3 and rnd.random() < 0.5:
                j = rnd.randrange(len(word) - 1)
                words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]  # a swapped pair of letters
            elif len(words) > 4:
                words.pop(i)  # a dropped word
        return " ".join(words)
    return [replace(r, source=f"{k:02d}-{r.source}", question=perturb(r.question) if k else r.question)
            for k in range(factor) for r in raws]


def dedupe_bench(runs: int, record: Callable[..., None]) -> None:
    """Read every dump and cluster its occurrences, at 1x and 16x (16 copies, each with small edits)."""
    from genai_build.corpus.dedupe import dedupe
    from genai_build.corpus.normalise import normalise
    from genai_build.readers import READERS, SourceText

    real = Project(ROOT)
    _, reports = read_all(real)
    texts = [(r.source, (real.content / "sources" / r.source.file).read_text(encoding="utf-8")) for r in reports]

    def read() -> list:
        return [normalise(q) for source, text in texts
                for q in READERS[source.reader].read(SourceText(source.file, source.file, text), source.options).questions]
    raws = read()
    for factor in (1, 16):
        big = perturbed_copies(raws, factor)
        holder: dict = {}

        def ingest() -> None:
            started = time.process_time()
            read()  # the reading is part of the measure; the copies are made outside it
            holder["result"] = dedupe(big)
            holder.setdefault("cpu", []).append(time.process_time() - started)
        t, samples = median_time(ingest, runs)
        result = holder["result"]
        cluster_of = {(m.source, m.line): n for n, c in enumerate(result.clusters) for m in c.members}
        joined = sum(cluster_of[(f"{k:02d}-{r.source}", r.line)] == cluster_of[(f"00-{r.source}", r.line)]
                     for k in range(1, factor) for r in raws)
        # CPU time beside the wall clock: on a shared machine the wall clock measures the neighbours too
        extra = dict(occurrences=len(big), clusters=len(result.clusters), cpu_s=round(statistics.median(holder["cpu"]), 2),
                     target_s=DEDUPE_TARGETS[factor],
                     within_target=t < DEDUPE_TARGETS[factor])
        if factor > 1:
            extra["edited_copies_joining_their_original"] = round(joined / ((factor - 1) * len(raws)), 3)
        record(f"ingest + dedupe {factor}x", t, samples, **extra)


def clean_build_figures(project: Path, runs: int, record: Callable[..., None]) -> tuple[float, float]:
    """Median wall and CPU seconds of a clean build of every output, in a child process; its peak memory too."""
    out = project / "build"
    peaks = []

    def clean_build() -> None:
        shutil.rmtree(out, ignore_errors=True)
        peaks.append(run_with_peak_memory([sys.executable, "-m", "genai_build", "--root", str(project), "build", "--quiet",
                                           "--out", str(out)]))
    t, samples, cpu = median_wall_and_cpu(clean_build, runs)
    record("clean build, all outputs", t, samples, cpu_s=round(cpu, 2), peak_memory_mb=round(max(peaks)))
    return t, cpu


def pandoc_pdf_figures(corpus: Corpus, scratch: Path, runs: int, record: Callable[..., None]) -> tuple[float, float]:
    """Median wall and CPU seconds of `pandoc --pdf-engine=weasyprint` on the book's Markdown."""
    import pypandoc
    markdown = scratch / "handbook.md"
    markdown.write_text(corpus_markdown(corpus), encoding="utf-8")
    t, samples, cpu = median_wall_and_cpu(
        lambda: run([pypandoc.get_pandoc_path(), str(markdown), *PANDOC_PDF_ARGUMENTS, "-o", str(scratch / "p.pdf")],
                    env=pandoc_env()), runs)
    record("pandoc --pdf-engine=weasyprint", t, samples, cpu_s=round(cpu, 2))
    return t, cpu


def pandoc_env() -> dict:
    """pandoc finds weasyprint (the venv's) on PATH."""
    return {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def ratio_bench(runs: int, record: Callable[..., None]) -> dict:
    """Only the clean build against pandoc's PDF on the same content: the wall and CPU ratios."""
    with tempfile.TemporaryDirectory(prefix="genai-bench-") as scratch:
        scratch_dir = Path(scratch)
        clean, clean_cpu = clean_build_figures(copy_project(scratch_dir / "project"), runs, record)
        corpus = load_corpus(Project(ROOT), int(EPOCH), update_lock=False)[0].corpus
        t_pdf, pdf_cpu = pandoc_pdf_figures(corpus, scratch_dir, runs, record)
    return {"clean_build_over_pandoc_weasyprint": round(clean / t_pdf, 2),
            "clean_build_cpu_over_pandoc_weasyprint_cpu": round(clean_cpu / pdf_cpu, 2)}


def show(name: str, seconds: float, samples: list[float] | None = None, **extra) -> None:
    print(f"{name:<44} {seconds:8.2f} s  {extra}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="genai-build-bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--out", default=str(ROOT / "build" / "bench"))
    parser.add_argument("--dedupe-only", action="store_true", help="only ingest + dedupe at 1x and 16x (make bench-dedupe)")
    parser.add_argument("--scale", type=int, default=16, help="the whole build is measured once at this many times the book")
    parser.add_argument("--scale-only", action="store_true", help="measure only the whole build at --scale")
    parser.add_argument("--ratio-only", action="store_true", help="only the clean build against pandoc's PDF (make bench-ratio)")
    parser.add_argument("--paragraph-only", action="store_true", help="measure only every writer on one very long paragraph")
    args = parser.parse_args(argv)
    if args.scale_only:
        with tempfile.TemporaryDirectory(prefix="genai-bench-") as scratch:
            figures = whole_build_at_scale(Path(scratch), args.scale)
        print(f"whole build {args.scale}x: {json.dumps(figures)}")
        return 0
    if args.paragraph_only:
        with tempfile.TemporaryDirectory(prefix="genai-bench-") as scratch:
            corpus = load_corpus(Project(ROOT), int(EPOCH), update_lock=False)[0].corpus
            long_paragraph_bench(corpus, Path(scratch), show)
        return 0
    if args.ratio_only:
        for name, ratio in ratio_bench(args.runs, show).items():
            print(f"{name:<52} {ratio:8.2f}")
        return 0
    if args.dedupe_only:
        dedupe_bench(args.runs, show)
        return 0
    python = sys.executable
    gb = [python, "-m", "genai_build"]
    results: dict[str, dict] = {}

    def record(name: str, seconds: float, samples: list[float] | None = None, **extra) -> None:
        results[name] = {"median_s": round(seconds, 3), "samples_s": [round(s, 3) for s in samples or [seconds]], **extra}
        print(f"{name:<44} {seconds:8.2f} s  {extra if extra else ''}", flush=True)

    with tempfile.TemporaryDirectory(prefix="genai-bench-") as scratch:
        scratch_dir = Path(scratch)
        project = copy_project(scratch_dir / "project")
        out = project / "build"

        # 1. clean build of every output, in a child process; its peak memory too
        clean, clean_cpu = clean_build_figures(project, args.runs, record)

        # 2. no-op: the same build again, and a no-op `make` in the real checkout
        t, samples = median_time(lambda: run([*gb, "--root", str(project), "build", "--quiet", "--out", str(out)]), args.runs)
        record("no-op genai-build build", t, samples)
        if shutil.which("make") and (ROOT / "Makefile").exists():
            run(["make", "-s", "-C", str(ROOT)])  # bring the checkout up to date first (not timed)
            t, samples = median_time(lambda: run(["make", "-s", "-C", str(ROOT)]), max(args.runs, 5))
            record("no-op make", t, samples)

        # 3. one answer changed: Markdown, Anki and EPUB rebuilt
        dump = project / "content" / "sources" / "003_56c4a1881aa1859d.txt"
        original = dump.read_text(encoding="utf-8")
        marker = "Generative AI is artificial intelligence that generates new data"
        counter = iter(range(1000))

        def one_answer_changed(formats: list[str]) -> Callable[[], None]:
            def action() -> None:
                dump.write_text(original.replace(marker, f"{marker} (edit {next(counter)})", 1), encoding="utf-8")
                extra = [arg for f in formats for arg in ("--format", f)]
                run([*gb, "--root", str(project), "build", "--quiet", "--out", str(out), *extra])
            return action
        t, samples = median_time(one_answer_changed(["markdown", "anki", "epub"]), args.runs)
        record("one answer changed: markdown+anki+epub", t, samples)
        t, samples = median_time(one_answer_changed([]), args.runs)
        record("one answer changed: every output", t, samples)
        dump.write_text(original, encoding="utf-8")

        # 4. ingest + dedupe at 1x and 16x, against the targets (< 5 s and < 10 s)
        dedupe_bench(args.runs, record)

        # 5. PDF at 1x and 4x, and pandoc's own pipelines on the same content
        from genai_build.writers import WRITERS, WriteContext

        real = Project(ROOT)
        corpus = load_corpus(real, int(EPOCH), update_lock=False)[0].corpus
        pdf_times = {}
        for factor in (1, 4):
            scaled = scaled_corpus(corpus, factor) if factor > 1 else corpus
            ctx = WriteContext(out_dir=scratch_dir / f"pdf{factor}", templates_dir=real.templates, epoch=int(EPOCH), quiet=True)
            t, samples = median_time(lambda: WRITERS["pdf"].write(scaled, ctx), args.runs if factor == 1 else max(1, args.runs - 1))
            pdf_times[factor] = t
            record(f"PDF {factor}x ({len(scaled.questions)} questions)", t, samples)
        results["pdf_4x_over_1x"] = {"ratio": round(pdf_times[4] / pdf_times[1], 2)}
        print(f"{'PDF 4x / 1x':<44} {pdf_times[4] / pdf_times[1]:8.2f}")
        long_paragraph_bench(corpus, scratch_dir, record)

        import pypandoc
        pandoc = pypandoc.get_pandoc_path()
        env_path = pandoc_env()
        t_pdf, pdf_cpu = pandoc_pdf_figures(corpus, scratch_dir, args.runs, record)  # writes handbook.md
        t_epub, samples = median_time(lambda: run([pandoc, str(scratch_dir / "handbook.md"), "-o", str(scratch_dir / "p.epub")],
                                                  env=env_path), args.runs)
        record("pandoc Markdown -> EPUB", t_epub, samples)
        answers = scratch_dir / "answers.md"
        answers.write_text(corpus_markdown(corpus, answers_only=True), encoding="utf-8")
        t_answers, samples = median_time(lambda: run([pandoc, str(answers), "--pdf-engine=weasyprint", "-o", str(scratch_dir / "a.pdf")],
                                                     env=env_path), args.runs)
        record("pandoc --pdf-engine=weasyprint, answers only", t_answers, samples)
        # 6. the whole build, every edition, at 16x the book: once (it is long), with its peak memory
        figures = whole_build_at_scale(scratch_dir, args.scale)
        record(f"whole build {args.scale}x ({figures['questions']} questions)", figures["seconds"], None,
               **{key: value for key, value in figures.items() if key not in ("seconds", "questions")})

        results["ratios"] = {
            "clean_build_over_pandoc_weasyprint": round(clean / t_pdf, 2),
            "clean_build_cpu_over_pandoc_weasyprint_cpu": round(clean_cpu / pdf_cpu, 2),
            "our_pdf_1x_over_pandoc_weasyprint": round(pdf_times[1] / t_pdf, 2),
            "clean_build_over_pandoc_weasyprint_answers_only": round(clean / t_answers, 2),
            "our_pdf_1x_over_pandoc_weasyprint_answers_only": round(pdf_times[1] / t_answers, 2),
        }
        for name, ratio in results["ratios"].items():
            print(f"{name:<52} {ratio:8.2f}")

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps({"machine": {"cpus": os.cpu_count()}, "results": results}, indent=2) + "\n")
    print(f"wrote {out_dir / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
