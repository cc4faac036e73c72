#!/bin/sh
# Builds Hindsight in Release mode and runs the benchmark; the Markdown table goes to stdout,
# progress to stderr. docs/performance.md says how the published figures were made.
#
#   scripts/bench.sh [--runs N] [--keep DIR]
#
# BUILD_DIR (default build/bench) and JOBS (default: all cores) can be set in the environment.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
jobs=${JOBS:-$(nproc)}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DHINDSIGHT_BUILD_BENCH=ON >&2
cmake --build "$build" -j "$jobs" --target hindsight_bench >&2

exec "$build/bench/hindsight_bench" "$@"
