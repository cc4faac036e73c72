#!/usr/bin/env bash
# Takes the README's screenshots: the app on a fresh default workspace (the example
# post-mortem) at 1920x1080 under Xvfb, driven by keyboard through every step.
# Usage: scripts/screenshots.sh [build-dir] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
out=${2:-docs/screenshots}
app="$build/app/hindsight"
[ -x "$app" ] || { echo "build the app first ($app)" >&2; exit 1; }
mkdir -p "$out"
home=$(mktemp -d)
display=:97
Xvfb "$display" -screen 0 1920x1080x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app_pid" "$xvfb" 2>/dev/null || true; rm -rf "$home"' EXIT
export DISPLAY=$display
sleep 1
export HOME="$home" XDG_DATA_HOME="$home/share" XDG_CONFIG_HOME="$home/config"
launch() {
  "$app" -qwindowgeometry 1920x1080+0+0 >/dev/null 2>&1 &
  app_pid=$!
  win=
  for _ in $(seq 50); do
    win=$(xdotool search --name 'workspace.hindsight' 2>/dev/null | head -n1 || true)
    [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "$win" ] || { echo "the app did not open a window" >&2; exit 1; }
  xdotool windowfocus --sync "$win"
  sleep 1.5
}
shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; echo "wrote $out/$1.png"; }
key() { xdotool key --clearmodifiers "$@"; }

launch

shot 1-set-the-stage
key ctrl+2; shot 2-timeline
key ctrl+3; shot 3-why-chains
key ctrl+4; shot 4-actions
key ctrl+5; shot 5-report 2
key ctrl+d; shot 6-dashboard
key ctrl+2; key ctrl+p; shot 7-presentation-timeline 1.5

# The pre-mortem: the test fixture, dated so it is the newest session and opens first.
key ctrl+q; wait "$app_pid" || true
premortem=$(mktemp --suffix=.json)
sed 's/"date": "2025-01-14"/"date": "2026-11-20"/' tests/data/json/example-premortem.json >"$premortem"
"$app" import "$premortem" >/dev/null
rm -f "$premortem"
launch
key ctrl+2; shot 8-premortem-catastrophe
for step in 2 3 4 5 6; do
  key alt+$step
  case $step in
    2) shot 9-premortem-rounds ;;
    3) shot 10-premortem-merge ;;
    4) shot 11-premortem-vote ;;
    5) shot 12-premortem-score ;;
    6) shot 13-premortem-mitigations ;;
  esac
done
key ctrl+q
