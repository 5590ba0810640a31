import type { AgentPublic, SitePublic } from '@sapa/contracts';
import { UsageError } from './cli.args.js';

/** What `sapa create-site` reports: the site, its first admin with the password, the snippet. */
export interface CreateSiteReport {
  readonly site: SitePublic;
  readonly admin: AgentPublic & { readonly password: string };
  readonly embedSnippet: string;
  /** Key of the host page's HMAC for verified visitor identity; shown once, at creation. */
  readonly identitySecret?: string;
}

/** What `sapa create-agent` reports. */
export interface CreateAgentReport {
  readonly agent: AgentPublic & { readonly password: string };
}

/**
 * The gateway's base URL, checked and without a trailing slash, so `<url>/widget.js` is right
 * whether or not the user typed one. Throws UsageError for anything but http(s) without query.
 */
export function normalizeGatewayUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--gateway-url: not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('--gateway-url: must be an http:// or https:// URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError('--gateway-url: must not have a query, fragment or credentials');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

const escapeAttribute = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The HTML a site owner pastes into their pages to load the chat widget. */
export function embedSnippet(gatewayUrl: string, siteKey: string): string {
  const src = `${normalizeGatewayUrl(gatewayUrl)}/widget.js`;
  return `<script async src="${escapeAttribute(src)}" data-sapa-site="${escapeAttribute(siteKey)}"></script>`;
}

/** The create-site report as one JSON object (`--json`) or as text for a person. */
export function formatCreateSite(report: CreateSiteReport, json: boolean): string {
  const { site, admin } = report;
  if (json) {
    return JSON.stringify({
      siteId: site.siteId,
      siteKey: site.siteKey,
      name: site.name,
      allowedOrigins: site.allowedOrigins,
      timeZone: site.timeZone,
      admin,
      embedSnippet: report.embedSnippet,
      ...(report.identitySecret === undefined ? {} : { identitySecret: report.identitySecret }),
    });
  }
  return [
    `Site created: ${site.name}`,
    `  site id:         ${site.siteId}`,
    `  site key:        ${site.siteKey}   (public: it names the site in the embed snippet)`,
    `  allowed origins: ${site.allowedOrigins.join(', ')}`,
    `  time zone:       ${site.timeZone}`,
    '',
    `Admin agent: ${admin.name} (${admin.role})`,
    `  agent id: ${admin.agentId}`,
    `  e-mail:   ${admin.email}`,
    `  password: ${admin.password}`,
    '  Keep this password now: it is stored only as a hash and cannot be shown again.',
    '',
    'Embed snippet (paste before </body> on every page of the site):',
    `  ${report.embedSnippet}`,
    ...(report.identitySecret === undefined
      ? []
      : [
          '',
          `Identity secret: ${report.identitySecret}`,
          '  For verified visitor identity: your server sends hex HMAC-SHA256(secret, e-mail)',
          '  to the widget (Sapa.identify({ email, hash })). Keep it on your server, never in pages.',
        ]),
  ].join('\n');
}

/** The create-agent report as one JSON object (`--json`) or as text for a person. */
export function formatCreateAgent(report: CreateAgentReport, json: boolean): string {
  const { agent } = report;
  if (json) return JSON.stringify({ agent });
  return [
    `Agent created: ${agent.name} (${agent.role})`,
    `  agent id: ${agent.agentId}`,
    `  site id:  ${agent.siteId}`,
    `  e-mail:   ${agent.email}`,
    `  password: ${agent.password}`,
    '  Keep this password now: it is stored only as a hash and cannot be shown again.',
  ].join('\n');
}
