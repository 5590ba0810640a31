import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Agent passwords under scrypt, a memory-hard KDF (RFC 7914). The encoding carries its own
 * parameters, `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised later
 * without invalidating stored hashes: old hashes verify with the parameters they were made
 * with, and `needsRehash` tells the caller to upgrade them at the next successful login.
 */

/** Cost parameters of one scrypt hash. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. Memory used is 128 * N * r bytes (32 MiB at the default). */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/** Parameters for new hashes: N = 2^15, r = 8, p = 1 (OWASP's scrypt recommendation). */
export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'scrypt';

// Bounds on parameters read from an encoding: a tampered hash must not make a login burn
// gigabytes of memory or minutes of CPU.
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

/** A parsed password hash. */
export interface PasswordHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** The stored hash is not a well-formed `scrypt$...` encoding. */
export class MalformedPasswordHashError extends Error {
  override readonly name = 'MalformedPasswordHashError';
}

function deriveKey(password: string, salt: Buffer, params: ScryptParams, keyLength: number) {
  // Node refuses scrypt above `maxmem` (32 MiB by default, exactly what N=2^15, r=8 needs
  // before overhead), so the limit follows the parameters, with room to spare.
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r,
  };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh 16-byte random salt. Runs on the libuv thread pool. */
export async function hashPassword(
  password: string,
  params: ScryptParams = CURRENT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveKey(password, salt, params, KEY_BYTES);
  return [
    PREFIX,
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    hash.toString('base64'),
  ].join('$');
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const POSITIVE_INT = /^[1-9][0-9]{0,9}$/;

/** Reads an encoding; throws MalformedPasswordHashError when any part is missing or out of bounds. */
export function parsePasswordHash(encoded: string): PasswordHash {
  const parts = encoded.split('$');
  const [prefix, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || prefix !== PREFIX) {
    throw new MalformedPasswordHashError('not a scrypt$N$r$p$salt$hash encoding');
  }
  if (![n, r, p].every((value) => value !== undefined && POSITIVE_INT.test(value))) {
    throw new MalformedPasswordHashError('scrypt parameters must be positive integers');
  }
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const log2N = Math.log2(params.N);
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > MAX_LOG2_N) {
    throw new MalformedPasswordHashError(`N must be a power of two up to 2^${MAX_LOG2_N}`);
  }
  if (params.r > MAX_R || params.p > MAX_P) {
    throw new MalformedPasswordHashError(`r must be at most ${MAX_R} and p at most ${MAX_P}`);
  }
  if (salt === undefined || hash === undefined || !B64.test(salt) || !B64.test(hash)) {
    throw new MalformedPasswordHashError('salt and hash must be base64');
  }
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (saltBytes.length < SALT_BYTES || hashBytes.length < 16 || hashBytes.length > 64) {
    throw new MalformedPasswordHashError('salt or hash has the wrong length');
  }
  return { ...params, salt: saltBytes, hash: hashBytes };
}

/**
 * Checks a password against a stored encoding, in constant time over the derived key.
 * A malformed encoding never matches (fail closed); callers that want to know why use
 * `parsePasswordHash`.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  let parsed: PasswordHash;
  try {
    parsed = parsePasswordHash(encoded);
  } catch {
    return false;
  }
  const candidate = await deriveKey(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the hash was made with weaker parameters than `CURRENT_PARAMS` (upgrade on login). */
export function needsRehash(encoded: string, current: ScryptParams = CURRENT_PARAMS): boolean {
  try {
    const { N, r, p, hash } = parsePasswordHash(encoded);
    return N < current.N || r < current.r || p < current.p || hash.length !== KEY_BYTES;
  } catch {
    return true;
  }
}

// No 0/O, 1/l/I: a generated password is read off a terminal and typed by a person.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
/** The characters `generatePassword` draws from (56 of them, ~5.8 bits each). */
export const PASSWORD_ALPHABET = LOWER + UPPER + DIGITS;
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A strong random password that a person can read and type: four groups of five characters
 * from an unambiguous 56-character alphabet, joined by '-' (e.g. `k7mQx-Ru4bZ-...`), about
 * 116 bits of entropy. Every password contains a lower-case letter, an upper-case letter and
 * a digit, so it passes the usual composition rules.
 */
export function generatePassword(): string {
  for (;;) {
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      let group = '';
      for (let i = 0; i < GROUP_LENGTH; i++) {
        group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
      }
      groups.push(group);
    }
    const password = groups.join('-');
    // Rejection keeps the draw uniform over the passwords that have all three classes.
    if (/[a-z]/.test(password) && /[A-Z]/.test(password) && /[0-9]/.test(password)) {
      return password;
    }
  }
}
