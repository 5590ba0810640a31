import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from './repo-root.js';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of a server binary: the project's own tools first ($SAPA_TOOLS/bin, then
 * <repo>/.tools/bin), then PATH, then the given fallback folders (Debian puts nats-server in
 * /usr/sbin, which is not on every user's PATH). Throws naming every place it looked and how
 * to install it.
 */
export function findBinary(name: string, fallbackDirs: readonly string[] = []): string {
  const dirs = [
    ...(process.env['SAPA_TOOLS'] ? [join(process.env['SAPA_TOOLS'], 'bin')] : []),
    join(repoRoot(), '.tools', 'bin'),
    ...(process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== ''),
    ...fallbackDirs,
  ];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `testkit: '${name}' not found (looked in ${dirs.join(', ')}); run \`bash scripts/setup.sh\` to install it`,
  );
}
