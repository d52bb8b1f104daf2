# Two commands for a fresh machine (see README.md):
#   make run    set up everything and start the assistant
#   make test   set up everything and run all tests
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
PY       := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
STAMP    := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-16)
KB_SRC   := $(shell find knowledge -name '*.yml') $(wildcard actions/kb/*.py)
NLU_SRC  := config.yml domain.yml $(shell find nlu_data -type f 2>/dev/null) $(wildcard nlu_components/*.py)
MODEL    := models/assistant.tar.gz
DB       := var/legal.db

.PHONY: help setup db train run test test-scale lock bench purge clean

help:
	@echo "make run    set up and start the assistant (REST on http://localhost:5005)"
	@echo "make test   set up and run all tests"
	@echo "make bench  run the benchmarks (results in bench/results/)"
	@echo "make purge  delete conversations older than RETENTION_DAYS (default 30)"

setup: $(STAMP)

$(STAMP): requirements.lock scripts/bootstrap.sh
	@bash scripts/bootstrap.sh

# The knowledge base is rebuilt only when its source files changed
# (the build itself is idempotent and compares fingerprints too).
db: $(DB)
$(DB): $(STAMP) $(KB_SRC)
	@$(PY) -m actions.kb.build
	@touch $(DB)

# The model is retrained only when config, domain or training data changed.
train: $(MODEL)
$(MODEL): $(STAMP) $(NLU_SRC)
	@mkdir -p models
	$(RASA) train --data nlu_data --config config.yml --domain domain.yml \
	    --out models --fixed-model-name assistant --quiet

run: $(STAMP) $(DB) $(MODEL)
	@bash scripts/run.sh

test: $(STAMP) $(DB) $(MODEL)
	@bash scripts/system_deps.sh
	@bash scripts/test.sh
	@$(MAKE) --no-print-directory test-scale

# The production profile (deploy/: PostgreSQL, Redis, nginx, 2 Rasa and 2 actions servers)
# started on this machine and driven by concurrent conversations (tests/scale).
test-scale: $(STAMP) $(MODEL)
	@bash scripts/test_scale.sh

bench: $(STAMP) $(DB)
	@$(PY) -m bench.kb_bench
	@$(PY) -m bench.report_bench

# The whole stack against stock Rasa over REST (trains both; about 25 minutes; not part of
# make test): bench/results.md. Sizes: make bench-stack ARGS="--long-runs 5 --seconds 60".
.PHONY: bench-stack
bench-stack: $(STAMP) $(DB)
	@$(PY) -m bench.stack_bench $(ARGS)

# Delete conversations older than RETENTION_DAYS (default 30) from the tracker store.
purge: $(STAMP)
	@source scripts/env.sh && $(PY) -m bot.retention

# Re-resolve requirements.lock from requirements.txt (needs the registry).
lock:
	@rm -rf .venv-lock && python3.10 -m venv .venv-lock \
	  && .venv-lock/bin/pip install --quiet -r requirements.txt \
	  && .venv-lock/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' > requirements.lock \
	  && rm -rf .venv-lock && echo "requirements.lock updated"

clean:
	rm -rf $(VENV) var models results .pytest_cache
