# The README's commands. Everything runs in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench messages migrate demo check-system clean e2e-deps

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	@touch $(STAMP)

check-system: $(STAMP)
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { \
	  echo ""; \
	  echo "WeasyPrint kan inte laddas: systembiblioteket Pango saknas."; \
	  echo "Installera det, till exempel på Debian/Ubuntu:"; \
	  echo "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b"; \
	  echo "och på macOS: brew install pango"; \
	  echo ""; exit 1; }
	@command -v msgfmt >/dev/null || { \
	  echo "msgfmt saknas (gettext). Installera: sudo apt-get install gettext"; exit 1; }

messages: $(STAMP)
	@$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

migrate: check-system messages
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Förbundsportalen: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# axe-core for the accessibility scans of the browser journeys (npm registry).
tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/e2e --no-audit --no-fund --silent; \
	else echo "npm saknas: webbläsartesterna hoppas över (CI kräver dem)"; fi

e2e-deps: tests/e2e/node_modules/axe-core/axe.min.js

test: check-system messages lint e2e-deps
	$(BIN)/python -m pytest

# The benchmark: its own database (var/bench.sqlite3, or DATABASE_URL), scale BENCH_SCALE.
bench: check-system messages
	@command -v wrk >/dev/null || { \
	  echo "wrk saknas (lastgeneratorn): sudo apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
