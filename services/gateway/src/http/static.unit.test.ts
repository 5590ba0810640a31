import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { DASHBOARD_CSP, demoConfigScript } from './static.js';

describe('static assets', () => {
  it('writes the demo config as inert JavaScript, whatever the key holds', () => {
    const script = demoConfigScript({ demoSiteKey: '</script><script>alert(1)</script>' });
    expect(script).not.toContain('</script>');
    const window: { SAPA_DEMO?: unknown } = {};
    runInNewContext(script, { window });
    expect(window.SAPA_DEMO).toEqual({ siteKey: '</script><script>alert(1)</script>' });
  });

  it('says when no demo site is configured', () => {
    expect(demoConfigScript({})).toContain('"siteKey":null');
  });

  it('allows no inline script or style on the dashboard', () => {
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("style-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
  });
});
