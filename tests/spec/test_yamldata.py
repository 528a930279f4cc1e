"""The event-stream reader gives exactly what PyYAML's safe loader gives, or hands the document back.

The expected data is PyYAML's own (`yaml.load` with the C safe loader), compared with the
types: a resolver slip would turn `yes` into a string or `2023-08-16` into one.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from sdkforge.spec import load as load_module
from sdkforge.spec.yamldata import NeedsPyYAML, data_from_events

ROOT = Path(__file__).resolve().parents[2]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Every implicit type of YAML 1.1 that PyYAML resolves, next to quoted look-alikes.
SCALARS = textwrap.dedent("""\
    bools: [yes, No, on, OFF, true, False, y, n]
    quoted: ["yes", 'null', "1", '2023-08-16']
    date: 2023-08-16
    timestamp: 2001-12-14t21:59:43.10-05:00
    ints: [0o17, 017, 0x1F, 1_000, 190:20:30, +12, 0b101, -0]
    floats: [.inf, -.Inf, 1.0e+3, 6.8523015e+5, 190:20:30.15, 1_000.5]
    nulls: [~, null, Null, ""]
    empty:
    tagged: [!!str 123, !!float 1, !!int "7", !!binary aGVsbG8=, ! 12]
    block: |
      two
      lines
    folded: >
      folded
      text
    200: an integer key
    ? explicit
    : key
    3.5: a float key
    unicode: "caf\\u00e9 \\U0001F600"
    """)

ALIASES = textwrap.dedent("""\
    schema: &schema {type: object, properties: {a: {type: string}}}
    copy: *schema
    name: &name shared
    again: *name
    list: &list [1, 2]
    lists: [*list, *list]
    """)


def _same(expected: Any, actual: Any, where: str = "") -> None:
    """Equal values of the same types, all the way down."""
    assert type(actual) is type(expected), where
    if isinstance(expected, dict):
        assert list(actual) == list(expected), where
        for key in expected:
            _same(expected[key], actual[key], f"{where}/{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), where
        for index, (one, other) in enumerate(zip(expected, actual, strict=True)):
            _same(one, other, f"{where}/{index}")
    elif isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(actual), where
    else:
        assert actual == expected, where


def _from_events(text: str) -> Any:
    return data_from_events(yaml.parse(text, Loader=_Loader))


@pytest.mark.parametrize("text", [SCALARS, ALIASES, "", "just a scalar\n", "- [a]\n"])
def test_written_documents_read_as_pyyaml_reads_them(text):
    _same(yaml.load(text, Loader=_Loader), _from_events(text))


def _real_specs() -> list[Path]:
    shared = ROOT.parent / "shared" / "specs"
    found = sorted(ROOT.glob("specs/**/*.yaml")) + sorted(ROOT.glob("tests/**/*.yaml"))
    found += sorted(shared.glob("**/*.yaml"))
    return found


@pytest.mark.parametrize("path", _real_specs(), ids=lambda path: path.name)
def test_every_yaml_file_here_reads_as_pyyaml_reads_it(path):
    try:
        text = path.read_text(encoding="utf-8")
        load_module.YamlShape(yaml.parse(text, Loader=_Loader), str(path)).check()
        expected = yaml.load(text, Loader=_Loader)
    except (UnicodeDecodeError, yaml.YAMLError, load_module.SpecError):
        pytest.skip("a broken document: the loader's error tests cover it")
    try:
        actual = _from_events(text)
    except NeedsPyYAML:
        pytest.skip("left to PyYAML")
    _same(expected, actual)


def test_an_alias_is_the_anchored_object_itself():
    """As PyYAML gives it: a `$ref` resolved inside one copy is resolved in all."""
    data = _from_events(ALIASES)
    assert data["copy"] is data["schema"]
    assert data["lists"][0] is data["lists"][1] is data["list"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", "merge"),
        ("a: 1\n---\nb: 2\n", "more than one document"),
        ("a: !custom 1\n", "!custom"),
        ("a: =\n", "value"),
        ("a: *nope\n", "undefined alias"),
        ("a: &x 1\nb: &x 2\n", "defined twice"),
        ("? [a]\n: 1\n", "as a key"),
        ("a: !!map {x: 1}\n", "map"),
        ("a: 1\nb: 2\na: 3\n", "given twice"),
        ("a: !!int abc\n", "abc"),
    ],
)
def test_what_only_pyyaml_builds_or_rejects_is_left_to_it(text, reason):
    with pytest.raises(NeedsPyYAML, match=reason):
        _from_events(text)


def test_a_document_left_to_pyyaml_still_loads(tmp_path):
    """A merge key: the spec loads through PyYAML's constructor, merged."""
    spec = tmp_path / "merge.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: &info {title: T, version: '1'}\n"
        "x-info:\n  <<: *info\n  title: U\npaths: {}\n",
        encoding="utf-8",
    )
    document = load_module.read_document(spec)
    assert document.data["x-info"] == {"title": "U", "version": "1"}


def test_a_key_given_twice_still_names_its_line(tmp_path):
    spec = tmp_path / "twice.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ninfo: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(load_module.SpecError) as error:
        load_module.read_document(spec)
    assert error.value.line == 4
    assert "info" in str(error.value)
