"""Literal printers: numbers and strings as JavaScript, Go (the Example column) and prettier write them.

The Python flavour's literals come from `..pysyntax` (the same printer as the generated code).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .values import plain


def _shortest(x: float) -> tuple[str, str, int]:
    """(sign, digits, dp) with x = sign 0.digits * 10**dp, in the shortest digits that round-trip."""
    sign = "-" if x < 0 else ""
    if x == 0:
        return sign, "0", 1
    t = Decimal(repr(abs(x))).as_tuple()
    assert isinstance(t.exponent, int)  # a finite float: not NaN or infinity
    digits = "".join(map(str, t.digits))
    return sign, digits.rstrip("0"), len(digits) + t.exponent


def _fixed(sign: str, digits: str, dp: int) -> str:
    if dp <= 0:
        return f"{sign}0." + "0" * (-dp) + digits
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return sign + digits[:dp] + "." + digits[dp:]


def _exponent(sign: str, digits: str, dp: int, min_exp_digits: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp = dp - 1
    return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):0{min_exp_digits}d}"


def js_number(x: int | float) -> str:
    """A number as JavaScript's Number#toString writes it."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if -6 < dp <= 21:
        return _fixed(sign, digits, dp)
    return _exponent(sign, digits, dp, 1)


def go_number(x: int | float) -> str:
    """A number as Go's fmt `%v` writes it (an example shown as a table cell): `%g`, shortest."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if (
        x != 0 and not -4 <= dp - 1 < 6
    ):  # shortest %g switches to %e outside [1e-4, 1e6)
        return _exponent(sign, digits, dp, 2)
    return _fixed(sign, digits, dp)


def go_json_number(x: int | float) -> str:
    """A number inside JSON as Go's encoding/json writes it."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if x != 0 and (abs(x) < 1e-6 or abs(x) >= 1e21):
        return _exponent(sign, digits, dp, 1)
    return _fixed(sign, digits, dp)


_GO_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
}


def go_json_string(text: str) -> str:
    out = []
    for char in text:
        if char in _GO_JSON_ESCAPES:
            out.append(_GO_JSON_ESCAPES[char])
        elif ord(char) < 0x20 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def go_json_lines(value: Any) -> list[str]:
    """The lines of Go's `json.MarshalIndent(value, "", "  ")`, keys in their order, unindented."""
    if isinstance(value, dict) and value:
        entries, brackets = [
            (go_json_string(str(k)) + ": ", v) for k, v in value.items()
        ], "{}"
    elif isinstance(value, list) and value:
        entries, brackets = [("", v) for v in value], "[]"
    elif isinstance(value, (dict, list)):
        return ["{}" if isinstance(value, dict) else "[]"]
    elif value is None or isinstance(value, bool):
        return [{None: "null", True: "true", False: "false"}[value]]
    elif isinstance(value, (int, float)):
        return [go_json_number(value)]
    else:
        return [go_json_string(str(plain(value)))]
    lines = [brackets[0]]
    for i, (prefix, item) in enumerate(entries):
        inner = go_json_lines(item)
        lines += [prefix + inner[0], *inner[1:]]
        if i < len(entries) - 1:
            lines[-1] += ","
    return [*lines, brackets[1]]


def example_cell(value: Any) -> str:
    """An example in the Example column (before `\\n` becomes `<br/>`)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_number(value)
    if isinstance(value, (dict, list)):
        # each line trimmed, joined by what becomes `<br/>`
        return "\n".join(go_json_lines(value))
    return str(plain(value))


def ts_string(text: str) -> str:
    """A string literal in double quotes, as the reference's snippets write every string (even
    one holding more double quotes than single ones: `"{\\"location\\": 1}"`)."""
    quote = '"'
    out = []
    for char in text:
        if char == quote or char == "\\":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


def ts_literal(value: Any) -> str:
    """A JSON scalar as a TypeScript literal."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (int, float)):
        return js_number(value)
    return ts_string(str(value))
