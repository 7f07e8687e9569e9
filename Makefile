# Coop'Assistant — the commands of the README:
#   make run    installs what is needed, builds or updates the index of corpus/, starts the app
#   make test   installs what the tests need and runs them (every tier: CI calls it)
#   make check  the fast tier of the tests (no model, browser, evaluation set nor stress run), ruff and mypy
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
# empty: coop serve takes COOP_HOST / COOP_PORT, else 127.0.0.1:7860 (make run PORT=8000 also works)
HOST   ?=
PORT   ?=
AXE    := .cache/npm/node_modules/axe-core/axe.min.js

.PHONY: run test check install bench-deps index lint bench eval browser ocr ocr-if-possible clean

run: install ocr-if-possible index
	$(BIN)/coop serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

test: install bench-deps browser ocr $(AXE)
	$(BIN)/python -m pytest -q -ra --durations=15

# The fast tier (hashing test embedder, under a minute), then the linters.
check: install bench-deps
	$(BIN)/python -m pytest -q -m "not model and not browser and not eval and not stress"
	$(BIN)/ruff check assistant tests scripts app.py
	$(BIN)/mypy

install: $(STAMP)

# torch first, pinned: plain "torch" would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# matplotlib (the bench extra): the chart of scripts/bench.py, and its tests.
bench-deps: $(BENCH_STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $(BENCH_STAMP)

# Exit code 10 means "indexed, but some files were skipped" (each reason is printed): the app still starts.
index: install
	$(BIN)/coop ingest || [ $$? -eq 10 ]

# Browser tests drive the system Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Installez Chromium : sudo apt-get install chromium" >&2; exit 1; fi; }

# Scanned documents: Tesseract and its French and English data (Debian packages), installed as root
# like Chromium; otherwise the exact command is printed. make test needs it; make run goes on without
# it (scanned files are then reported by coop ingest with the same command).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng
ocr:
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx fra \
	   && tesseract --list-langs 2>/dev/null | grep -qx eng; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then apt-get update -qq \
	    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; \
	  else echo "Lecture des documents scannés : installez Tesseract : sudo apt-get install $(OCR_PACKAGES)" >&2; exit 1; fi; }

ocr-if-possible:
	@$(MAKE) --no-print-directory ocr || echo "(sans Tesseract, les documents scannés sont signalés et ignorés)" >&2

# axe-core, the accessibility checker injected into the page by the browser tests (npm registry).
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4.14.1

lint: install
	$(BIN)/ruff check assistant tests scripts app.py
	$(BIN)/mypy

bench: install bench-deps
	$(BIN)/python scripts/bench.py

eval: install
	$(BIN)/coop eval ../shared/eval/dev.jsonl
	$(BIN)/coop eval ../shared/eval/cnil/questions.jsonl

clean:
	rm -rf index .pytest_cache .mypy_cache .ruff_cache test-artifacts
