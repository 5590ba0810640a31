import { z } from 'zod';
import { AgentRole, Id, UnauthorizedError } from '@sapa/contracts';
import { signHs256, verifyHs256 } from './hs256-jwt.js';

/** Who an agent token says the bearer is. */
export const AgentClaims = z.object({
  typ: z.literal('agent'),
  sub: Id,
  site: Id,
  name: z.string().min(1),
  role: AgentRole,
});
export type AgentClaims = z.infer<typeof AgentClaims>;

/** A visitor token names a visitor of one site; it is what makes a returning visitor the same one. */
export const VisitorClaims = z.object({ typ: z.literal('visitor'), sub: Id, site: Id });
export type VisitorClaims = z.infer<typeof VisitorClaims>;

const ISSUER = 'sapa-gateway';

/**
 * Signs and verifies the gateway's tokens (HS256 JWTs, with node:crypto: `hs256-jwt.ts`).
 * Every gateway pod shares the key, so any pod accepts a token issued by another. Claims are
 * schema-checked on the way in: a token of the wrong type (a visitor token on /ws/agent) is
 * refused.
 */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly agentTtlSeconds: number,
    private readonly visitorTtlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  signAgent(claims: Omit<AgentClaims, 'typ'>): Promise<string> {
    return this.sign({ ...claims, typ: 'agent' }, this.agentTtlSeconds);
  }

  signVisitor(claims: Omit<VisitorClaims, 'typ'>): Promise<string> {
    return this.sign({ ...claims, typ: 'visitor' }, this.visitorTtlSeconds);
  }

  verifyAgent(token: unknown): Promise<AgentClaims> {
    return this.verify(token, AgentClaims);
  }

  verifyVisitor(token: unknown): Promise<VisitorClaims> {
    return this.verify(token, VisitorClaims);
  }

  private sign(claims: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    return Promise.resolve(signHs256(claims, this.key, { issuer: ISSUER, ttlSeconds }));
  }

  private verify<T>(token: unknown, schema: z.ZodType<T>): Promise<T> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      return Promise.reject(new UnauthorizedError('missing or malformed token'));
    }
    let payload: Record<string, unknown>;
    try {
      payload = verifyHs256(token, this.key, { issuer: ISSUER });
    } catch {
      return Promise.reject(new UnauthorizedError('invalid or expired token'));
    }
    const claims = schema.safeParse(payload);
    if (!claims.success) return Promise.reject(new UnauthorizedError('token is not valid here'));
    return Promise.resolve(claims.data);
  }
}
