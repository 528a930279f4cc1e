"""Renderers: the model of the API -> {output-relative path: file text}, one module per artifact."""
