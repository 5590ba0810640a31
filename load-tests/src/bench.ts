import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './bench-config.js';
import { writeScenario } from './bench-report.js';
import { runScenario } from './bench-scenarios.js';

// `npm run bench [-- --scale smoke|small|medium|full --scenarios idle,chat,... --no-compare --profile]`
// Each scenario gets a fresh stack; results go to load-tests/results/<date>-<scenario>.json and
// one markdown summary, load-tests/results/<date>-summary.md (fields: load-tests/README.md).
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(repoRoot, 'load-tests', 'results');
const options = parseBenchArgs(process.argv.slice(2), resultsDir);
// FerretDB on PostgreSQL with the test kit's default pool (10 connections) answered 4 of 40
// concurrent conversation starts within 5 s here; with 30 all of them in ~2 s (docs/performance.md).
process.env['SAPA_TEST_PG_POOL_MAX_CONNS'] ??= '30';
const date = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
await mkdir(resultsDir, { recursive: true });

const sections: string[] = [
  `# Sapa bench ${date} (scale ${options.scale.name})`,
  '',
  `Every system ran on this machine in this run, the load generator included (Node, worker threads: ${options.workers ?? 'one per core'}; it shares the cores with the servers). Field meanings: load-tests/README.md.`,
  '',
];
let failed = false;
for (const scenario of options.scenarios) {
  process.stdout.write(`bench: ${scenario} (${options.scale.name}) ...\n`);
  try {
    const result = await runScenario({ repoRoot, options, date }, scenario);
    sections.push(await writeScenario(resultsDir, date, result));
    for (const system of result.results) {
      if (!system.thresholdsPassed) {
        failed = true;
        process.stdout.write(
          `bench: ${scenario} ${system.system} failed thresholds: ${system.failedThresholds.join('; ')}\n${system.outputTail}\n`,
        );
      }
      process.stdout.write(
        `bench: ${scenario} ${system.system}: thresholds ${system.thresholdsPassed ? 'passed' : 'FAILED'}, ` +
          `${system.connectionsHeld} connections, ${(system.memoryPerConnectionBytes / 1024).toFixed(1)} KiB/conn, ` +
          `${system.messagesPerSecond.toFixed(0)} msgs/s, lost ${system.lost}, dup ${system.duplicated}\n`,
      );
    }
  } catch (error) {
    failed = true;
    sections.push(`## ${scenario}\n\nThe scenario failed to run: ${String(error)}\n`);
    process.stderr.write(`bench: ${scenario} failed: ${String(error)}\n`);
  }
  await writeFile(join(resultsDir, `${date}-summary.md`), sections.join('\n'));
}
process.stdout.write(`bench: summary in ${join(resultsDir, `${date}-summary.md`)}\n`);
process.exitCode = failed ? 1 : 0;
