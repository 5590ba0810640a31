import { describe, expect, it } from '@jest/globals';
import { UsageError } from './cli.args.js';
import {
  embedSnippet,
  formatCreateAgent,
  formatCreateSite,
  normalizeGatewayUrl,
} from './cli.output.js';

const site = {
  siteId: 'site1',
  siteKey: 'key1',
  name: 'SMP Negeri 1',
  allowedOrigins: ['http://localhost:8080'],
  timeZone: 'Asia/Makassar',
};
const admin = {
  agentId: 'agent1',
  siteId: 'site1',
  name: 'Admin',
  email: 'admin@example.org',
  role: 'admin' as const,
  password: 'abcde-fghij-kmnpq-rstuv',
};

describe('embedSnippet', () => {
  it('loads widget.js from the gateway and names the site by its key', () => {
    expect(embedSnippet('http://localhost:8080', 'key1')).toBe(
      '<script async src="http://localhost:8080/widget.js" data-sapa-site="key1"></script>',
    );
    expect(embedSnippet('https://chat.example.org/sapa/', 'key1')).toBe(
      '<script async src="https://chat.example.org/sapa/widget.js" data-sapa-site="key1"></script>',
    );
  });

  it('refuses gateway URLs that are not plain http(s) bases', () => {
    for (const url of [
      'localhost:8080',
      'ftp://x.org',
      'https://x.org/?a=1',
      'https://u:p@x.org',
      'nope',
    ]) {
      expect(() => normalizeGatewayUrl(url)).toThrow(UsageError);
    }
  });
});

describe('formatCreateSite', () => {
  const report = { site, admin, embedSnippet: embedSnippet('http://localhost:8080', 'key1') };

  it('prints one JSON object with --json', () => {
    expect(JSON.parse(formatCreateSite(report, true))).toEqual({
      ...site,
      admin,
      embedSnippet: report.embedSnippet,
    });
  });

  it('prints site id, site key, the admin login and the snippet as text', () => {
    const text = formatCreateSite(report, false);
    for (const fact of [
      'site1',
      'key1',
      'admin@example.org',
      admin.password,
      report.embedSnippet,
    ]) {
      expect(text).toContain(fact);
    }
  });
});

describe('formatCreateAgent', () => {
  it('prints the agent with its password, as JSON or text', () => {
    expect(JSON.parse(formatCreateAgent({ agent: admin }, true))).toEqual({ agent: admin });
    expect(formatCreateAgent({ agent: admin }, false)).toContain(admin.password);
  });
});

describe('formatCreateSite with an identity secret', () => {
  const report = {
    site,
    admin,
    embedSnippet: embedSnippet('http://localhost:8080', 'key1'),
    identitySecret: 'ab'.repeat(32),
  };

  it('shows the secret once, with how to use it', () => {
    const text = formatCreateSite(report, false);
    expect(text).toContain(`Identity secret: ${'ab'.repeat(32)}`);
    expect(text).toContain('HMAC-SHA256');
  });

  it('puts it in the JSON output', () => {
    expect(JSON.parse(formatCreateSite(report, true))).toMatchObject({
      identitySecret: 'ab'.repeat(32),
    });
  });
});
