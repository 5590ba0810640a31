import { describe, expect, it } from '@jest/globals';
import { Password } from '@sapa/contracts';
import {
  CURRENT_PARAMS,
  MalformedPasswordHashError,
  PASSWORD_ALPHABET,
  generatePassword,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyPassword,
} from './password.js';

// Cheap parameters where the test is about the encoding, not the cost.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('hashPassword / verifyPassword', () => {
  it('encodes the current parameters, a 16-byte salt and a 32-byte key', async () => {
    const encoded = await hashPassword('correct horse battery');
    const parts = encoded.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    const parsed = parsePasswordHash(encoded);
    expect(parsed).toMatchObject(CURRENT_PARAMS);
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const encoded = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', encoded)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', encoded)).resolves.toBe(false);
    await expect(verifyPassword('', encoded)).resolves.toBe(false);
  });

  it('salts every hash: the same password never gives the same encoding', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toEqual(b);
    await expect(verifyPassword('same', a)).resolves.toBe(true);
    await expect(verifyPassword('same', b)).resolves.toBe(true);
  });

  it('reads the parameters from the encoding, so old hashes still verify after a raise', async () => {
    const weak = await hashPassword('s3cret-password', FAST);
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(parsePasswordHash(weak)).toMatchObject(FAST);
    await expect(verifyPassword('s3cret-password', weak)).resolves.toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
  });

  it('refuses a tampered encoding: changed parameter, salt or hash', async () => {
    const encoded = await hashPassword('tamper-me-please', FAST);
    const [prefix, n, r, p, salt, hash] = encoded.split('$') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      return bytes.toString('base64');
    };
    const tampered = [
      [prefix, String(Number(n) * 2), r, p, salt, hash],
      [prefix, n, String(Number(r) + 1), p, salt, hash],
      [prefix, n, r, p, flip(salt), hash],
      [prefix, n, r, p, salt, flip(hash)],
    ].map((parts) => parts.join('$'));
    for (const candidate of tampered) {
      await expect(verifyPassword('tamper-me-please', candidate)).resolves.toBe(false);
    }
  });

  it('treats malformed encodings as no match and explains them when parsed', async () => {
    const valid = await hashPassword('whatever-it-is', FAST);
    const malformed = [
      '',
      'plain-text-password',
      valid.replace('scrypt$', 'bcrypt$'),
      valid.split('$').slice(0, 5).join('$'),
      `${valid}$extra`,
      valid.replace('$1024$', '$1000$'), // not a power of two
      valid.replace('$1024$', '$0$'),
      valid.replace('$1024$', `$${2 ** 24}$`), // beyond the memory bound
      valid.replace('$8$', '$-8$'),
      valid.replace('$8$', '$999$'),
      valid.replace(/\$[^$]+$/, '$not base64!'),
      valid.replace(/\$[^$]+$/, '$AAAA'), // hash too short
    ];
    for (const encoded of malformed) {
      expect(() => parsePasswordHash(encoded)).toThrow(MalformedPasswordHashError);
      await expect(verifyPassword('whatever-it-is', encoded)).resolves.toBe(false);
      expect(needsRehash(encoded)).toBe(true);
    }
  });

  it('normalises Unicode so the same text typed two ways verifies', async () => {
    const composed = 'caf\u00e9-password';
    const decomposed = 'cafe\u0301-password';
    const encoded = await hashPassword(composed, FAST);
    await expect(verifyPassword(decomposed, encoded)).resolves.toBe(true);
  });
});

describe('generatePassword', () => {
  it('is at least 16 characters from the readable alphabet, in dash-separated groups', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
      for (const char of password.replaceAll('-', '')) {
        expect(PASSWORD_ALPHABET).toContain(char);
      }
      expect(password).not.toMatch(/[0O1lI]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
    }
  });

  it('carries at least 100 bits of entropy and never repeats', () => {
    const symbols = generatePassword().replaceAll('-', '').length;
    expect(symbols * Math.log2(PASSWORD_ALPHABET.length)).toBeGreaterThanOrEqual(100);
    const seen = new Set(Array.from({ length: 2000 }, () => generatePassword()));
    expect(seen.size).toBe(2000);
  });

  it('uses the whole alphabet (no character is left out of the draw)', () => {
    const used = new Set(
      Array.from({ length: 500 }, () => generatePassword())
        .join('')
        .replaceAll('-', ''),
    );
    expect(used.size).toBe(PASSWORD_ALPHABET.length);
  });

  it('satisfies the contract for agent passwords', () => {
    expect(Password.safeParse(generatePassword()).success).toBe(true);
  });
});
