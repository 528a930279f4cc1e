"""The generated client type-checks (pyright, basic) and a typo in a body field is a type error.

The SDK of tests/client/features/spec.yaml, plus two user scripts: one calling it correctly in every
form (keywords, a body model, a body dict, files, the stream overloads), one with a misspelt keyword.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from . import wire

feature_sdk = wire.feature_sdk  # the fixture `sdk`

GOOD = """
from typing_extensions import assert_type

from features_sdk import Client
from features_sdk.models import NewItem, Size

client = Client(api_key="k", base_url="http://127.0.0.1:1")
client.items.create_item(item_id="1", name="lamp", size="big", owner={"name": "Ann"}, note=None)
client.items.create_item(NewItem(name="lamp", size=Size.BIG), item_id="1")
client.items.create_item({"name": "lamp", "size": "big"}, item_id="1")
client.content.upload_file(file=b"x", extra_files=[("a.txt", b"hi", "text/plain")])
for piece in client.streams.chat(prompt="p", stream=True):
    print(piece.text)
print(client.streams.chat(prompt="p").text)
raw = client.with_raw_response.streams.chat(prompt="p", stream=True)  # the overload is kept
for piece in raw.parse():
    assert_type(piece.text, str)
assert_type(client.with_raw_response.items.create_item(NewItem(name="l", size=Size.BIG), item_id="1").status_code, int)
"""
TYPO = """
from features_sdk import Client

client = Client(api_key="k", base_url="http://127.0.0.1:1")
client.items.create_item(item_id="1", nmae="lamp", size="big")
"""


def pyright(folder: Path) -> dict:
    executable = shutil.which("pyright") or str(Path(sys.executable).parent / "pyright")
    completed = subprocess.run(
        [executable, "--outputjson", "--pythonpath", sys.executable, str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    return json.loads(completed.stdout)


def errors_of(report: dict) -> list[str]:
    return [
        f"{Path(d['file']).name}:{d['range']['start']['line'] + 1}: {d['message']}"
        for d in report["generalDiagnostics"]
        if d["severity"] == "error"
    ]


def check_scripts(
    sdk: ModuleType, scripts: dict[str, str], folder: Path
) -> dict[str, list[str]]:
    """pyright (basic) over a copy of the generated package and user `scripts` ({file name:
    code}) in `folder`: its errors by file name (the package's files included)."""
    package = Path(sdk.__file__).parent
    shutil.copytree(package, folder / package.name)
    for name, code in scripts.items():
        (folder / name).write_text(code, encoding="utf-8")
    (folder / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "basic", "pythonVersion": "3.10"}),
        encoding="utf-8",
    )
    by_file: dict[str, list[str]] = {}
    for line in errors_of(pyright(folder)):
        by_file.setdefault(line.split(":", 1)[0], []).append(line)
    return by_file


@pytest.fixture(scope="module")
def checked(
    sdk: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    scripts = {"good.py": GOOD, "typo.py": TYPO}
    return check_scripts(sdk, scripts, tmp_path_factory.mktemp("pyright"))


def test_the_generated_client_and_correct_calls_have_no_type_errors(
    checked: dict[str, list[str]],
) -> None:
    # client.py, the group modules (resources/*.py) and the models: none has an error.
    assert {name: e for name, e in checked.items() if name != "typo.py"} == {}


def test_a_misspelt_body_field_is_a_type_error(checked: dict[str, list[str]]) -> None:
    # With overloads (keywords or a body model) pyright reports that no signature takes `nmae=`.
    assert [line.split(":")[1] for line in checked.get("typo.py", [])] == ["5"], checked
    assert "create_item" in checked["typo.py"][0]
