#!/usr/bin/env bash
# Installs everything Sapa needs on a fresh machine, skipping whatever is already there:
#   Node.js 24 (from the npm registry's `node` package when the machine's Node is older),
#   nats-server and redis-server (Debian packages), FerretDB (built with Go),
#   the npm workspaces, and a build of every package.
# Idempotent: run it as often as you like. Set SAPA_SKIP_BUILD=1 to skip the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SAPA_ROOT"

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.0}"
log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

install_node() {
  if [ "$(node_major)" = "24" ]; then return; fi
  log "installing Node.js 24 under .tools/node (machine has $(node --version 2>/dev/null || echo none))"
  if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
  mkdir -p "$SAPA_TOOLS/node"
  npm install --no-save --no-audit --no-fund --prefix "$SAPA_TOOLS/node" node@24 >/dev/null
  source "$SAPA_ROOT/scripts/env.sh"
  [ "$(node_major)" = "24" ] || { echo "setup: Node 24 did not install" >&2; exit 1; }
}

APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  if [ "$APT_UPDATED" = "0" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_servers() {
  local missing=()
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# FerretDB 1.x speaks the MongoDB wire protocol over SQLite or PostgreSQL. The module proxy
# refuses v1.24.1 and its version list (403), so `go install ...@v1.24.1` cannot work here;
# v1.24.0 is built from its downloaded module source instead (docs/development.md).
install_ferretdb() {
  if [ -x "$SAPA_TOOLS/bin/ferretdb" ] || command -v ferretdb >/dev/null; then return; fi
  command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || apt_install golang-go
  local go_bin; go_bin="$(command -v go || echo /usr/local/go/bin/go)"
  log "building FerretDB $FERRETDB_VERSION with $($go_bin version)"
  local dir
  dir="$($go_bin mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')"
  # The module cache is read-only and FerretDB embeds build/version/version.txt, which the
  # release tag fills in: build from a writable copy with that file written.
  local src; src="$(mktemp -d)"
  cp -r "$dir/." "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  mkdir -p "$SAPA_TOOLS/bin"
  (cd "$src" && GOFLAGS=-mod=mod "$go_bin" build -trimpath -o "$SAPA_TOOLS/bin/ferretdb" ./cmd/ferretdb)
  rm -rf "$src"
}

install_node_modules() {
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return
  fi
  log "installing npm workspaces"
  local ci_log; ci_log="$(mktemp)"
  if npm ci --no-audit --no-fund >"$ci_log" 2>&1; then rm -f "$ci_log"; return; fi
  # npm 11's `npm ci` also wants lock entries for other platforms' optional binaries
  # (@swc/core-darwin-arm64 ...); the registry mirror here lacks some of those versions, so
  # the lock cannot record them. `npm install` installs the same locked versions; it must not
  # change the lock file, or the lock really is out of date.
  if ! grep -q 'Missing: .* from lock file' "$ci_log"; then cat "$ci_log" >&2; rm -f "$ci_log"; exit 1; fi
  log "npm ci wants lock entries for other platforms' optional packages; using npm install (locked versions)"
  rm -f "$ci_log"
  local before; before="$(sha256sum package-lock.json)"
  npm install --no-audit --no-fund >/dev/null
  if [ "$(sha256sum package-lock.json)" != "$before" ]; then
    echo "setup: package-lock.json was out of date with package.json (npm install changed it): commit the updated lock" >&2
    if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then exit 1; fi
  fi
}

install_node
install_servers
install_ferretdb
install_node_modules
if [ "${SAPA_SKIP_BUILD:-0}" != "1" ]; then
  log "building"
  npm run --silent build
fi
log "ready (node $(node --version), $(nats-server --version 2>/dev/null || /usr/sbin/nats-server --version), $(redis-server --version | cut -d' ' -f3), ferretdb $FERRETDB_VERSION)"
