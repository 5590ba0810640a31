// Measures the built widget's gzip sizes against the budget: the loader that every
// page pays for ≤ 15 KB, the whole widget ≤ 60 KB. Writes dist/size.json; exits 1 when over.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const KB = 1024;
const budget = { loaderGzip: 15 * KB, totalGzip: 60 * KB };
const files = ['widget.js', 'widget/chat.js'];

const measured = {};
for (const file of files) {
  const bytes = await readFile(join(dist, file));
  measured[file] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
const loaderGzip = measured['widget.js'].gzip;
const totalGzip = Object.values(measured).reduce((sum, each) => sum + each.gzip, 0);
const report = {
  files: measured,
  loaderGzip,
  totalGzip,
  budget,
  ok: loaderGzip <= budget.loaderGzip && totalGzip <= budget.totalGzip,
};
await writeFile(join(dist, 'size.json'), `${JSON.stringify(report, null, 2)}\n`);

const kb = (n) => `${(n / KB).toFixed(1)} KB`;
process.stdout.write(
  `widget size: loader ${kb(loaderGzip)} gzip (budget ${kb(budget.loaderGzip)}), whole widget ${kb(totalGzip)} gzip (budget ${kb(budget.totalGzip)})\n`,
);
if (!report.ok) {
  process.stderr.write('widget size: over budget\n');
  process.exit(1);
}
