/**
 * Shared by directory's int tests only (excluded from the build). Directory subjects are fixed
 * names, so each test file has its own nats-server: a directory served by another file (or
 * service) on the shared one would answer its requests.
 */
import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { startNats, testInfra, type TestServer } from '@sapa/testkit';

/** A test file's own NATS, a bus on it and a client of the shared test database server. */
export interface DirectoryInfra {
  readonly nats: TestServer;
  readonly mongo: MongoClient;
  readonly bus: Bus;
}

/** Starts NATS, connects to MongoDB and connects a bus named `name`. */
export async function startDirectoryInfra(name: string, logger: Logger): Promise<DirectoryInfra> {
  const nats = await startNats({ jetstream: false });
  const mongo = await MongoClient.connect(testInfra().mongoUrl);
  const bus = await Bus.connect({ servers: nats.url, name, logger });
  return { nats, mongo, bus };
}

/** Closes what startDirectoryInfra opened (any part may be missing when start-up failed). */
export async function stopDirectoryInfra(infra: Partial<DirectoryInfra>): Promise<void> {
  await infra.bus?.drain();
  await infra.mongo?.close();
  await infra.nats?.dispose();
}
