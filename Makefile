# The two commands in the README's first lines: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug

.PHONY: deps build run test bench install clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Builds everything and runs the example pipeline end to end: it stops at its manual
# approval (exit code 6), is approved, and resumes to the release.
EXAMPLE := examples/diabetes
export SLUICE_PYTHON := $(CURDIR)/.venv/bin/python

run: build
	cd $(EXAMPLE) && $(CURDIR)/$(BIN)/sluice run; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 6 ]
	cd $(EXAMPLE) && $(CURDIR)/$(BIN)/sluice approve last release --by "$${USER:-make}" --note "approved by make run"
	cd $(EXAMPLE) && $(CURDIR)/$(BIN)/sluice resume last
	cd $(EXAMPLE) && $(CURDIR)/$(BIN)/sluice runs list

# Tests need the plugin products on disk, so build everything first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release
	.build/release/sluice-bench all

clean:
	rm -rf .build .sluice
