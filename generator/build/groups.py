"""Which operation group (`client.<group>`) an operation belongs to: one rule, in order.

1. The operation's `x-speakeasy-group`.
2. Its first tag that names a group. Under OpenAPI 3.2 a tag declared in the top-level `tags`
   with a `kind` other than `nav` is a label (an audience, a badge), not a group: it is skipped.
   A tag's `parent` does not change the group: a child tag is a group of its own name.
3. The first segment of its path that is a literal (no `{param}` in it), has a letter, and is
   not a version or API prefix (`v1`, `v2beta`, `api`, `rest`, a date): `/v1/customers/{id}`
   is `customers`, `/api/v2/{org}/billing-portal` is `billing_portal`.
4. `default`: `/` itself, or a path of only such segments.

The result is snake_case. Making it a valid and unique client attribute (a Python keyword, a
client attribute such as `close`) is the client renderer's job, as for any group name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..naming import snake

DEFAULT_GROUP = "default"
# A tag `kind` that still names a group (OpenAPI 3.2's registered value for navigation).
NAV_KIND = "nav"
# Path segments that say which API or version, not which resource: `v1`, `v2`, `v1beta1`,
# `v2.1`, `v3-preview`, `api`, `apis`, `rest` (dates and numbers have no letter: skipped anyway).
_PREFIX_SEGMENT = re.compile(
    r"v\d+(?:[._-]?\d+)*(?:[._-]?(?:alpha|beta|preview|rc|dev)\d*)?|api|apis|rest",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[A-Za-z]")


def label_tags(tags: Any, openapi_32: bool) -> frozenset[str]:
    """The names of the top-level tags that are labels, not groups (3.2: `kind` other than `nav`)."""
    if not openapi_32 or not isinstance(tags, list):
        return frozenset()
    return frozenset(
        str(tag["name"])
        for tag in tags
        if isinstance(tag, Mapping)
        and "name" in tag
        and tag.get("kind") not in (None, NAV_KIND)
    )


def operation_group(
    operation: Mapping[str, Any], path: str, labels: frozenset[str] = frozenset()
) -> str:
    """The group of one operation object at `path`, in snake_case (rules 1-4 above)."""
    explicit = operation.get("x-speakeasy-group")
    if explicit:
        return snake(str(explicit))
    for tag in operation.get("tags") or ():
        if str(tag) not in labels:
            return snake(str(tag))
    return path_group(path)


def path_group(path: str) -> str:
    """The first resource segment of `path` in snake_case, else `default` (rules 3-4)."""
    for segment in path.split("#", 1)[0].split("/"):
        if _is_resource_segment(segment):
            return snake(segment)
    return DEFAULT_GROUP


def _is_resource_segment(segment: str) -> bool:
    return (
        "{" not in segment
        and _LETTER.search(segment) is not None
        and _PREFIX_SEGMENT.fullmatch(segment) is None
    )
