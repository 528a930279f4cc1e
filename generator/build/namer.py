"""Class names for schemas: who claims which name, and in which order of preference.

Names are case-insensitively unique (module and docs page names are the lower-cased class
name). An inline schema's name comes from where it sits (`Place`), per `docs/design/naming.md`.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .. import api
from ..api import class_name_of
from ..naming import RESERVED_CLASS_NAMES, class_name, pascal, value_word, words

RUNTIME_ERRORS = Path(__file__).resolve().parent.parent / "runtime" / "errors.py"
# The word of an array's item when the array is no property's (a component, a member): a
# property's item is the singular of the property's name (`modalities` -> `modality`).
ITEM_WORD = "Item"


class ModelKind(Enum):
    """What an inline schema becomes: it decides the name's fallback suffix."""

    OBJECT = "object"
    ENUM = "enum"
    UNION = "union"


@dataclass(frozen=True)
class Place:
    """Where an inline schema sits, which decides its class name."""

    root: str  # the component or operation it belongs to (not its inline parent)
    prop: str | None  # the property (or derived word) it sits under
    group: api.ModelGroup = "models"
    # Under an operation (its models go to `models/operations/`).
    in_operation: bool = False
    # `prop` is a union member's word, not a property name: never a bare name.
    member: bool = False
    # The model the property belongs to, when it is not the root itself.
    parent: str | None = None
    # The item of an array no property holds (a component's, a union member's): `prop` is
    # `ITEM_WORD`, no property name.
    unnamed_item: bool = False
    # The component or operation whose union, named with its short name, lends that name as
    # `root` (`CodeInterpreterServerTool` for `Container`'s members).
    lent_by: str | None = None

    def under(self, prop: str) -> Place:
        return Place(
            self.root,
            prop,
            self.group if self.group != "errors" else "models",
            self.in_operation,
            parent=self.parent,
            lent_by=self.lent_by,
        )


# Who may take a short name: components' inline schemas and operations' compete apart.
ShortKey = tuple[bool, str]  # (under an operation, lower-cased short name)


@dataclass(frozen=True)
class Findings:
    """What one pass over the spec found about the names schemas want: the next pass names
    by it (see `build_api`)."""

    # for each short name wanted more than once, the one schema that keeps it, or None
    owners: dict[ShortKey, str | None] = field(default_factory=dict)
    # those of them the one union among the wanting schemas keeps (see `_union_first`)
    kept_by_union: frozenset[ShortKey] = frozenset()
    # the names made of a word (see `Namer._wants`) wanted more than once: none takes one
    contested: frozenset[ShortKey] = frozenset()
    # the prefixed names several schemas want, each with its wanting pointers in the order
    # their numbers go (`Namer.numbered_names`); the same for short names
    numbered: dict[ShortKey, tuple[str, ...]] = field(default_factory=dict)
    numbered_short: dict[ShortKey, tuple[str, ...]] = field(default_factory=dict)
    # the names one operation's request and response want, each pointer with its side
    sided: dict[ShortKey, dict[str, str]] = field(default_factory=dict)
    # the short names several schemas of one root want
    one_root: frozenset[ShortKey] = frozenset()


class Namer:
    """The names taken so far and the name given to each schema pointer.

    An inline schema's short name (its property's: `Detail`) goes to it only when no other
    inline schema an operation uses wants the same one; when several do, all of them are
    prefixed with their roots (`ChatGenerationParamsEffort`, `ResponseReasoningConfigEffort`).
    Components' schemas come first: an operation's takes a short name only if no component's
    has it. A schema no operation uses never takes a short name another wants.
    A first pass over the spec finds who wants which name (`findings`); the next names by
    what it found (see `build_api`).
    """

    def __init__(self, found: Findings | None = None) -> None:
        # What the pass before found (see `Findings`); the first pass has found nothing yet.
        found = found or Findings()
        self.owners = found.owners
        self.kept_by_union = found.kept_by_union
        self.contested = found.contested
        self.numbered = found.numbered
        self.numbered_short = found.numbered_short
        self.sided = found.sided
        self.one_root = found.one_root
        # Lower-cased class names, per folder (`models/`, `models/operations/`: operations or
        # not): module and page names must not clash within one. Error classes share the
        # models' folder names (`models/errors/` sits beside them in the package).
        self.taken: dict[bool, set[str]] = {False: set(), True: set()}
        self.name_by_pointer: dict[str, str] = {}
        # The lower-cased names of the components that are objects or unions: an inline enum
        # whose short name one of them has says it is an enum (see `inline_name`).
        self.component_non_enums: set[str] = set()
        # What this pass finds. Short name -> pointers of the inline schemas that want it, in
        # the order they asked; the same for the names made of a word (see `_wants`).
        self.wanted: dict[ShortKey, list[str]] = {}
        self._wanting: dict[ShortKey, list[str]] = {}
        # prefixed name -> pointers of the inline unions (or of the members of unions) that
        # want it, and the prefixed names objects and enums want (see `numbered_names`)
        self._numbers_wanted: dict[ShortKey, list[str]] = {}
        self._wanted_unnumbered: set[ShortKey] = set()
        # an inline union's name -> the prefixed name it wanted (its members' names start so)
        self._union_prefixed: dict[ShortKey, str] = {}
        self._numbered_unions: set[ShortKey] = set()
        # For each pointer that wants a short name: whether it is a union or object no inline
        # parent tells apart, and its root; its kind; whether its inline parent tells it apart.
        self._short_numberable: dict[str, tuple[bool, str]] = {}
        self._kind_of: dict[str, ModelKind] = {}
        self._told_apart: dict[str, bool] = {}
        # The objects with a tag (see `inline_name`), and the schemas given a numbered name.
        self._tagged: set[str] = set()
        self._numbered_pointers: set[str] = set()

    def findings(
        self, used: set[str], order: Callable[[str], Sequence[int]]
    ) -> Findings:
        """What this pass found, for the next one to name by; `used`: the models operations
        use; `order`: a pointer's place in the document."""
        owners, kept_by_union = self.short_name_owners(used)
        return Findings(
            owners=owners,
            kept_by_union=kept_by_union,
            contested=self.contested_names(),
            numbered=self.numbered_names(order),
            numbered_short=self.numbered_short_names(used, order),
            sided=self.sided_names(),
            one_root=self.one_root_names(),
        )

    def short_name_owners(
        self, used: set[str]
    ) -> tuple[dict[ShortKey, str | None], frozenset[ShortKey]]:
        """For each short name wanted more than once, the schema that keeps it: the only one
        of the wanting schemas whose model is in `used` (models operations use), else the
        one nearest the root when they are enums or objects of one root (`_shallowest`), else the
        only union among them (`_union_first`), else none. And the names kept that last way.
        """
        owners: dict[ShortKey, str | None] = {}
        kept_by_union: set[ShortKey] = set()
        for key, pointers in self.wanted.items():
            if len(pointers) > 1:
                in_use = [p for p in pointers if self.name_by_pointer.get(p) in used]
                owners[key] = in_use[0] if len(in_use) == 1 else None
                if owners[key] is None:
                    owners[key] = self._shallowest(in_use or pointers)
                if owners[key] is None:
                    owners.update(self._union_first(key, in_use or pointers))
                    if owners[key] is not None:
                        kept_by_union.add(key)
        return owners, frozenset(kept_by_union)

    def one_root_names(self) -> frozenset[ShortKey]:
        """The short names more than one schema wants, all of one root."""
        return frozenset(
            key
            for key, pointers in self.wanted.items()
            if len(pointers) > 1 and self._of_one_root(pointers)
        )

    def _of_one_root(self, pointers: Iterable[str]) -> bool:
        """The schemas that want a short name all sit in one root (component or operation)."""
        return len({self._short_numberable[p][1] for p in pointers}) == 1

    def _shallowest(self, pointers: list[str]) -> str | None:
        """Enums or objects of one root that want one short name: the one nearest the root
        keeps it (`ObjectT` for the body's `object`, not its `data[].object`; `Filter` for the
        body's `filters[]`, not its `classifier_filters.filters[]`)."""
        if any(self._kind_of[p] is ModelKind.UNION for p in pointers):
            return None
        if not self._of_one_root(pointers):
            return None
        depths = sorted((p.count("/properties/"), p) for p in pointers)
        if depths[0][0] == depths[1][0]:
            return None
        return depths[0][1]

    def _union_first(
        self, key: ShortKey, pointers: list[str]
    ) -> dict[ShortKey, str | None]:
        """Where no operation's use decides: the one union among the wanting schemas (those
        operations use, when some do) keeps the short name (`Format` for `CustomTool.format`),
        and the one enum among them takes it with `Enum` (`FormatEnum` for
        `InputAudio.format`); objects are prefixed."""
        unions = [p for p in pointers if self._kind_of[p] is ModelKind.UNION]
        if len(unions) != 1 or key[1] in _RESERVED_LOWER:
            return {}  # a reserved word says `ObjectT`: that is no short name
        enums = [p for p in pointers if self._kind_of[p] is ModelKind.ENUM]
        taken_with_enum = {_with_enum(key): enums[0]} if len(enums) == 1 else {}
        return {key: unions[0], **taken_with_enum}

    def numbered_short_names(
        self, used: set[str], order: Callable[[str], Sequence[int]]
    ) -> dict[ShortKey, tuple[str, ...]]:
        """The short names that several unions or objects operations use want, all of one root
        and none told apart by an inline parent (the `part` of two members of one event
        union): the reference numbers them from 1, depth-first (`Part1`, `Part2`; with inline
        members `ItemUnion1`, `ItemUnion2`), where it prefixes the wanting schemas of several
        roots. Enums are not numbered: a one-value enum says its value; nor is an object with
        a tag: it says its tag (`Response1`, `Response2` and `ResponseFailed`)."""
        numbered: dict[ShortKey, tuple[str, ...]] = {}
        for key, pointers in self.wanted.items():
            in_use = [p for p in pointers if self.name_by_pointer.get(p) in used]
            untagged = [p for p in in_use if p not in self._tagged]
            if (
                len(untagged) > 1
                and all(self._short_numberable[p][0] for p in in_use)
                and self._of_one_root(in_use)
            ):
                numbered[key] = tuple(
                    sorted(untagged, key=lambda p: _post_order(order(p)))
                )
        return numbered

    def sided_names(self) -> dict[ShortKey, dict[str, str]]:
        """The names two schemas of one operation want, one on its request side and one on
        its response side, and no other schema: the reference gives each the name and its
        side (`CreateGuardrailResetIntervalRequest`, `...Response`; `DocumentRequest`,
        `DocumentResponse` in `POST /rerank`)."""
        sided: dict[ShortKey, dict[str, str]] = {}
        for key in sorted(self.wanted.keys() | self._wanting.keys()):
            pointers = {*self.wanted.get(key, ()), *self._wanting.get(key, ())}
            # a union its own object member wants the name of is one name with it
            pointers -= {_union_of(p) for p in pointers}
            sides = {p: _side_of(p) for p in pointers}
            if (
                len(pointers) == 2
                and len({_operation_of(p) for p in pointers}) == 1
                and sorted(sides.values(), key=str) == ["Request", "Response"]
            ):
                sided[key] = {p: str(side) for p, side in sides.items()}
        return sided

    def _with_side(
        self, candidates: list[str], place: Place, pointer: str
    ) -> list[str]:
        """`candidates` with the side the schema sits on added to a name `sided_names` found."""
        return [
            name
            + self.sided.get((place.in_operation, name.lower()), {}).get(pointer, "")
            for name in candidates
        ]

    def contested_names(self) -> frozenset[ShortKey]:
        """The names of `_wants` more than one schema wanted."""
        return frozenset(
            key for key, pointers in self._wanting.items() if len(pointers) > 1
        )

    def numbered_names(
        self, order: Callable[[str], Sequence[int]]
    ) -> dict[ShortKey, tuple[str, ...]]:
        """The prefixed names more than one inline schema wants (root + property, as the
        items of an array member of a union want the union's), each with its wanting schemas
        in depth-first post-order (`order` gives a pointer's place in the document).

        Unions that want one are numbered from 1 in that order, the innermost first
        (`EasyInputMessageContentUnion1` for the items, `...Union2` for the union), and so
        are their members that want one name. Objects and enums go on to other names."""
        return {
            key: tuple(sorted(pointers, key=lambda p: _post_order(order(p))))
            for key, pointers in self._numbers_wanted.items()
            if len(pointers) > 1 and key not in self._wanted_unnumbered
        }

    def _wants(self, place: Place, names: Iterable[str], pointer: str) -> set[str]:
        """Records that the schema at `pointer` wants `names`, and returns those contested.

        These are the names made of a word: a union member's property + word
        (`ContentThinking`), a one-value enum's property + value (`TypeTokens`) and its
        prefixed name. When several schemas want one, the reference gives it to none of
        them: each goes on to a longer name (`MessagesOutputConfig.format.type` and
        `.task_budget.type` -> `MessagesOutputConfigTypeJSONSchema`, `TypeTokens`)."""
        contested = set()
        for name in names:
            key = (place.in_operation, name.lower())
            wanting = self._wanting.setdefault(key, [])
            if (
                pointer not in wanting
            ):  # a name it wants twice (root's and lender's) is no contest
                wanting.append(pointer)
            if key in self.contested:
                contested.add(name)
        return contested

    def claim(self, candidates: list[str], in_operation: bool = False) -> str:
        """The key of the first candidate free in its folder; a numeric suffix on the last one
        only as the last resort. The key is the class name, qualified with its folder when
        the other folder took that name first (see `api.class_name_of`).

        A candidate made of words (`TypeAlias` from a `type` enum's value `alias`) may spell a
        reserved name: it takes the `T` suffix as a component key would.
        """
        candidates = [
            name + "T" if name in RESERVED_CLASS_NAMES else name for name in candidates
        ]
        taken = self.taken[in_operation]
        name = next((c for c in candidates if c.lower() not in taken), None)
        if name is None:
            base, n = candidates[-1], 2
            while f"{base}{n}".lower() in taken:
                n += 1
            name = f"{base}{n}"
        taken.add(name.lower())
        if name.lower() in self.taken[not in_operation]:
            return ("operations." if in_operation else "models.") + name
        return name

    def name_pointer(
        self, pointer: str, candidates: list[str], in_operation: bool = False
    ) -> str:
        """Give the schema at `pointer` the first free candidate, unless it has a name already."""
        if pointer not in self.name_by_pointer:
            self.name_by_pointer[pointer] = self.claim(candidates, in_operation)
        return self.name_by_pointer[pointer]

    def inline_name(
        self,
        kind: ModelKind,
        place: Place,
        pointer: str,
        *,
        inline_members: bool = False,
        only_value: str | None = None,
        object_member: bool = False,
        tag: str | None = None,
    ) -> str:
        """The name of an inline schema (see `_inline_candidates`). `inline_members`: a union
        with a member of its own (an inline object or enum); `only_value`: the value of a
        one-value enum; `tag`: an object's tag (see `predicates.member_tag`)."""
        if pointer in self.name_by_pointer:
            return self.name_by_pointer[pointer]
        contested = self._wants_words(kind, place, pointer, only_value)
        candidates = _inline_candidates(
            kind, place, inline_members, only_value, object_member
        )
        short = _short_name(place)
        first_prefixed = 0 if short is None else 1
        prefixed = candidates[first_prefixed]
        numbered: set[str] = set()  # the candidates that carry a number
        number = self._prefixed_number(kind, place, pointer, prefixed, only_value)
        if number is not None:
            candidates[first_prefixed:] = [number]
            numbered.add(number)
            contested = set()
        elif (place.in_operation, prefixed.lower()) in self.numbered:
            # the others that want it are numbered (`...CacheControl1`): bare, it would read
            # as one of them
            candidates.remove(prefixed)
        candidates = [c for c in candidates if c not in contested]
        if short is not None:
            short_number = self._short_number(kind, place, pointer, short, tag)
            if short_number is not None:
                says_union = inline_members and not candidates[0].endswith("Union")
                # a number makes a reserved word safe: `Response1`, not `ResponseT1`
                candidates[0] = _unreserved(candidates[0])
                candidates[0] += "Union" * says_union + str(short_number)
                numbered.add(candidates[0])
            elif (
                tag is not None
                and (place.in_operation, short.lower()) in self.numbered_short
            ):
                # the others that want it are numbered: a tagged object says its tag instead
                candidates[0] = _unreserved(short) + value_word(tag)
            else:
                self._decide_short_name(
                    candidates, place, pointer, short, only_value, object_member
                )
            if (
                kind is ModelKind.ENUM
                and candidates[0] == short
                and short.lower() in self.component_non_enums
            ):
                # another kind of component has the name: the enum says what it is
                # (`FusionPlugin.preset` -> `PresetEnum`, the object `Preset` a component)
                candidates.insert(1, short + "Enum")
        name = self.claim(
            self._with_side(candidates, place, pointer), _in_operations_folder(place)
        )
        self.name_by_pointer[pointer] = name
        if class_name_of(name) in numbered:
            self._numbered_pointers.add(pointer)
        if kind is ModelKind.UNION:
            union_key = (place.in_operation, class_name_of(name))
            self._union_prefixed[union_key] = prefixed
            if class_name_of(name) in numbered:
                self._numbered_unions.add(union_key)
        return name

    def _wants_words(
        self, kind: ModelKind, place: Place, pointer: str, only_value: str | None
    ) -> set[str]:
        """Records the names made of words the schema under a property wants (see `_wants`);
        returns those of a one-value enum that are contested (it then goes on to the next).
        """
        if place.prop is None:
            return set()
        wanted = [_prefixed(place)]
        if place.lent_by is not None:
            # what it wants as its true root's too: the reference counts it there
            # (`CodeInterpreterServerTool.type` -> `TypeCodeInterpreter`, not
            # `...ServerToolType`, which `Container`'s member's `type` wants)
            wanted.append(place.lent_by + _prop_word(place))
        if kind is ModelKind.ENUM and only_value:
            wanted.append(_prop_word(place) + value_word(only_value))
            return self._wants(place, wanted, pointer)
        self._wants(place, wanted, pointer)
        return set()

    def _decide_short_name(
        self,
        candidates: list[str],
        place: Place,
        pointer: str,
        short: str,
        only_value: str | None,
        object_member: bool,
    ) -> None:
        """Drops the short name (`candidates[0]`: the name, or a union's `<short>Union`) when
        another schema keeps it, putting first what the schema takes instead; a union whose
        object member says its side keeps the bare short name (`sided_names`)."""
        short_key = (place.in_operation, short.lower())
        sided = pointer in self.sided.get(short_key, {})
        if self.owners.get(short_key, pointer) != pointer and not sided:
            del candidates[0]
            if self._parent_first(place, pointer, short, only_value):
                candidates.insert(0, f"{place.parent}{_prop_word(place)}")
            if self.owners.get(_with_enum(short_key)) == pointer:
                candidates.insert(0, short + "Enum")
        elif object_member and short_key in self.sided:
            # its object member says its side (`DocumentRequest`): the union is `Document`
            candidates[0] = short

    def _parent_first(
        self, place: Place, pointer: str, short: str, only_value: str | None
    ) -> bool:
        """A schema that does not keep a short name several schemas of its root want, and
        that its inline parent tells apart, is named parent + property before root +
        property, which would not tell them apart (`GranularityName`, `OperatorName` in
        `GET /analytics/meta`; `ClassifierFiltersFilter` beside the body's own `Filter`).
        A one-value enum says its value instead (`ObjectEmbedding`)."""
        return (
            self._told_apart[pointer]
            and place.parent is not None
            and not only_value
            and (place.in_operation, short.lower()) in self.one_root
        )

    def _prefixed_number(
        self,
        kind: ModelKind,
        place: Place,
        pointer: str,
        prefixed: str,
        only_value: str | None,
    ) -> str | None:
        """A union's or object's prefixed name, or an enum's last one (prefixed + `Enum`, or a
        one-value enum's prefixed + value), with the schema's number when the first pass found
        several wanting it where no inline parent tells them apart (`numbered_names`).

        What a union or enum its parent tells apart wants is numbered for none. An object its
        parent tells apart takes its parent's name instead, and leaves the number to the others
        (`ResponsesStreamChunkError1`, `...2` for the `error` of two event members, beside the
        `error` of one member's `response`)."""
        prefixed_key = (place.in_operation, prefixed.lower())
        if kind is not ModelKind.ENUM:
            name, key = prefixed, prefixed_key
        else:
            self._wanted_unnumbered.add(prefixed_key)
            name = _prefixed(place) + (value_word(only_value) if only_value else "Enum")
            key = (place.in_operation, name.lower())
        if self._parent_tells_apart(place, pointer):
            if kind is not ModelKind.OBJECT:
                self._wanted_unnumbered.add(key)
            return None
        return self._number(name, key, pointer)

    def _parent_tells_apart(self, place: Place, pointer: str) -> bool:
        """The schema's inline parent tells it apart from others that want its name: not where
        the reference numbers (`_parent_tells_not_apart`), nor when the parent has a number
        itself (the `type` of the numbered `summary[]` items of two members' reasoning items:
        `ItemTypeSummaryText1`, `...2`)."""
        if _parent_tells_not_apart(place, pointer):
            return False
        parent = _IN_A_PARENT.sub("", pointer)
        return parent == pointer or parent not in self._numbered_pointers

    def _short_number(
        self,
        kind: ModelKind,
        place: Place,
        pointer: str,
        short: str,
        tag: str | None = None,
    ) -> int | None:
        """Records that the schema at `pointer` wants the short name; its number when the
        first pass found several of one root wanting it (`numbered_short_names`)."""
        key = (place.in_operation, short.lower())
        self.wanted.setdefault(key, []).append(pointer)
        self._kind_of[pointer] = kind
        self._told_apart[pointer] = not _parent_tells_not_apart(place, pointer)
        self._short_numberable[pointer] = (
            kind is not ModelKind.ENUM and _parent_tells_not_apart(place, pointer),
            place.root,
        )
        if tag is not None:
            self._tagged.add(pointer)
        wanting = self.numbered_short.get(key, ())
        return wanting.index(pointer) + 1 if pointer in wanting else None

    def _number(self, name: str, key: ShortKey, pointer: str) -> str | None:
        """Records that the schema at `pointer` wants `name`; `name` with the schema's number
        when the first pass found several unions (or members) wanting it (`numbered_names`).
        """
        self._numbers_wanted.setdefault(key, []).append(pointer)
        wanting = self.numbered.get(key, ())
        if pointer not in wanting:
            return None
        return f"{name}{wanting.index(pointer) + 1}"

    def tagged_nullable_name(self, place: Place, pointer: str, word: str) -> None:
        """Names the tagged object of `anyOf: [<object>, null]` property + tag when no other
        schema wants that name; else it is named as any inline object is."""
        name = pascal(place.prop or "") + word
        in_operation = _in_operations_folder(place)
        if (
            not self._wants(place, (name,), pointer)
            and name.lower() not in self.taken[in_operation]
        ):
            self.name_pointer(pointer, [name], in_operation)

    def member_name(
        self,
        place: Place,
        pointer: str,
        prop: str | None = None,
        kind: ModelKind = ModelKind.OBJECT,
    ) -> str:
        """An inline object/enum member of a union under the property `prop` is named
        property + word (`ContentThinking`) unless another schema wants that name too, else
        root + word (`...ResponseFormatText`)."""
        word = pascal(place.prop or "")
        union = place.parent or place.root
        base = without_union_suffix(union)
        # A component the spec itself calls `...Union` lends its whole name
        # (`ToolChoiceTypeUnion` -> `ToolChoiceTypeUnionFileSearch`); the suffix the namer
        # added to an inline union's name is dropped (`...StatusUnion` -> `...StatusInProgress`).
        union_pointer = pointer.rsplit("/", 2)[0]
        if _spec_calls_it_a_union(union_pointer):
            base = union
        union_key = (place.in_operation, union)
        short = pascal(prop) + word if prop is not None else None
        contested = short is not None and bool(self._wants(place, (short,), pointer))
        if (
            contested
            and kind is ModelKind.ENUM
            and self._kept_for_being_a_union(union, union_pointer, place)
        ):
            # Its short name + word is the contested property + word: the member takes the
            # name the union wanted before it kept its short one (`Type` for
            # `OpenAIResponsesToolChoice`'s `type`: `OpenAIResponsesToolChoiceTypeWebSearchPreview`).
            base = without_union_suffix(self._union_prefixed.get(union_key, union))
        # What the union's members want is told by the name it wanted, which is the same in
        # both passes; the members of numbered unions that want one name are numbered as the
        # unions are (`InputsStatusUnion1`, `...Union2`: `InputsStatusCompleted1`, `...2`).
        # So are members of one kind of one union that want one name (two `message` objects).
        wanted = without_union_suffix(self._union_prefixed.get(union_key, union)) + word
        key = (place.in_operation, f"{wanted.lower()} {kind.value}")
        number = self._number(base + word, key, pointer)
        candidates = [base + word]
        if number is not None and (
            union_key in self._numbered_unions or _siblings(self.numbered[key])
        ):
            candidates = [number]
        if union != base:
            # `...ItemUnion` + word: its union's own name
            candidates.append(union + word)
        if short is not None and not contested:
            candidates.insert(0, short)
        if kind is ModelKind.ENUM and word != "Enum":
            # a one-value enum named by its value, whose name an object tagged with the same
            # value took: it is the union's enum (`Keep`: `KeepAll`, `KeepEnum`)
            candidates.append(base + "Enum")
        return self.name_pointer(
            pointer,
            self._with_side([*candidates, base + "Member"], place, pointer),
            _in_operations_folder(place),
        )

    def _kept_for_being_a_union(self, union: str, pointer: str, place: Place) -> bool:
        """The union at `pointer` keeps its contested short name for being the one union
        among the schemas that want it (no operation's use decided it)."""
        key = (place.in_operation, union.lower())
        return key in self.kept_by_union and self.owners.get(key) == pointer


# The short names a reserved word gives (`object` -> `ObjectT`), lower-cased as in a ShortKey
_RESERVED_LOWER = frozenset(f"{name}T".lower() for name in RESERVED_CLASS_NAMES)


# An operation's pointer, and the side of it a schema sits on.
_SIDE = re.compile(
    r"^(/paths/[^/]+/(?:get|put|post|delete|options|head|patch|trace))"
    r"/(requestBody|parameters|responses)/"
)


def _operation_of(pointer: str) -> str | None:
    found = _SIDE.match(pointer)
    return found.group(1) if found else None


def _side_of(pointer: str) -> str | None:
    found = _SIDE.match(pointer)
    if found is None:
        return None
    return "Response" if found.group(2) == "responses" else "Request"


def _union_of(pointer: str) -> str | None:
    """The union whose member the schema at `pointer` is (`<union>/anyOf/1`), else None."""
    rest, _, index = pointer.rpartition("/")
    union, _, key = rest.rpartition("/")
    return union if index.isdigit() and key in ("anyOf", "oneOf") else None


def _unreserved(name: str) -> str:
    """A reserved word's class name without its `T` (`ResponseT` -> `Response`)."""
    if name.endswith("T") and name[:-1] in RESERVED_CLASS_NAMES:
        return name[:-1]
    return name


def _in_operations_folder(place: Place) -> bool:
    """The model of an inline schema at `place` goes to `models/operations/` (an operation's
    error goes to `models/errors/`, whose names share the models' folder)."""
    return place.in_operation and place.group != "errors"


def _with_enum(key: ShortKey) -> ShortKey:
    """Where `short_name_owners` records the enum that takes a short name + `Enum`."""
    in_operation, short = key
    return in_operation, short + " enum"


def without_union_suffix(name: str) -> str:
    """A union's name without the `Union` the namer adds, numbered or not (`...ContentUnion2`)."""
    return _UNION_SUFFIX.sub("", name) or name


_UNION_SUFFIX = re.compile(r"Union\d*$")


def _parent_tells_not_apart(place: Place, pointer: str) -> bool:
    """Where the reference numbers the schemas that want one name, rather than prefix them
    with their inline parent: a property of the root itself or of a union's member (whose
    names start with the root too) and that property's items (`OpenAIResponsesInputContent1`
    .. `3`: two members' `content[]` and one `content`), and the items of a union's array
    member. A property of an inline object is told apart by it (`PostAccountsIndividualMetadata`).
    """
    return place.parent in (None, place.root) or bool(_IN_A_MEMBER.search(pointer))


_IN_A_MEMBER = re.compile(
    r"/(?:oneOf|anyOf)/\d+(?:(?:/allOf/\d+)*/properties/[^/]+(?:/items)?|/items)$"
)


# A property's place under its inline parent
_IN_A_PARENT = re.compile(r"/properties/[^/]+$")


def _siblings(pointers: Sequence[str]) -> bool:
    """The members of one union (`.../anyOf/0`, `.../anyOf/1`)."""
    return len({pointer.rsplit("/", 2)[0] for pointer in pointers}) == 1


def _post_order(position: Sequence[int]) -> tuple[float, ...]:
    """Sorts an inner schema before the schema that holds it, siblings in document order."""
    return (*position, math.inf)


def _spec_calls_it_a_union(pointer: str) -> bool:
    """A schema under components whose key ends with `Union`: the spec named it so."""
    key = pointer.removeprefix("/components/schemas/")
    return key != pointer and "/" not in key and key.endswith("Union")


def _short_name(place: Place) -> str | None:
    """The bare property name an inline schema may take (`Stop`, `Detail`); a union member's
    word is no property name, so a member has none."""
    if place.prop is None or place.member:
        return None
    return class_name(place.prop)


def _prefixed(place: Place) -> str:
    """Root + property (`ChatGenerationParamsEffort`)."""
    return place.root + _prop_word(place)


def _prop_word(place: Place) -> str:
    return pascal(place.prop or "") or ITEM_WORD


# What a prefixed name may add when it is taken too, by kind.
_KIND_SUFFIX = {
    ModelKind.OBJECT: None,
    ModelKind.ENUM: "Enum",
    ModelKind.UNION: "Union",
}


def _inline_candidates(
    kind: ModelKind,
    place: Place,
    inline_members: bool = False,
    only_value: str | None = None,
    object_member: bool = False,
) -> list[str]:
    """Short name, root + property, then with the kind's suffix (`...Enum`, `...Union`).

    As the reference generator names them: a union with inline members (objects or enums
    named after it) is prefixed with its kind too (`ChatGenerationParamsPluginUnion`,
    `OutputMessageStatusUnion`): its members take root + property + word, the union says it
    is one. A one-value enum whose prefixed name is taken says its value instead of `Enum`:
    property + value (`TypeResponseCreated`), then root + property + value.
    """
    if place.prop is None:
        return [place.root]
    prop = _prop_word(place)
    prefixed = _prefixed(place)
    suffix = _KIND_SUFFIX[kind]
    only_word = value_word(only_value) if only_value else ""
    if suffix is None:
        candidates = [prefixed]
    elif kind is ModelKind.UNION and inline_members:
        candidates = [prefixed + suffix]
    elif kind is ModelKind.ENUM and only_word:
        candidates = [prefixed, prop + only_word, prefixed + only_word]
    else:
        candidates = [prefixed, prefixed + suffix]
    short = _short_name(place)
    if short is not None:
        # a union with inline members says it is one (`AllowedToolsUnion`): its object
        # member takes the bare name (`AllowedTools`)
        candidates.insert(0, short + "Union" if object_member else short)
    if place.parent and place.parent != place.root:
        # before a number: the inline parent tells it apart
        candidates.append(place.parent + prop)
    return candidates


@functools.cache
def runtime_exceptions() -> frozenset[str]:
    """The `__all__` of the SDK's `errors` module, read from its source: the runtime ships into
    the generated package as files, and importing it here would load httpx (35 ms a run).
    """
    for node in ast.parse(RUNTIME_ERRORS.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign):
            continue
        if [getattr(target, "id", None) for target in node.targets] == ["__all__"]:
            return frozenset(ast.literal_eval(node.value))
    raise LookupError(f"no __all__ in {RUNTIME_ERRORS}")


def error_class_candidates(component_key: str) -> list[str]:
    """An error component's class says it is one: `BadRequestResponse` -> `BadRequestResponseError`
    (`ChatError`, `ErrorResponse` already do and stay), the bare name if that one is taken or is
    an exception of the SDK's own (`NotFound` stays: `errors.NotFoundError` is the exception).
    """
    name = class_name(component_key)
    if "Error" in words(name) or name + "Error" in runtime_exceptions():
        return [name]
    return [name + "Error", name]
