"""Plain data straight from libyaml's event stream: PyYAML's safe loading, at a third of its cost.

`yaml.load` with the C loader parses in C but composes a node tree and constructs the data from
it in Python, object by object (0.6 s for Stripe's 4 MB spec, on top of the depth and alias
check's own pass over the events). Specs are plain mappings, sequences and scalars, so one loop
over the events the check already reads builds the same data (0.25 s), resolving each scalar
exactly as PyYAML does: its resolver chooses the tag, its constructor builds anything that is
not a string.

What this loop does not build the way PyYAML would (an explicit tag on a mapping or sequence,
a tag PyYAML has no constructor for, a merge key `<<`, a key that is itself a mapping or
sequence, a key or an anchor given twice, an undefined alias, more than one document) raises `NeedsPyYAML`: the caller loads that
document with PyYAML's own loader, which builds it or names the error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class NeedsPyYAML(Exception):
    """The document holds something only PyYAML's constructor builds (or rejects) right."""


class _Collection:
    """A mapping or sequence being filled, and the key whose value comes next."""

    __slots__ = ("at_key", "key", "value")

    def __init__(self, value: dict[Any, Any] | list[Any]) -> None:
        self.value = value
        self.key: Any = None
        self.at_key = True

    def add(self, item: Any) -> None:
        value = self.value
        if isinstance(value, list):
            value.append(item)
        elif self.at_key:
            if isinstance(item, (dict, list)):
                raise NeedsPyYAML("a mapping or sequence as a key")
            self.key = item
            self.at_key = False
        elif self.key in value:
            raise NeedsPyYAML(f"the key {self.key!r} given twice")
        else:
            value[self.key] = item
            self.at_key = True


class _Scalars:
    """Scalar events to values, with PyYAML's resolver and constructors."""

    def __init__(self) -> None:
        self._loader = _Loader("")
        self._plain_tags: dict[str, str] = {}  # plain scalars repeat: keys above all

    def value(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return event.value  # quoted: a string
            tag = self._plain_tags.get(event.value)
            if tag is None:
                tag = self._loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                self._plain_tags[event.value] = tag
        if tag == _STR:
            return event.value
        constructor = self._loader.yaml_constructors.get(tag)
        if constructor is None or tag == _MERGE:
            raise NeedsPyYAML(f"the tag {tag}")
        node = yaml.ScalarNode(tag, event.value, style=event.style)
        try:
            return constructor(self._loader, node)
        except (
            Exception
        ) as error:  # `!!int abc`: PyYAML's own error, with the node's line
            raise NeedsPyYAML(f"the {tag} {event.value!r}") from error

    def close(self) -> None:
        self._loader.dispose()


def data_from_events(events: Iterable[yaml.Event]) -> Any:
    """The data of the one document in `events`, as `yaml.load(..., CSafeLoader)` gives it."""
    scalars = _Scalars()
    try:
        return _build(events, scalars)
    finally:
        scalars.close()


def _build(events: Iterable[yaml.Event], scalars: _Scalars) -> Any:
    open_collections: list[_Collection] = []
    anchored: dict[str, Any] = {}
    documents = 0
    root: Any = None
    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            item = scalars.value(event)
            _anchor(anchored, event.anchor, item)
        elif isinstance(event, yaml.CollectionStartEvent):
            if event.tag not in (None, "!"):
                raise NeedsPyYAML(f"the tag {event.tag}")
            mapping = isinstance(event, yaml.MappingStartEvent)
            collection = _Collection({} if mapping else [])
            _anchor(anchored, event.anchor, collection.value)
            open_collections.append(collection)
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            item = open_collections.pop().value
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchored:
                raise NeedsPyYAML(f"the undefined alias *{event.anchor}")
            item = anchored[event.anchor]
        else:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise NeedsPyYAML("more than one document")
            continue
        if open_collections:
            open_collections[-1].add(item)
        else:
            root = item
    return root


def _anchor(anchored: dict[str, Any], anchor: str | None, value: Any) -> None:
    if anchor is not None:
        if anchor in anchored:
            raise NeedsPyYAML(f"the anchor &{anchor} defined twice")
        anchored[anchor] = value
