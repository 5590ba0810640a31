import { registerHooks } from 'node:module';

/**
 * Jest loads `globalSetup`/`globalTeardown` with Node's own resolver (its moduleNameMapper
 * does not apply there), while our sources import siblings as `./x.js` (NodeNext style) and
 * only `x.ts` exists. This resolve hook retries such a specifier as `.ts` when the importer is
 * a `.ts` file; jest's transformer then compiles it as usual. It lives here, not in a module of
 * its own, because it must be in place before any sibling is imported (hence the dynamic
 * import below); teardown runs later in the same process and relies on it too.
 */
function installTsResolveHook(): void {
  const key = Symbol.for('sapa.testkit.tsResolveHook');
  const holder = globalThis as { [key]?: true };
  if (holder[key]) return;
  holder[key] = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        const fromTs = context.parentURL?.endsWith('.ts') ?? false;
        if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
          return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
        }
        throw error;
      }
    },
  });
}

/**
 * Jest global setup of the int and e2e projects: starts the servers shared by the run and
 * exports their URLs (SAPA_TEST_*_URL) to the test workers.
 */
export default async function globalSetup(): Promise<void> {
  installTsResolveHook();
  const { startSharedInfra } = await import('./infra.js');
  await startSharedInfra();
}
