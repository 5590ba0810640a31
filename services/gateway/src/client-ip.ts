import type { IncomingMessage } from 'node:http';

/**
 * The client's IP for rate limits. X-Forwarded-For is honoured only when the gateway is
 * told it sits behind a proxy it trusts; otherwise anyone could pick their own "IP".
 */
export function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
