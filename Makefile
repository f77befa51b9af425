# KAM Workbook: `make lab` (the course in JupyterLab), `make test` (the whole suite),
# `make demo` (the trainer pipeline on the sample cohort), `make bench` (speed figures).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
STAMP  := $(VENV)/.installed-stamp
# make lab's own Jupyter config folder: the course's stylesheet, nothing from ~/.jupyter
LAB_CONFIG := $(VENV)/etc/kam-jupyter
DEMO   ?= build/demo
DIR    ?= notebooks   # make lab DIR=workbooks/spring/anna.smirnova opens a trainee's workbook
# JupyterLab refuses to start as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test demo bench lint clean

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
	JUPYTER_CONFIG_DIR="$(CURDIR)/$(LAB_CONFIG)" $(BIN)/jupyter lab $(ROOT_FLAG) --no-browser \
		--ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir="$(abspath $(strip $(DIR)))" \
		--LabApp.default_url=/lab/tree/01_stages.ipynb \
		--LabApp.custom_css=True

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax notebooks -q

demo: $(STAMP)
	$(BIN)/kam demo --out $(DEMO)

bench: $(STAMP)
	$(BIN)/python -m kam_lessons.bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check kam_lessons tests

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
