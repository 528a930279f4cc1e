"""Which reference model pages we lack, and under which name we write the same page.

For each training set in ../shared/reference/speakeasy/<version> (issue 13), render the
TypeScript docs with the set's settings, then for every reference `docs/models/**` page that
has no page of ours at the same path, find our page with the same body (every section but
Example Usage, the title line and the class name replaced by a placeholder). The pairs are
grouped by the kind of rename, so the rules that fix the most pages stand out:

    python benchmarks/naming_gap.py [--pairs]
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.docs.helpers import real_pages  # noqa: E402
from tests.docs.test_training_sets import SETS, TRAINING  # noqa: E402


def body(page: str, name: str) -> str:
    """The page without its title and Example Usage, its own name blanked out."""
    sections = re.split(r"(?m)^(?=## )", page)
    kept = [s for s in sections[1:] if not s.startswith("## Example Usage")]
    return re.sub(rf"\b{re.escape(name)}\b", "@", "".join(kept))


def title(page: str) -> str:
    """The class name a page documents: its `# ` heading, or an MDX page's `title:`."""
    found = re.search(r'(?m)^title: "(.*)"$', page) or re.search(r"(?m)^# (.*)$", page)
    return found.group(1).strip() if found else ""


def kind_of_rename(theirs: str, ours: str) -> str:
    """A label for how our name differs from theirs."""
    if ours.lower() == theirs.lower():
        return "same name, other folder"
    if ours.endswith(theirs):
        return "we prefix a parent"
    if theirs.endswith(ours):
        return "they prefix a parent"
    for suffix in ("Union", "Enum", "Error", "Body", "ResponseBody", "T"):
        if theirs == ours + suffix:
            return f"they add {suffix}"
        if ours == theirs + suffix:
            return f"we add {suffix}"
    if re.sub(r"\d+$", "", ours) == re.sub(r"\d+$", "", theirs):
        return "numbering"
    if theirs.startswith(ours[:6]):
        return "same root, other tail"
    return "other"


def gap(version: str, show_pairs: bool) -> None:
    optional, docs_format, _, _ = TRAINING[version]
    ours = real_pages(version, "typescript", "@openrouter/sdk", optional, docs_format)
    root = SETS / version / "docs"
    by_body: dict[str, list[str]] = defaultdict(list)
    for path, page in ours.items():
        if path.startswith("docs/models/"):
            by_body[body(page, title(page))].append(path)
    missing = kinds = 0
    counts: Counter[str] = Counter()
    unmatched: list[str] = []
    for page in sorted(p for p in (root / "models").rglob("*") if p.is_file()):
        path = "docs/" + page.relative_to(root).as_posix()
        if path in ours:
            continue
        missing += 1
        text = page.read_text(encoding="utf-8")
        candidates = by_body.get(body(text, title(text)), [])
        if not candidates:
            unmatched.append(path)
            continue
        theirs_name = title(text)
        ours_path = candidates[0]
        ours_name = title(ours[ours_path])
        kind = kind_of_rename(theirs_name, ours_name)
        if ours_path.rsplit("/", 1)[0] != path.rsplit("/", 1)[0]:
            kind += " (folder differs)"
        counts[kind] += 1
        kinds += 1
        if show_pairs:
            print(f"  {kind:35} {theirs_name:45} ours {ours_path}")
    print(f"{version}: {missing} missing, {kinds} found under another name")
    for kind, n in counts.most_common():
        print(f"  {n:4}  {kind}")
    print(f"  {len(unmatched):4}  no page of ours with the same body")
    if show_pairs:
        for path in unmatched:
            print(f"  unmatched {path}")


if __name__ == "__main__":
    for version in sorted(TRAINING):
        gap(version, "--pairs" in sys.argv)
