import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact HS256 JWTs (RFC 7519 / RFC 7515) signed and checked with node:crypto's HMAC, in the
 * calling thread. The gateway signs a token for every new visitor and checks one for every
 * returning visitor; `jose` does both through WebCrypto, one thread-pool job and promise each
 * (~7× the time of an HMAC, and 8.7 % of the gateway's CPU on the connect path;
 * docs/performance.md). The tokens are the same standard JWS either way: `jose` verifies these
 * and these verify `jose`'s (tested), so pods of either kind accept each other's tokens.
 */

/** The only header this module writes or accepts. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** Why a token was refused (for logs; callers answer every case the same way). */
export class JwtRejected extends Error {}

export interface JwtOptions {
  readonly issuer: string;
  /** Seconds since the epoch (tests pass their own). */
  readonly now?: number;
}

const mac = (key: Uint8Array, signingInput: string): Buffer =>
  createHmac('sha256', key).update(signingInput).digest();

/** Signs `claims` with `iss`, `iat` and `exp` = iat + ttlSeconds added. */
export function signHs256(
  claims: Readonly<Record<string, unknown>>,
  key: Uint8Array,
  options: JwtOptions & { readonly ttlSeconds: number },
): string {
  const iat = options.now ?? Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({ ...claims, iss: options.issuer, iat, exp: iat + options.ttlSeconds }),
  ).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${mac(key, signingInput).toString('base64url')}`;
}

/**
 * Returns the payload of a token signed with `key`, of alg HS256, issued by `issuer`, not
 * expired and not before its `nbf`; throws JwtRejected otherwise. The header must say HS256
 * (a token claiming `none` or another algorithm is refused before anything else is read).
 */
export function verifyHs256(
  token: string,
  key: Uint8Array,
  options: JwtOptions,
): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtRejected('not a compact JWS');
  const [header = '', payload = '', signature = ''] = parts;
  const alg = (parseJsonObject(header, 'header') as { alg?: unknown }).alg;
  if (alg !== 'HS256') throw new JwtRejected('algorithm is not HS256');
  const expected = mac(key, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtRejected('signature does not match');
  }
  const claims = parseJsonObject(payload, 'payload');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (claims['iss'] !== options.issuer) throw new JwtRejected('wrong issuer');
  if (typeof claims['exp'] !== 'number' || claims['exp'] <= now) {
    throw new JwtRejected('expired or without expiry');
  }
  if (claims['nbf'] !== undefined && (typeof claims['nbf'] !== 'number' || claims['nbf'] > now)) {
    throw new JwtRejected('not valid yet');
  }
  return claims;
}

function parseJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtRejected(`${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtRejected(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
