"""Parameter serialisation against the OpenAPI Specification's own style examples table.

The table (OAS 3.1.1 and 3.2, "Style Examples", whose delimited rows carry the `color=` name) serialises a parameter named `color` holding the empty string,
`"blue"`, `["blue", "black", "brown"]` or `{"R": 100, "G": 200, "B": 150}`. Each row below is copied from it;
`None` marks its "n/a" cells. The module under test is copied byte for byte into every generated package.
"""

from __future__ import annotations

import enum

import pytest
from sdkforge.runtime._omit import OMIT
from sdkforge.runtime._params import (
    RequestParts,
    cookie_pairs,
    header_value,
    path_segment,
    query_pairs,
)

EMPTY, STRING, ARRAY, OBJECT = (
    "",
    "blue",
    ["blue", "black", "brown"],
    {"R": 100, "G": 200, "B": 150},
)

# style, explode, empty, string, array, object
TABLE = [
    (
        "matrix",
        False,
        ";color",
        ";color=blue",
        ";color=blue,black,brown",
        ";color=R,100,G,200,B,150",
    ),
    (
        "matrix",
        True,
        ";color",
        ";color=blue",
        ";color=blue;color=black;color=brown",
        ";R=100;G=200;B=150",
    ),
    ("label", False, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    (
        "form",
        False,
        "color=",
        "color=blue",
        "color=blue,black,brown",
        "color=R,100,G,200,B,150",
    ),
    (
        "form",
        True,
        "color=",
        "color=blue",
        "color=blue&color=black&color=brown",
        "R=100&G=200&B=150",
    ),
    ("simple", False, None, "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True, None, "blue", "blue,black,brown", "R=100,G=200,B=150"),
    (
        "spaceDelimited",
        False,
        None,
        None,
        "color=blue%20black%20brown",
        "color=R%20100%20G%20200%20B%20150",
    ),
    (
        "pipeDelimited",
        False,
        None,
        None,
        "color=blue%7Cblack%7Cbrown",
        "color=R%7C100%7CG%7C200%7CB%7C150",
    ),
    (
        "deepObject",
        True,
        None,
        None,
        None,
        "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
    ),
]
CASES = [
    pytest.param(style, explode, value, expected, id=f"{style}-{explode}-{kind}")
    for style, explode, *cells in TABLE
    for kind, value, expected in zip(
        ("empty", "string", "array", "object"),
        (EMPTY, STRING, ARRAY, OBJECT),
        cells,
        strict=True,
    )
    if expected is not None
]


def serialise(style: str, explode: bool, value: object) -> str:
    """One parameter the way it appears in the request: a path segment or the query string."""
    if style in ("matrix", "label", "simple"):
        return path_segment("color", value, style, explode)  # type: ignore[arg-type]
    return "&".join(query_pairs("color", value, style, explode))  # type: ignore[arg-type]


@pytest.mark.parametrize(("style", "explode", "value", "expected"), CASES)
def test_openapi_style_examples(
    style: str, explode: bool, value: object, expected: str
) -> None:
    assert serialise(style, explode, value) == expected


def test_the_table_covers_every_style_and_shape() -> None:
    styles = {row[0] for row in TABLE}
    assert styles == {
        "matrix",
        "label",
        "form",
        "simple",
        "spaceDelimited",
        "pipeDelimited",
        "deepObject",
    }
    assert len(CASES) == 35


class Order(enum.Enum):
    ASC = "asc"


def test_values_go_out_as_json_values_not_python_reprs() -> None:
    assert query_pairs("order", Order.ASC) == ["order=asc"]
    assert query_pairs("flag", True) == ["flag=true"]
    assert query_pairs("flag", False, explode=False) == ["flag=false"]
    assert query_pairs("n", 1.5) == ["n=1.5"]
    assert header_value([Order.ASC, True]) == "asc,true"


def test_none_and_omit_leave_the_parameter_out() -> None:
    assert cookie_pairs("a", None) == []
    assert query_pairs("a", None) == []
    assert query_pairs("a", OMIT) == []
    parts = RequestParts("/x")
    parts.header("X-A", None)
    parts.cookie("c", OMIT)
    assert parts.url == "/x"
    assert parts.all_headers() == {}


def test_path_segments_and_query_values_are_percent_encoded() -> None:
    assert path_segment("id", "a/b c?") == "a%2Fb%20c%3F"
    assert query_pairs("q", "a&b=c d") == ["q=a%26b%3Dc%20d"]
    assert query_pairs("q", ["a,b", "c"], explode=False) == ["q=a%2Cb,c"]


def test_allow_reserved_keeps_reserved_characters_only() -> None:
    assert query_pairs("path", "/a/b?c=d", allow_reserved=True) == ["path=/a/b?c=d"]
    assert query_pairs("path", "a b", allow_reserved=True) == ["path=a%20b"]


def test_deep_object_nests_and_lists_the_way_stripe_reads_them() -> None:
    value = {
        "address": {"city": "Paris"},
        "tags": ["a", "b"],
        "items": [{"price": "p1"}],
    }
    assert query_pairs("c", value, "deepObject") == [
        "c%5Baddress%5D%5Bcity%5D=Paris",
        "c%5Btags%5D%5B%5D=a",
        "c%5Btags%5D%5B%5D=b",
        "c%5Bitems%5D%5B0%5D%5Bprice%5D=p1",
    ]
    assert query_pairs("expand", ["data.customer"], "deepObject") == [
        "expand%5B%5D=data.customer"
    ]


def test_request_parts_assemble_path_query_headers_and_cookies() -> None:
    parts = RequestParts("/items/{id}/{kind}")
    parts.path("id", "a b")
    parts.path("kind", ["x", "y"], "label", True)
    parts.query("limit", 10)
    parts.query("ids", [1, 2], explode=False)
    parts.header("X-Ids", [1, 2])
    parts.cookie("session", "s;1")
    parts.cookie("prefs", ["a", "b"], explode=False)
    assert parts.url == "/items/a%20b/.x.y?limit=10&ids=1,2"
    assert parts.all_headers() == {"X-Ids": "1,2", "Cookie": "session=s%3B1; prefs=a,b"}


def test_a_missing_path_parameter_and_a_wrong_style_are_errors() -> None:
    with pytest.raises(ValueError, match="path parameter 'id'"):
        RequestParts("/{id}").path("id", None)
    with pytest.raises(ValueError, match="not allowed in a query"):
        query_pairs("a", "b", "label")  # type: ignore[arg-type]
