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
HOME="$home" XDG_DATA_HOME="$home/share" XDG_CONFIG_HOME="$home/config" \
  "$app" -qwindowgeometry 1920x1080+0+0 >/dev/null 2>&1 &
app_pid=$!
for _ in $(seq 50); do
  win=$(xdotool search --name 'workspace.hindsight' 2>/dev/null | head -n1 || true)
  [ -n "$win" ] && break
  sleep 0.2
done
[ -n "$win" ] || { echo "the app did not open a window" >&2; exit 1; }
xdotool windowfocus --sync "$win"
sleep 1.5

shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; echo "wrote $out/$1.png"; }
key() { xdotool key --clearmodifiers "$@"; }

shot 1-set-the-stage
key ctrl+2; shot 2-timeline
key ctrl+3; shot 3-why-chains
key ctrl+4; shot 4-actions
key ctrl+5; shot 5-report 2
key ctrl+d; shot 6-dashboard
key ctrl+2; key ctrl+p; shot 7-presentation-timeline 1.5
