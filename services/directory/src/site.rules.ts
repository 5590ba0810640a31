import { ValidationError } from '@sapa/contracts';
import { isTimeZone } from '@sapa/domain';

/**
 * Pure rules for site settings. The contract schemas already refuse what is malformed; these
 * rules bring what is accepted into the one form the gateway compares against, so that
 * `https://Example.org:443` in the settings matches the `Origin: https://example.org` header a
 * browser sends.
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * The canonical form of an allowed origin, as a browser writes it in the `Origin` header:
 * lower-case scheme and host, no default port, no path. Throws ValidationError otherwise.
 */
export function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch (error) {
    throw new ValidationError(
      `invalid origin ${JSON.stringify(origin)}`,
      { origin },
      { cause: error },
    );
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) {
    throw new ValidationError('an origin must use http or https', { origin });
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new ValidationError('an origin is scheme://host[:port] only, without path or query', {
      origin,
    });
  }
  if (
    url.hostname === '' ||
    url.hostname.startsWith('.') ||
    url.hostname.endsWith('.') ||
    url.hostname.includes('..')
  ) {
    throw new ValidationError('an origin needs a host name', { origin });
  }
  // URL drops the default port and lower-cases scheme and host already; `origin` is exactly
  // what a browser would send.
  return url.origin;
}

/** Normalises every origin and removes duplicates, keeping the first-seen order. */
export function normalizeOrigins(origins: readonly string[]): string[] {
  return [...new Set(origins.map(normalizeOrigin))];
}

// ICU's list, keyed lower-case, to restore the usual spelling of a zone typed in any case.
// Built on first use, not at import.
let knownZones: Map<string, string> | undefined;
const zoneSpelling = (timeZone: string): string | undefined => {
  knownZones ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]),
  );
  return knownZones.get(timeZone.toLowerCase());
};

/**
 * Checks an IANA time zone against the ICU data Node ships and returns it in its usual
 * spelling (`asia/makassar` → `Asia/Makassar`). Aliases that ICU knows but does not list
 * (`Asia/Kolkata`, `Etc/GMT+7`) are kept as typed rather than replaced by ICU's older
 * canonical name (`Asia/Calcutta`). Throws ValidationError for an unknown zone.
 */
export function normalizeTimeZone(timeZone: string): string {
  // The same check as duty settings' zone (an IANA name, not a fixed offset).
  if (!isTimeZone(timeZone))
    throw new ValidationError(`unknown time zone ${JSON.stringify(timeZone)}`, { timeZone });
  return zoneSpelling(timeZone) ?? timeZone;
}

/** E-mail addresses are compared and stored lower-cased (and trimmed). */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
