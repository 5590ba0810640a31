import { MongoClient, type Db } from 'mongodb';
import type { ServiceContext } from '@sapa/platform';

/** The configuration entries `connectDatabase` reads (from the platform's `commonEnv`). */
export interface DatabaseConfig {
  readonly MONGO_URL: string;
  readonly MONGO_DB: string;
  readonly MONGO_MAX_POOL_SIZE: number;
}

/**
 * Connects a service's MongoDB/FerretDB client, keeps it until shutdown (closed last, after
 * what uses it) and returns its database. For a `runService` start.
 */
export async function connectDatabase(
  keep: ServiceContext<unknown>['keep'],
  config: DatabaseConfig,
  options: { readonly appName?: string } = {},
): Promise<Db> {
  const client = await MongoClient.connect(config.MONGO_URL, {
    ...options,
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  return keep('mongo', client, (c) => c.close()).db(config.MONGO_DB);
}

/** Runs `use` on the configured database, on a client opened for it and closed after. */
export async function withDatabase<T>(
  config: DatabaseConfig,
  use: (db: Db) => Promise<T>,
): Promise<T> {
  const client = await MongoClient.connect(config.MONGO_URL, {
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  try {
    return await use(client.db(config.MONGO_DB));
  } finally {
    await client.close();
  }
}
