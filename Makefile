# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k pricing"`.
PYTEST_ARGS ?=

.PHONY: run test install lint messages clean bench bench-placement bench-lighthouse shop-css bench-mix prod-proof bench-catalogue run-stripe

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# The marketplace on its embedded default: SQLite, demo data, pay at pickup, emails to the console.
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	# The clock jobs once (no-shows, reminders, emails to retry): production runs them every 5 minutes.
	$(PY) manage.py orders_jobs
	$(PY) manage.py runserver 127.0.0.1:8000

# The same, with online payment against the fake Stripe server on 127.0.0.1:8142 (no internet needed):
# `seed_demo` connects the first two demo shops. Test card: 4242 4242 4242 4242 (README, "Online payment").
RUN_PORT ?= 8000
STRIPE_PORT ?= 8142
STRIPE_DEMO = STRIPE_SECRET_KEY=sk_test_demo STRIPE_PUBLISHABLE_KEY=pk_test_demo \
	STRIPE_WEBHOOK_SECRET=whsec_demo_platform STRIPE_CONNECT_WEBHOOK_SECRET=whsec_demo_connect \
	STRIPE_API_BASE=http://127.0.0.1:$(STRIPE_PORT)

run-stripe: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) -m payments.devserver --port $(STRIPE_PORT) \
		--webhook-url http://127.0.0.1:$(RUN_PORT)/stripe/webhook/ --webhook-secret whsec_demo_platform \
		--connect-webhook-url http://127.0.0.1:$(RUN_PORT)/stripe/webhook/connect/ \
		--connect-webhook-secret whsec_demo_connect \
		& STRIPE_PID=$$!; trap "kill $$STRIPE_PID" EXIT INT TERM; sleep 2; \
	$(STRIPE_DEMO) $(PY) manage.py seed_demo && \
	$(STRIPE_DEMO) $(PY) manage.py orders_jobs && \
	$(STRIPE_DEMO) $(PY) manage.py runserver 127.0.0.1:$(RUN_PORT)

# The whole suite; DATABASE_URL=postgres://… runs it on PostgreSQL. Two pytest-xdist workers, each on its
# own test database, the race tests together on one of them (about 6 minutes on SQLite with 2 cores
# instead of 12); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: install
	mkdir -p var
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The benchmark at the territory's size (22,000 shops, 1,000,000 products) on PostgreSQL 127.0.0.1:5432,
# gunicorn and Debian's wrk; about 6 minutes, results appended to tests/bench/RESULTS.md.
# BENCH_ARGS="--keep" keeps the data for the next run.
BENCH_ARGS ?=
bench: install
	$(PY) tests/bench/run.py $(BENCH_ARGS)

# Placement of a 3-shop basket by 8 concurrent shoppers on PostgreSQL: p50/p95 and queries per placement.
bench-placement: install
	$(PY) tests/bench/placement.py $(BENCH_ARGS)

# Lighthouse (npm, mobile profile, Debian Chromium) 3 times per shopper page, the demo served as in production
# (gunicorn, WhiteNoise, nginx on 127.0.0.1:8810); medians appended to tests/bench/RESULTS.md. ~20 minutes.
bench-lighthouse: install
	$(PY) tests/bench/lighthouse.py $(BENCH_ARGS)

# static/css/shop.css: the rules of Oscar's stylesheet that the shopper pages' templates use (PurgeCSS from npm).
shop-css: install
	cd tools/shop-css && npm ci --no-audit --no-fund
	node tools/shop-css/build.mjs $$($(PY) -c "import oscar, os; print(os.path.dirname(oscar.__file__))")

# A realistic mix (Zipf-like storefronts and products, directory, search, 30 % signed in, page cache on) on
# the data set `make bench BENCH_ARGS="--keep"` built; appended to tests/bench/RESULTS.md.
bench-mix: install
	$(PY) tests/bench/mix.py $(BENCH_ARGS)

# The production layout of deploy/ on loopback (private PostgreSQL cluster, nginx, two gunicorn instances,
# Redis db 7, the worker), load and fault runs with SQL invariants; report in tests/bench/PROD_PROOF*.md.
# PROOF_ARGS="--ports 9300-9399 --redis-db 5" on a shared machine; --only NAME,… for a rehearsal.
# About 5 minutes; needs root or the postgres user for initdb, nginx, wrk. Not part of `make test`.
prod-proof: install
	$(PY) -m tests.bench.prod_proof $(PROOF_ARGS)

# A shop's 1,000-row CSV catalogue import on PostgreSQL: time and queries of each step, appended to RESULTS.md.
bench-catalogue: install
	$(PY) tests/bench/catalogue_import.py $(BENCH_ARGS)

# Style, then the architecture's rules: imports only downward (pyproject.toml) and the size limits.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) .ci/sizes.py

# Refresh the English catalogue (our source strings are French), list what is untranslated, compile (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests --no-obsolete
	msgattrib --untranslated locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv -l en -l fr

clean:
	rm -rf $(VENV) var
