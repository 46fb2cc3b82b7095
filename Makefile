# Two commands a newcomer needs: `make demo` and `make test`. Both install what is
# missing (Debian packages, the .venv) and are fast when nothing is.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
DEMO_DIR ?= demo
PYTEST_ARGS ?=
TORCH_CPU_WHEEL ?= /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl

.PHONY: demo test test-fast bench bench-quick system venv clean-demo

system: $(STAMPS)/system
venv: $(VENV)/.installed

# Debian packages: OCR with Chinese, CJK fonts (the generator's typefaces: WQY Zen Hei,
# AR PL UMing and UKai, Noto Serif/Sans CJK, LXGW WenKai, WenQuanYi Micro Hei, TW-Sung), PDF tools, PostgreSQL for the catalog
# tests, Chromium for the review app's browser tests.
$(STAMPS)/system: scripts/install-system.sh
	@bash scripts/install-system.sh
	@mkdir -p $(STAMPS) && touch $@

$(VENV)/.installed: pyproject.toml | $(STAMPS)/system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test,bench]'
	@# The ppocr-torch engine's equivalence test needs torch; take the CPU build
	@# this machine kind ships (PyPI's default build drags in gigabytes of CUDA).
	@if [ -f $(TORCH_CPU_WHEEL) ]; then \
	  $(PY) -m pip install -q $(TORCH_CPU_WHEEL) && $(PY) -m pip install -q -e '.[test,bench,gpu]'; \
	else echo "no CPU torch wheel at $(TORCH_CPU_WHEEL): the ppocr-torch tests will skip"; fi
	@touch $@

demo: venv
	@rm -rf $(DEMO_DIR)/archive
	@$(VENV)/bin/fengcun synth --out $(DEMO_DIR)/archive --dossiers 8 --seed 7
	@export FENGCUN_KEY_FILE=$(DEMO_DIR)/master.key; \
	  test -f $$FENGCUN_KEY_FILE || $(VENV)/bin/fengcun keys init; \
	  code=0; $(VENV)/bin/fengcun process $(DEMO_DIR)/archive --store $(DEMO_DIR)/store --create || code=$$?; \
	  $(VENV)/bin/fengcun status --store $(DEMO_DIR)/store --limit 10; \
	  echo "outputs: $(DEMO_DIR)/store/outputs   records: FENGCUN_KEY_FILE=$(DEMO_DIR)/master.key fengcun export --store $(DEMO_DIR)/store"; \
	  test $$code -eq 0 -o $$code -eq 4   # 4: some dossiers wait for review, as a demo's should

test: venv
	@bash scripts/start-postgres.sh || echo "PostgreSQL could not start: its tests will be skipped with that reason"
	@OMP_THREAD_LIMIT=1 $(PY) -m pytest $(PYTEST_ARGS)

test-fast: venv
	@OMP_THREAD_LIMIT=1 $(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

bench: venv
	@OMP_THREAD_LIMIT=1 $(PY) -m bench.run $(BENCH_ARGS)

bench-quick: BENCH_ARGS += --quick
bench-quick: bench

clean-demo:
	rm -rf $(DEMO_DIR)
