// Builds the widget with esbuild: dist/widget.js (the loader, what host pages embed) and
// dist/widget/chat.js (the chat UI it loads lazily). Both are minified IIFEs for ES2020
// browsers, so they never leak a binding into the host page's global scope.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// No clean step: a gateway serving dist/ (a running stack, a parallel test) never sees it
// empty; esbuild overwrites both files in place.
await mkdir(join(dist, 'widget'), { recursive: true });

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  sourcemap: 'linked',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(root, 'src/loader.ts')],
  outfile: join(dist, 'widget.js'),
});
await build({
  ...common,
  entryPoints: [join(root, 'src/chat/main.ts')],
  outfile: join(dist, 'widget/chat.js'),
});
