# The developer loop: `make check` runs what CI runs (lint, types, tests, drift check).
PY ?= python

.PHONY: check lint types test golden generate install

check: lint types test
	sdkforge check

install:
	$(PY) -m pip install -e '.[test]'

lint:
	ruff check generator tests benchmarks
	black --check -q generator tests benchmarks

types:
	mypy

test:
	$(PY) -m pytest

# Rewrite the golden trees and generated/ with the generator's own command; review the diff like code.
golden:
	sdkforge generate --spec tests/golden/chat-mini/spec.yaml --out tests/golden/chat-mini/expected --package chat_mini
	sdkforge generate
