import type { RawData } from 'ws';
import type { z } from 'zod';
import {
  RateLimitedError,
  SapaError,
  ValidationError,
  toSapaError,
  type WireError,
} from '@sapa/contracts';
import { SpanKind, secondsSince, withSpan, type Attributes, type Logger } from '@sapa/platform';
import { gatewayMetrics } from '../gateway-telemetry.js';
import {
  fullBucket,
  takeToken,
  type Bucket,
  type KeyedRateLimiter,
  type RateLimit,
} from '../rate-limit.js';
import type { ClientSocket } from './client-socket.js';

export interface FrameLimits {
  readonly maxFrameBytes: number;
  readonly socketRate: RateLimit;
  readonly ipLimiter: KeyedRateLimiter;
}

/** A frame handler returns the ack payload; throwing a SapaError sends an error frame. */
export type FrameHandlers<F extends { type: string }> = {
  readonly [T in F['type']]: (frame: Extract<F, { type: T }>) => Promise<unknown>;
};

/**
 * Turns raw WebSocket messages into validated frames and answers each with an ack or an
 * error frame carrying the request id. Checks, in order: size, rate (per socket and per IP),
 * JSON, schema. Anything refused is answered with a reason and changes nothing.
 */
export class FramePipeline<F extends { type: string; id?: string | undefined }> {
  private readonly bucket: Bucket;

  /**
   * `handlers` builds the handler table, and is called per frame: a table of closures kept per
   * socket was held by every idle widget (~1.3 KB each, docs/performance.md), while building
   * one costs a few microseconds on the rare frames of a widget.
   */
  constructor(
    private readonly socket: ClientSocket,
    private readonly schema: z.ZodType<F>,
    private readonly handlers: () => FrameHandlers<F>,
    private readonly limits: FrameLimits,
    private readonly logger: Logger,
  ) {
    this.bucket = fullBucket(limits.socketRate, Date.now());
  }

  /** Entry point for the socket's `message` event. Never throws. */
  async receive(raw: RawData, isBinary: boolean): Promise<void> {
    const startNs = process.hrtime.bigint();
    const size = byteLength(raw);
    if (size > this.limits.maxFrameBytes) {
      this.refuse(undefined, {
        code: 'payload_too_large',
        message: `frame of ${size} bytes is over the ${this.limits.maxFrameBytes} byte limit`,
      });
      return;
    }
    if (
      !takeToken(this.bucket, this.limits.socketRate, Date.now()) ||
      !this.limits.ipLimiter.take(this.socket.ip)
    ) {
      this.refuse(undefined, new RateLimitedError().toWire());
      return;
    }
    if (isBinary) {
      this.refuse(undefined, new ValidationError('frames must be JSON text').toWire());
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(textOf(raw));
    } catch {
      this.refuse(undefined, new ValidationError('frame is not valid JSON').toWire());
      return;
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      this.refuse(requestIdOf(json), validationWire(parsed.error));
      return;
    }
    const frame = parsed.data;
    gatewayMetrics.framesReceived().labels(frame.type).inc();
    try {
      const handler = this.handlers()[frame.type as F['type']] as (frame: F) => Promise<unknown>;
      const data = await withSpan(
        `frame ${frame.type}`,
        SpanKind.SERVER,
        spanAttributes(frame.type),
        () => handler(frame),
      );
      if (frame.type === 'ping') return;
      this.socket.send(
        frame.id === undefined ? { type: 'ack', data } : { type: 'ack', id: frame.id, data },
      );
      gatewayMetrics.ackDuration().labels(frame.type).observe(secondsSince(startNs));
    } catch (error) {
      const sapaError = toSapaError(error);
      if (!(error instanceof SapaError)) {
        this.logger.error({ err: error, frameType: frame.type }, 'frame handler failed');
      }
      this.refuse(frame.id, sapaError.toWire(), true);
    }
  }

  /** Sends an error frame; a frame refused before it parsed is counted as received `invalid`. */
  private refuse(id: string | undefined, error: WireError, parsed = false): void {
    if (!parsed) gatewayMetrics.framesReceived().labels('invalid').inc();
    gatewayMetrics.frameErrors().labels(error.code).inc();
    this.socket.sendError(id, error);
  }
}

const frameAttributes = new Map<string, Attributes>();
/** Span attributes of one frame type, built once (frame types are a fixed set). */
function spanAttributes(type: string): Attributes {
  let attributes = frameAttributes.get(type);
  if (!attributes) {
    attributes = { 'network.protocol.name': 'websocket', 'sapa.frame.type': type };
    frameAttributes.set(type, attributes);
  }
  return attributes;
}

function validationWire(error: z.ZodError): WireError {
  return new ValidationError('invalid frame', {
    issues: error.issues
      .slice(0, 10)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  }).toWire();
}

/** Echo the request id of a frame that failed validation, if it has a usable one. */
function requestIdOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= 64 && /^[A-Za-z0-9_.:-]+$/.test(id)
    ? id
    : undefined;
}

function byteLength(raw: RawData): number {
  if (Array.isArray(raw)) return raw.reduce((sum, part) => sum + part.length, 0);
  return raw instanceof ArrayBuffer ? raw.byteLength : raw.length;
}

function textOf(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return raw instanceof ArrayBuffer ? Buffer.from(raw).toString('utf8') : raw.toString('utf8');
}
