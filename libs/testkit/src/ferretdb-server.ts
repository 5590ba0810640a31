import { MongoClient } from 'mongodb';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { startContainer, useDocker } from './containers.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';
import {
  createDatabase,
  dropDatabase,
  dropStaleDatabases,
  localPostgres,
  testDatabaseName,
} from './postgres.js';
import { mkdir } from 'node:fs/promises';

/** True when the MongoDB-protocol server at `url` answers `ping`. */
export async function mongoAnswers(url: string): Promise<boolean> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
    directConnection: true,
  });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}

function findFerretDb(): string | undefined {
  try {
    return findBinary('ferretdb');
  } catch (error) {
    if (useDocker()) return undefined;
    throw error;
  }
}

/**
 * PostgreSQL connections per test FerretDB (`requested`, else SAPA_TEST_PG_POOL_MAX_CONNS,
 * else 30). PostgreSQL allows 100 connections in all, and FerretDB's own default (50 per
 * instance) lets two busy instances of parallel runs exhaust it ("too many clients"). A pool
 * smaller than the number of concurrent updates is safe only with the setup's patched build
 * (scripts/ferretdb-patches): upstream 1.24 hangs for good then.
 */
function poolMaxConns(requested: number | undefined): number {
  const value = requested ?? Number(process.env['SAPA_TEST_PG_POOL_MAX_CONNS'] ?? 30);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error('SAPA_TEST_PG_POOL_MAX_CONNS must be a positive integer');
  }
  return value;
}

/**
 * FerretDB (MongoDB wire protocol) on a free port. Backend: `options.backend`, else
 * SAPA_TEST_FERRETDB_BACKEND, else a fresh database on the local PostgreSQL when one is
 * reachable, else SQLite in a temp dir. `restart()` keeps the port and the data; `dispose()`
 * drops the PostgreSQL database / deletes the SQLite files.
 */
export async function startFerretDb(
  options: { backend?: 'postgresql' | 'sqlite'; postgresqlPoolMaxConns?: number } = {},
): Promise<TestServer> {
  const binary = findFerretDb();
  if (binary === undefined) {
    // Docker path for machines without a FerretDB build: the official 1.x image on SQLite.
    return startContainer({
      image: 'ghcr.io/ferretdb/ferretdb:1.24.0',
      containerPort: 27017,
      environment: {
        FERRETDB_HANDLER: 'sqlite',
        FERRETDB_SQLITE_URL: 'file:/state/',
        FERRETDB_TELEMETRY: 'disable',
      },
      url: (host, port) => `mongodb://${host}:${port}/`,
      ready: mongoAnswers,
    });
  }
  const requested = options.backend ?? process.env['SAPA_TEST_FERRETDB_BACKEND'];
  if (requested !== undefined && requested !== 'postgresql' && requested !== 'sqlite') {
    throw new Error(
      `SAPA_TEST_FERRETDB_BACKEND must be 'postgresql' or 'sqlite', not '${requested}'`,
    );
  }
  const postgres = requested === 'sqlite' ? undefined : await localPostgres();
  if (requested === 'postgresql' && postgres === undefined) {
    throw new Error(
      'FerretDB backend postgresql requested but no PostgreSQL accepts connections at 127.0.0.1:5432 (see SAPA_TEST_PG_HOST/PORT/USER)',
    );
  }

  return startLocalServer('ferretdb', async (port, dataDir) => {
    const url = `mongodb://127.0.0.1:${port}/`;
    const common = [
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dataDir}`,
      '--telemetry=disable',
      '--log-level=warn',
      // Its debug/metrics HTTP listener defaults to :8088; off, so instances never clash.
      // SAPA_FERRETDB_DEBUG_ADDR turns it on for profiling a bench (/debug/pprof/profile).
      `--debug-addr=${process.env['SAPA_FERRETDB_DEBUG_ADDR'] || '-'}`,
    ];
    let backendArgs: string[];
    let onDispose: (() => Promise<void>) | undefined;
    if (postgres) {
      await dropStaleDatabases(postgres);
      const database = testDatabaseName();
      await createDatabase(postgres, database);
      // pool_max_conn_idle_time: FerretDB applies its 1 min only when the URL names it; without
      // it pgx keeps idle connections for 30 min, holding PostgreSQL slots after a burst.
      backendArgs = [
        '--handler=postgresql',
        `--postgresql-url=postgres://${postgres.user}@${postgres.host}:${postgres.port}/${database}?pool_max_conns=${poolMaxConns(options.postgresqlPoolMaxConns)}&pool_max_conn_idle_time=1m`,
      ];
      onDispose = () => dropDatabase(postgres, database);
    } else {
      const sqliteDir = join(dataDir, 'sqlite');
      await mkdir(sqliteDir, { recursive: true });
      backendArgs = ['--handler=sqlite', `--sqlite-url=file:${sqliteDir}/`];
    }
    return {
      url,
      onDispose,
      spec: {
        name: 'ferretdb',
        command: binary,
        args: [...backendArgs, ...common],
        logFile: join(dataDir, 'ferretdb.log'),
        ready: () => mongoAnswers(url),
        readyTimeoutMs: 30_000,
      },
    };
  });
}
