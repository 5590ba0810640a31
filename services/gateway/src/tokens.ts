import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { AgentRole, Id, UnauthorizedError } from '@sapa/contracts';

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
 * Signs and verifies the gateway's tokens (HS256 JWTs). Every gateway pod shares the key,
 * so any pod accepts a token issued by another. Claims are schema-checked on the way in:
 * a token of the wrong type (a visitor token on /ws/agent) is refused.
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
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  private async verify<T>(token: unknown, schema: z.ZodType<T>): Promise<T> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      throw new UnauthorizedError('missing or malformed token');
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      const claims = schema.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError('token is not valid here');
      return claims.data;
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      throw new UnauthorizedError('invalid or expired token');
    }
  }
}
