# The developer loop. `make check` runs exactly what CI runs (.ci/run: tests, drift check, gates).
PY ?= python

.PHONY: check lint types typecheck-generated test golden generate install

check:
	bash .ci/run

install:
	$(PY) -m pip install -e '.[test]'

lint:
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m black --check -q generator tests benchmarks

types:
	$(PY) -m mypy

# pyright (basic) over one generated tree per real spec in ../shared/specs/openrouter/
typecheck-generated:
	$(PY) tests/typecheck_generated.py

test:
	$(PY) -m pytest

# Rewrite the golden trees and generated/ with the generator's own command; review the diff like code.
golden:
	sdkforge generate --spec tests/golden/chat-mini/spec.yaml --out tests/golden/chat-mini/expected --package chat_mini
	sdkforge generate
