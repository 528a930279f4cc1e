"""Black on the statements with an over-long line only (generator/formatting.py) gives exactly
black's output for the whole module: on hand-written modules with every kind of statement the
templates write, and on the unformatted modules of a real spec.
"""

from __future__ import annotations

import ast
import gc
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import black
import pytest
from sdkforge import formatting, pipeline
from sdkforge.config import load_settings
from sdkforge.render import pysyntax

from .helpers import SHARED_SPECS, black_in_workers

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
    "statements in try, for, with and else blocks": (
        "def f() -> None:\n    try:\n"
        f"        value = make(first_argument_value, {LONG!r}, second_argument)\n"
        "    except ValueError:\n        pass\n    for x in y:\n"
        f"        total = add(first_argument_value, {LONG!r}, second_argument)\n"
        "    with open(path) as stream:\n"
        f"        total = add(first_argument_value, {LONG!r}, second_argument)\n"
        "    if x:\n        pass\n    else:\n"
        f"        total = add(first_argument_value, {LONG!r}, second_argument)\n"
    ),
    "long if and for headers": (
        "def f() -> None:\n"
        f"    if first_argument_value and {LONG!r} in second_argument_value:\n"
        "        pass\n"
        f"    for first_argument_value in make({LONG!r}, second_argument_value):\n"
        "        pass\n"
    ),
    "long elif header (the whole module)": (
        "def f() -> None:\n    if x:\n        pass\n"
        f"    elif first_argument_value and {LONG!r} in second_argument_value:\n"
        "        pass\n"
    ),
    # brackets, quotes and `#` inside strings and comments, long strings over lines: none of
    # them opens or closes a statement
    "strings and comments with brackets": r'''x = "(" + '["' + "{" + """)
  ("""  # ( [ {
y = """
  ( \"""
  a""" + "a\\" + "#"  # (
z = {"a": "]", "b": '"'}  # }
'''
    + f"value = make({LONG!r}, {LONG!r})  # why ( [\n",
    "decorated long header": (
        f"@cache\ndef _a_very_long_function_name_for_the_responses_of_one_operation_{'x' * 20}() -> Responses:\n"
        "    return Responses()\n"
    ),
}

TRIGGERS = ", ".join(f'"EVENT_{n}.CREATED"' for n in range(40))
# Statements as the client templates write them: one element a line, a magic trailing comma,
# in every bracket (a signature, a call, a tuple, a dict, a list, a subscript).
EXPLODED = {
    "overloads repeating a long keyword": (
        "class A:\n"
        + "".join(
            "    @overload\n    def f(\n        self,\n        /,\n        *,\n"
            f"        status: {LONG} | Omit = OMIT,\n"
            f"        stream: {literal},\n    ) -> None: ...\n\n"
            for literal in ("Literal[True]", "Literal[False]")
        )
        + "    def g(self) -> None:\n        pass\n"
    ),
    "async header with a long list of literals": (
        "class A:\n    async def put_webhooks_id(\n        self,\n"
        "        body: PutWebhooksIdRequestBody | PutWebhooksIdRequestBodyParam | Omit = OMIT,\n"
        "        /,\n        *,\n"
        f"        triggers: list[PutWebhooksIdTrigger | Literal[{TRIGGERS}]] | Omit = OMIT,\n"
        "        timeout: float | None = None,\n    ) -> Webhook:\n"
        '        """Doc."""\n        return await self._call(timeout)\n'
    ),
    "module-level function, two long parameters": (
        "def make(\n"
        f"    first: {LONG} = DEFAULT_VALUE,\n"
        f"    *others: {LONG},\n"
        f"    **options: {LONG},\n"
        ") -> None:\n    return None\n"
    ),
    "call in a lambda in a call": (
        "class A:\n    def f(self) -> None:\n        return self._client._authorized(\n"
        "            SECURITY,\n            lambda _authorized: APIRequest(\n"
        '                "POST",\n'
        f"                content=form_content(_data, {{{TRIGGERS}}}),\n"
        "            ),\n"
        f"            shapes=(ResponseShape({LONG!r}, first_argument_value),),\n"
        "            stream=False,\n        )\n"
    ),
    "tuple, dict, list and subscript elements": (
        "def f() -> None:\n    errors = (\n"
        f'        ({LONG!r}, first_argument_value),\n        ("default", ClientError),\n'
        "    )\n    styles = {\n"
        f'        "expand": make({LONG!r}, first_argument_value),\n'
        "        **others,\n    }\n    items = [\n"
        f"        make({LONG!r}, first_argument_value),\n        other,\n"
        "    ]\n    kind = Literal[\n"
        f"        make({LONG!r}, second_argument_value),\n"
        '        "other",\n    ]\n'
    ),
    "set element (the whole statement)": (
        "values = {\n" f"    make({LONG!r}, first_argument_value),\n    other,\n}}\n"
    ),
    "long parameter with a comment (the whole statement)": (
        "class A:\n    class B:\n        def f(\n            self,\n"
        f"            value: {LONG},  # why\n        ) -> None: ...\n"
    ),
    "long return annotation (the whole statement)": (
        "class A:\n    def f(\n        self,\n"
        f"        value: {LONG},\n    ) -> {LONG}: ...\n"
    ),
    "long def line (the whole statement)": (
        "class A:\n    @overload\n"
        f"    def f_{'x' * 80}(\n        self,\n"
        f"        value: {LONG},\n    ) -> None: ...\n"
    ),
    "element continued on the next line (the whole statement)": (
        "def f(\n" f"    value: {LONG}\n    | None = None,\n" ") -> None:\n    pass\n"
    ),
}
MODULES.update({f"exploded: {k}": v for k, v in EXPLODED.items()})


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


def _unformatted_modules(spec: Path, out: Path) -> dict[str, str]:
    """The modules of a real spec as the renderers write them, before black."""
    captured: dict[str, str] = {}

    def keep(files: dict[str, str]) -> formatting.FormattingJob:
        captured.update(files)
        return formatting.start_formatting({})  # nothing to format

    patch = pytest.MonkeyPatch()
    patch.setattr(pipeline, "start_formatting", keep)
    try:
        pipeline.generate_files(
            load_settings({"spec": spec, "out": out, "package": "sdk_unformatted"})
        )
    finally:
        patch.undo()
    return {path: text for path, text in captured.items() if path.endswith(".py")}


@pytest.fixture(scope="module")
def unformatted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("unformatted")
    return _unformatted_modules(SHARED_SPECS / "2026-08-22.yaml", out)


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


WHOLE = [name for name in EXPLODED if name.endswith("(the whole statement)")]
PADS = {"_,", "**_,"}  # the first element of black's bracket: its comma is magic


@pytest.mark.parametrize("name", EXPLODED)
def test_black_sees_only_the_long_elements_of_an_exploded_statement(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The long element lines go to black alone, each once, in a bracket of their kind
    (`def _(`, `_(`, `_ = (`, ...) after a first element; a statement with any other long
    line goes to black whole."""
    seen: list[str] = []
    format_str = black.format_str

    def spy(text: str, *, mode: black.Mode) -> str:
        seen.append(text)
        return format_str(text, mode=mode)

    formatting._black_in_blocks.cache_clear()
    monkeypatch.setattr(formatting.black, "format_str", spy)
    text = EXPLODED[name]
    formatting.format_one(text)
    long_elements = {
        line.strip()
        for line in text.splitlines()
        if len(line) > 88 and line.rstrip().endswith(",")
    }
    if name in WHOLE:
        # (after a bracket black refused: `**_` is no set element)
        assert len(seen) <= 2 and not PADS & {x.strip() for x in seen[-1].splitlines()}
        return
    assert len(seen) == len(long_elements)
    for wrapper in seen:
        *_, opening, pad, element, closing = [x.strip() for x in wrapper.splitlines()]
        assert opening in ("def _(", "_(", "_ = (", "_ = {", "_ = [", "_[")
        assert pad in PADS and element in long_elements
        assert closing == (
            "): ..." if opening == "def _(" else ")]}"["([{".index(opening[-1])]
        )


def test_box_signatures_format_as_black_formats_each_whole_module(
    tmp_path: Path,
) -> None:
    """Box's client overloads carry the long parameter lines (`dialogue_history:
    list[AiDialogueHistory | AiDialogueHistoryParam] | Omit = OMIT`, `status: ... |
    Literal["pending", "accepted", "rejected"]`): a sample of the modules where only parameter
    lines go to black, against black on the whole module."""
    box = SHARED_SPECS.parent / "zoo" / "box.json"
    modules = _unformatted_modules(box, tmp_path / "out")
    exploded = sorted(
        path
        for path, text in modules.items()
        if formatting.needs_black(text) and _has_exploded_long_signature(text)
    )
    nested = {  # a bracket inside the long parameter: a list of a union, a Literal
        "sdk_unformatted/resources/ai.py",
        "sdk_unformatted/resources/collaborations.py",
    }
    assert len(exploded) >= 40 and nested <= set(exploded)
    sample = {*exploded[::10], *nested}
    for path in sorted(sample):
        expected = black.format_str(modules[path], mode=formatting.BLACK_MODE)
        assert formatting.format_one(modules[path]) == expected, path


def _has_exploded_long_signature(text: str) -> bool:
    long_lines = set(formatting._long_lines(text))
    lines = text.splitlines(keepends=True)
    return any(
        lines[s.start - 1].lstrip().startswith(("def ", "async def ", "@"))
        and formatting._long_elements(lines[s.start - 1 : s.end], s.depth)
        for s in formatting._spans(lines, long_lines)
    )


# ---- spec strings as literals (render/pysyntax.py): escaping is a hot spot of large specs ----

# Every character class the escaping rule tells apart, and a few of each kind around them.
CHARACTERS = [chr(code) for code in range(0x3000)] + [
    *map(chr, range(0xD800, 0xE000)),  # lone surrogates
    "\U0001f600",
    '"""',
    "'",
]


def _random_texts() -> list[str]:
    pick = random.Random(10)
    alphabet = [*CHARACTERS[:0x100], *CHARACTERS[0x2000:0x2100], *CHARACTERS[-8:]]
    # the common case: plain text with a few specials
    alphabet += list("ab  \\\n\"'") * 40
    return [
        "".join(pick.choice(alphabet) for _ in range(pick.randint(0, 60)))
        for _ in range(2000)
    ] + CHARACTERS


def test_literals_escape_exactly_the_characters_of_the_per_character_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The patterns pick out the characters `_escape_char` changes: the same literals as
    handing every character to `_escape_char` (every one but a docstring's line feeds).
    """
    texts = _random_texts()
    fast = [(pysyntax.py_string(t), pysyntax.docstring(t, "    ")) for t in texts]
    monkeypatch.setattr(pysyntax, "_ESCAPED", re.compile(".", re.S))
    monkeypatch.setattr(pysyntax, "_ESCAPED_IN_DOCSTRING", re.compile("[^\n]"))
    assert fast == [
        (pysyntax.py_string(t), pysyntax.docstring(t, "    ")) for t in texts
    ]
    for text, (literal, _) in zip(texts, fast, strict=True):
        if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            assert ast.literal_eval(literal) == text
    # a backslash is doubled, a line feed kept, a control character escaped
    assert pysyntax.docstring("a\\b\nc\x01d\u2028") == '"""a\\\\b\nc\\x01d\\u2028"""'


# ---- the statements around the long lines, read from the text's brackets and strings ----

CONTINUED = (
    "z = first_argument_value + \\\n    second_argument_value\n"
    'def f(a="#", b=")"):  # ]\n    return [\n        a,  # (\n    ]\n'
)


def _assert_logical_lines_are_statements(text: str, where: str) -> None:
    """Every statement (each decorator too) starts a logical line, a simple statement ends
    where Python's parser ends it, and the other logical lines are a block's `else:` & co.
    """
    lines = text.splitlines(keepends=True)
    logical = {x.first + 1: x.last + 1 for x in formatting._logical_lines(lines)}
    starts = set()
    for node in ast.walk(ast.parse(text)):
        opens_its_line = not lines[getattr(node, "lineno", 1) - 1][
            : getattr(node, "col_offset", 0)
        ].strip()
        if isinstance(node, ast.stmt) and opens_its_line:  # not a body after `: `
            decorators = getattr(node, "decorator_list", [])
            starts |= {node.lineno, *(d.lineno for d in decorators)}
            if not hasattr(node, "body"):
                assert logical.get(node.lineno) == node.end_lineno, (where, node.lineno)
    assert starts <= set(logical), (where, sorted(starts - set(logical))[:5])
    for number in set(logical) - starts:
        assert (
            lines[number - 1]
            .lstrip()
            .startswith(("else:", "elif ", "except", "finally:"))
        ), (where, number)


@pytest.mark.parametrize(
    "text", [*MODULES.values(), CONTINUED], ids=[*MODULES, "continued lines"]
)
def test_logical_lines_of_hand_written_modules(text: str) -> None:
    _assert_logical_lines_are_statements(text, "")


def test_logical_lines_of_a_real_spec(unformatted: dict[str, str]) -> None:
    for path, text in unformatted.items():
        _assert_logical_lines_are_statements(text, path)


def test_parallel_black_gives_each_module_back_in_its_place() -> None:
    """The workers take the largest modules first; the results still come back in order."""
    texts = [
        "".join(
            f"value_{i}_{j} = make({LONG!r}, {LONG!r})\n"
            for j in range(1 + (i * 7) % 5)
        )
        for i in range(3 * formatting.PARALLEL_MIN_MODULES)
    ]
    assert sorted(texts, key=len) != texts  # the sizes are not in order
    assert black_in_workers(texts) == [
        black.format_str(text, mode=formatting.BLACK_MODE) for text in texts
    ]


def test_a_formatting_job_gives_each_pending_module_once_from_the_cache_or_black(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline checks black's modules as they come back; every one must come, once."""
    monkeypatch.setenv("SDKFORGE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SDKFORGE_NO_CACHE", raising=False)
    modules = {
        f"pkg/m{i}.py": f"value_{i} = make({LONG!r}, {LONG!r})\n"
        for i in range(3 * formatting.PARALLEL_MIN_MODULES)
    }
    half = dict(list(modules.items())[::2])
    with formatting.start_formatting(half) as job:
        assert len(list(job.completed())) == len(
            half
        )  # half of them are in the cache now
    files = {**modules, "pkg/short.py": "x = 1\n", "docs/page.md": f"{LONG * 3}\n"}
    with formatting.start_formatting(files) as job:
        assert set(job.pending) == set(modules)
        done = list(job.completed())
    assert sorted(path for path, _ in done) == sorted(modules)
    assert dict(done) == {
        path: black.format_str(text, mode=formatting.BLACK_MODE)
        for path, text in modules.items()
    }


def test_leaving_a_formatting_job_early_stops_its_workers() -> None:
    """The docs fail to render while black works: the workers must not outlive the failure."""
    if sys.platform != "linux":
        pytest.skip("black runs in worker processes on Linux only")
    texts = {
        f"m{i}.py": f"value_{i} = make({LONG!r}, {LONG!r})\n" * 20
        for i in range(3 * formatting.PARALLEL_MIN_MODULES)
    }
    with pytest.raises(RuntimeError), formatting.start_formatting(texts):
        workers = multiprocessing.active_children()
        assert workers  # black is at work
        raise RuntimeError("the docs failed to render")
    for worker in workers:
        worker.join(timeout=30)
        assert not worker.is_alive()


PARENT_WITH_A_BUSY_WORKER = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from sdkforge.forked import end_with_parent

def busy() -> None:
    print(os.getpid(), flush=True)
    time.sleep(60)

context = multiprocessing.get_context("fork")
pool = ProcessPoolExecutor(1, mp_context=context, initializer=end_with_parent,
                           initargs=(os.getpid(),))
pool.submit(busy)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the pool runs on Linux only")
def test_black_workers_end_when_the_generate_process_is_killed():
    """A CI timeout kills `sdkforge generate` with SIGKILL: its black workers must not go on
    formatting on their own (they did, holding gigabytes, on Microsoft Graph's spec)."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_WITH_A_BUSY_WORKER],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        parent.kill()


def _alive(pid: int) -> bool:
    """The process runs (a zombie waiting for init to reap it counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("docs_fail", [False, True])
def test_generate_gives_the_collector_back_what_it_froze(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docs_fail: bool
) -> None:
    """The loaded model is frozen out of the collector's sight while the files render; a process
    that generates again and again (`watch`, the tests) must get it back, or it never frees.
    """
    if docs_fail:

        def fail(*args: object) -> None:
            raise RuntimeError("the docs failed to render")

        monkeypatch.setattr(pipeline, "_render_docs", fail)
    settings = load_settings(
        {"spec": Path(__file__).parent / "specs" / "tiny.yaml", "out": tmp_path}
    )
    frozen_while_rendering = []
    render_models = pipeline.render_models

    def spy(*args: object) -> dict[str, str]:
        frozen_while_rendering.append(gc.get_freeze_count())
        return render_models(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_models", spy)
    try:
        pipeline.generate_files(settings)
    except RuntimeError:
        assert docs_fail
    assert frozen_while_rendering[0] > 1000  # the model, out of the collector's sight
    assert gc.get_freeze_count() == 0
