"""Escaping the spec's text where it lands in Markdown or MDX, so it cannot break the page.

A spec is input we do not control: a `|` in a description would split a table row, `<script>`
would be HTML, a line opening a ``` fence would swallow the rest of the page, and in MDX a `{`
starts a JavaScript expression. Text from the spec (descriptions, examples, field names, const
values, the API title) goes through `text` (and `cell` inside tables); the pages' own markup
does not. Code spans are left as they are: their content is never interpreted.
"""

from __future__ import annotations

import re

# A `<` that could open a tag, a comment or a processing instruction.
_TAG_START = re.compile(r"(?<!\\)<(?=[A-Za-z/!?])")
_BRACE = re.compile(r"(?<!\\)\{")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# A line that would open (or close) a fenced code block: up to three spaces, then ``` or ~~~.
_FENCE_LINE = re.compile(r"(?m)^( {0,3})(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_MD_LINK = re.compile(r"(\]\([^)\s]*?)\.md\)")
_OWN_BREAK = (
    "<br/>"  # the line break the tables use; the only tag the pages write themselves
)


def _outside_code_spans(text: str, escape: re.Pattern[str], replacement: str) -> str:
    """`escape` replaced in the parts of `text` that are not inside a code span."""
    out = []
    position = 0
    for opening in _BACKTICKS.finditer(text):
        if opening.start() < position:
            continue  # inside the span just closed
        closing = re.compile(rf"(?<!`){opening.group()}(?!`)").search(
            text, opening.end()
        )
        if closing is None:
            continue  # an unmatched run of backticks is literal text
        out.append(escape.sub(replacement, text[position : opening.start()]))
        out.append(text[opening.start() : closing.end()])
        position = closing.end()
    out.append(escape.sub(replacement, text[position:]))
    return "".join(out)


def text(value: str) -> str:
    """Spec text in a paragraph or heading: no HTML and no code fence."""
    value = _FENCE_LINE.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
    return _outside_code_spans(value, _TAG_START, r"\\<")


def cell(value: str) -> str:
    """Spec text in a table cell: also no `|` that would end the cell."""
    return _UNESCAPED_PIPE.sub(r"\\|", text(value))


def code_span(value: str) -> str:
    """`value` as inline code, with a delimiter longer than any run of backticks inside it."""
    value = value.replace("\n", " ")
    if "`" not in value:
        return f"`{value}`"
    fence = "`" * (max(len(run) for run in _BACKTICKS.findall(value)) + 1)
    return f"{fence} {value} {fence}"


def mdx_text(value: str) -> str:
    """Markdown made MDX: a `{` is not an expression, `<` (but our `<br/>`) not a tag."""
    value = _outside_code_spans(value, _BRACE, r"\\{")
    parts = value.split(_OWN_BREAK)
    return _OWN_BREAK.join(_outside_code_spans(p, _TAG_START, r"\\<") for p in parts)


def mdx_links(value: str) -> str:
    """Links to sibling pages point at their `.mdx` files."""
    return _MD_LINK.sub(r"\1.mdx)", value)


def code_cell(value: str) -> str:
    """`value` as inline code in a table cell (where even a code span needs its `|` escaped)."""
    return _UNESCAPED_PIPE.sub(r"\\|", code_span(value))


def one_line(value: str) -> str:
    """Spec text that must stay on one line (a title): whitespace runs become one space."""
    return re.sub(r"\s+", " ", value).strip()
