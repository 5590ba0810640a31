import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const WIDGET = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(WIDGET, '..', 'demo');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A school's website for browser tests: the demo pages, on an origin of its own. */
export interface HostSite {
  readonly origin: string;
  /** The site key the demo pages embed (a site allows this host's origin, so it is made after). */
  setSiteKey(siteKey: string): void;
  /** The demo page URL, e.g. page('admissions.html'). */
  page(name: string): string;
  close(): Promise<void>;
}

/** Builds the widget when dist/ is missing (a test run without `npm run build`). */
export async function ensureWidgetBuilt(): Promise<void> {
  if (existsSync(join(WIDGET, 'dist', 'widget', 'chat.js'))) return;
  await promisify(execFile)(process.execPath, [join(WIDGET, 'scripts', 'build.mjs')]);
}

/**
 * Serves apps/demo under /demo/, with a /demo/config.js that embeds the widget the way a real
 * site does: widget.js comes from the chat server (the gateway, another origin than the page),
 * and the widget talks to the origin its script came from.
 */
export async function startHostSite(options: { gatewayUrl: string }): Promise<HostSite> {
  await ensureWidgetBuilt();
  let siteKey = '';
  const config = () =>
    `window.SAPA_DEMO = ${JSON.stringify({ siteKey, widgetUrl: `${options.gatewayUrl}/widget.js` })};\n`;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    const send = (status: number, body: string | Buffer, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/demo/config.js') return send(200, config(), TYPES['.js']);
    const file = path.startsWith('/demo/')
      ? join(DEMO, normalize(path.slice('/demo/'.length)))
      : '';
    if (!file.startsWith(`${DEMO}/`)) return send(404, 'not found');
    readFile(file).then(
      (body) => send(200, body, TYPES[extname(file)] ?? 'application/octet-stream'),
      () => send(404, 'not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    setSiteKey: (key) => {
      siteKey = key;
    },
    page: (name) => `${origin}/demo/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
