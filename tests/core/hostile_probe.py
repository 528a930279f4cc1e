"""Import every module of a generated package under an audit hook, in its own process, and report.

Usage: python hostile_probe.py <out dir> <package> <requests.json>

Anything the imported code tries that a data-only package never does (run a command, spawn or fork a
process, open a socket, write or delete a file) is recorded and blocked. The report (JSON on stdout)
lists those events, the modules that failed to import, what every model class, enum and union holds
(docstrings, field aliases, defaults, enum values, literals), the field docstrings read from the source,
and the results of the validation requests in requests.json.
"""

from __future__ import annotations

import ast
import enum
import importlib
import itertools
import json
import os
import sys
import traceback
import types
import typing
import warnings
from pathlib import Path

EVENTS: list[list[str]] = []
_WATCHED = {
    "os.system", "subprocess.Popen", "os.posix_spawn", "os.fork", "os.forkpty", "pty.spawn",
    "socket.connect", "socket.bind", "socket.getaddrinfo", "os.remove", "os.rmdir", "shutil.rmtree",
    "os.rename", "os.truncate", "ctypes.dlopen", "webbrowser.open", "urllib.Request", "os.kill",
}  # fmt: skip
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Blocked(RuntimeError):
    pass


def _audit(event: str, args: tuple) -> None:
    suspicious = event in _WATCHED or event.startswith(("os.exec", "os.spawn"))
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        suspicious = bool(writing) and not str(path).startswith("/dev/")
    if suspicious:
        EVENTS.append(
            [
                event,
                repr(args)[:300],
                "".join(traceback.format_stack(limit=6)[:-1])[-1500:],
            ]
        )
        raise Blocked(f"blocked {event}")


def _jsonable(value):
    if isinstance(value, enum.Enum):
        return {"enum": type(value).__name__, "value": _jsonable(value.value)}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return {"repr": repr(value)}


def _stub_package(name: str, path: Path) -> None:
    module = types.ModuleType(name)
    module.__path__ = [str(path)]
    sys.modules[name] = module


def _field_docstrings(source: str) -> dict[str, dict[str, str]]:
    """class -> attribute -> the string literal right after the attribute (its docstring)."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            docs = {}
            for first, second in itertools.pairwise(node.body):
                if (
                    isinstance(first, ast.AnnAssign)
                    and isinstance(first.target, ast.Name)
                    and isinstance(second, ast.Expr)
                    and isinstance(second.value, ast.Constant)
                    and isinstance(second.value.value, str)
                ):
                    docs[first.target.id] = second.value.value
            found[node.name] = docs
    return found


def _describe(obj) -> dict | None:
    import pydantic
    from pydantic_core import PydanticUndefined

    if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel):
        fields = {}
        for name, info in obj.model_fields.items():
            entry = {
                "alias": info.alias,
                "required": info.is_required(),
                "annotation": str(info.annotation),
            }
            if info.default is not PydanticUndefined:
                entry["default"] = _jsonable(info.default)
            literal = _literal_args(info.annotation)
            if literal is not None:
                entry["literal"] = _jsonable(literal)
            fields[name] = entry
        return {"kind": "model", "doc": obj.__doc__, "fields": fields}
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        return {
            "kind": "enum",
            "doc": obj.__doc__,
            "values": [_jsonable(m.value) for m in obj],
            "members": [m.name for m in obj],
        }
    if type(obj).__name__ == "TypeAliasType":
        return {"kind": "union", "doc": getattr(obj, "__doc__", None)}
    return None


def _literal_args(annotation):
    stack = [annotation]
    while stack:
        current = stack.pop()
        if typing.get_origin(current) is typing.Literal:
            return list(typing.get_args(current))
        stack.extend(typing.get_args(current))
    return None


def main() -> None:
    out, package, requests_path = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    requests = json.loads(requests_path.read_text(encoding="utf-8"))
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(out))
    warnings.simplefilter("ignore")
    import pydantic

    sys.addaudithook(_audit)
    report: dict = {
        "import_errors": {},
        "objects": {},
        "field_docs": {},
        "string_constants": {},
        "requests": [],
    }
    package_dir = out / package
    for init, name in (
        (package_dir, package),
        (package_dir / "models", f"{package}.models"),
    ):
        try:
            importlib.import_module(name)
        except BaseException as exc:
            report["import_errors"][name] = f"{type(exc).__name__}: {exc}"
            _stub_package(name, init)
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(out).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        source = path.read_text(encoding="utf-8")
        try:
            report["string_constants"][name] = sorted(
                {
                    n.value
                    for n in ast.walk(ast.parse(source))
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                }
            )
            report["field_docs"].update(_field_docstrings(source))
        except SyntaxError as exc:
            report["import_errors"][name] = f"SyntaxError: {exc}"
            continue
        if name in report["import_errors"]:
            continue
        try:
            module = importlib.import_module(name)
        except BaseException as exc:
            report["import_errors"][name] = f"{type(exc).__name__}: {exc}"
            continue
        for attribute, value in list(vars(module).items()):
            owner = getattr(value, "__module__", None)
            if owner == name or (
                type(value).__name__ == "TypeAliasType"
                and attribute == getattr(value, "__name__", None)
            ):
                described = _describe(value)
                if described is not None and attribute not in report["objects"]:
                    report["objects"][attribute] = {**described, "module": name}
    for request in requests:
        result = {"request": request}
        try:
            module = importlib.import_module(request["module"])
            target = getattr(module, request["name"])
            adapter = pydantic.TypeAdapter(target)
            value = adapter.validate_json(json.dumps(request["payload"]))
            result["class"] = type(value).__name__
            result["dumped"] = json.loads(
                adapter.dump_json(value, by_alias=True, exclude_unset=True)
            )
        except BaseException as exc:
            result["error"] = f"{type(exc).__name__}: {exc}"[:2000]
        report["requests"].append(result)
    report["events"] = EVENTS
    sys.stdout.write(json.dumps(report))


if __name__ == "__main__":
    main()
