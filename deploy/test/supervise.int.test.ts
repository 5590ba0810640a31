import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './kustomize.js';

const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), 'sapa-supervise-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `supervise NAME COMMAND` from scripts/supervise.sh until the supervisor ends. */
async function supervised(name: string, command: string, env: Record<string, string>) {
  const script = [
    'say() { echo "$*"; }',
    `source ${JSON.stringify(path.join(REPO_ROOT, 'scripts', 'supervise.sh'))}`,
    `supervise ${name} bash -c '${command.replaceAll("'", "'\\''")}'`,
    'wait "${SUPERVISORS[@]}" || echo "supervisor ended: $?"',
  ].join('\n');
  const { stdout } = await run('bash', ['-c', script], {
    env: { ...process.env, LOGS: scratch, RUN_DIR: scratch, ...env },
    timeout: 30_000,
  });
  return stdout;
}

describe('the one-machine supervisor', () => {
  it('restarts a crashing process with a back-off, then gives up and reports it', async () => {
    const out = await supervised('flaky', 'echo "boom $$"; exit 3', {
      SAPA_RESTART_BASE_S: '0',
      SAPA_RESTART_MAX: '3',
    });
    expect(out.match(/flaky exited with code 3; restarting in 0s/g)).toHaveLength(2);
    expect(out).toContain(
      'GAVE UP on flaky: it crashed 3 times within 300s (last: exited with code 3)',
    );
    expect(out).toContain('supervisor ended: 1');
    const report = readFileSync(path.join(scratch, 'flaky.gave-up'), 'utf8');
    expect(report).toContain('flaky crashed 3 times');
    expect(report.match(/^boom \d+$/gm)).toHaveLength(3);
  });

  it('names a signal that killed the process, and leaves a clean exit alone', async () => {
    const out = await supervised(
      'once',
      // Killed by SIGKILL the first time, a clean exit after the restart.
      `if [ -f ${scratch}/once.ran ]; then exit 0; fi; touch ${scratch}/once.ran; kill -9 $$`,
      { SAPA_RESTART_BASE_S: '0' },
    );
    expect(out).toContain(
      'once killed by signal KILL; restarting in 0s (crash 1 of 5 allowed within 300s)',
    );
    expect(out).toContain('once stopped (exit 0); not restarted');
    expect(readFileSync(path.join(scratch, 'restarts.log'), 'utf8')).toMatch(
      /Z once killed by signal KILL$/m,
    );
  });
});
