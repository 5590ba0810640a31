import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { acceptsConnections } from './wait-for.js';

const run = promisify(execFile);

/** Where FerretDB's PostgreSQL backend lives: host, port and a user allowed to create databases. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

let cached: Promise<PostgresTarget | undefined> | undefined;

async function psql(target: PostgresTarget, sql: string): Promise<string> {
  const { stdout } = await run(
    'psql',
    [
      '-h',
      target.host,
      '-p',
      String(target.port),
      '-U',
      target.user,
      '-d',
      'postgres',
      '-v',
      'ON_ERROR_STOP=1',
      '-Atc',
      sql,
    ],
    { timeout: 30_000, env: { ...process.env, PGCONNECT_TIMEOUT: '3' } },
  );
  return stdout;
}

/**
 * The local PostgreSQL when it accepts connections and `psql` can create databases there
 * (trust auth; user from SAPA_TEST_PG_USER, else `postgres`, else the OS user), or undefined.
 * Host and port come from SAPA_TEST_PG_HOST / SAPA_TEST_PG_PORT (default 127.0.0.1:5432).
 */
export function localPostgres(): Promise<PostgresTarget | undefined> {
  cached ??= (async () => {
    const host = process.env['SAPA_TEST_PG_HOST'] ?? '127.0.0.1';
    const port = Number(process.env['SAPA_TEST_PG_PORT'] ?? 5432);
    if (!(await acceptsConnections(port, host))) return undefined;
    const users = [process.env['SAPA_TEST_PG_USER'], 'postgres', process.env['USER'], 'root'];
    for (const user of users) {
      if (!user) continue;
      const target = { host, port, user };
      try {
        const canCreate = await psql(
          target,
          'select rolcreatedb or rolsuper from pg_roles where rolname = current_user',
        );
        if (canCreate.trim() === 't') return target;
      } catch {
        // psql missing or this user cannot log in: try the next one.
      }
    }
    return undefined;
  })();
  return cached;
}

/** Prefix of the databases the kit creates; the creation time follows it (see below). */
const databasePrefix = 'sapa_test_fdb_';
/** Databases of the kit older than this are left-overs of a crashed run. */
const staleAfterMs = 6 * 60 * 60 * 1000;

/**
 * A fresh database name that carries its creation time (`sapa_test_fdb_<ms base36>_<random>`),
 * so that databases left behind by a process that died before `dispose` can be recognised.
 */
export function testDatabaseName(): string {
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${databasePrefix}${Date.now().toString(36)}_${random}`;
}

let swept = false;

/**
 * Drops the kit's databases created more than 6 hours ago (left by killed test runs), once
 * per process. A database still in use is never dropped (no `force`): the error is ignored.
 */
export async function dropStaleDatabases(target: PostgresTarget): Promise<void> {
  if (swept) return;
  swept = true;
  const names = await psql(
    target,
    `select datname from pg_database where datname like '${databasePrefix}%'`,
  );
  for (const name of names.split('\n').filter((line) => line !== '')) {
    const createdAt = parseInt(name.slice(databasePrefix.length).split('_')[0] ?? '', 36);
    if (Number.isNaN(createdAt) || Date.now() - createdAt < staleAfterMs) continue;
    await psql(target, `drop database if exists "${name}"`).catch(() => undefined);
  }
}

/** Creates an empty database (the name must be [a-z0-9_]). */
export async function createDatabase(target: PostgresTarget, name: string): Promise<void> {
  assertPlainName(name);
  await psql(target, `create database "${name}"`);
}

/** Drops a database, closing any connection still open to it. */
export async function dropDatabase(target: PostgresTarget, name: string): Promise<void> {
  assertPlainName(name);
  await psql(target, `drop database if exists "${name}" with (force)`);
}

function assertPlainName(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
}
