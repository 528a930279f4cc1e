"""Generate every real spec once per session (in parallel subprocesses) and make the packages importable."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import SHARED_SPECS, VERSIONS, package_name, start_cli


@dataclass(frozen=True)
class GeneratedSdk:
    version: str
    spec: Path
    out: Path
    package: str
    stdout: str
    stderr: str
    hash_seed: int


BLACK_TEST = "test_black_check_passes_on_every_generated_tree"


class GeneratedSdks(dict):
    """version -> GeneratedSdk, plus the `black --check` run started on all trees right after generation."""

    black: subprocess.Popen | None = None
    black_log: Path | None = None


@pytest.fixture(scope="session")
def generated_sdks(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> GeneratedSdks:
    """version -> the SDK `sdkforge generate` wrote for /work/shared/specs/openrouter/<version>.yaml.

    All five run at once (the machine has two cores, the largest spec dominates), each with its own
    hash seed so the determinism test can regenerate with another one. When the black test is
    selected, `black --check` starts on all trees at once in the background: it uses the second core
    while the import and schema tests run in this process.
    """
    root = tmp_path_factory.mktemp("real_specs")
    started = time.perf_counter()
    runs = {}
    # The largest spec first: it bounds the wall time.
    for seed, version in enumerate(reversed(VERSIONS), start=1):
        out = root / version
        spec = SHARED_SPECS / f"{version}.yaml"
        process = start_cli(
            "generate",
            "--spec",
            spec,
            "--out",
            out,
            "--package",
            package_name(version),
            cwd=root,
            hash_seed=seed,
        )
        runs[version] = (process, spec, out, seed)
    sdks = GeneratedSdks()
    failures = []
    for version, (process, spec, out, seed) in runs.items():
        stdout, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            failures.append(f"{version}: exit {process.returncode}\n{stderr[-3000:]}")
        sdks[version] = GeneratedSdk(
            version, spec, out, package_name(version), stdout, stderr, seed
        )
    if failures:
        pytest.fail(
            "sdkforge generate failed on real specs:\n" + "\n".join(failures),
            pytrace=False,
        )
    sys.stderr.write(
        f"\n[core] generated {len(sdks)} real specs in {time.perf_counter() - started:.1f}s\n"
    )
    for sdk in sdks.values():
        sys.path.insert(0, str(sdk.out))
    if any(item.name == BLACK_TEST for item in request.session.items):
        sdks.black_log = root / "black.log"
        with sdks.black_log.open("w") as log:
            sdks.black = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "black",
                    "--check",
                    "-q",
                    *(str(sdk.out) for sdk in sdks.values()),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    yield sdks
    if sdks.black is not None and sdks.black.poll() is None:
        sdks.black.kill()
        sdks.black.wait()
    for sdk in sdks.values():
        if str(sdk.out) in sys.path:
            sys.path.remove(str(sdk.out))


@pytest.fixture(scope="session")
def sdk_packages(generated_sdks) -> dict[str, str]:
    """version -> importable package name."""
    return {version: sdk.package for version, sdk in generated_sdks.items()}
