import { isIPv4 } from 'node:net';

/** True for an address in 127.0.0.0/8 (or ::1): the only place this generator may send traffic. */
export function isLoopbackAddress(address: string): boolean {
  if (address === '::1' || address === '[::1]' || address === 'localhost') return true;
  return isIPv4(address) && address.split('.')[0] === '127';
}

/**
 * Refuses any target that is not on this machine's loopback: a load run here must never send
 * traffic anywhere else. Throws with the offending URL.
 */
export function assertLoopbackUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!isLoopbackAddress(host))
    throw new Error(`load target ${url} is not on loopback (127.0.0.0/8 or ::1): refused`);
}

/** Ephemeral ports one source address can use towards one server port, with some headroom. */
export function portsPerAddress(range: readonly [number, number]): number {
  const [low, high] = range;
  return Math.max(1, Math.floor((high - low + 1) * 0.9));
}

/** Parses /proc/sys/net/ipv4/ip_local_port_range (`32768\t60999`); Linux's default when unreadable. */
export function parsePortRange(text: string | undefined): [number, number] {
  const [low, high] = (text ?? '').trim().split(/\s+/).map(Number);
  if (low === undefined || high === undefined || !(high > low)) return [32768, 60999];
  return [low, high];
}

/**
 * Source addresses for `sockets` client sockets to one server port: none (let the kernel choose,
 * from 127.0.0.1) while one address has ports enough, else 127.0.0.1, 127.0.0.2, ... as many as
 * needed, since each (source address, server address, server port) has one ephemeral port range.
 */
export function sourceAddresses(sockets: number, perAddress: number): string[] {
  const needed = Math.ceil(sockets / perAddress);
  if (needed <= 1) return [];
  if (needed > 250) throw new Error(`${sockets} sockets need ${needed} source addresses (max 250)`);
  return Array.from({ length: needed }, (_, i) => `127.0.0.${i + 1}`);
}

/**
 * Checks addresses given by hand (`--local-ips 127.0.0.2-127.0.0.9` style ranges or lists):
 * every one must be in 127.0.0.0/8.
 */
export function parseLocalAddresses(spec: string): string[] {
  const addresses: string[] = [];
  for (const part of spec.split(',').filter(Boolean)) {
    const [from, to] = part.split('-');
    if (from === undefined) continue;
    if (to === undefined) {
      addresses.push(from);
      continue;
    }
    const head = from.split('.').slice(0, 3).join('.');
    const first = Number(from.split('.')[3]);
    const last = Number(to.split('.')[3]);
    if (to.split('.').slice(0, 3).join('.') !== head || !(last >= first))
      throw new Error(`bad address range ${part} (only the last byte may vary)`);
    for (let n = first; n <= last; n++) addresses.push(`${head}.${n}`);
  }
  for (const address of addresses)
    if (!isLoopbackAddress(address) || address.includes(':'))
      throw new Error(`source address ${address} is not in 127.0.0.0/8: refused`);
  return addresses;
}
