"""TypedDict twins (issue 11, item 1): a nested object argument takes the model or its `<Model>Param`
TypedDict from `<package>/types.py`, so a dict literal type-checks under pyright and a misspelt key is a
type error; at run time the dict is validated and sent, and a misspelt keyword is a TypeError. The twins
module is imported by type checkers only. SDK of tests/client/more_features/spec.yaml.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .more import more_recorder, more_sdk, run  # noqa: F401 (fixtures)
from .test_pyright import check_scripts
from .wire import BOTH, Recorder

GOOD = """
from more_sdk import Client
from more_sdk.models import Geo, Location
from more_sdk.types import LocationParam

client = Client(base_url="http://127.0.0.1:1")
client.misc.create_place(
    name="home",
    location={"city": "Paris", "kind": "home", "geo": {"lat": 48.8, "lon": 2}},
    tags=[{"name": "a", "count": 1}],
)
client.misc.create_place(name="office", location=Location(city="Lyon", geo=Geo(lat=1, lon=2)))
shape: LocationParam = {"city": "Nice"}
client.misc.create_place(name="x", location=shape)
client.misc.create_place(
    name="s",
    location={"city": "A"},
    shape={"kind": "circle", "radius": 2.5},
    labels={"color": "red", "floor": "2"},
)
client.misc.create_place(name="s", location={"city": "A"}, shape="blob")
client.misc.create_place({"name": "b", "location": {"city": "A"}, "shape": {"kind": "square", "side": 1}})
client.misc.create_place(name="w", location={"city": "A"}, season="winter")
client.misc.create_place(name="r", location={"city": "A"}, ratio=1.5, marker={"pin": 1})
"""
TYPOS = """
from more_sdk import Client

client = Client(base_url="http://127.0.0.1:1")
client.misc.create_place(name="home", location={"citty": "Paris"})
client.misc.create_place(name="home", location={"city": "Paris", "kind": "moon"})
client.misc.create_place(name="home", location={"city": "Paris", "geo": {"lat": "north"}})
client.misc.create_place(nmae="home", location={"city": "Paris"})
client.misc.create_place(name="s", location={"city": "A"}, shape={"kind": "circle", "radius": "big"})
client.misc.create_place(name="s", location={"city": "A"}, labels={"color": "red", "floor": 2})
client.misc.create_place({"name": "b", "locaton": {"city": "A"}})
client.misc.create_place(name="w", location={"city": "A"}, season="monsoon")
"""


@pytest.fixture(scope="module")
def checked(
    more: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    scripts = {"good.py": GOOD, "typos.py": TYPOS}
    return check_scripts(more, scripts, tmp_path_factory.mktemp("pyright_twins"))


def test_the_sdk_and_dict_literals_type_check(checked: dict[str, list[str]]) -> None:
    assert {name: lines for name, lines in checked.items() if name != "typos.py"} == {}


def test_a_misspelt_or_mistyped_key_is_a_type_error(
    checked: dict[str, list[str]],
) -> None:
    """One error on each line of TYPOS: a key, an enum value, a nested type, a body keyword, a
    union member's field, a free key's type (PEP 728 `extra_items`), a key of a whole body dict,
    a value outside a many-valued enum's alias.
    """
    lines = sorted({int(line.split(":")[1]) for line in checked.get("typos.py", [])})
    assert lines == [5, 6, 7, 8, 9, 10, 11, 12], checked.get("typos.py")


@BOTH
def test_dict_literals_are_validated_and_sent(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    run(
        more,
        asynchronous,
        lambda c: c.misc.create_place(
            name="home",
            location={"city": "Paris", "kind": "home", "geo": {"lat": 48.8, "lon": 2}},
            tags=[{"name": "a"}],
        ),
        base_url=recorder.url,
    )
    assert json.loads(recorder.last.body) == {
        "name": "home",
        "location": {"city": "Paris", "kind": "home", "geo": {"lat": 48.8, "lon": 2}},
        "tags": [{"name": "a"}],
    }


@BOTH
def test_union_and_free_key_dicts_are_validated_and_sent(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    run(
        more,
        asynchronous,
        lambda c: c.misc.create_place(
            name="b",
            location={"city": "A"},
            shape={"kind": "square", "side": 1},
            labels={"color": "red", "floor": "2"},
        ),
        base_url=recorder.url,
    )
    assert json.loads(recorder.last.body) == {
        "name": "b",
        "location": {"city": "A"},
        "shape": {"kind": "square", "side": 1},
        "labels": {"color": "red", "floor": "2"},
    }
    run(
        more,
        asynchronous,
        lambda c: c.misc.create_place(
            {"name": "c", "location": {"city": "B"}, "shape": "blob"}
        ),
        base_url=recorder.url,
    )
    assert json.loads(recorder.last.body) == {
        "name": "c",
        "location": {"city": "B"},
        "shape": "blob",
    }


def test_a_misspelt_body_keyword_is_a_type_error_at_run_time(
    more: ModuleType, recorder: Recorder
) -> None:
    from more_sdk.errors import RequestValidationError

    with more.Client(base_url=recorder.url) as client:
        with pytest.raises(TypeError, match="nmae"):
            client.misc.create_place(nmae="home", location={"city": "Paris"})
        with pytest.raises(RequestValidationError) as info:
            client.misc.create_place(
                name="home", location={"city": "Paris", "kind": "moon"}
            )
        assert info.value.field == "location"
    assert recorder.requests == []


def test_the_twins_are_not_imported_at_run_time(more: ModuleType) -> None:
    script = (
        "import sys, more_sdk\n"
        "from more_sdk import Client\n"
        "client = Client(base_url='http://127.0.0.1:1')\n"
        "client.misc\n"
        "print('more_sdk.types' in sys.modules)\n"
    )
    package_root = str(Path(more.__file__).parent.parent)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": package_root},
        timeout=120,
    )
    assert result.stdout.strip() == "False", result.stderr
    # Imported on purpose, they are real TypedDicts.
    from more_sdk.types import LocationParam

    assert (
        LocationParam.__required_keys__ >= {"city"} or LocationParam.__total__ is False
    )


def test_a_closed_enum_of_many_values_is_named_once(more: ModuleType) -> None:
    """`season` (five values) is `Season | SeasonValue` wherever an argument takes it, its
    values written once, in `types.py`; fewer values stay inline (`Literal["circle"]`).
    """
    import typing

    from more_sdk.types import SeasonValue

    assert typing.get_args(SeasonValue) == (
        "spring",
        "summer",
        "autumn",
        "winter",
        "monsoon_free",
    )
    misc = (Path(more.__file__).parent / "resources" / "misc.py").read_text()
    assert misc.count("season: Season | SeasonValue | Omit = OMIT,") >= 2  # sync, async
    assert '"spring"' not in misc
    types_text = (Path(more.__file__).parent / "types.py").read_text()
    assert types_text.count('"spring"') == 1
    assert 'kind: Required[Literal["circle"]]' in types_text


@BOTH
def test_a_value_of_a_many_valued_enum_is_sent(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    run(
        more,
        asynchronous,
        lambda c: c.misc.create_place(
            name="w", location={"city": "A"}, season="winter", ratio=1.5
        ),
        base_url=recorder.url,
    )
    body = json.loads(recorder.last.body)
    assert (body["season"], body["ratio"]) == ("winter", 1.5)
