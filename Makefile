# The README's commands. Everything runs in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint types format bench messages migrate demo check-system clean e2e-deps

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

# The development seal (core.seal): made once, self-signed, and used by the demo and
# the server unless SEAL_PKCS12_PATH names another; `make test` leaves it out.
DEV_SEAL := var/dev-seal.p12
demo run: export SEAL_PKCS12_PATH ?= $(DEV_SEAL)
# The links in e-mails and the iCal URL point at the port the server runs on
# (`PORT=8080 make run`), unless SITE_URL is given.
demo run: export SITE_URL ?= http://127.0.0.1:$(PORT)

$(DEV_SEAL): $(STAMP)
	$(BIN)/python manage.py create_dev_seal --path $(DEV_SEAL)

# The seal first: migrate runs the checks, and core.E002 fails on a missing seal.
demo: $(DEV_SEAL) migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Förbundsportalen: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The types, checked by mypy with django-stubs (configured in pyproject.toml).
types: $(STAMP)
	$(BIN)/mypy .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# axe-core for the accessibility scans of the browser journeys (npm registry).
tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/e2e --no-audit --no-fund --silent; \
	else echo "npm saknas: webbläsartesterna hoppas över (CI kräver dem)"; fi

e2e-deps: tests/e2e/node_modules/axe-core/axe.min.js

# The suite in one worker per core (TEST_WORKERS=1 for one process); a file's tests
# stay in one worker, as the real-Redis and worker-process tests expect.
TEST_WORKERS ?= auto
test: check-system messages lint types e2e-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The benchmark: its own database. DATABASE_URL if set; else PostgreSQL on 127.0.0.1 when it
# answers (database forbundsportalen_bench, made on first use); else var/bench.sqlite3.
# Scale BENCH_SCALE (1); cache Redis at BENCH_CACHE_URL (redis://127.0.0.1:6379/3).
BENCH_PG := postgres://postgres@127.0.0.1:5432/forbundsportalen_bench
bench: check-system messages
	@command -v wrk >/dev/null || { \
	  echo "wrk saknas (lastgeneratorn): sudo apt-get install wrk"; exit 1; }
	@if [ -z "$$DATABASE_URL" ] && command -v pg_isready >/dev/null \
	    && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  createdb -h 127.0.0.1 -U postgres forbundsportalen_bench 2>/dev/null || true; \
	  echo "bench: PostgreSQL, forbundsportalen_bench på 127.0.0.1"; \
	  DATABASE_URL=$(BENCH_PG) $(BIN)/python -m bench; \
	else $(BIN)/python -m bench; fi

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
