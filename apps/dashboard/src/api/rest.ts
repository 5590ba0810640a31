import type { TokenGrant, WireError } from '@sapa/contracts';
import { RequestError } from './request-error.js';

/** A signed-in agent: the token, when it expires (epoch ms) and who it names. */
export interface Session extends TokenGrant {
  readonly expiresAt: number;
}

const toSession = (grant: TokenGrant): Session => ({
  ...grant,
  expiresAt: Date.now() + grant.expiresIn * 1000,
});

/** JSON over the same origin; a non-2xx answer becomes a RequestError with the wire code. */
export async function callApi<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch {
    throw new RequestError('unavailable', 'the server cannot be reached');
  }
  const body = (await response.json().catch(() => ({}))) as { error?: WireError };
  if (!response.ok) {
    throw new RequestError(
      body.error?.code ?? 'internal',
      body.error?.message ?? `HTTP ${response.status}`,
      body.error?.details,
    );
  }
  return body as T;
}

/** POST /api/v1/auth/login. */
export async function login(email: string, password: string): Promise<Session> {
  return toSession(
    await callApi<TokenGrant>('/auth/login', { method: 'POST', body: { email, password } }),
  );
}

/** POST /api/v1/auth/refresh: a fresh token for the same agent. */
export async function refresh(token: string): Promise<Session> {
  return toSession(await callApi<TokenGrant>('/auth/refresh', { method: 'POST', token }));
}

const STORAGE_KEY = 'sapa.dashboard.session';

/** The session survives a reload of the tab, not the closing of the browser. */
export const sessionStore = {
  load(): Session | null {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      return session.expiresAt > Date.now() + 5_000 ? session : null;
    } catch {
      return null;
    }
  },
  save(session: Session): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  },
  clear(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};

/**
 * When to refresh a token: a minute before it expires, or at 80% of its life for short ones,
 * so a slow network never lets it lapse.
 */
export function refreshDelayMs(session: Session, now = Date.now()): number {
  const life = session.expiresIn * 1000;
  const lead = Math.min(60_000, life * 0.2);
  return Math.max(0, session.expiresAt - lead - now);
}
