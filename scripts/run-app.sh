#!/usr/bin/env bash
# Installs what Hindsight needs (Debian 12), builds it and launches it on the default
# workspace (~/.local/share/hindsight/workspace.hindsight). Extra arguments go to the app,
# e.g. --workspace FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  scripts/install-deps.sh
else
  sudo scripts/install-deps.sh
fi
cmake --preset default >/dev/null
cmake --build --preset default
exec build/default/app/hindsight "$@"
