"""Spec strings as Python source: every value from the spec reaches generated code through here.

Strings become escaped literals (never code), in the quote style black would pick, so most
generated modules are black-clean as rendered and black only has to touch the rest.
"""

from __future__ import annotations

import math
import re
from typing import Any

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Exactly the characters `_escape_char` changes; the rest of a text is copied in one go (most
# descriptions have none: escaping them character by character was a hot spot on large specs).
_ESCAPED = re.compile("[\\\\\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")
# The same without the line feed, which a docstring keeps.
_ESCAPED_IN_DOCSTRING = re.compile(
    "[\\\\\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]"
)


def _escape_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if (
        code < 0x20
        or code == 0x7F
        or 0xD800 <= code <= 0xDFFF
        or char in "\u2028\u2029\x85"
    ):
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    return char


def _escape_match(match: re.Match[str]) -> str:
    return _escape_char(match.group())


def py_string(text: str) -> str:
    """A Python string literal for any text: double quotes unless single quotes need fewer escapes."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = _ESCAPED.sub(_escape_match, text)
    return quote + body.replace(quote, "\\" + quote) + quote


def py_literal(value: Any) -> str:
    """A JSON value (from a default, const or enum) as a Python expression of the same value."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{py_string(str(k))}: {py_literal(v)}" for k, v in value.items()
            )
            + "}"
        )
    return py_string(str(value))


def docstring(text: str | None, indent: str = "") -> str | None:
    """A triple-quoted docstring literal for a description, or None when there is none.

    Backslashes and quote runs are escaped so the text can never close the literal early;
    lines are trimmed and re-indented exactly as black does it, so black leaves them alone.
    """
    if text is None:
        return None
    escaped = _ESCAPED_IN_DOCSTRING.sub(_escape_match, str(text))
    escaped = escaped.replace('"""', '\\"\\"\\"')
    lines = [line.expandtabs() for line in escaped.strip().split("\n")]
    if not lines[0]:
        return None
    rest = lines[1:]
    margin = min(
        (len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0
    )
    body_lines = [lines[0].strip()] + [
        indent + line[margin:].rstrip() if line.strip() else "" for line in rest
    ]
    body = "\n".join(body_lines)
    if body.startswith('"'):
        body = " " + body
    if body.endswith('"'):
        body += " "
    closing = '"""'
    if len(body_lines) > 1 and len(body_lines[-1]) + 3 > 88:
        closing = "\n" + indent + '"""'
    return '"""' + body + closing


def model_identifier(key: str) -> str:
    """The name a model is known by outside its own module: its class name, with its
    folder's when its key says the class name is another folder's too
    (`operations.Modality` -> `OperationsModality`; see `api.class_name_of`)."""
    folder, _, name = key.rpartition(".")
    return folder.capitalize() + name


def import_statement(
    module: str, name: str, indent: str = "", alias: str | None = None
) -> str:
    """`from module import name [as alias]`, wrapped the way black wraps it when too long."""
    if alias is not None and alias != name:
        name = f"{name} as {alias}"
    line = f"from {module} import {name}"
    if len(indent + line) <= 88:
        return line
    return f"from {module} import (\n{indent}    {name},\n{indent})"
