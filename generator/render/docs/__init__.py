"""Docs pages: one Markdown page per model, operation type and error model, plus an index.

Python decides everything here (which rows, which cells, the snippet text, the padding width);
the templates under templates/docs/ only lay the decided pieces out. Two flavours share those
templates: `typescript` reproduces the reference generator's pages byte for byte, `python`
(the default) shows Python types, snake_case names and a snippet that runs against the
generated package.

Modules: `settings` (DocsSettings, paths, fixed texts), `values` and `examples` (the example
value of a type, independent of the language), `literals` (numbers and strings as JavaScript
and Go print them), `flavor` (the declared `DocsFlavor` interface) with `python` and
`typescript` implementing it, and `pages` (what each page kind shows).
"""

from .literals import example_cell, go_number, js_number
from .pages import render_docs
from .settings import DocsSettings, Flavor, OptionalProperties, page_path

__all__ = [
    "DocsSettings",
    "Flavor",
    "OptionalProperties",
    "example_cell",
    "go_number",
    "js_number",
    "page_path",
    "render_docs",
]
