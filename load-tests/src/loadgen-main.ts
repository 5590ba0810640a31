// The load generator as a process of its own (so its CPU and sockets are apart from the bench
// and from the server it loads): `node load-tests/dist/loadgen-main.js <spec.json> <summary.json>`.
// Writes the summary (load-tests/README.md, "Generator summary"), prints one line per failed
// threshold, and exits 0 when every threshold held, 99 when one failed, 1 on an error.
import { readFile, writeFile } from 'node:fs/promises';
import type { LoadSpec } from './loadgen/plan.js';
import { runLoad } from './loadgen/run-load.js';

const [specPath, summaryPath] = process.argv.slice(2);
if (!specPath || !summaryPath) {
  process.stderr.write('usage: loadgen-main.js <spec.json> <summary.json>\n');
  process.exit(1);
}
const spec = JSON.parse(await readFile(specPath, 'utf8')) as LoadSpec;
// SIGTERM (the bench's timeout): the workers stop early and still report.
const abort = new AbortController();
process.once('SIGTERM', () => abort.abort());
const summary = await runLoad(spec, abort.signal);
await writeFile(summaryPath, JSON.stringify(summary, null, 2));
for (const warning of summary.warnings) process.stdout.write(`warning: ${warning}\n`);
for (const line of summary.failedThresholds) process.stdout.write(`threshold failed: ${line}\n`);
process.stdout.write(
  `loadgen: ${spec.scenario} ${summary.thresholdsPassed ? 'passed' : 'FAILED'} in ${summary.generator.durationS.toFixed(1)} s ` +
    `on ${summary.generator.workers} workers (${summary.generator.cpuCoresAvg.toFixed(2)} cores)\n`,
);
process.exitCode = summary.thresholdsPassed ? 0 : 99;
