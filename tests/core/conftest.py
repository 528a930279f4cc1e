"""Generate every real spec once per session (in parallel subprocesses) and make the packages importable."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def generated_sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, GeneratedSdk]:
    """version -> the SDK `sdkforge generate` wrote for /work/shared/specs/openrouter/<version>.yaml.

    All five run at once (the machine has two cores, the largest spec dominates), each with its own
    hash seed so the determinism test can regenerate with another one.
    """
    root = tmp_path_factory.mktemp("real_specs")
    started = time.perf_counter()
    runs = {}
    # The largest spec first: it bounds the wall time.
    for seed, version in enumerate(reversed(VERSIONS), start=1):
        out = root / version
        spec = SHARED_SPECS / f"{version}.yaml"
        process = start_cli("generate", "--spec", spec, "--out", out, "--package", package_name(version), cwd=root, hash_seed=seed)
        runs[version] = (process, spec, out, seed)
    sdks = {}
    failures = []
    for version, (process, spec, out, seed) in runs.items():
        stdout, stderr = process.communicate(timeout=300)
        if process.returncode != 0:
            failures.append(f"{version}: exit {process.returncode}\n{stderr[-3000:]}")
        sdks[version] = GeneratedSdk(version, spec, out, package_name(version), stdout, stderr, seed)
    if failures:
        pytest.fail("sdkforge generate failed on real specs:\n" + "\n".join(failures), pytrace=False)
    sys.stderr.write(f"\n[core] generated {len(sdks)} real specs in {time.perf_counter() - started:.1f}s\n")
    for sdk in sdks.values():
        sys.path.insert(0, str(sdk.out))
    yield sdks
    for sdk in sdks.values():
        if str(sdk.out) in sys.path:
            sys.path.remove(str(sdk.out))


@pytest.fixture(scope="session")
def sdk_packages(generated_sdks) -> dict[str, str]:
    """version -> importable package name."""
    return {version: sdk.package for version, sdk in generated_sdks.items()}
