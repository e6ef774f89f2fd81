# The two commands in the README's first lines: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug

.PHONY: deps build run test bench install clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Builds everything and runs a real stage through the plugin protocol.
run: build
	$(BIN)/sluice plugins list
	$(BIN)/sluice plugins run sluice.hello-c/greet --with '{"name": "Sluice", "repeat": 2}' --output-dir .sluice/demo
	cat .sluice/demo/text

# Tests need the plugin products on disk, so build everything first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release
	.build/release/sluice-bench all

clean:
	rm -rf .build .sluice
