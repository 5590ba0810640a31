#!/usr/bin/env bash
# Runs Sapa on this machine: installs what is missing, starts the infrastructure (unless
# URLs are given) and every service, creates the first site and admin once, and prints
# where to go. Ctrl-C stops everything. Every process is supervised (scripts/supervise.sh): one
# that crashes is restarted with a back-off while the others keep serving, and one that keeps
# crashing is reported and left stopped (docs/operations.md, "One machine").
#
#   SAPA_PORT        gateway port (default 8080)
#   SAPA_DATA_DIR    where data and logs live (default .data)
#   SAPA_NATS_URL    use this NATS (JetStream enabled) instead of starting one
#   SAPA_REDIS_URL   use this Redis instead of starting one
#   SAPA_MONGO_URL   use this MongoDB (or FerretDB) instead of starting FerretDB on SQLite
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SAPA_ROOT"

bash scripts/setup.sh

PORT="${SAPA_PORT:-8080}"
DATA="${SAPA_DATA_DIR:-$SAPA_ROOT/.data}"
LOGS="$DATA/logs"
RUN_DIR="$DATA/run"
PUBLIC_URL="${SAPA_PUBLIC_URL:-http://localhost:$PORT}"
mkdir -p "$LOGS" "$RUN_DIR"

say() { printf '\033[1msapa:\033[0m %s\n' "$*"; }
source "$SAPA_ROOT/scripts/supervise.sh"
stop_all() {
  trap - EXIT INT TERM
  say "stopping"
  # In reverse order of start: the gateway first, the infrastructure last.
  for ((i=${#SUPERVISORS[@]}-1; i>=0; i--)); do
    kill "${SUPERVISORS[i]}" 2>/dev/null || true
    wait "${SUPERVISORS[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_tcp() { # host port name
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "sapa: $3 did not start; see $LOGS" >&2; exit 1
}
wait_ready() { # health-port name
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$1/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "sapa: service $2 did not become ready; see $LOGS/$2.log" >&2; exit 1
}
start() { supervise "$@"; } # name, then command

# --- infrastructure -------------------------------------------------------------------
NATS_URL="${SAPA_NATS_URL:-}"
if [ -z "$NATS_URL" ]; then
  port=$(free_port); mkdir -p "$DATA/nats"
  start nats "$(command -v nats-server || echo /usr/sbin/nats-server)" -a 127.0.0.1 -p "$port" -js -sd "$DATA/nats"
  wait_tcp 127.0.0.1 "$port" nats-server
  NATS_URL="nats://127.0.0.1:$port"
fi
REDIS_URL="${SAPA_REDIS_URL:-}"
if [ -z "$REDIS_URL" ]; then
  port=$(free_port)
  start redis redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no
  wait_tcp 127.0.0.1 "$port" redis-server
  REDIS_URL="redis://127.0.0.1:$port"
fi
MONGO_URL="${SAPA_MONGO_URL:-}"
if [ -z "$MONGO_URL" ]; then
  port=$(free_port); debug=$(free_port); mkdir -p "$DATA/ferretdb"
  start ferretdb ferretdb --handler=sqlite --sqlite-url="file:$DATA/ferretdb/" --state-dir="$DATA/ferretdb" \
    --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:$debug" --telemetry=disable --log-level=warn
  wait_tcp 127.0.0.1 "$port" ferretdb
  MONGO_URL="mongodb://127.0.0.1:$port/"
fi

# --- services -------------------------------------------------------------------------
[ -f "$DATA/jwt-secret" ] || node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' >"$DATA/jwt-secret"
export NATS_URL REDIS_URL MONGO_URL MONGO_DB="${SAPA_MONGO_DB:-sapa}" LOG_LEVEL="${LOG_LEVEL:-info}"
for service in directory chat presence tickets; do
  health=$(free_port)
  HEALTH_PORT=$health start "$service" node "services/$service/dist/main.js"
  wait_ready "$health" "$service"
done
# notify: mail goes to SAPA_SMTP_HOST:SAPA_SMTP_PORT when given, else to a development sink
# that writes every mail as an .eml file under $DATA/mail. Replies come in on SMTP port
# SAPA_INBOUND_SMTP_PORT (default 2525). See docs/tickets-and-email.md.
SMTP_HOST="${SAPA_SMTP_HOST:-}"
SMTP_PORT="${SAPA_SMTP_PORT:-25}"
if [ -z "$SMTP_HOST" ]; then
  SMTP_HOST=127.0.0.1; SMTP_PORT=$(free_port)
  MAIL_SINK_PORT=$SMTP_PORT MAIL_SINK_DIR="$DATA/mail" start mail-sink node services/notify/dist/dev-mail-sink.js
  wait_tcp 127.0.0.1 "$SMTP_PORT" mail-sink
fi
[ -f "$DATA/reply-secret" ] || node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' >"$DATA/reply-secret"
health=$(free_port)
HEALTH_PORT=$health SMTP_HOST=$SMTP_HOST SMTP_PORT=$SMTP_PORT SMTP_IGNORE_TLS="${SAPA_SMTP_IGNORE_TLS:-true}" \
  INBOUND_SMTP_PORT="${SAPA_INBOUND_SMTP_PORT:-2525}" REPLY_SECRET="$(cat "$DATA/reply-secret")" \
  start notify node services/notify/dist/main.js
wait_ready "$health" notify
# exporter: the optional Kafka export (docs/kafka-export.md), only when SAPA_KAFKA_BROKERS is set.
if [ -n "${SAPA_KAFKA_BROKERS:-}" ]; then
  health=$(free_port)
  HEALTH_PORT=$health KAFKA_BROKERS="$SAPA_KAFKA_BROKERS" start exporter node services/exporter/dist/main.js
  wait_ready "$health" exporter
fi
# --- the first site and admin, once (before the gateway: it serves the demo with its key) -
if [ ! -f "$DATA/first-admin.json" ]; then
  LOG_LEVEL=warn node services/directory/dist/cli.js create-site --name "Demo School" \
    --origin "$PUBLIC_URL" --origin "http://127.0.0.1:$PORT" --time-zone Asia/Makassar \
    --admin-name "Admin" --admin-email "admin@sapa.local" --gateway-url "$PUBLIC_URL" --json >"$DATA/first-admin.json.tmp"
  mv "$DATA/first-admin.json.tmp" "$DATA/first-admin.json"
fi
DEMO_SITE_KEY="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).siteKey' "$DATA/first-admin.json")"
health=$(free_port)
HEALTH_PORT=$health PORT=$PORT PUBLIC_URL=$PUBLIC_URL JWT_SECRET="$(cat "$DATA/jwt-secret")" \
  DEMO_SITE_KEY="$DEMO_SITE_KEY" DASHBOARD_ORIGINS="${SAPA_DASHBOARD_ORIGINS:-http://127.0.0.1:$PORT}" \
  start gateway node services/gateway/dist/main.js
wait_ready "$health" gateway

node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const url = process.argv[2];
console.log(`
  Sapa is running.
    Gateway:        ${url}
    Dashboard:      ${url}/dashboard/   (sign in as the admin below)
    Demo site:      ${url}/demo/        (the widget, as a visitor sees it)
    Admin login:    ${r.admin.email} / ${r.admin.password}
    Site key:       ${r.siteKey}
    Embed snippet:  ${r.embedSnippet}
  Data and logs:    ${process.argv[3]}
  Mail:             ${process.argv[3]}/mail/*.eml (unless SAPA_SMTP_HOST is set); replies on SMTP port 2525
  Open the demo site and the dashboard side by side and chat. Ctrl-C stops everything.
`);' "$DATA/first-admin.json" "$PUBLIC_URL" "$DATA"
# Supervisors end only when their process stopped cleanly or kept crashing (reported above);
# the rest keep serving until Ctrl-C.
wait "${SUPERVISORS[@]}" || true
say "every process has stopped; see $LOGS"
