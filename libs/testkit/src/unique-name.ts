import { randomBytes } from 'node:crypto';

/** Longest name returned: MongoDB database names on FerretDB/PostgreSQL stay well inside 63. */
const maxLength = 38;

/**
 * A fresh name for one test's database, stream, subject token or key prefix: the prefix
 * (lower-cased, anything outside [a-z0-9_] turned into `_`) plus `_` and 10 random
 * characters, at most 38 characters in all. Safe as a Mongo/PostgreSQL database name, a
 * JetStream stream or consumer name and a NATS subject token.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, maxLength - 11);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
  return clean === '' ? `t_${suffix}` : `${clean}_${suffix}`;
}
