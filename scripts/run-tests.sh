#!/usr/bin/env bash
# Installs what Hindsight needs (Debian 12), builds with warnings as errors and runs every
# test headless; then builds again with AddressSanitizer + UBSan and runs every test again.
# --quick skips the sanitizer pass (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1

if [ "$(id -u)" -eq 0 ]; then
  scripts/install-deps.sh
else
  sudo scripts/install-deps.sh
fi

# Tests never need a display; make sure none leaks in from the caller.
unset DISPLAY WAYLAND_DISPLAY
export QT_QPA_PLATFORM=offscreen

jobs=$(nproc)
echo "== build (warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
echo "== tests"
ctest --preset ci -j "$jobs"

if [ "$quick" -eq 0 ]; then
  echo "== build with AddressSanitizer and UBSan"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  echo "== tests under AddressSanitizer and UBSan"
  ctest --preset asan -j "$jobs"
fi
echo "== all tests passed"
