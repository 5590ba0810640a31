import { describe, expect, it } from '@jest/globals';
import { SignJWT, jwtVerify } from 'jose';
import { JwtRejected, signHs256, verifyHs256 } from './hs256-jwt.js';
import { TokenService } from './tokens.js';

const key = new TextEncoder().encode('a-shared-secret-of-at-least-32-characters');
const issuer = 'sapa-gateway';
const now = 1_800_000_000;
const claims = { typ: 'visitor', sub: 'visitor1', site: 'site1' };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('HS256 JWTs with node:crypto', () => {
  it('signs tokens that jose verifies, with iss, iat and exp', async () => {
    const token = signHs256(claims, key, { issuer, ttlSeconds: 60 });
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      issuer,
      algorithms: ['HS256'],
    });
    expect(protectedHeader).toEqual({ alg: 'HS256' });
    expect(payload).toMatchObject({ ...claims, iss: issuer });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });

  it("verifies jose's tokens (pods of either version accept each other's)", async () => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(key);
    expect(verifyHs256(token, key, { issuer })).toMatchObject(claims);
  });

  it('refuses a token that is expired, not yet valid, of another issuer or another key', () => {
    const token = signHs256(claims, key, { issuer, ttlSeconds: 60, now });
    expect(verifyHs256(token, key, { issuer, now: now + 59 })).toMatchObject(claims);
    expect(() => verifyHs256(token, key, { issuer, now: now + 60 })).toThrow(JwtRejected);
    expect(() => verifyHs256(token, key, { issuer: 'someone-else', now })).toThrow(/issuer/);
    const otherKey = new TextEncoder().encode('another-secret-of-at-least-32-characters!!');
    expect(() => verifyHs256(token, otherKey, { issuer, now })).toThrow(/signature/);
    const early = signHs256({ ...claims, nbf: now + 10 }, key, { issuer, ttlSeconds: 60, now });
    expect(() => verifyHs256(early, key, { issuer, now })).toThrow(/not valid yet/);
  });

  it('refuses a changed payload, alg none, another algorithm and malformed tokens', () => {
    const token = signHs256(claims, key, { issuer, ttlSeconds: 60, now });
    const [header, , signature] = token.split('.');
    const forged = b64({ ...claims, sub: 'someone-else', iss: issuer, iat: now, exp: now + 60 });
    expect(() => verifyHs256(`${header}.${forged}.${signature}`, key, { issuer, now })).toThrow(
      /signature/,
    );
    const payload = token.split('.')[1];
    expect(() => verifyHs256(`${b64({ alg: 'none' })}.${payload}.`, key, { issuer, now })).toThrow(
      /HS256/,
    );
    expect(() =>
      verifyHs256(`${b64({ alg: 'HS512' })}.${payload}.${signature}`, key, { issuer, now }),
    ).toThrow(/HS256/);
    for (const malformed of ['', 'a.b', 'a.b.c.d', '!!.??.**', `${b64([1])}.${payload}.x`]) {
      expect(() => verifyHs256(malformed, key, { issuer, now })).toThrow(JwtRejected);
    }
  });

  it("the gateway's TokenService keeps refusing a visitor token on the agent socket", async () => {
    const tokens = new TokenService('a-shared-secret-of-at-least-32-characters', 900, 3600);
    const visitor = await tokens.signVisitor({ sub: 'visitor1', site: 'site1' });
    await expect(tokens.verifyVisitor(visitor)).resolves.toEqual({
      typ: 'visitor',
      sub: 'visitor1',
      site: 'site1',
    });
    await expect(tokens.verifyAgent(visitor)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(tokens.verifyVisitor(`${visitor}x`)).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});
