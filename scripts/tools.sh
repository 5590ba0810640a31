#!/usr/bin/env bash
# Installs the deployment tools, skipping whatever is already there (sourced by scripts/images.sh
# and the deploy tests' helpers; run directly: `bash scripts/tools.sh [containers] [kustomize] [systemd]`).
#   containers  Debian packages buildah podman skopeo debootstrap runc netavark catatonit (daemonless
#               OCI images and `podman kube play`)
#   kustomize   sigs.k8s.io/kustomize/kustomize/v5 built with Go into .tools/kustomize/<version>/
#   systemd     systemd-analyze (Debian package systemd) for checking deploy/systemd
#   compose     podman-compose (Debian package) for checking compose.yaml
# Prints the path of kustomize when asked for it (`bash scripts/tools.sh kustomize-path`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.7.1}"
tools_log() { printf '\033[1mtools:\033[0m %s\n' "$*" >&2; }

tools_apt_install() {
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo=sudo; fi
  if [ "${SAPA_TOOLS_APT_UPDATED:-0}" = "0" ]; then $sudo apt-get update -qq; SAPA_TOOLS_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_container_tools() {
  local missing=() tool
  for tool in buildah podman skopeo debootstrap runc; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
  done
  # podman's network stack on Debian 12 (the CNI plugins are not installed), the init of the
  # local pause image `podman kube play` builds for its pods, and the keyring debootstrap checks with.
  [ -x /usr/lib/podman/netavark ] || command -v netavark >/dev/null || missing+=(netavark aardvark-dns)
  command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || missing+=(iptables)
  command -v catatonit >/dev/null || [ -x /usr/libexec/podman/catatonit ] || missing+=(catatonit)
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
  if [ ${#missing[@]} -gt 0 ]; then
    tools_log "installing Debian packages: ${missing[*]}"
    tools_apt_install "${missing[@]}"
  fi
}

install_systemd_analyze() {
  command -v systemd-analyze >/dev/null && return
  tools_log "installing Debian package: systemd (for systemd-analyze)"
  tools_apt_install systemd
}

install_compose() {
  command -v podman-compose >/dev/null && return
  tools_log "installing Debian package: podman-compose"
  tools_apt_install podman-compose
}

kustomize_path() { echo "$SAPA_TOOLS/kustomize/$KUSTOMIZE_VERSION/kustomize"; }

install_kustomize() {
  local bin; bin="$(kustomize_path)"
  [ -x "$bin" ] && return
  local go_bin
  go_bin="$(command -v go || echo /usr/local/go/bin/go)"
  [ -x "$go_bin" ] || go_bin="$SAPA_TOOLS/go/bin/go"
  [ -x "$go_bin" ] || { echo "tools: kustomize needs Go (scripts/setup.sh installs it)" >&2; exit 1; }
  tools_log "building kustomize $KUSTOMIZE_VERSION with $($go_bin version)"
  mkdir -p "$(dirname "$bin")"
  GOBIN="$(dirname "$bin")" GOFLAGS=-mod=mod "$go_bin" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  for what in "${@:-containers kustomize systemd compose}"; do
    for item in $what; do
      case "$item" in
        containers) install_container_tools ;;
        kustomize) install_kustomize ;;
        kustomize-path) kustomize_path ;;
        systemd) install_systemd_analyze ;;
        compose) install_compose ;;
        *) echo "tools.sh: unknown tool '$item' (containers, kustomize, systemd, compose)" >&2; exit 2 ;;
      esac
    done
  done
fi
