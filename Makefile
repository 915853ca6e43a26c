# The two commands: `make run` and `make test` (see README.md). Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.setup-done
PLUGIN_CFGS := $(wildcard plugins/*/setup.cfg)
DEV_ENV := PORSCHE_WEB_ENVIRONMENT=development
SMTP_PORT ?= 8025
RUN_ENV := $(DEV_ENV) PORSCHE_WEB_PUBLIC_BASE_URL=http://127.0.0.1:$(PORT) PORSCHE_WEB_OUTBOX_VIEWER=true PORSCHE_WEB_PCM_SIMULATOR=true PORSCHE_WEB_DEV_CLOCK=true PORSCHE_WEB_SMTP_HOST=127.0.0.1 PORSCHE_WEB_SMTP_PORT=$(SMTP_PORT)
TOX := $(BIN)/tox run --skip-missing-interpreters false

.PHONY: run serve test setup translations lint i18n py pg e2e clean constraints

run: setup
	$(DEV_ENV) $(BIN)/flask --app porsche_web db upgrade
	$(DEV_ENV) $(BIN)/flask --app porsche_web demo seed
	# A local SMTP sink (mail goes nowhere; read it at /dev/outbox), the outbox deliverer, the
	# invitation scheduler (invitations send-due every 5 minutes), the session purge (every
	# 10 minutes), the data export job (every 30 s), the Data Pass, service and late charging card
	# reminders (hourly)
	# and the release job (sold cars whose waiting period is over, every 10 minutes) run in the
	# background while the site is served; all stop with it.
	$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(SMTP_PORT) -c aiosmtpd.handlers.Sink & sink=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web outbox deliver & deliverer=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web invitations run & inviter=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web sessions purge --every 600 & purger=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web privacy exports --every 30 & exporter=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web datapass remind --every 3600 & reminder=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web subscriptions remind --every 3600 & renewals=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web charging remind --every 3600 & cards=$$!; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web sale apply-due --every 600 & releaser=$$!; \
	  trap 'kill $$sink $$deliverer $$inviter $$purger $$exporter $$reminder $$renewals $$cards $$releaser 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/flask --app porsche_web run --host 127.0.0.1 --port $(PORT)

# Production: gunicorn in production configuration (PORSCHE_WEB_* from the environment; see
# README "Deploying"), with the outbox deliverer, the invitation scheduler, the session purge,
# the data export job, the Data Pass, service and late charging card reminders and the release
# job.
# SIGTERM drains (/readyz 503), lets requests in flight finish, then stops everything.
serve: setup
	$(BIN)/flask --app porsche_web db upgrade
	$(BIN)/flask --app porsche_web outbox deliver & deliverer=$$!; \
	  $(BIN)/flask --app porsche_web invitations run & inviter=$$!; \
	  $(BIN)/flask --app porsche_web sessions purge --every 600 & purger=$$!; \
	  $(BIN)/flask --app porsche_web privacy exports --every 30 & exporter=$$!; \
	  $(BIN)/flask --app porsche_web datapass remind --every 3600 & reminder=$$!; \
	  $(BIN)/flask --app porsche_web subscriptions remind --every 3600 & renewals=$$!; \
	  $(BIN)/flask --app porsche_web charging remind --every 3600 & cards=$$!; \
	  $(BIN)/flask --app porsche_web sale apply-due --every 600 & releaser=$$!; \
	  $(BIN)/gunicorn -c python:porsche_web.ops.gunicorn_config & server=$$!; \
	  trap 'kill -TERM $$server 2>/dev/null; wait $$server; kill -TERM $$deliverer $$inviter $$purger $$exporter $$reminder $$renewals $$cards $$releaser 2>/dev/null; wait' INT TERM; \
	  wait $$server; status=$$?; kill -TERM $$deliverer $$inviter $$purger $$exporter $$reminder $$renewals $$cards $$releaser 2>/dev/null; wait; exit $$status

test: setup
	tools/system-deps.sh test
	$(MAKE) $(VNU)
	$(TOX) -e lint,i18n,py,pg,e2e

# The W3C Nu HTML checker (npm vnu-jar, pinned in package-lock.json; Java from Debian, never
# the package's own Java download: --ignore-scripts). The e2e run checks every page with it.
VNU := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(STAMP) translations

$(STAMP): setup.cfg pyproject.toml constraints.txt $(PLUGIN_CFGS)
	PYTHON=$(PYTHON) tools/system-deps.sh run
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,dev]'
	$(BIN)/python tools/install_plugins.py
	touch $@

translations: $(STAMP)
	$(BIN)/python tools/i18n.py compile

lint: setup
	$(TOX) -e lint

i18n: setup
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py check

py: setup
	$(TOX) -e py

pg: setup
	tools/system-deps.sh test
	$(TOX) -e pg

# One journey or a few: make e2e ARGS="-k activation" (ARGS go to pytest; README "QA").
e2e: setup
	tools/system-deps.sh test
	$(MAKE) $(VNU)
	$(TOX) -e e2e -- $(ARGS)

# After changing dependencies in setup.cfg: pin what the virtualenv resolved.
constraints: setup
	{ echo "# Exact versions we test with (make and tox install with -c constraints.txt)."; \
	  echo "# Regenerate: make constraints (after changing setup.cfg)."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v -i '^porsche'; } > constraints.txt

clean:
	rm -rf $(VENV) .tox build dist *.egg-info plugins/*/*.egg-info node_modules
	find . -name '*.mo' -not -path './.venv/*' -delete
