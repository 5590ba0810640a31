import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { DASHBOARD_CSP, staticAssets } from './static.js';

/** The dashboard's files over real HTTP, from a built-looking folder made for the test. */
let appsDir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  appsDir = mkdtempSync(path.join(tmpdir(), 'sapa-static-'));
  const dist = path.join(appsDir, 'dashboard', 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-AbCd1234.js'), 'export {};');
  writeFileSync(path.join(dist, 'sw.js'), "self.addEventListener('fetch', () => {});");
  writeFileSync(path.join(dist, 'manifest.webmanifest'), '{"name":"Sapa"}');
  const app = express().use(staticAssets({ appsDir }));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(appsDir, { recursive: true, force: true });
});

describe('the dashboard over HTTP', () => {
  it.each([
    '/dashboard/',
    '/dashboard/conversations/c-42',
    '/dashboard/tickets/t%2F7',
    '/dashboard/history',
    '/dashboard/settings?x=1',
  ])('answers %s with index.html under the CSP, never cached stale', async (url) => {
    const response = await fetch(`${origin}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('serves a hashed asset for a year and keeps a missing one a 404', async () => {
    const asset = await fetch(`${origin}/dashboard/assets/index-AbCd1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${origin}/dashboard/assets/gone-12345678.js`);
    expect(missing.status).toBe(404);
  });

  it('serves the service worker revalidated, under a CSP that lets it and the manifest load', async () => {
    const worker = await fetch(`${origin}/dashboard/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^(?:application|text)\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('service-worker-allowed')).toBe('/dashboard/');
    const csp = worker.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    const manifest = await fetch(`${origin}/dashboard/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(await manifest.json()).toEqual({ name: 'Sapa' });
  });

  it('never answers a missing service worker with the index page', async () => {
    rmSync(path.join(appsDir, 'dashboard', 'dist', 'sw.js'));
    const worker = await fetch(`${origin}/dashboard/sw.js`);
    expect(worker.status).toBe(404);
    writeFileSync(path.join(appsDir, 'dashboard', 'dist', 'sw.js'), '');
  });

  it('redirects /dashboard to /dashboard/', async () => {
    const response = await fetch(`${origin}/dashboard`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/dashboard/');
  });
});
