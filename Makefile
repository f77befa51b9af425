# KAM Workbook: `make app` (the course as an app), `make lab` (JupyterLab),
# `make test` (the whole suite),
# `make demo` (the trainer pipeline on the sample cohort), `make bench` (speed figures).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
APP_PORT ?= 8866
STAMP  := $(VENV)/.installed-stamp
# make lab's own Jupyter config folder: the course's stylesheet, nothing from ~/.jupyter
LAB_CONFIG := $(VENV)/etc/kam-jupyter
DEMO   ?= build/demo
DIR    ?= notebooks   # make lab DIR=workbooks/spring/anna.smirnova opens a trainee's workbook
# JupyterLab refuses to start as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab app test demo bench lint clean

$(STAMP): pyproject.toml jupyter/overrides.json jupyter/custom/custom.css
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@mkdir -p $(LAB_CONFIG)/custom
	cp jupyter/custom/custom.css $(LAB_CONFIG)/custom/custom.css
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	JUPYTER_CONFIG_DIR="$(CURDIR)/$(LAB_CONFIG)" $(BIN)/python -m kam_lessons.lab "$(strip $(DIR))" --port $(PORT)

# The course as an app for one learner on this machine: the demo trainee, no roster.
app: $(STAMP)
	$(BIN)/python -m kam_lessons.app --port $(APP_PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest tests

demo: $(STAMP)
	$(BIN)/kam demo --out $(DEMO)

bench: $(STAMP)
	$(BIN)/python -m kam_lessons.bench
	$(BIN)/python -m kam_lessons.bench_app

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kam_lessons tests

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
