"""Which OLD model is which NEW model: same names first, then renames found by evidence.

`match_models` returns the pairing (and what found each pair); it reads the two versions and
the paired operations only, so the comparison can trust it as a plain value.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from .. import api
from ..api import ArrayOf, ConstValue, MapOf, ModelRef, TypeRef
from .relate import new_key, type_key, type_str
from .rules import SIDES
from .usage import Version

ModelKind = Literal["object", "enum", "union"]
OperationPair = tuple[api.Operation, api.Operation]


class Evidence(Enum):
    """What paired an OLD model with a NEW one, most trusted first."""

    NAME = "name"
    PLACE = "place"
    POINTER = "pointer"
    SHAPE = "shape"
    LIKENESS = "likeness"


@dataclass(frozen=True)
class ModelMatch:
    pairs: dict[str, str]  # OLD model name -> NEW model name
    evidence: dict[str, Evidence]  # OLD model name -> what paired it


def kind_of(model: api.Model) -> ModelKind:
    if isinstance(model, api.ObjectModel):
        return "object"
    return "enum" if isinstance(model, api.EnumModel) else "union"


def match_models(
    old: Version,
    new: Version,
    op_pairs: Iterable[tuple[api.Operation, api.Operation | None]],
) -> ModelMatch:
    """OLD model name -> NEW model name. Same names first (unless the name now belongs to a
    different model), then renames, found in this order of trust:

    1. place: both sides of a matched pair use an unmatched model at the same spot (the same
       field, union tag, request body, response, stream item or error status);
    2. pointer: the model sits at the same JSON pointer (an inline schema renamed);
    3. shape: exactly the same fields/values/members, and no other model has that shape;
    4. likeness: the most similar model of the same kind, both ways, and similar enough.
    Each found pair can reveal more by place, so 1-3 repeat until nothing new turns up.
    """
    paired_ops = [(o, n) for o, n in op_pairs if n is not None]
    matcher = _ModelMatcher(old, new, paired_ops)
    matcher.run()
    return ModelMatch(matcher.mapping, matcher.how)


class _ModelMatcher:
    PLACE_SIMILARITY = 0.34
    POINTER_SIMILARITY = 0.5
    LIKENESS = 0.75
    WEAK_NAME = (
        0.5  # a same-name pair below this likeness may be split for a better partner
    )

    def __init__(self, old: Version, new: Version, op_pairs: list[OperationPair]):
        self.old, self.new = old, new
        self.om, self.nm = old.models, new.models
        self.op_pairs = op_pairs
        self.mapping: dict[str, str] = {}
        self.reverse: dict[str, str] = {}
        # pairs whose places are not searched yet, first found first
        self.queue: deque[tuple[str, str]] = deque()
        self.deferred: list[tuple[str, str]] = (
            []
        )  # unions at the same place, not alike yet
        self.sim_cache: dict[tuple[str, str], float] = {}
        self.word_cache: dict[tuple[bool, str], frozenset[str]] = {}
        self.parents: dict[bool, dict[str, list[str]]] = {
            True: _parents(old.children),
            False: _parents(new.children),
        }
        self.new_by_pointer: dict[str, list[str]] = defaultdict(list)
        for name, model in self.nm.items():
            self.new_by_pointer[model.pointer].append(name)
        # shapes of free models, kept up to date as pairs are found
        self.buckets: dict[bool, dict[str, set[str]]] = {
            True: defaultdict(set),
            False: defaultdict(set),
        }
        self.shape_of: dict[tuple[bool, str], str] = {}
        self.dirty: set[tuple[bool, str]] | None = (
            None  # None: every shape is to compute
        )
        self.touched: set[str] = set()
        self.how: dict[str, Evidence] = {}

    def old_key(self, t: TypeRef) -> str:
        """An OLD type's spelling with the model names paired so far translated to NEW ones."""
        return type_key(t, self.mapping.get)

    def run(self) -> None:
        # A class name is strong evidence where it comes from the spec (a component key, or the
        # same place): inline names are derived from places and move to other models freely.
        later: list[str] = []
        for name, model in self.om.items():
            other = self.nm.get(name)
            if other is None:
                continue
            if self._alike_by_name(name) and (
                model.pointer == other.pointer
                or (_is_component(model.pointer) and _is_component(other.pointer))
            ):
                self._pair(name, name)
            else:
                later.append(name)
        self._try_places(self._operation_places())
        self._by_place()
        # same inline name, same kind and alike: most likely the same model
        for name in later:
            if self._free(name, name) and self._alike_by_name(name):
                self._pair(name, name)
        self._propagate()
        self._likeness()
        self._propagate()
        # a name no better partner claimed stays a pair (maybe of another kind)
        for name in later:
            if self._free(name, name):
                self._pair(name, name)

    def _alike_by_name(self, name: str) -> bool:
        """The OLD and NEW models of one name are of one kind, and objects share fields."""
        return type(self.om[name]) is type(self.nm[name]) and (
            not isinstance(self.om[name], api.ObjectModel)
            or self._similarity(name, name) >= self.WEAK_NAME
        )

    def _pair(self, o: str, n: str, how: Evidence = Evidence.NAME) -> bool:
        if o in self.mapping or n in self.reverse:
            return False
        self.how[o] = how
        self.mapping[o] = n
        self.reverse[n] = o
        self.queue.append((o, n))
        if self.dirty is not None:
            for side, name in ((True, o), (False, n)):
                shape = self.shape_of.pop((side, name), None)
                if shape is not None:
                    self.buckets[side][shape].discard(name)
                self.dirty.discard((side, name))
                self.dirty.update(
                    (side, parent) for parent in self.parents[side].get(name, ())
                )
        return True

    def _free(self, o: str, n: str) -> bool:
        return (
            o in self.om
            and n in self.nm
            and o not in self.mapping
            and n not in self.reverse
        )

    def _propagate(self) -> None:
        # Cheapest and most trusted first; shapes only when places and pointers find nothing.
        while True:
            self._by_place()
            if self._by_pointer() or self._by_shape():
                continue
            deferred, self.deferred = self.deferred, []
            if not self._try_places(deferred):
                return

    # 1. place
    def _by_place(self) -> int:
        found = 0
        while self.queue:
            o_name, n_name = self.queue.popleft()
            found += self._try_places(self._places(o_name, n_name))
        return found

    def _try_places(self, candidates: list[tuple[str, str]]) -> int:
        found = 0
        for o_name, n_name in candidates:
            if not self._free(o_name, n_name) or type(self.om[o_name]) is not type(
                self.nm[n_name]
            ):
                continue
            synthetic = o_name in self.old.synthetic and n_name in self.new.synthetic
            if synthetic or self._similarity(o_name, n_name) >= self.PLACE_SIMILARITY:
                found += self._pair(o_name, n_name, Evidence.PLACE)
            elif isinstance(self.om[o_name], api.UnionModel):
                # its members may pair later and make it alike
                self.deferred.append((o_name, n_name))
        return found

    def _places(self, o_name: str, n_name: str) -> list[tuple[str, str]]:
        """Models used at the same spots of a paired model: its fields, map values, union tags."""
        o, n = self.om[o_name], self.nm[n_name]
        if isinstance(o, api.ObjectModel) and isinstance(n, api.ObjectModel):
            return _field_places(o, n)
        if not (isinstance(o, api.UnionModel) and isinstance(n, api.UnionModel)):
            return []
        candidates: list[tuple[str, str]] = []
        if o.discriminator and n.discriminator:
            new_tags = dict(n.discriminator.mapping)
            candidates += [
                (m, new_tags[tag])
                for tag, m in o.discriminator.mapping
                if tag in new_tags
            ]
        old_free = [
            m.name
            for m in o.members
            if isinstance(m, ModelRef) and m.name not in self.mapping
        ]
        new_free = [
            m.name
            for m in n.members
            if isinstance(m, ModelRef) and m.name not in self.reverse
        ]
        return candidates + self._best_pairs(old_free, new_free, self.PLACE_SIMILARITY)

    def _operation_places(self) -> list[tuple[str, str]]:
        """Models used at the same spots of paired operations: bodies, responses, streams..."""
        candidates: list[tuple[str, str]] = []
        for o_op, n_op in self.op_pairs:
            candidates += self._attached_places(o_op, n_op)
            candidates += _operation_type_places(o_op, n_op)
        return candidates

    def _attached_places(
        self, o_op: api.Operation, n_op: api.Operation
    ) -> list[tuple[str, str]]:
        """The operations' own models in the same role: the same suffix of the pointer."""
        candidates: list[tuple[str, str]] = []
        for side in SIDES:
            o_syn = self.old.attached_by_op.get((o_op.operation_id, side), [])
            n_syn = self.new.attached_by_op.get((n_op.operation_id, side), [])
            for o_name in o_syn:
                suffix = self.om[o_name].pointer[len(o_op.pointer) :]
                candidates += [
                    (o_name, n_name)
                    for n_name in n_syn
                    if self.nm[n_name].pointer[len(n_op.pointer) :] == suffix
                ]
        return candidates

    # 2. pointer
    def _by_pointer(self) -> int:
        found = 0
        for name, model in self.om.items():
            if name in self.mapping:
                continue
            for other in self.new_by_pointer.get(model.pointer, ()):
                if (
                    self._free(name, other)
                    and type(model) is type(self.nm[other])
                    and self._similarity(name, other) >= self.POINTER_SIMILARITY
                ):
                    found += self._pair(name, other, Evidence.POINTER)
                    break
        return found

    # 3. shape
    def _by_shape(self) -> int:
        """Pair the free models whose shape no other free model on either side has."""
        if self.dirty is None:
            self.dirty = {(True, n) for n in self.om if n not in self.mapping} | {
                (False, n) for n in self.nm if n not in self.reverse
            }
        for side, name in self.dirty:
            if name in (self.mapping if side else self.reverse):
                continue
            old_shape = self.shape_of.get((side, name))
            shape = self._shape((self.om if side else self.nm)[name], side)
            if shape != old_shape:
                if old_shape is not None:
                    self.buckets[side][old_shape].discard(name)
                self.buckets[side][shape].add(name)
                self.shape_of[(side, name)] = shape
                self.touched.add(shape)
        self.dirty = set()
        found = 0
        touched, self.touched = self.touched, set()
        for shape in sorted(touched):
            names = self.buckets[True].get(shape)
            others = self.buckets[False].get(shape)
            if names and others and len(names) == 1 and len(others) == 1:
                found += self._pair(
                    next(iter(names)), next(iter(others)), Evidence.SHAPE
                )
        return found

    def _shape(self, model: api.Model, old_side: bool) -> str:
        """The model's content with model names paired so far (`?` for the others)."""

        def name_of(name: str) -> str:
            if old_side:
                return self.mapping.get(name, "?")
            return name if name in self.reverse else "?"

        def key(t: TypeRef) -> str:
            return type_key(t, name_of)

        if isinstance(model, api.ObjectModel):
            parts = sorted(
                f"{f.wire_name}{'!' if f.required else '?'}:{key(f.type)}"
                for f in model.fields
            )
            return "object{" + ",".join(parts) + "}"
        if isinstance(model, api.EnumModel):
            return "enum{" + ",".join(sorted(repr(v.value) for v in model.values)) + "}"
        return "union{" + ",".join(sorted(key(m) for m in model.members)) + "}"

    # 4. likeness
    def _likeness(self) -> None:
        old_free = [
            n for n in self.om if n not in self.mapping and n not in self.old.synthetic
        ]
        new_free = [
            n for n in self.nm if n not in self.reverse and n not in self.new.synthetic
        ]
        for o_name, n_name in self._best_pairs(
            old_free, new_free, self.LIKENESS, min_size=2
        ):
            if self._free(o_name, n_name):
                self._pair(o_name, n_name, Evidence.LIKENESS)

    def _best_pairs(
        self,
        old_names: list[str],
        new_names: list[str],
        threshold: float,
        min_size: int = 0,
    ) -> list[tuple[str, str]]:
        """Mutually best pairs of the same kind with likeness >= threshold. Prefix filtering keeps
        it near-linear: two sets with Jaccard >= t share one of the |A| - ceil(t*|A|) + 1 rarest
        words of each."""
        if not old_names or not new_names:
            return []
        old_words = {name: self._wordset(True, name) for name in old_names}
        new_words = {name: self._wordset(False, name) for name in new_names}
        prefix = _PrefixFilter(threshold, [*old_words.values(), *new_words.values()])
        index: dict[tuple[ModelKind, str], list[str]] = defaultdict(list)
        for name, words in new_words.items():
            if len(words) >= min_size:
                kind = kind_of(self.nm[name])
                for word in prefix.of(words):
                    index[(kind, word)].append(name)
        best = _MutualBest()
        for o_name, words in old_words.items():
            if len(words) < min_size:
                continue
            kind = kind_of(self.om[o_name])
            candidates = (index.get((kind, word), ()) for word in prefix.of(words))
            for n_name in dict.fromkeys(n for names in candidates for n in names):
                score = self._similarity(o_name, n_name)
                if score >= threshold:
                    best.offer(o_name, n_name, score)
        return best.pairs()

    def _wordset(self, old_side: bool, name: str) -> frozenset[str]:
        model = (self.om if old_side else self.nm)[name]
        if isinstance(model, api.UnionModel):
            # member names depend on the pairs found so far
            return frozenset(
                _words(model, self.old_key if old_side else new_key, self.om)
            )
        key = (old_side, name)
        words = self.word_cache.get(key)
        if words is None:
            words = self.word_cache[key] = frozenset(
                _words(model, None, self.om if old_side else self.nm)
            )
        return words

    def _similarity(self, o_name: str, n_name: str) -> float:
        """Jaccard likeness of field names (with tag values), enum values or member types."""
        o, n = self.om[o_name], self.nm[n_name]
        if type(o) is not type(n):
            return 0.0
        key = (o_name, n_name)
        score = self.sim_cache.get(key)
        if score is None:
            a, b = self._wordset(True, o_name), self._wordset(False, n_name)
            union = len(a | b)
            score = len(a & b) / union if union else 1.0
            if score and isinstance(o, api.ObjectModel) and _tags_differ(a, b):
                score = 0.0  # `type: "a"` and `type: "b"`: two alternatives, not one model changed
            if not isinstance(o, api.UnionModel):
                self.sim_cache[key] = score
        return score


class _PrefixFilter:
    """The rarest words of a set: two sets with Jaccard >= t share one of the
    |A| - ceil(t*|A|) + 1 rarest words of each."""

    def __init__(self, threshold: float, wordsets: Iterable[frozenset[str]]):
        self.threshold = threshold
        self.frequency: dict[str, int] = defaultdict(int)
        for words in wordsets:
            for word in words:
                self.frequency[word] += 1

    def of(self, words: frozenset[str]) -> list[str]:
        size = len(words) - math.ceil(self.threshold * len(words) - 1e-9) + 1
        return sorted(words, key=lambda w: (self.frequency[w], w))[: max(size, 1)]


class _MutualBest:
    """The best-scoring partner of each name on both sides; a tie leaves it with none."""

    def __init__(self) -> None:
        self.best_old: dict[str, tuple[float, str | None]] = {}
        self.best_new: dict[str, tuple[float, str | None]] = {}

    def offer(self, o_name: str, n_name: str, score: float) -> None:
        for best, a, b in (
            (self.best_old, o_name, n_name),
            (self.best_new, n_name, o_name),
        ):
            current = best.get(a, (-1.0, None))[0]
            if score > current:
                best[a] = (score, b)
            elif score == current:
                best[a] = (score, None)  # a tie: ambiguous, pair neither

    def pairs(self) -> list[tuple[str, str]]:
        return [
            (o, n)
            for o, (_, n) in self.best_old.items()
            if n is not None and self.best_new.get(n, (0.0, None))[1] == o
        ]


def _parents(children: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    parents: dict[str, list[str]] = defaultdict(list)
    for name, refs in children.items():
        for ref in refs:
            parents[ref].append(name)
    return parents


def _field_places(o: api.ObjectModel, n: api.ObjectModel) -> list[tuple[str, str]]:
    candidates: list[tuple[str, str]] = []
    new_fields = {f.wire_name: f for f in n.fields}
    for f in o.fields:
        g = new_fields.get(f.wire_name)
        if g is not None:
            candidates += _parallel_refs(f.type, g.type)
    if o.extra_values is not None and n.extra_values is not None:
        candidates += _parallel_refs(o.extra_values, n.extra_values)
    return candidates


def _operation_type_places(
    o_op: api.Operation, n_op: api.Operation
) -> list[tuple[str, str]]:
    """Models at the same spot of two operations' bodies, responses, streams, parameters."""
    candidates: list[tuple[str, str]] = []
    if o_op.request_body is not None and n_op.request_body is not None:
        candidates += _parallel_refs(o_op.request_body, n_op.request_body)
    if o_op.response is not None and n_op.response is not None:
        candidates += _parallel_refs(o_op.response, n_op.response)
    if o_op.stream is not None and n_op.stream is not None:
        candidates += _parallel_refs(o_op.stream.item, n_op.stream.item)
        if o_op.stream.envelope and n_op.stream.envelope:
            candidates.append((o_op.stream.envelope, n_op.stream.envelope))
    new_params = {(p.field.wire_name, p.location): p for p in n_op.parameters}
    for p in o_op.parameters:
        q = new_params.get((p.field.wire_name, p.location))
        if q is not None:
            candidates += _parallel_refs(p.field.type, q.field.type)
    new_errors = dict(n_op.error_responses)
    for status, t in o_op.error_responses:
        n_type = new_errors.get(status)
        if t is not None and n_type is not None:
            candidates += _parallel_refs(t, n_type)
    return candidates


def _tags_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both objects fix the same property to different values (`kind=a` / `kind=b`)."""
    tags_a = dict(w.split("=", 1) for w in a if "=" in w)
    tags_b = dict(w.split("=", 1) for w in b if "=" in w)
    return any(tags_b.get(k, v) != v for k, v in tags_a.items())


def _is_component(pointer: str) -> bool:
    return pointer.startswith("/components/schemas/") and pointer.count("/") == 3


def _words(
    model: api.Model,
    key: Callable[[TypeRef], str] | None,
    models: dict[str, api.Model],
) -> set[str]:
    """What likeness compares: field names (and the values of fixed tags, so that events that
    differ only by their `type` tell apart), enum values, or member types (spelled by `key`,
    or, without one, only their number and non-model types)."""
    if isinstance(model, api.ObjectModel):
        return _field_words(model, models)
    if isinstance(model, api.EnumModel):
        return {json.dumps(v.value) for v in model.values}
    if key is None:
        return {
            type_str(m) if not isinstance(m, ModelRef) else "@" for m in model.members
        } | {f"#{len(model.members)}"}
    return {key(m) for m in model.members}


def _field_words(model: api.ObjectModel, models: dict[str, api.Model]) -> set[str]:
    words = set()
    for f in model.fields:
        words.add(f.wire_name)
        tag = api.strip_null(f.type)
        if isinstance(tag, ModelRef):
            target = models.get(tag.name)
            if isinstance(target, api.EnumModel) and len(target.values) == 1:
                words.add(f"{f.wire_name}={target.values[0].value}")
        elif isinstance(tag, ConstValue):
            words.add(f"{f.wire_name}={tag.value}")
    return words


def _parallel_refs(o: TypeRef, n: TypeRef) -> list[tuple[str, str]]:
    """Model names at the same spot of two types (`array[A]` and `array[B] | null` -> (A, B))."""
    o, n = api.strip_null(o), api.strip_null(n)
    if isinstance(o, ModelRef) and isinstance(n, ModelRef):
        return [(o.name, n.name)]
    if isinstance(o, ArrayOf) and isinstance(n, ArrayOf):
        return _parallel_refs(o.item, n.item)
    if isinstance(o, MapOf) and isinstance(n, MapOf):
        return _parallel_refs(o.value, n.value)
    return []
