# LAPOR Desk — the commands a newcomer, CI and IT use. Every target sets itself up first.
VENV    := .venv
PY      := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: demo test test-fast lint bench setup system-deps translations screenshots web-screenshots installer deb clean

setup:
	@tools/bootstrap.sh

system-deps:
	@tools/system-deps.sh

translations: setup
	@$(PY) -m lapor_desk.tools.build_translations

## make demo: local central server with Mimika demo data over HTTPS, and the desk opened on it;
## it prints the address of Akai Meno, the citizens' web channel of the same server
## (make demo DEMO_ARGS='--demo-role koordinator': the desk of the coordinator, who screens them)
demo: setup translations
	@env -u QT_QPA_PLATFORM $(PY) -m lapor_desk --demo $(DEMO_ARGS)

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
	@# The real window at an office laptop's size and at full HD (needs xvfb-run: apt install xvfb)
	@for size in 1366x768 1920x1080; do \
	  xvfb-run -a -s "-screen 0 $${size}x24" $(PY) tools/screenshots_walk.py $$size; done

## make web-screenshots: Akai Meno's pages in Debian's chromium at 360 and 1280 px (tools/web_screenshots.py)
web-screenshots: setup system-deps
	@$(PY) tools/web_screenshots.py

## make installer: the desk as a PyInstaller onedir bundle in dist/lapor-desk (docs/deploy.md)
installer: setup translations
	@$(VENV)/bin/pip install --quiet "pyinstaller>=6.10,<7"
	@$(PY) installer/make_icons.py build/icons >/dev/null
	@$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build_installer.spec
	@QT_QPA_PLATFORM=offscreen dist/lapor-desk/lapor-desk --self-test
	@du -sh dist/lapor-desk

## make deb: the Linux package dist/lapor-desk_<version>_<arch>.deb built from that bundle
deb: installer
	@$(PY) installer/linux/build_deb.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
