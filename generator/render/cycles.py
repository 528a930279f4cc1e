"""Which models reach back to themselves: the strongly connected components of the model graph.

A pydantic validator holds the validators of every model it reaches, so on a spec whose models
reference one another in cycles (Stripe's expandable fields link most resources to each other)
validating one object first builds a validator for hundreds of models. A field that leads back
into its own model's component is validated lazily instead (`Lazy` in the package's `_base`),
which cuts every cycle and keeps each validator to the models its object really nests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def cycle_components(edges: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each node that lies on a cycle, mapped to the nodes of its cycles (itself included).

    Tarjan's algorithm, iterative: a chain of references may be thousands of models long.
    """
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: dict[str, frozenset[str]] = {}
    for root in sorted(edges):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, _successors(edges, root))]
        index[root] = lowlink[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                successor = pending.pop()
                if successor not in index:
                    index[successor] = lowlink[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, _successors(edges, successor)))
                elif successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowlink[parent] = min(lowlink[parent], lowlink[node])
            if lowlink[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in edges.get(node, ()):
                    component = frozenset(members)
                    components.update((member, component) for member in members)
    return components


def _successors(edges: Mapping[str, Iterable[str]], node: str) -> list[str]:
    return sorted(set(edges.get(node, ())), reverse=True)
