import type { RunningService } from '@sapa/testkit';

/** GET /metrics on a service's health port: the Prometheus text exposition. */
export async function scrape(service: RunningService): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${service.healthPort}/metrics`);
  if (response.status !== 200) throw new Error(`${service.name} /metrics: ${response.status}`);
  return response.text();
}

/**
 * The sum of the samples of `name` whose labels include `labels` (0 when there are none).
 * Reads the exposition's `name{a="b",...} value` lines; enough for Sapa's own metrics.
 */
export function sampleValue(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
        (label) => [label[1], label[2]] as const,
      ),
    );
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) {
      sum += Number(match[3]);
    }
  }
  return sum;
}
