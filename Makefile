# LAPOR Desk — the commands a newcomer, CI and IT use. Every target sets itself up first.
VENV    := .venv
PY      := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test test-fast lint bench setup system-deps translations screenshots installer clean

setup:
	@tools/bootstrap.sh

system-deps:
	@tools/system-deps.sh

translations: setup
	@$(PY) -m lapor_desk.tools.build_translations

## make demo: local central server with Mimika demo data over HTTPS, and the desk opened on it
demo: setup translations
	@env -u QT_QPA_PLATFORM $(PY) -m lapor_desk --demo

## make test: lint, layer contracts and every test (PostgreSQL, keyring and offscreen Qt included)
test: setup system-deps translations lint
	@$(PY) -m pytest $(PYTEST_ARGS)

test-fast: setup translations
	@$(PY) -m pytest -x -q -m "not slow and not postgres" $(PYTEST_ARGS)

lint: setup
	@$(VENV)/bin/ruff check lapor_core lapor_desk lapor_server tests bench
	@$(VENV)/bin/ruff format --check lapor_core lapor_desk lapor_server tests bench
	@$(VENV)/bin/lint-imports

bench: setup system-deps translations
	@$(PY) bench/run_all.py

screenshots: setup translations
	@$(PY) tools/screenshots.py

installer: setup translations
	@$(VENV)/bin/pip install --quiet "pyinstaller>=6.10"
	@$(VENV)/bin/pyinstaller --noconfirm build_installer.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
