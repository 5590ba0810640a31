import type { ConnectionState } from '../api/agent-socket.js';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
};

/** Always visible: the agent knows whether what they see is live. */
export function ConnectionBadge(props: { state: ConnectionState }) {
  return (
    <span
      className={`badge connection-${props.state}`}
      data-testid="connection"
      data-state={props.state}
      role="status"
    >
      <span className="dot" aria-hidden="true" />
      {LABELS[props.state]}
    </span>
  );
}

/** A banner over the page while not connected, so a stale view never passes for a live one. */
export function StaleBanner(props: { state: ConnectionState }) {
  if (props.state === 'online') return null;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner">
      Not connected — reconnecting. What you see may be out of date until the connection is back.
    </div>
  );
}
