import { readFileSync } from 'node:fs';

const portHex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

/** The TCP state code Linux uses for an established connection. */
export const ESTABLISHED = '01';

/**
 * The kernel's state (from /proc/net/tcp) of the connection from `localPort` to `remotePort`
 * on this machine, if it still exists: tells a test whether the far side closed a
 * connection even while the process holding it does not read (paused or SIGSTOPped).
 */
export function tcpState(localPort: number, remotePort: number): string | undefined {
  const row = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find(
      (fields) =>
        fields[1]?.endsWith(`:${portHex(localPort)}`) &&
        fields[2]?.endsWith(`:${portHex(remotePort)}`),
    );
  return row?.[3];
}
