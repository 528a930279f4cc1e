"""sdkforge: an OpenAPI spec in, a typed pydantic SDK with docs and stream parsers out."""
