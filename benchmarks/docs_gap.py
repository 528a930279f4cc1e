"""Which reference pages we write under the same name but with other content, grouped by kind.

For each training set in ../shared/reference/speakeasy/<version> (issue 13), render the
TypeScript docs with the set's settings and compare every reference `docs/models/**` page that
exists in ours (every section but Example Usage, as tests/docs/test_training_sets.py does). Pages
that differ only in class names (links, `models.X`, table widths) are counted apart: that gap is
naming (benchmarks/naming_gap.py). The rest are grouped by their first differing line, with the
first example of each kind, so the content rules that fix the most pages stand out:

    python benchmarks/docs_gap.py [VERSION ...] [--top N]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.docs.test_training_sets import (  # noqa: E402
    TRAINING,
    pages_side_by_side,
    sections_but_example_usage,
)


def without_names(text: str) -> str:
    """The page with class names and table padding blanked out."""
    text = re.sub(r"\[(?:models|operations|errors)\.\w+\]\([^)]*\)", "[M](L)", text)
    text = re.sub(r"(?:models|operations|errors)\.\w+", "M", text)
    text = re.sub(r" +\|", " |", text)
    text = re.sub(r"\| +", "| ", text)
    return re.sub(r"-{3,}", "---", text)


def differences(version: str) -> tuple[int, int, list[tuple[str, list[str]]]]:
    """(pages that differ, of which only by names, [(page, first differing lines)])."""
    ours, references = pages_side_by_side(version)
    differing = names_only = 0
    found = []
    for path, page in references:
        if path not in ours:
            continue
        theirs = "".join(sections_but_example_usage(page.read_text(encoding="utf-8")))
        mine = "".join(sections_but_example_usage(ours[path]))
        if theirs == mine:
            continue
        differing += 1
        a, b = without_names(theirs), without_names(mine)
        if a == b:
            names_only += 1
            continue
        lines = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        changed = [
            line
            for line in lines
            if line[:1] in "+-" and line[:3] not in ("---", "+++")
        ]
        found.append((path, changed))
    return differing, names_only, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("versions", nargs="*", default=sorted(TRAINING))
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    kinds: Counter[str] = Counter()
    first: dict[str, tuple[str, str, list[str]]] = {}
    for version in args.versions:
        differing, names_only, found = differences(version)
        print(f"{version}: {differing} pages differ, {names_only} only in names")
        for path, changed in found:
            kind = re.sub(r"`[^`]*`", "`x`", changed[0] if changed else "?")[:60]
            kinds[kind] += 1
            first.setdefault(kind, (version, path, changed[:4]))
    for kind, count in kinds.most_common(args.top):
        version, path, changed = first[kind]
        print(f"\n{count} x {kind!r}\n    e.g. {version} {path}")
        for line in changed:
            print("      " + line[:160])


if __name__ == "__main__":
    main()
