"""Black on the statements with an over-long line only (generator/formatting.py) gives exactly
black's output for the whole module: on hand-written modules with every kind of statement the
templates write, and on the unformatted modules of a real spec.
"""

from __future__ import annotations

import black
import pytest
from sdkforge import formatting, pipeline
from sdkforge.config import load_settings

from .helpers import SHARED_SPECS

LONG = "VeryLongTypeNameNumberOne | VeryLongTypeNameNumberTwo | Literal['a', 'b', 'c']"

MODULES = {
    "module-level call": f"x = 1\n\n\nvalue = make({LONG!r}, {LONG!r})\ny = 2\n",
    "class field": f"class A:\n    a: int = 1\n    field: {LONG} | None = None\n    b: int = 2\n",
    "method signature": (
        "class A:\n"
        "    def f(\n        self,\n        *,\n        status: "
        + LONG
        + " | Omit = OMIT,\n"
        "        limit: int | Omit = OMIT,\n    ) -> None:\n"
        '        """Doc."""\n        return None\n'
    ),
    "overload stub": (
        "class A:\n    @overload\n"
        f"    def f(self, *, status: {LONG}, limit: int) -> None: ...\n\n"
        "    def g(self) -> None:\n        pass\n"
    ),
    "statement in an async method": (
        "class A:\n    async def f(self) -> None:\n        x = 1\n"
        f"        return await self._client.call(first_argument_value, {LONG!r}, x)\n"
    ),
    "nested function": (
        "def outer() -> None:\n    def inner() -> None:\n"
        f"        result = compute(first_argument_value, {LONG!r}, second_argument)\n"
        "\n    return None\n"
    ),
    "if block": (
        "if TYPE_CHECKING:\n    from .models.module import FirstLongModelName,"
        " SecondLongModelName, ThirdModelName, FourthModelName\n"
    ),
    "decorated long header": (
        f"@cache\ndef _a_very_long_function_name_for_the_responses_of_one_operation_{'x' * 20}() -> Responses:\n"
        "    return Responses()\n"
    ),
}


@pytest.mark.parametrize("text", MODULES.values(), ids=MODULES.keys())
def test_formatting_the_long_statements_is_formatting_the_module(text: str) -> None:
    whole = black.format_str(text, mode=formatting.BLACK_MODE)
    assert text != whole, "the case must give black something to do"
    assert formatting.format_one(text) == whole


def test_the_statements_without_a_long_line_must_be_in_black_style_already() -> None:
    # the documented precondition: `x=1` has no long line, so black never sees it
    text = f"x=1\nvalue = make({LONG!r}, {LONG!r})\n"
    assert formatting.format_one(text) != black.format_str(
        text, mode=formatting.BLACK_MODE
    )  # the templates write black's style: tests/core runs `black --check` on real trees


@pytest.mark.parametrize(
    ("line", "long"),
    [
        ('        "PostCustomersCustomerRequestBodyWithAVeryLongName": ".postcustomerscustomerrequestbody",', False),
        ("        PostCustomersCustomerSubscriptionsCustomerBalanceInvoicePaymentMethodOptionsParam,", False),
        ('        "is_observability_broadcast_enabled": is_observability_broadcast_enabled_value_x,', False),
        ("    data: PutMetadataTemplatesEnterpriseSecurityClassification6VMVochwUWoSchemaUpdateData", True),
        ('    VERIFICATION_DOCUMENT_COUNTRY_NOT_SUPPORTED = "verification_document_country_not_supported"', True),
        ('        "key": make("a value that is long enough to go well past the limit of one line"),', True),
    ],
)  # fmt: skip
def test_lines_black_cannot_split_do_not_send_a_module_to_black(
    line: str, long: bool
) -> None:
    assert len(line) > 88
    nested = line.startswith("        ")  # an entry of a dict (or a set) in a function
    text = (
        f"def f():\n    x = {{\n{line}\n    }}\n" if nested else f"class A:\n{line}\n"
    )
    assert formatting.needs_black(text) is long
    if not long:  # and black indeed leaves it as it is
        assert black.format_str(text, mode=formatting.BLACK_MODE) == text


@pytest.fixture(scope="module")
def unformatted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The modules of a real spec as the renderers write them, before black."""
    captured: dict[str, str] = {}

    def keep(files: dict[str, str]) -> dict[str, str]:
        captured.update(files)
        return files

    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "format_python", keep)
    try:
        out = tmp_path_factory.mktemp("unformatted")
        spec = SHARED_SPECS / "2026-08-22.yaml"
        pipeline.generate_files(
            load_settings({"spec": spec, "out": out, "package": "sdk_unformatted"})
        )
    finally:
        patch.undo()
    return {path: text for path, text in captured.items() if path.endswith(".py")}


def test_a_real_spec_formats_as_black_formats_each_whole_module(
    unformatted: dict[str, str],
) -> None:
    """Every module black must see (client groups, models, TypedDicts), and a sample of those
    with long lines that needs_black lets through, against black on the whole module."""
    needing = {p: t for p, t in unformatted.items() if formatting.needs_black(t)}
    groups = [p for p in needing if "/resources/" in p]
    assert len(groups) >= 10 and len(needing) >= 30
    for path, text in needing.items():
        expected = black.format_str(text, mode=formatting.BLACK_MODE)
        assert formatting.format_one(text) == expected, path
    skipped = [
        (p, t)
        for p, t in sorted(unformatted.items())
        if not formatting.needs_black(t) and max(map(len, t.splitlines())) > 88
    ]
    assert len(skipped) >= 50
    for path, text in skipped[::5]:
        assert black.format_str(text, mode=formatting.BLACK_MODE) == text, path
