#!/usr/bin/env bash
# Fuzzes the three ways hostile bytes get into Hindsight, each for a fixed time, under
# AddressSanitizer and UBSan, and prints what each run did.
#
#   scripts/fuzz.sh [TARGET...]     TARGET: timelineparser jsonimport markdownwriter (default: all)
#
#   FUZZ_SECONDS=60      time per target (libFuzzer -max_total_time)
#   FUZZ_BUILD_JOBS=N    parallel compile jobs (default: all cores)
#
# Why: the timeline parser reads whatever is pasted, the JSON import reads whatever file is
# given, and the Markdown writer turns what participants typed into a report other tools
# render. Unit tests check the inputs someone thought of; coverage-guided fuzzing (libFuzzer,
# from Debian's clang) finds the ones nobody did. The targets are tests/fuzz/fuzz_*.cpp; each
# also checks invariants (one parsed line per input line, JSON round trips, well-formed
# Markdown) and aborts when one breaks, so a wrong answer counts as a crash, not only a
# memory error.
#
# What it does:
#  1. installs clang and its sanitizer/libFuzzer runtime (libclang-rt-14-dev) if missing
#     (apt-get, as root, like scripts/install-deps.sh);
#  2. configures build/fuzz with clang and HINDSIGHT_BUILD_FUZZERS=ON. All of core is
#     compiled with coverage instrumentation (-fsanitize=fuzzer-no-link) and ASan+UBSan, so
#     the fuzzer is guided by the code under test, not just by the harness. Qt itself stays
#     the GCC-built Debian library: the same ABI, but not instrumented;
#  3. builds only the fuzz targets;
#  4. runs each on a COPY of its seed corpus (tests/fuzz/corpus/<target>/ plus the saved
#     crashers in tests/fuzz/regressions/<target>/) in build/fuzz/work/<target>/: inputs
#     libFuzzer finds are added to that copy, never to tests/;
#  5. prints a table per target: executions, executions per second, coverage (libFuzzer's
#     "cov:" edge count and "ft:" features at the end), corpus size, crashes.
#
# Exit status: 0 when no target crashed; 1 when one did. A crash prints the input's path
# (build/fuzz/work/<target>/crash-*) and the command that replays it. Once the bug is fixed,
# copy that file into tests/fuzz/regressions/<target>/ : the fuzzreplay_<target> CTest test
# replays it in every build from then on (also with GCC, also under the asan preset).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_BUILD_JOBS:-$(nproc)}
all_targets=(timelineparser jsonimport markdownwriter)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $t "*) ;;
    *) echo "fuzz: unknown target '$t' (one of: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done

# The largest input worth trying per target: a few dozen pasted lines (a line's stamp is read
# from its first 256 characters only); a session file a bit larger than the examples; a
# report of a few dozen records.
max_len() {
  case "$1" in
    timelineparser) echo 4096 ;;
    jsonimport) echo 16384 ;;
    markdownwriter) echo 4096 ;;
  esac
}

# ---- 1. toolchain --------------------------------------------------------------------------
# The project's own packages (Qt, cmake, ninja) come from install-deps.sh.
if [ "$(id -u)" -eq 0 ]; then
  scripts/install-deps.sh
else
  sudo scripts/install-deps.sh
fi
packages=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: missing packages: ${missing[*]}; run as root (or with sudo) to install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- 2-3. build ----------------------------------------------------------------------------
build=build/fuzz
sanitize="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined"
echo "== configure $build (clang, ASan+UBSan, coverage for libFuzzer)"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_CXX_FLAGS="$sanitize -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DHINDSIGHT_BUILD_TESTS=ON -DHINDSIGHT_BUILD_BENCH=OFF -DHINDSIGHT_BUILD_FUZZERS=ON >/dev/null
echo "== build ${targets[*]/#/fuzz_}"
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

# ---- 4. run --------------------------------------------------------------------------------
# Crash on the first sanitizer report, with a stack; leaks are reported too (LeakSanitizer).
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:symbolize=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Qt's own choices must not depend on the machine running the fuzzer.
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8

stat_of() { # stat_of LOG NAME: a libFuzzer -print_final_stats value
  sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

failed=0
rows=()
for t in "${targets[@]}"; do
  work=$build/work/$t
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$t"/* "$work/corpus/"
  if [ -d tests/fuzz/regressions/"$t" ]; then
    cp tests/fuzz/regressions/"$t"/* "$work/corpus/" 2>/dev/null || true
  fi
  seeds=$(find "$work/corpus" -type f | wc -l)
  log=$work/fuzz.log
  echo "== fuzz_$t for ${seconds}s ($seeds seeds, -max_len=$(max_len "$t")); log: $log"
  # A dictionary of the input's vocabulary (JSON member names, zone names, the Markdown
  # target's record tags) lets mutations get past the first string comparisons.
  dict=()
  [ -f tests/fuzz/"$t".dict ] && dict=(-dict="tests/fuzz/$t.dict")
  # -entropic=0: clang 14's entropic schedule spent 31-57% of each target's time in
  # InputCorpus::UpdateFeatureFrequency (perf); without it the Markdown target ran 1.7 times
  # as many inputs and reached more coverage in the same 25 s. Short runs need the speed.
  status=0
  "$build/tests/fuzz/fuzz_$t" "$work/corpus" "${dict[@]}" -entropic=0 \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb=4096 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$log" 2>&1 || status=$?

  execs=$(stat_of "$log" number_of_executed_units)
  speed=$(stat_of "$log" average_exec_per_sec)
  # The last status line ("#N DONE cov: 1234 ft: 5678 corp: 90/12Kb ...") carries coverage.
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  files=$(find "$work/corpus" -type f | wc -l)
  kib=$(( $(du -sb "$work/corpus" | cut -f1) / 1024 ))
  crashes=$(find "$work/artifacts" -type f | wc -l)
  rows+=("$(printf '%-16s %12s %9s %7s %8s %8s %9s %8s' "$t" "${execs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "$files" "${kib}K" "$crashes")")
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    echo "!! fuzz_$t failed (exit $status). Last lines of $log:" >&2
    grep -E 'ERROR|INVARIANT|SUMMARY|runtime error|Test unit written' "$log" | head -n 20 >&2 || true
    for a in "$work"/artifacts/*; do
      [ -e "$a" ] || continue
      echo "!! crasher: $a" >&2
      echo "!!   replay: $build/tests/fuzz/fuzz_$t $a" >&2
    done
  fi
done

# ---- 5. summary ----------------------------------------------------------------------------
echo
echo "== fuzz summary (${seconds}s per target; cov = edges covered, ft = libFuzzer features)"
printf '%-16s %12s %9s %7s %8s %8s %9s %8s\n' target executions exec/s cov ft corpus size crashes
for r in "${rows[@]}"; do
  echo "$r"
done
exit "$failed"
