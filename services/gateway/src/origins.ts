/**
 * Origin checks. Browsers always send Origin on a WebSocket upgrade and on cross-site
 * requests; a visitor socket must come from one of its site's allowed origins, an agent
 * socket from the dashboard's. A missing Origin is refused: non-browser clients (tests,
 * load generators) set it explicitly, as they must set everything else.
 */
export function originOf(url: string): string {
  return new URL(url).origin;
}

export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '' || origin === 'null') return false;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  return allowed.some((candidate) => {
    try {
      return new URL(candidate).origin === normalised;
    } catch {
      return false;
    }
  });
}
