import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The gateway serves the build under /dashboard/ (services/gateway/src/http/static.ts).
// `npm run dev` proxies the API and the agent socket to a gateway on :8080.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react(), serviceWorker()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});

/**
 * Emits dist/sw.js from service-worker/sw.js with the app shell it caches (the built
 * scripts, styles, manifest and icons; never source maps) and a version hashed from them.
 */
function serviceWorker(): Plugin {
  return {
    name: 'sapa-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map') && file !== 'index.html')
        .concat([
          'manifest.webmanifest',
          'icons/icon192.png',
          'icons/icon512.png',
          'icons/maskable512.png',
        ])
        .sort();
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(new URL('service-worker/sw.js', import.meta.url), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template
          .replace('__SAPA_SW_VERSION__', version)
          .replace('__SAPA_SW_SHELL__', JSON.stringify(shell)),
      });
    },
  };
}
