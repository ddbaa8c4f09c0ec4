# khabar: `make run` (main job on the bundled sample) and `make test` (whole suite).
# Both set everything up first: Debian packages (when missing), the virtualenv and
# the Python packages.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= build/sample.db
STAMP  := $(VENV)/.installed

.PHONY: run test setup deps-debian bench clean

setup: $(STAMP)

# Debian packages the tests need: PostgreSQL (a throw-away cluster on
# 127.0.0.1 is started by the tests, scripts/pg_test_cluster.sh) and Chromium
# (the dashboard's browser tests drive /usr/bin/chromium through Playwright;
# no browser is downloaded). Installed only when missing; needs root (or sudo).
deps-debian:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[parquet,stories,actors,postgres,server,dask,dev]"
	touch $(STAMP)

run: setup
	@mkdir -p build
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/khabar ingest corpus/sample --db $(DB)
	$(BIN)/khabar report --db $(DB)

test: setup deps-debian
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/ingest_throughput.py --limit 5000
	$(BIN)/python bench/ingest_throughput.py

clean:
	rm -rf build .pytest_cache

# Retrain the Arabic and Persian NER models (khabar/data/ner/) from ../shared;
# about 15 minutes on 2 cores. See docs/models/ner.md.
.PHONY: ner-model
ner-model: setup
	$(BIN)/pip install -q python-crfsuite persian-gender-detection
	$(BIN)/python scripts/train_ner.py

# The fine-tuned e5 taggers of the "e5" NER mode (khabar/data/ner/<lang>.e5.npz):
# first-round CRFs (to choose the mixing weight), then both rounds of the
# e5 fine-tuning; PyTorch (CPU build) at training time only. About 70 minutes
# on 2 cores. See docs/models/ner.md.
.PHONY: ner-e5-model
ner-e5-model: setup
	$(BIN)/pip install -q python-crfsuite persian-gender-detection torch==2.13.0
	$(BIN)/python scripts/train_ner.py --held-out-only --out build/ner-heldout
	$(BIN)/python scripts/train_ner_e5.py --crf-dir build/ner-heldout

# One-word city names that annotated text uses as everyday words
# (khabar/data/common_city_words.json), from ../shared/eval/ner; a few seconds.
.PHONY: city-words
city-words: setup
	$(BIN)/python scripts/build_city_words.py

# Cross-script name model (khabar/data/translit_model.npz) from the Wikidata
# name pairs in ../shared/eval/names/; about 3 minutes on 2 cores, then the dev
# evaluation (~1 minute). See docs/models/translit.md.
.PHONY: translit-model
translit-model: setup
	$(BIN)/python scripts/train_translit.py
