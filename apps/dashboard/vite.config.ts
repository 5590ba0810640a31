import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the build under /dashboard/ (services/gateway/src/http/static.ts).
// `npm run dev` proxies the API and the agent socket to a gateway on :8080.
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
