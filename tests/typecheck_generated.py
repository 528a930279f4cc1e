"""Gate: pyright (basic) at 0 errors over one generated tree per real spec.

Generates each spec of ../shared/specs/openrouter/, ../shared/specs/zoo/box.json and
tests/core/specs/cycles.yaml (or the ones given) into a temporary folder
with `sdkforge generate`, then runs pyright once over all the trees, with this interpreter's
site-packages (pydantic, httpx) for the imports. Prints pyright's report; exits with its code
(0: no errors).

    python tests/typecheck_generated.py [SPEC ...] [--keep]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs" / "openrouter"
# Beside OpenRouter's: Box (a public API of another shape: multipart, binary, bodies with
# an `options` property; 16 s of pyright), and models in cycles (`Lazy[...]` fields).
EXTRA_SPECS = [
    ROOT.parent / "shared" / "specs" / "zoo" / "box.json",
    ROOT / "tests" / "core" / "specs" / "cycles.yaml",
]


def package_for(spec: Path) -> str:
    return "sdk_" + "".join(c if c.isalnum() else "_" for c in spec.stem)


def generate(specs: list[Path], work: Path) -> list[Path]:
    runs = []
    for spec in specs:
        out = work / spec.stem
        command = [
            sys.executable,
            "-m",
            "sdkforge.cli",
            "generate",
            "--spec",
            str(spec),
        ]
        command += ["--out", str(out), "--package", package_for(spec)]
        runs.append((out, subprocess.Popen(command, cwd=work)))
    for out, process in runs:
        if process.wait() != 0:
            sys.exit(
                f"sdkforge generate failed for {out.name} (exit {process.returncode})"
            )
    return [out for out, _ in runs]


def pyright(trees: list[Path], work: Path) -> int:
    config = {
        "include": [tree.name for tree in trees],  # relative to the config's folder
        "exclude": [f"{tree.name}/docs" for tree in trees],
        "typeCheckingMode": "basic",
        "pythonVersion": "3.10",
        "executionEnvironments": [{"root": tree.name} for tree in trees],
    }
    (work / "pyrightconfig.json").write_text(
        json.dumps(config, indent=2), encoding="utf-8"
    )
    executable = shutil.which("pyright") or shutil.which(
        "pyright", path=str(Path(sys.executable).parent)
    )
    if executable is None:
        sys.exit("pyright is not installed (pip install pyright)")
    command = [executable, "--project", str(work), "--pythonpath", sys.executable]
    return subprocess.run(command, cwd=work).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the generated trees")
    args = parser.parse_args()
    specs = [spec.resolve() for spec in args.specs] or [
        *sorted(SPECS.glob("*.yaml")),
        *EXTRA_SPECS,
    ]
    work = Path(tempfile.mkdtemp(prefix="sdkforge-pyright-"))
    try:
        code = pyright(generate(specs, work), work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
