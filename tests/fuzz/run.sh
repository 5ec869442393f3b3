#!/usr/bin/env bash
# Runs every fuzz target for a bounded time on a scratch copy of its seeds; any crash fails.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]   (BUILD_DIR configured with -DVIGIL_FUZZ=ON)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build_dir=$1 seconds=$2
shift 2
targets=("$@")
((${#targets[@]})) || targets=(expression rule_loader event)

# Findings land here, named by libFuzzer (crash-<sha1>, leak-…, timeout-…, oom-…); copy one to
# tests/fuzz/regressions/<target>/ once fixed, and ctest replays it from then on.
artifacts=${VIGIL_FUZZ_ARTIFACTS:-$build_dir/fuzz-artifacts}
mkdir -p "$artifacts"
status=0
for t in "${targets[@]}"; do
  # A scratch corpus: libFuzzer adds every input that finds new coverage, and the checked-in seeds
  # stay small and reviewed.
  work=$(mktemp -d)
  cp "$here/corpus/$t/"* "$work/"
  echo "fuzz: $t for ${seconds}s" >&2
  # -timeout: one input (a rule file or an event line) that takes this long is a finding in itself.
  if ! "$build_dir/bin/fuzz_$t" "$work" "$here/regressions/$t" -dict="$here/dict/$t.dict" \
       -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/$t-" 2> "$artifacts/$t.log"; then
    echo "fuzz: $t FAILED; the input is in $artifacts, the report:" >&2
    tail -n 60 "$artifacts/$t.log" >&2
    status=1
  fi
  grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "$artifacts/$t.log" >&2 || true
  rm -rf "$work"
done
exit $status
