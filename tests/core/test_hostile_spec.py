"""A hostile spec is data, never code: the generated package imports, runs nothing, and keeps every string.

`specs/hostile.yaml` puts `\"\"\"`, `'''`, backslashes, newlines followed by `import os; os.system(...)`,
Jinja syntax, NUL and line-separator characters into descriptions, titles, summaries, paths, enum values,
defaults, consts and discriminator tags, and uses property and component names that are keywords,
builtins, pydantic attributes, digits-first, dotted, dashed, quoted or non-ASCII. The package is
imported in a separate process under an audit hook (`hostile_probe.py`) that blocks and reports any
command, process, socket or file write.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

from .helpers import HERE, json_differences, run_cli

SPEC = HERE / "specs" / "hostile.yaml"
PROBE = HERE / "hostile_probe.py"
PACKAGE = "hostile_sdk"
RAW = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
SCHEMAS = RAW["components"]["schemas"]
# Component key -> the class name the naming rules give it.
CLASS_NAMES = {
    "Hostile": "Hostile",
    "Weird-Enum": "WeirdEnum",
    "Lax-Enum": "LaxEnum",
    "IntEnum": "IntEnum",
    "Circle": "Circle",
    "Shape-Union": "ShapeUnion",
    "Enum": "EnumT",
    "Open.Enum": "OpenEnumT",
}


def _hostile_payload() -> dict:
    """A value for every property of Hostile, under its wire name."""
    payload = {}
    for wire, schema in SCHEMAS["Hostile"]["properties"].items():
        if "const" in schema:
            payload[wire] = schema["const"]
        elif "$ref" in schema:
            continue
        elif schema.get("type") == "integer":
            payload[wire] = 3
        elif schema.get("type") == "number":
            payload[wire] = 2.5
        elif schema.get("type") == "boolean":
            payload[wire] = True
        elif schema.get("type") == "array":
            payload[wire] = ['x"y', "\\"]
        elif schema.get("type") == "object":
            payload[wire] = {"k'\"": "v"}
        else:
            payload[wire] = f"value of {wire!r} \"\"\" '''"
    payload["kind"] = SCHEMAS["Weird-Enum"]["enum"][8]
    payload["lax"] = 'not listed """'
    payload["level"] = -2
    payload["shape"] = {"type": 'circle "round"', "r": 1}
    payload['x-unknown "extra"'] = {"nested'": [None, 1, 1.0]}
    return payload


REQUESTS = [
    {
        "module": f"{PACKAGE}.models.hostile",
        "name": "Hostile",
        "payload": _hostile_payload(),
    },
    {
        "module": f"{PACKAGE}.models.shapeunion",
        "name": "ShapeUnion",
        "payload": {"type": 'circle "round"', "r": 1},
    },
    {
        "module": f"{PACKAGE}.models.shapeunion",
        "name": "ShapeUnion",
        "payload": {"type": "sq'uare\\", "side": 2},
    },
    {
        "module": f"{PACKAGE}.models.weirdenum",
        "name": "WeirdEnum",
        "payload": "nul\x00byte",
    },
    {"module": f"{PACKAGE}.models.laxenum", "name": "LaxEnum", "payload": "back\\door"},
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Generate the hostile spec, then import all of it in a probe process; return (out, result, report)."""
    work = tmp_path_factory.mktemp("hostile")
    out = work / "out"
    result = run_cli(
        "generate", "--spec", SPEC, "--out", out, "--package", PACKAGE, cwd=work
    )
    if result.returncode != 0:
        pytest.fail(
            f"the hostile spec must generate (exit {result.returncode}):\n{result.stderr}",
            pytrace=False,
        )
    requests = work / "requests.json"
    requests.write_text(json.dumps(REQUESTS), encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-B", str(PROBE), str(out), PACKAGE, str(requests)],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    return work, out, json.loads(probe.stdout)


def normalized_doc(text: str) -> str:
    """What a docstring means, whitespace aside: as `inspect.cleandoc`, without trailing spaces."""
    cleaned = inspect.cleandoc(
        text.replace("\t", "\x01")
    )  # tabs would expand by column: keep them as they are
    return (
        "\n".join(line.rstrip() for line in cleaned.split("\n"))
        .strip()
        .replace("\x01", "\t")
    )


def fields_by_wire_name(report: dict, class_name: str) -> dict[str, tuple[str, dict]]:
    fields = report["objects"][class_name]["fields"]
    return {(info["alias"] or name): (name, info) for name, info in fields.items()}


# ---- nothing runs -------------------------------------------------------------------------------


def test_importing_the_package_runs_nothing_from_the_spec(hostile):
    work, _out, report = hostile
    events = [f"{event} {args}\n{stack}" for event, args, stack in report["events"]]
    assert not events, "the generated package tried to act on import:\n" + "\n".join(
        events
    )
    assert not list(work.rglob("HOSTILE_RAN_*")), "a command from the spec ran"


def test_every_generated_module_imports(hostile):
    _, _, report = hostile
    assert not report["import_errors"], json.dumps(
        report["import_errors"], indent=1, ensure_ascii=False
    )


def test_every_component_becomes_an_importable_class(hostile):
    _, _, report = hostile
    missing = [
        key for key, name in CLASS_NAMES.items() if name not in report["objects"]
    ]
    assert not missing, missing
    names = ("Class", "Import", "Str", "ListT", "Json", "Schema", "Type", "OneStThing", "Cafe", "FieldT", "OptionalT",
             "DeprecatedModelT", "ErrorsT", "OperationsT", "Shadowing", "TypeAliasTypeT", "ShadowUnion")  # fmt: skip
    # Names of the package's own helpers and subpackages take the `T` suffix of reserved words:
    # `Errors` would live in models/errors.py, which the models/errors/ subpackage hides.
    unreachable = [name for name in names if name not in report["objects"]]
    assert not unreachable, f"not importable from their modules: {unreachable}"


# ---- strings survive --------------------------------------------------------------------------------


def test_model_and_enum_descriptions_survive(hostile):
    _, _, report = hostile
    for key in ("Hostile", "Weird-Enum", "Circle"):
        doc = report["objects"][CLASS_NAMES[key]]["doc"]
        assert doc is not None, key
        assert normalized_doc(doc) == normalized_doc(SCHEMAS[key]["description"]), key


def test_field_descriptions_survive_as_docstrings(hostile):
    _, _, report = hostile
    by_wire = fields_by_wire_name(report, "Hostile")
    docs = report["field_docs"]["Hostile"]
    checked = 0
    for wire, schema in SCHEMAS["Hostile"]["properties"].items():
        if "description" not in schema:
            continue
        python_name = by_wire[wire][0]
        assert python_name in docs, f"{wire}: no docstring"
        assert normalized_doc(docs[python_name]) == normalized_doc(
            schema["description"]
        ), wire
        checked += 1
    assert checked >= 4


def test_enum_values_survive_exactly(hostile):
    _, _, report = hostile
    for key in ("Weird-Enum", "Lax-Enum", "IntEnum", "Enum"):
        values = report["objects"][CLASS_NAMES[key]]["values"]
        expected = [v for v in SCHEMAS[key]["enum"] if v is not None]
        assert not json_differences(expected, values), key
        members = report["objects"][CLASS_NAMES[key]]["members"]
        assert all(member.isidentifier() for member in members), members


def test_defaults_survive_exactly(hostile):
    _, _, report = hostile
    by_wire = fields_by_wire_name(report, "Hostile")
    with_default = {
        wire: schema["default"]
        for wire, schema in SCHEMAS["Hostile"]["properties"].items()
        if "default" in schema
    }
    assert len(with_default) >= 7
    for wire, default in with_default.items():
        _, info = by_wire[wire]
        assert "default" in info, wire
        assert not json_differences(default, info["default"]), (
            wire,
            default,
            info["default"],
        )


def test_const_with_quotes_and_backslashes_survives(hostile):
    _, _, report = hostile
    _, info = fields_by_wire_name(report, "Hostile")["quoted_const"]
    assert info["literal"] == [
        SCHEMAS["Hostile"]["properties"]["quoted_const"]["const"]
    ]


def test_every_property_name_is_a_wire_name_and_round_trips(hostile):
    _, _, report = hostile
    by_wire = fields_by_wire_name(report, "Hostile")
    assert set(by_wire) == set(SCHEMAS["Hostile"]["properties"])
    for wire, (python_name, _) in by_wire.items():
        assert python_name.isidentifier() and python_name.isascii(), (wire, python_name)
        assert not python_name.startswith("_"), python_name
    result = report["requests"][0]
    assert "error" not in result, result.get("error")
    assert not json_differences(REQUESTS[0]["payload"], result["dumped"])


def test_discriminator_tags_with_quotes_and_backslashes_select_their_member(hostile):
    _, _, report = hostile
    circle, square = report["requests"][1], report["requests"][2]
    assert circle.get("class") == "Circle", circle.get("error")
    assert square.get("class") == "Square", square.get("error")
    assert circle["dumped"] == REQUESTS[1]["payload"]
    assert square["dumped"] == REQUESTS[2]["payload"]


def test_enum_values_with_nul_and_backslashes_validate(hostile):
    _, _, report = hostile
    for result in report["requests"][3:]:
        assert "error" not in result, result.get("error")
        assert result["dumped"] == result["request"]["payload"]


def test_operation_strings_reach_the_client_as_data(hostile):
    _, out, report = hostile
    assert (out / PACKAGE / "client.py").is_file(), "the client module is missing"
    # The operations live in the group modules, resources/<group>.py.
    constants = {
        constant
        for module, strings in report["string_constants"].items()
        if module.startswith(f"{PACKAGE}.resources.")
        for constant in strings
    }
    (path,) = RAW["paths"]
    assert path in constants, "the operation path did not survive as a string literal"
    summary = RAW["paths"][path]["get"]["summary"]
    # The method's docstring is the summary, then (after blank lines) the description and `Args:`.
    assert any(
        normalized_doc(c).split("\n\n")[0] == normalized_doc(summary) for c in constants
    ), "the summary did not survive"


def test_title_and_version_reach_pyproject_and_the_package_docstring_as_data(hostile):
    _, out, report = hostile
    meta = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert RAW["info"]["title"] in meta["project"]["description"]
    init_strings = report["string_constants"].get(PACKAGE, [])
    assert any(
        RAW["info"]["title"] in text for text in init_strings
    ), "the title is not one string literal in __init__.py"


def test_hostile_tree_is_black_clean(hostile):
    _, out, _ = hostile
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_generated_text_files_have_no_raw_control_characters(hostile):
    """NUL, U+2028 and NEL from the spec appear escaped in Python sources, never raw."""
    _, out, _ = hostile
    bad = []
    for path in sorted((out / PACKAGE).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for char in ("\x00", "\u2028", "\x85", "\r"):
            if char in text:
                bad.append(f"{path.relative_to(out)}: {char!r}")
    assert not bad, bad


def test_the_probe_catches_a_module_that_acts_on_import(tmp_path):
    """The audit hook is what makes `runs nothing` meaningful: prove it blocks and reports."""
    package = tmp_path / "out" / "evil_sdk"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models" / "__init__.py").write_text("")
    (package / "models" / "evil.py").write_text(
        "import os, subprocess\n" "os.system('touch HOSTILE_RAN_SELFTEST')\n"
    )
    (package / "models" / "writer.py").write_text(
        "open('HOSTILE_RAN_WRITE', 'w').write('x')\n"
    )
    requests = tmp_path / "requests.json"
    requests.write_text("[]")
    probe = subprocess.run(
        [
            sys.executable,
            "-B",
            str(PROBE),
            str(tmp_path / "out"),
            "evil_sdk",
            str(requests),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(probe.stdout)
    assert [event for event, _, _ in report["events"]] == ["os.system", "open"]
    assert set(report["import_errors"]) == {
        "evil_sdk.models.evil",
        "evil_sdk.models.writer",
    }
    assert not list(tmp_path.rglob("HOSTILE_RAN_*"))
