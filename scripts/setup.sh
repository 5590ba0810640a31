#!/usr/bin/env bash
# Installs everything Sapa needs on a fresh machine, skipping whatever is already there:
#   Node.js 24 (from the npm registry's `node` package when the machine's Node is older),
#   nats-server and redis-server (Debian packages), FerretDB, kfake, Jaeger and promtool
#   (built with Go),
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

# The browser tests (apps/*/src/*.e2e.test.ts) drive Debian's chromium through playwright-core,
# which never downloads a browser of its own. SAPA_CHROMIUM names another binary instead.
install_chromium() {
  local missing=()
  [ -x "${SAPA_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  # Only "recommended" by Debian's chromium: without a font, screenshots show boxes.
  [ -d /usr/share/fonts/truetype/liberation ] || missing+=(fonts-liberation)
  if [ ${#missing[@]} -eq 0 ]; then return; fi
  log "installing Debian packages for the browser tests: ${missing[*]}"
  apt_install "${missing[@]}"
}

# FerretDB 1.24 needs Go >= 1.22 (its go.mod); Debian 12's golang-go is 1.19, and Go older than
# 1.21 cannot fetch a newer toolchain by itself. So: a recent enough `go` on PATH or in
# /usr/local/go, else the official toolchain from the Go module proxy (golang.org/toolchain,
# what GOTOOLCHAIN=auto downloads) unpacked into .tools/go.
GO_MIN_MINOR=22
GO_TOOLCHAIN="${GO_TOOLCHAIN:-1.22.6}"
go_ok() { # true when $1 runs and is Go >= 1.GO_MIN_MINOR
  local v; v="$("$1" env GOVERSION 2>/dev/null)" || return 1 # e.g. go1.22.6
  v="${v#go}"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%[!0-9]*}"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge "$GO_MIN_MINOR" ]; }
}
find_go() {
  local candidate
  for candidate in "$(command -v go || true)" /usr/local/go/bin/go "$SAPA_TOOLS/go/bin/go"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && go_ok "$candidate"; then echo "$candidate"; return; fi
  done
  install_go >&2
  echo "$SAPA_TOOLS/go/bin/go"
}
install_go() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;;
    *) echo "setup: no Go toolchain for $(uname -m); install Go >= 1.$GO_MIN_MINOR" >&2; exit 1 ;;
  esac
  command -v curl >/dev/null || apt_install curl ca-certificates
  command -v unzip >/dev/null || apt_install unzip
  local proxy="${GOPROXY:-https://proxy.golang.org}"; proxy="${proxy%%,*}"
  case "$proxy" in https://* | http://*) ;; *) proxy=https://proxy.golang.org ;; esac
  local module="v0.0.1-go$GO_TOOLCHAIN.linux-$arch"
  log "downloading Go $GO_TOOLCHAIN from $proxy (golang.org/toolchain@$module)"
  local tmp; tmp="$(mktemp -d)"
  curl -fsSL --retry 3 -o "$tmp/go.zip" "$proxy/golang.org/toolchain/@v/$module.zip"
  unzip -q "$tmp/go.zip" -d "$tmp"
  rm -rf "$SAPA_TOOLS/go" && mkdir -p "$SAPA_TOOLS"
  mv "$tmp/golang.org/toolchain@$module" "$SAPA_TOOLS/go"
  rm -rf "$tmp"
  # Module zips carry no file modes: make the tools executable, as the go command does.
  chmod +x "$SAPA_TOOLS/go/bin/"* "$SAPA_TOOLS/go/pkg/tool/"*/*
  go_ok "$SAPA_TOOLS/go/bin/go" || { echo "setup: the downloaded Go does not run" >&2; exit 1; }
}

# FerretDB 1.x speaks the MongoDB wire protocol over SQLite or PostgreSQL. The module proxy
# refuses v1.24.1 and its version list (403), so `go install ...@v1.24.1` cannot work here;
# v1.24.0 is built from its downloaded module source instead (docs/development.md), with the
# fixes in scripts/ferretdb-patches applied (the PostgreSQL pool deadlock). A stamp beside the
# binary names the version and the patches, so a build without them is replaced.
ferretdb_build_stamp() {
  { echo "$FERRETDB_VERSION"; cat "$SAPA_ROOT"/scripts/ferretdb-patches/*.patch; } | sha256sum | cut -d' ' -f1
}

install_ferretdb() {
  local stamp; stamp="$(ferretdb_build_stamp)"
  if [ -x "$SAPA_TOOLS/bin/ferretdb" ] && [ "$(cat "$SAPA_TOOLS/bin/ferretdb.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  local go_bin; go_bin="$(find_go)"
  log "building FerretDB $FERRETDB_VERSION with $($go_bin version) and $(ls "$SAPA_ROOT"/scripts/ferretdb-patches | wc -l) patch(es)"
  local dir
  dir="$($go_bin mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(j.Dir)})')"
  # The module cache is read-only and FerretDB embeds build/version/version.txt, which the
  # release tag fills in: build from a writable copy with that file written.
  local src; src="$(mktemp -d)"
  cp -r "$dir/." "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  local fix
  for fix in "$SAPA_ROOT"/scripts/ferretdb-patches/*.patch; do
    (cd "$src" && git apply "$fix")
  done
  mkdir -p "$SAPA_TOOLS/bin"
  (cd "$src" && GOFLAGS=-mod=mod "$go_bin" build -trimpath -o "$SAPA_TOOLS/bin/ferretdb" ./cmd/ferretdb)
  echo "$stamp" > "$SAPA_TOOLS/bin/ferretdb.stamp"
  rm -rf "$src"
}

# kfake (franz-go's Kafka-protocol broker) for the Kafka export tests: the small main in
# libs/testkit/go/kfake, built into .tools/bin/kfake. A stamp of its sources (main.go, go.mod,
# go.sum) skips the build when nothing changed; with a warm Go cache a rebuild takes seconds.
# franz-go 1.22 needs Go 1.26: an older go (>= 1.21) fetches that toolchain by itself.
kfake_build_stamp() {
  cat "$SAPA_ROOT"/libs/testkit/go/kfake/{main.go,go.mod,go.sum} | sha256sum | cut -d' ' -f1
}

install_kfake() {
  local stamp; stamp="$(kfake_build_stamp)"
  if [ -x "$SAPA_TOOLS/bin/kfake" ] && [ "$(cat "$SAPA_TOOLS/bin/kfake.stamp" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  local go_bin; go_bin="$(find_go)"
  log "building kfake with $($go_bin version)"
  mkdir -p "$SAPA_TOOLS/bin"
  (cd "$SAPA_ROOT/libs/testkit/go/kfake" && GOTOOLCHAIN=auto "$go_bin" build -trimpath -o "$SAPA_TOOLS/bin/kfake" .)
  echo "$stamp" > "$SAPA_TOOLS/bin/kfake.stamp"
}

# Jaeger (trace backend) and promtool (Prometheus checker) for the observability tests, built
# once per version into .tools/bin/<tool>-<version> and skipped when that binary exists (the Go
# module and build caches make a rebuild on the same machine quick). Jaeger's replace directives
# refuse `go install`, so it is built from a throwaway wrapper module that requires it as a tool.
JAEGER_VERSION="${JAEGER_VERSION:-v1.76.0}"
PROMTOOL_VERSION="${PROMTOOL_VERSION:-v0.316.0}"
install_jaeger() {
  local bin="$SAPA_TOOLS/bin/jaeger-$JAEGER_VERSION"
  [ -x "$bin" ] && return
  local go_bin; go_bin="$(find_go)"
  log "building Jaeger $JAEGER_VERSION with $($go_bin version) (minutes on a cold cache)"
  mkdir -p "$SAPA_TOOLS/bin"
  local wrapper; wrapper="$(mktemp -d)"
  (cd "$wrapper" && GOTOOLCHAIN=auto "$go_bin" mod init x >/dev/null 2>&1 \
    && GOTOOLCHAIN=auto "$go_bin" get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_VERSION" \
    && GOTOOLCHAIN=auto "$go_bin" build -trimpath -o "$bin.tmp" github.com/jaegertracing/jaeger/cmd/jaeger)
  mv "$bin.tmp" "$bin"
  rm -rf "$wrapper"
}
install_promtool() {
  local bin="$SAPA_TOOLS/bin/promtool-$PROMTOOL_VERSION"
  [ -x "$bin" ] && return
  local go_bin; go_bin="$(find_go)"
  log "building promtool $PROMTOOL_VERSION with $($go_bin version) (minutes on a cold cache)"
  mkdir -p "$SAPA_TOOLS/bin"
  local gobin; gobin="$(mktemp -d)"
  GOBIN="$gobin" GOTOOLCHAIN=auto "$go_bin" install "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_VERSION"
  mv "$gobin/promtool" "$bin"
  rm -rf "$gobin"
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
install_chromium
install_ferretdb
install_kfake
install_jaeger
install_promtool
install_node_modules
if [ "${SAPA_SKIP_BUILD:-0}" != "1" ]; then
  log "building"
  npm run --silent build
fi
log "ready (node $(node --version), $(nats-server --version 2>/dev/null || /usr/sbin/nats-server --version), $(redis-server --version | cut -d' ' -f3), ferretdb $FERRETDB_VERSION)"
