/**
 * A pass/fail rule on a counter, as k6's thresholds were (`sapa_lost: count==0`): the run fails
 * when the counter's total over every worker is below `min` or above `max`.
 */
export interface Threshold {
  readonly counter: string;
  readonly min?: number;
  readonly max?: number;
}

/** The thresholds that failed, each as a readable line (`sapa_lost <= 0, was 3`); [] when all held. */
export function failedThresholds(
  thresholds: readonly Threshold[],
  counters: Readonly<Record<string, number>>,
): string[] {
  const failed: string[] = [];
  for (const { counter, min, max } of thresholds) {
    const value = counters[counter] ?? 0;
    if (min !== undefined && value < min) failed.push(`${counter} >= ${min}, was ${value}`);
    if (max !== undefined && value > max) failed.push(`${counter} <= ${max}, was ${value}`);
  }
  return failed;
}
