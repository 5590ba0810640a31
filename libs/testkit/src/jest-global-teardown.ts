/**
 * Jest global teardown of the int and e2e projects: stops the servers global setup started.
 * Runs in the process where global setup installed its `.js` → `.ts` resolve hook.
 */
export default async function globalTeardown(): Promise<void> {
  const { stopSharedInfra } = await import('./infra.js');
  await stopSharedInfra();
}
