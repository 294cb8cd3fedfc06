# Descent Lab — the two commands are `make serve` and `make test`.
# Both install whatever the machine is missing first (scripts/setup.sh), then do their job.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMIUM ?= /usr/bin/chromium
CARGO_WASM := cargo test --target wasm32-unknown-unknown
# Every tests/web_*.rs is a wasm-bindgen-test suite run in headless Chromium.
WASM_TESTS := $(foreach t,$(wildcard tests/web_*.rs),--test $(basename $(notdir $(t))))

.PHONY: help setup setup-test serve dist test test-native test-wasm test-e2e bench clean

help:
	@echo "make serve   set up what is missing, build, and serve the lab on http://127.0.0.1:8080"
	@echo "make test    set up what is missing and run every test layer (native, wasm in Chromium, end-to-end)"
	@echo "make dist    release build into dist/ (one wasm module per lab, wasm-opt applied)"
	@echo "make bench   benchmarks in headless Chromium, printed as a table"

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

serve: setup
	trunk serve --offline --release --no-autoreload

dist: setup
	trunk build --offline --release
	@for f in dist/*.wasm; do printf 'wasm: %s: %s bytes, %s bytes gzip -9\n' "$$(basename $$f)" "$$(stat -c %s $$f)" "$$(gzip -9 -c $$f | wc -c)"; done

test: setup-test
	$(MAKE) --no-print-directory test-native
	$(MAKE) --no-print-directory test-wasm
	$(MAKE) --no-print-directory dist
	$(MAKE) --no-print-directory test-e2e
	@echo "make test: every layer passed"

test-native:
	cargo test --lib --tests

test-wasm:
	$(CARGO_WASM) $(WASM_TESTS)

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

bench: setup-test dist
	node tests/bench/run.mjs
	node tests/bench/raster.mjs
	node tests/bench/theory.mjs

clean:
	cargo clean
	rm -rf dist
