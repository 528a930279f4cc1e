"""Loading a spec: parse YAML/JSON, validate its structure, resolve `$ref`s, report errors with places."""

from .errors import SpecError
from .load import SpecDocument, load_spec

__all__ = ["SpecDocument", "SpecError", "load_spec"]
