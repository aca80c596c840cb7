# The README's two commands: `make demo` and `make test`. Both create or refresh .venv from
# the project's own pinned files first, so a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
STAMP  := $(VENV)/.diplokg-installed
OUT    ?= out

.PHONY: demo test test-fast venv browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Headless Chromium for the viewer's browser tests (Debian package; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: browser tests will be skipped"; fi; }

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(KG) build examples/articles --store $(OUT)/kg-store
	$(KG) query events-by-type --store $(OUT)/kg-store
	$(KG) query who-met-whom --store $(OUT)/kg-store
	$(KG) export --store $(OUT)/kg-store --output $(OUT)/graph.trig
	$(KG) view --store $(OUT)/kg-store --output $(OUT)/graph.html
	@echo
	@echo "made: $(OUT)/kg-store (the store), $(OUT)/graph.trig (an export), $(OUT)/graph.html (open it in a browser)"
	@echo "next: . $(VENV)/bin/activate   (puts kg on your PATH), then try the README's commands"

test: $(STAMP) browser
	$(PY) -m pytest

# The quick loop: every test and doctest that needs neither the spaCy model nor a browser, in two
# processes (pytest-xdist; each test builds what it changes, so they share nothing).
test-fast: $(STAMP)
	$(PY) -m pytest -q -n 2 -m "not slow and not browser"

clean:
	rm -rf $(OUT) $(VENV) build *.egg-info test-artifacts
