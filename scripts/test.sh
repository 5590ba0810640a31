#!/usr/bin/env bash
# The one test command of the project (`npm test` runs it; CI runs it through .ci/run).
#   1. scripts/setup.sh: installs whatever is missing (Node 24, nats-server, redis-server,
#      FerretDB, npm workspaces) and builds every package;
#   2. lint (ESLint + Prettier), type check;
#   3. jest unit, int and e2e, in that order.
# Stops at the first failing step and ends with one summary line per step.
#
# Environment:
#   SAPA_TEST_STEPS="lint typecheck unit int e2e"  the steps to run (default: all, in that order)
#   SAPA_TEST_MAX_WORKERS=2                        jest workers for unit and int
#   SAPA_TEST_E2E_MAX_WORKERS=1                    jest workers for e2e: each suite starts a whole
#                                                  stack (and browsers); one at a time keeps them
#                                                  from starving each other on a 2-core machine
#   SAPA_SKIP_SETUP=1                              do not run scripts/setup.sh
#   CI=true                                        jest runs with --ci
#   SAPA_TEST_NATS_URL / _REDIS_URL / _MONGO_URL   use these servers instead of starting them
# Extra arguments are passed to every jest run, e.g. `npm test -- --testNamePattern claim`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SAPA_ROOT"

if [ -t 1 ]; then bold() { printf '\033[1m%s\033[0m\n' "$*"; }; else bold() { printf '%s\n' "$*"; }; fi

if [ "${SAPA_SKIP_SETUP:-0}" != "1" ]; then
  bash scripts/setup.sh
  # setup may have just installed Node 24 under .tools/: pick it up.
  source scripts/env.sh
fi

steps="${SAPA_TEST_STEPS:-lint typecheck unit int e2e}"
jest_args=()
if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then jest_args+=(--ci); fi
if [ -t 1 ]; then jest_args+=(--colors); fi
jest_args+=("$@")

log_dir="$(mktemp -d "${TMPDIR:-/tmp}/sapa-test.XXXXXX")"
trap 'rm -rf "$log_dir"' EXIT
summary=()
failed=""

# Runs one step with its output shown live and kept, and records a summary line
# (for jest levels, jest's own "Tests:" line).
run_step() {
  local name="$1"
  shift
  local log="$log_dir/$name.log" start=$SECONDS status=0
  bold "=== $name: $*"
  "$@" 2>&1 | tee "$log" || status=$?
  local took=$((SECONDS - start)) detail=""
  detail="$(grep -E '^Tests:' "$log" | tail -1 | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/  */ /g' || true)"
  if [ "$status" = "0" ]; then
    summary+=("$(printf '%-10s PASS  %-45s %4ss' "$name" "$detail" "$took")")
  else
    summary+=("$(printf '%-10s FAIL  %-45s %4ss (exit %s)' "$name" "$detail" "$took" "$status")")
    failed="$name"
  fi
}

run_jest() {
  local workers="${SAPA_TEST_MAX_WORKERS:-2}"
  if [ "$1" = "e2e" ]; then workers="${SAPA_TEST_E2E_MAX_WORKERS:-1}"; fi
  # jest's ESM support needs vm modules; its "experimental" warning would repeat per worker.
  node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js \
    --selectProjects "$1" --maxWorkers="$workers" "${jest_args[@]}"
}

for step in $steps; do
  case "$step" in
    lint) run_step lint npm run --silent lint ;;
    typecheck) run_step typecheck npm run --silent typecheck ;;
    unit | int | e2e) run_step "$step" run_jest "$step" ;;
    *)
      echo "test.sh: unknown step '$step' (lint, typecheck, unit, int, e2e)" >&2
      exit 2
      ;;
  esac
  [ -z "$failed" ] || break
done

echo
bold "=== summary"
for line in "${summary[@]}"; do echo "$line"; done
if [ -n "$failed" ]; then
  bold "FAILED at step: $failed"
  exit 1
fi
bold "all steps passed"
