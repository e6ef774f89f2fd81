# The two commands in the README's first lines: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug

.PHONY: deps build run test bench install install-files clean

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
	cd $(EXAMPLE) && $(CURDIR)/$(BIN)/sluice models show diabetes@production

# Tests need the plugin products on disk, so build everything first.
test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release
	.build/release/sluice-bench all

# `make install PREFIX=DIR` (default /usr/local; DESTDIR is honoured): a release build
# laid out so that everything works from the installed copy:
#   bin/sluice                        the command
#   lib/sluice/plugins/*.so           the built-in plugins (found beside bin/ by sluice)
#   include/sluice/sluice_abi.h       the protocol's header, for C plugins
#   share/sluice/sdk/                 SluiceKit, SluiceJSON, SluiceKitTesting and the header as a
#                                     SwiftPM package, which `sluice plugin new --lang swift`
#                                     depends on by path
#   share/sluice/templates/           the templates of `sluice new` and `sluice plugin new`
# `make install-files` copies an existing build (BUILD_DIR) without building.
PREFIX ?= /usr/local
CONFIG ?= release
BUILD_DIR ?= .build/$(CONFIG)
DEST = $(DESTDIR)$(PREFIX)

install: deps
	$(SWIFT) build -c $(CONFIG)
	$(MAKE) install-files BUILD_DIR=$$($(SWIFT) build -c $(CONFIG) --show-bin-path)

install-files:
	@test -x "$(BUILD_DIR)/sluice" || { echo "error: $(BUILD_DIR)/sluice is missing: build first (make install builds)" >&2; exit 1; }
	install -d "$(DEST)/bin" "$(DEST)/lib/sluice/plugins" "$(DEST)/include/sluice" "$(DEST)/share/sluice"
	install -m 755 "$(BUILD_DIR)/sluice" "$(DEST)/bin/sluice"
	install -m 755 "$(BUILD_DIR)"/libSluicePlugin*.so "$(DEST)/lib/sluice/plugins/"
	install -m 644 Sources/CSluiceABI/include/sluice_abi.h "$(DEST)/include/sluice/sluice_abi.h"
	rm -rf "$(DEST)/share/sluice/sdk" "$(DEST)/share/sluice/templates"
	install -d "$(DEST)/share/sluice/sdk/Sources" "$(DEST)/share/sluice/templates"
	cp -R Sources/SluiceKit Sources/SluiceJSON Sources/SluiceKitTesting Sources/CSluiceABI "$(DEST)/share/sluice/sdk/Sources/"
	printf '%s\n' "$$SDK_MANIFEST" > "$(DEST)/share/sluice/sdk/Package.swift"
	cp -R templates/. "$(DEST)/share/sluice/templates/"
	@echo "installed sluice in $(DEST): add $(DEST)/bin to PATH"

# The installed SDK's manifest: SluiceKit, SluiceJSON, SluiceKitTesting (for plugin tests) and the
# header only, so that a plugin package depending on it builds without fetching anything.
define SDK_MANIFEST
// swift-tools-version:6.0
// The Sluice plugin SDK as installed by `make install`: plugin packages depend on it by
// path, e.g. .package(path: "PREFIX/share/sluice/sdk").
import PackageDescription

let package = Package(
    name: "SluiceSDK",
    products: [
        .library(name: "SluiceKit", targets: ["SluiceKit"]),
        .library(name: "SluiceJSON", targets: ["SluiceJSON"]),
        .library(name: "SluiceKitTesting", targets: ["SluiceKitTesting"]),
    ],
    targets: [
        .target(name: "CSluiceABI", path: "Sources/CSluiceABI"),
        .target(name: "SluiceJSON", path: "Sources/SluiceJSON"),
        .target(name: "SluiceKit", dependencies: ["CSluiceABI", "SluiceJSON"], path: "Sources/SluiceKit"),
        .target(name: "SluiceKitTesting", dependencies: ["CSluiceABI", "SluiceJSON", "SluiceKit"], path: "Sources/SluiceKitTesting"),
    ]
)
endef
export SDK_MANIFEST

clean:
	rm -rf .build .sluice
