#!/usr/bin/env bash
# The logic of action.yml (the GitHub Action), as a script any CI can run:
#   1. drift: `sdkforge check` (the generated SDK matches the spec and templates);
#   2. changes: `sdkforge diff` of the spec at the base branch against the working tree,
#      failing on the kinds of change given by SDKFORGE_FAIL_ON.
# Exit 0 when both pass, 1 when either fails (stale SDK, or changes of the SDKFORGE_FAIL_ON kind),
# 2 on bad input (bad spec, bad settings, unknown base ref), 4 when sdkforge itself failed (an
# internal error to report: never mistaken for "stale" or "breaking").
#
# Environment (all optional):
#   SDKFORGE_SPEC       spec path            [tool.sdkforge] spec, else specs/openrouter.yaml
#   SDKFORGE_OUT        output directory     [tool.sdkforge] out, else generated
#   SDKFORGE_BASE_REF   branch/ref to diff against (GitHub: github.base_ref); empty: skip the diff
#   SDKFORGE_FAIL_ON    breaking | wire | source | any | none   [breaking]
#   SDKFORGE_CHECK      "false" skips the drift check
#   SDKFORGE_REPORT     where to write the Markdown report       [$RUNNER_TEMP/sdkforge-report.md]
#   SDKFORGE_CMD        how to run sdkforge                      [sdkforge, else python -m sdkforge.cli]
# On GitHub the report also goes to the job summary and `bump`, `report`, `drift` to the step outputs.
set -uo pipefail

if [[ -n "${SDKFORGE_CMD:-}" ]]; then
  read -r -a SDKFORGE <<<"$SDKFORGE_CMD"
elif command -v sdkforge >/dev/null 2>&1; then
  SDKFORGE=(sdkforge)
else
  SDKFORGE=(python -m sdkforge.cli)
fi
FAIL_ON="${SDKFORGE_FAIL_ON:-breaking}"
REPORT="${SDKFORGE_REPORT:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/sdkforge-report.md}"
options=()
[[ -n "${SDKFORGE_SPEC:-}" ]] && options+=(--spec "$SDKFORGE_SPEC")
[[ -n "${SDKFORGE_OUT:-}" ]] && options+=(--out "$SDKFORGE_OUT")

output() {  # name value: a step output on GitHub
  [[ -n "${GITHUB_OUTPUT:-}" ]] && echo "$1=$2" >>"$GITHUB_OUTPUT"
  return 0
}
summary() {  # append stdin to the job summary on GitHub
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat >>"$GITHUB_STEP_SUMMARY"; else cat >/dev/null; fi
}

status=0
: >"$REPORT"

# ---- 1. drift --------------------------------------------------------------------------------
if [[ "${SDKFORGE_CHECK:-true}" != "false" ]]; then
  echo "::group::sdkforge check"
  "${SDKFORGE[@]}" check "${options[@]}"
  check=$?
  echo "::endgroup::"
  if [[ $check -eq 0 ]]; then
    output drift false
  elif [[ $check -eq 1 ]]; then
    output drift true
    echo "::error::the generated SDK is stale: run \`sdkforge generate\` and commit the result"
    printf '## sdkforge: the generated SDK is stale\n\nRun `sdkforge generate` and commit the result.\n\n' | tee -a "$REPORT" | summary
    status=1
  elif [[ $check -eq 4 ]]; then
    echo "::error::sdkforge check crashed (internal error, exit 4): not a stale SDK; please report it with the output above"
    exit 4
  else
    echo "::error::sdkforge check failed (exit $check)"
    exit 2
  fi
fi

# ---- 2. changes against the base branch --------------------------------------------------------
BASE="${SDKFORGE_BASE_REF:-}"
if [[ -z "$BASE" ]]; then
  echo "sdkforge: no base ref (SDKFORGE_BASE_REF), skipping the diff"
  exit $status
fi
spec="${SDKFORGE_SPEC:-}"
if [[ -z "$spec" ]]; then
  spec=$(python -c 'from sdkforge.config import load_settings; print(load_settings({}).spec.as_posix())') || exit 2
fi
# the spec's path inside the repository, for `git show REF:path`
repo_root=$(git rev-parse --show-toplevel) || exit 2
spec_in_repo=$(python -c 'import os, sys; print(os.path.relpath(os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])).replace(os.sep, "/"))' "$spec" "$repo_root")

ref=""
for candidate in "$BASE" "origin/$BASE"; do
  if git rev-parse --verify --quiet "$candidate^{commit}" >/dev/null; then ref="$candidate"; break; fi
done
if [[ -z "$ref" ]]; then
  git fetch --no-tags --depth=1 origin "$BASE" >/dev/null 2>&1 && ref=FETCH_HEAD
fi
if [[ -z "$ref" ]]; then
  echo "::error::sdkforge: base ref $BASE not found (fetch it, or check out with fetch-depth: 0)"
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
old="$tmp/base-spec.${spec##*.}"
if ! git show "$ref:$spec_in_repo" >"$old" 2>/dev/null; then
  echo "sdkforge: $spec_in_repo does not exist at $BASE: nothing to compare"
  exit $status
fi

diff_options=(--format markdown)
[[ "$FAIL_ON" != "none" ]] && diff_options+=(--fail-on "$FAIL_ON")
"${SDKFORGE[@]}" diff "$old" "$spec" "${diff_options[@]}" >"$tmp/report.md"
diff_status=$?
{ echo "## sdkforge: API changes from $BASE"; tail -n +2 "$tmp/report.md"; } >"$tmp/titled.md"
cat "$tmp/titled.md" >>"$REPORT"
summary <"$tmp/titled.md"
cat "$tmp/report.md"
bump=$(sed -n 's/^Suggested version bump: \*\*\([a-z]*\)\*\*.*/\1/p' "$tmp/report.md" | head -n 1)
output bump "${bump:-none}"
output report "$REPORT"
if [[ $diff_status -eq 1 ]]; then
  echo "::error::sdkforge: $FAIL_ON API changes against $BASE (suggested bump: ${bump:-?}); see the report above"
  status=1
elif [[ $diff_status -eq 4 ]]; then
  echo "::error::sdkforge diff crashed (internal error, exit 4): not an API change; please report it with the output above"
  exit 4
elif [[ $diff_status -ne 0 ]]; then
  echo "::error::sdkforge diff failed (exit $diff_status)"
  exit 2
fi
exit $status
