# The two commands a new user needs:
#   make lab    set up .venv and start JupyterLab on notebooks/ (127.0.0.1, token on)
#   make test   set up .venv if needed and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# the tests without a browser run on every core; a file's tests stay on one worker (a notebook's cells share a kernel)
PARALLEL := -n auto --dist loadfile

.PHONY: lab test test-fast lint mutate notebooks site bench gif clean

$(VENV)/.lab: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.lab requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# jupyter_config/: no news or update pop-ups (LabApp.news_url, LabApp.check_for_updates_class)
lab: $(VENV)/.lab
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter_config" $(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.ip=127.0.0.1 \
		--ServerApp.root_dir=notebooks

# the tests write bytecode caches (__pycache__/, ignored by git) even where PYTHONDONTWRITEBYTECODE is set: each
# test worker and notebook kernel would otherwise compile lrlab and the tests again
test test-fast: export PYTHONDONTWRITEBYTECODE :=

test: $(VENV)/.dev
	$(BIN)/ruff check lrlab tests tools benchmarks
	$(BIN)/ruff format --check lrlab tests tools benchmarks
	$(BIN)/mypy lrlab
	$(BIN)/python -m pytest $(PARALLEL) -m "not browser"
	$(BIN)/python -m pytest -m browser

test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest $(PARALLEL) -m "not browser"

# ruff (lint + format check) and mypy over the package (`make test` runs them first)
lint: $(VENV)/.dev
	$(BIN)/ruff check lrlab tests tools benchmarks
	$(BIN)/ruff format --check lrlab tests tools benchmarks
	$(BIN)/mypy lrlab

# mutation testing (slow, dev only): mutmut mutates the core modules and runs their fast unit tests
mutate: $(VENV)/.dev
	$(BIN)/mutmut run
	$(BIN)/mutmut results

notebooks: $(VENV)/.dev
	$(BIN)/python tools/run_notebooks.py

# the notebooks as a static website in site/ (explorers work with no kernel and no internet)
site: $(VENV)/.lab
	$(BIN)/python tools/build_site.py

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_grid.py
	$(BIN)/python benchmarks/bench_kernel_events.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_setup.py

gif: $(VENV)/.lab
	$(BIN)/python -m lrlab animate --lr 0.2 -o docs/descent.gif

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts mutants .mypy_cache .ruff_cache site build/site-npm
