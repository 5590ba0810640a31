# Sourced by scripts/run.sh: keeps each process of a one-machine install running.
#   supervise NAME COMMAND...   runs COMMAND in the background (output to $LOGS/NAME.log), and
#                               when it dies (a non-zero exit or a signal: a crash, an OOM kill,
#                               `kill -9`) starts it again after a back-off, while every other
#                               process keeps serving. The reason is logged each time. After
#                               SAPA_RESTART_MAX crashes within SAPA_RESTART_WINDOW_S seconds
#                               it gives up on NAME and writes $LOGS/NAME.gave-up (the crashes
#                               and the log's last lines) instead of restarting it forever.
# The current process id of NAME is in $RUN_DIR/NAME.pid. A clean exit (0) is not restarted.
# Needs LOGS and RUN_DIR set, and a say function.
#   SAPA_RESTART_BASE_S=1      first back-off; doubled per crash in the window, at most 30 s
#   SAPA_RESTART_MAX=5         crashes within the window before giving up
#   SAPA_RESTART_WINDOW_S=300  the window
SUPERVISORS=()

supervise() {
  local name=$1
  shift
  _supervise_loop "$name" "$@" &
  SUPERVISORS+=($!)
}

_exit_reason() { # status
  if [ "$1" -gt 128 ]; then
    echo "killed by signal $(kill -l $(($1 - 128)) 2>/dev/null || echo $(($1 - 128)))"
  else
    echo "exited with code $1"
  fi
}

_supervise_loop() {
  local name=$1
  shift
  local base="${SAPA_RESTART_BASE_S:-1}" max="${SAPA_RESTART_MAX:-5}" window="${SAPA_RESTART_WINDOW_S:-300}"
  local child=0 status crashes=() now reason delay recent
  trap '[ "$child" -gt 0 ] && kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while :; do
    "$@" >>"$LOGS/$name.log" 2>&1 &
    child=$!
    echo "$child" >"$RUN_DIR/$name.pid"
    status=0
    wait "$child" || status=$?
    if [ "$status" = "0" ]; then
      say "$name stopped (exit 0); not restarted"
      return 0
    fi
    reason="$(_exit_reason "$status")"
    now=$SECONDS
    recent=()
    for t in "${crashes[@]}" "$now"; do
      if [ $((now - t)) -lt "$window" ]; then recent+=("$t"); fi
    done
    crashes=("${recent[@]}")
    echo "$(date -u +%FT%TZ) $name $reason" >>"$LOGS/restarts.log"
    if [ "${#crashes[@]}" -ge "$max" ]; then
      {
        echo "$name crashed ${#crashes[@]} times within ${window}s (last: $reason); not restarted."
        echo "Its crashes:"
        grep " $name " "$LOGS/restarts.log" | tail -n "$max"
        echo "The last lines of $LOGS/$name.log:"
        tail -n 20 "$LOGS/$name.log"
      } >"$LOGS/$name.gave-up"
      say "GAVE UP on $name: it crashed ${#crashes[@]} times within ${window}s (last: $reason). Report: $LOGS/$name.gave-up"
      rm -f "$RUN_DIR/$name.pid"
      return 1
    fi
    delay=$((base << (${#crashes[@]} - 1)))
    [ "$delay" -le 30 ] || delay=30
    say "$name $reason; restarting in ${delay}s (crash ${#crashes[@]} of $max allowed within ${window}s)"
    sleep "$delay" &
    child=$!
    wait "$child" || true
  done
}
