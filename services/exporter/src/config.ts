import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv } from '@sapa/platform';

const ExporterEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  /**
   * Kafka bootstrap brokers, comma-separated `host:port`. Empty or unset: the export is off and
   * the process exits at once (it is optional; scripts/run.sh starts it only when set).
   */
  KAFKA_BROKERS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter((broker) => broker !== ''),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port'))),
  KAFKA_CLIENT_ID: z.string().min(1).default('sapa-exporter'),
  /** The topic every event goes to (key = stream id). */
  KAFKA_TOPIC: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,249}$/)
    .default('sapa.events'),
  /** Partitions of the topic when the exporter creates it (an existing topic is left as is). */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(12),
  KAFKA_TOPIC_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).default(1),
  /** Events of one stream sent in one produce request at most. */
  EXPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Name of the durable JetStream consumer that tells the exporter which streams moved. */
  EXPORT_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('kafka-exporter'),
  /** Collection of the exporter's checkpoints (one document per stream). */
  EXPORT_CHECKPOINT_COLLECTION: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/)
    .default('kafka_export_checkpoints'),
});
export type ExporterConfig = z.output<typeof ExporterEnv>;

/** The exporter's configuration, parsed once from the environment. */
export const loadExporterConfig = (env?: Record<string, string | undefined>): ExporterConfig =>
  loadConfig(ExporterEnv, env);
