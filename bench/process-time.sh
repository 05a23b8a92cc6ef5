#!/usr/bin/env bash
# Mean wall time of one `nvsgen generate` process (JVM start included) over N runs.
# Usage: bench/process-time.sh [RUNS] [extra java options…]; run from the project root after packaging.
set -euo pipefail
runs=${1:-20}
shift || true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cmd=(java "$@" -jar cli/target/nvsgen.jar generate testdata/example/factory.csv "$out/factory.bin" 0x6000)
"${cmd[@]}" >/dev/null # warm the file cache
start=$(date +%s%N)
for ((i = 0; i < runs; i++)); do "${cmd[@]}" >/dev/null; done
end=$(date +%s%N)
echo "nvsgen generate: $(( (end - start) / runs / 1000000 )) ms per process (mean of $runs runs)"
