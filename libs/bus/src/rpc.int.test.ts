import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ROOT_CONTEXT,
  context,
  trace,
  type Context,
  type ContextManager,
} from '@opentelemetry/api';
import {
  ConcurrencyError,
  ConflictError,
  NotFoundError,
  SapaError,
  UnavailableError,
  ValidationError,
  rpcSubject,
  type RpcResponse,
} from '@sapa/contracts';
import { currentTraceCarrier, installTracePropagation } from '@sapa/platform';
import { startNats, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Bus } from './bus.js';
import { connectBus } from './bus.test-support.js';
import { decodeWireError } from './rpc-errors.js';
import type { RpcContext } from './rpc-context.js';

/**
 * RPC subjects are fixed by the contract (`sapa.v1.rpc.<service>.<command>`), so a responder
 * on the shared test NATS could answer another test file's requests. These tests get their own
 * nats-server instead.
 */
let nats: TestServer;
const buses: Bus[] = [];
const connect = async (): Promise<Bus> => {
  const bus = await connectBus(nats.url);
  buses.push(bus);
  return bus;
};

/** Carries the OpenTelemetry context across awaits, as the SDK's context manager does. */
class AsyncLocalContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#storage.disable();
    return this;
  }
}

beforeAll(async () => {
  nats = await startNats({ jetstream: false });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  installTracePropagation();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.drain()));
});

afterAll(async () => {
  await nats?.dispose();
});

const availability = (siteId: string): RpcResponse<'presence.site-availability'> => ({
  siteId,
  online: true,
  agentsOnline: 2,
  departments: [],
});

/** A promise plus its resolve, to hold a handler until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('request/reply', () => {
  it('round-trips a valid request, with defaults applied on the responder side', async () => {
    const bus = await connect();
    const seen: unknown[] = [];
    bus.serve('chat.read-conversation', (request) => {
      seen.push(request);
      return Promise.resolve({ events: [] });
    });
    await expect(
      bus.request('chat.read-conversation', { siteId: 's1', conversationId: 'c1' }),
    ).resolves.toEqual({
      events: [],
    });
    expect(seen).toEqual([{ siteId: 's1', conversationId: 'c1', afterVersion: 0, limit: 500 }]);
  });

  it('refuses an invalid request on the responder with the zod issue paths, without calling the handler', async () => {
    const bus = await connect();
    let calls = 0;
    bus.serve('chat.start-conversation', () => {
      calls += 1;
      return Promise.resolve({ conversationId: 'c', version: 1, created: true });
    });
    // Sent raw, as any NATS client could: the responder is the boundary that checks it.
    const reply = await bus.connection.request(
      rpcSubject('chat.start-conversation'),
      JSON.stringify({
        siteId: 'site.1',
        visitor: { kind: 'visitor', id: 'v1' },
        page: { url: 42 },
      }),
      { timeout: 5_000 },
    );
    const wire = decodeWireError(reply.headers, reply.data);
    expect(wire?.code).toBe('validation_failed');
    const issues = (wire?.details?.['issues'] ?? []) as { path: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual(['page.url', 'siteId']);
    expect(calls).toBe(0);
  });

  it('refuses a body that is not JSON', async () => {
    const bus = await connect();
    bus.serve('presence.site-availability', () => Promise.resolve(availability('x')));
    const reply = await bus.connection.request(rpcSubject('presence.site-availability'), '{nope', {
      timeout: 5_000,
    });
    expect(decodeWireError(reply.headers, reply.data)?.code).toBe('validation_failed');
  });

  it('refuses an invalid typed request on the responder: the caller gets ValidationError, the handler never runs', async () => {
    const bus = await connect();
    let calls = 0;
    bus.serve('presence.site-availability', () => {
      calls += 1;
      return Promise.resolve(availability('x'));
    });
    const error = await bus
      .request('presence.site-availability', { siteId: { $gt: '' } as unknown as string })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details?.['issues']).toEqual([
      expect.objectContaining({ path: 'siteId', code: 'invalid_type' }),
    ]);
    expect(calls).toBe(0);
  });

  it.each([
    ['NotFoundError', new NotFoundError('no site s9')],
    ['ConflictError', new ConflictError('chat already claimed', 'conflict', { by: 'agent-7' })],
    ['ConcurrencyError', new ConcurrencyError('conversation-c1', 4)],
  ])(
    'delivers a thrown %s to the caller as the same class, code, message and details',
    async (_name, thrown) => {
      const bus = await connect();
      bus.serve('presence.site-availability', () => Promise.reject(thrown));
      const error = await bus
        .request('presence.site-availability', { siteId: 's9' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(thrown.constructor);
      expect(error).toMatchObject({
        name: thrown.name,
        code: thrown.code,
        message: thrown.message,
      });
      expect((error as SapaError).details).toEqual(thrown.details);
    },
  );

  it('turns a plain Error into internal without leaking its message', async () => {
    const bus = await connect();
    bus.serve('presence.site-availability', () =>
      Promise.reject(new Error('db password is hunter2')),
    );
    const error = await bus
      .request('presence.site-availability', { siteId: 's1' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SapaError);
    expect((error as SapaError).code).toBe('internal');
    expect(
      JSON.stringify({ message: (error as Error).message, details: (error as SapaError).details }),
    ).not.toContain('hunter2');
  });

  it('fails with internal on the caller, which checks the response, when the handler breaks its contract', async () => {
    const bus = await connect();
    bus.serve('presence.site-availability', () =>
      Promise.resolve({
        siteId: 's1',
        online: 'yes',
      } as unknown as RpcResponse<'presence.site-availability'>),
    );
    await expect(bus.request('presence.site-availability', { siteId: 's1' })).rejects.toMatchObject(
      { code: 'internal' },
    );
  });

  it('throws UnavailableError when nobody serves the command', async () => {
    const bus = await connect();
    await expect(
      bus.request('presence.online-agents', { siteId: 's1' }, { timeoutMs: 2_000 }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });

  it('throws a timeout SapaError when the responder is too slow', async () => {
    const bus = await connect();
    const held = gate();
    bus.serve('presence.site-availability', async () => {
      await held.promise;
      return availability('s1');
    });
    try {
      await expect(
        bus.request('presence.site-availability', { siteId: 's1' }, { timeoutMs: 200 }),
      ).rejects.toMatchObject({
        code: 'timeout',
        status: 504,
      });
    } finally {
      held.open();
    }
  });

  it('handles requests concurrently', async () => {
    const bus = await connect();
    const held = gate();
    let entered = 0;
    bus.serve('presence.site-availability', async (request) => {
      entered += 1;
      await held.promise;
      return availability(request.siteId);
    });
    const replies = Promise.all([
      bus.request('presence.site-availability', { siteId: 'a' }),
      bus.request('presence.site-availability', { siteId: 'b' }),
    ]);
    // Both handlers are inside at once: the second did not wait for the first.
    await waitFor(() => entered === 2, { description: 'both handlers running' });
    held.open();
    await expect(replies).resolves.toEqual([availability('a'), availability('b')]);
  });

  it('spreads requests over a queue group: two servers share 100 requests, each answered once', async () => {
    const [caller, first, second] = await Promise.all([connect(), connect(), connect()]);
    const counts = { first: 0, second: 0 };
    first.serve('presence.site-availability', (request) => {
      counts.first += 1;
      return Promise.resolve(availability(request.siteId));
    });
    second.serve('presence.site-availability', (request) => {
      counts.second += 1;
      return Promise.resolve(availability(request.siteId));
    });
    await Promise.all([first.connection.flush(), second.connection.flush()]);
    const siteIds = Array.from({ length: 100 }, (_, index) => `site-${index}`);
    const replies = await Promise.all(
      siteIds.map((siteId) => caller.request('presence.site-availability', { siteId })),
    );
    expect(replies.map((reply) => reply.siteId)).toEqual(siteIds);
    expect(counts.first + counts.second).toBe(100);
    expect(counts.first).toBeGreaterThan(0);
    expect(counts.second).toBeGreaterThan(0);
  });

  it('propagates correlation id, causation id and trace context to the handler', async () => {
    const bus = await connect();
    const seen: { context: RpcContext; activeTraceparent: string | undefined }[] = [];
    // A queue of its own: the override is part of what this exercises.
    bus.serve(
      'presence.online-agents',
      (_request, rpcContext) => {
        seen.push({ context: rpcContext, activeTraceparent: currentTraceCarrier().traceparent });
        return Promise.resolve({ agents: [] });
      },
      { queue: uniqueName('queue') },
    );
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const spanContext = { traceId, spanId: '00f067aa0ba902b7', traceFlags: 1 };
    await context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () =>
      bus.request(
        'presence.online-agents',
        { siteId: 's1' },
        { correlationId: 'corr-42', causationId: 'cmd-7' },
      ),
    );
    await bus.request('presence.online-agents', { siteId: 's1' });
    expect(seen).toHaveLength(2);
    const [traced, untraced] = seen;
    expect(traced?.context).toMatchObject({ correlationId: 'corr-42', causationId: 'cmd-7' });
    expect(traced?.context.traceparent).toBe(`00-${traceId}-00f067aa0ba902b7-01`);
    // The handler runs inside the caller's trace: what it calls next continues the same trace.
    expect(traced?.activeTraceparent).toContain(traceId);
    // Without options a request starts a new chain: a fresh correlation id, no causation.
    expect(untraced?.context.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(untraced?.context.causationId).toBeUndefined();
    expect(untraced?.context.traceparent).toBeUndefined();
  });

  it('answers the requests in flight before drain completes', async () => {
    const [caller, server] = await Promise.all([connect(), connect()]);
    const held = gate();
    let entered = false;
    server.serve('presence.site-availability', async (request) => {
      entered = true;
      await held.promise;
      return availability(request.siteId);
    });
    // The responder's subscription must reach the server before the caller asks (another
    // connection): on a loaded machine it did not, and the request found no responder.
    await server.connection.flush();
    const reply = caller.request('presence.site-availability', { siteId: 'draining' });
    await waitFor(() => entered, { description: 'handler running' });
    const drained = server.drain();
    held.open();
    await expect(reply).resolves.toEqual(availability('draining'));
    await drained;
    expect(server.isConnected).toBe(false);
    await expect(
      caller.request('presence.site-availability', { siteId: 'after' }, { timeoutMs: 2_000 }),
    ).rejects.toBeInstanceOf(UnavailableError);
  });

  it('does not run a request whose caller gave up while it waited for a slot', async () => {
    const [caller, server] = await Promise.all([connect(), connect()]);
    const held = gate();
    const handled: string[] = [];
    server.serve(
      'presence.site-availability',
      async (request) => {
        handled.push(request.siteId);
        if (request.siteId === 'slow') await held.promise;
        return availability(request.siteId);
      },
      { maxConcurrent: 1 },
    );
    await server.connection.flush();
    const slow = caller.request('presence.site-availability', { siteId: 'slow' });
    await waitFor(() => handled.includes('slow'), { description: 'the slow request running' });
    // Waits behind the slow one; its caller gives up after 400 ms (the server after 300).
    await expect(
      caller.request('presence.site-availability', { siteId: 'impatient' }, { timeoutMs: 400 }),
    ).rejects.toMatchObject({ code: 'timeout' });
    const patient = caller.request('presence.site-availability', { siteId: 'patient' });
    held.open();
    await expect(slow).resolves.toEqual(availability('slow'));
    await expect(patient).resolves.toEqual(availability('patient'));
    // The impatient request was dropped, never run: capacity went to the one still awaited.
    expect(handled).toEqual(['slow', 'patient']);
  });

  it('stops one responder without touching the others', async () => {
    const bus = await connect();
    const handle = bus.serve('presence.site-availability', (request) =>
      Promise.resolve(availability(request.siteId)),
    );
    bus.serve('presence.online-agents', () => Promise.resolve({ agents: [] }));
    await handle.stop();
    await expect(
      bus.request('presence.site-availability', { siteId: 's' }, { timeoutMs: 2_000 }),
    ).rejects.toBeInstanceOf(UnavailableError);
    await expect(bus.request('presence.online-agents', { siteId: 's' })).resolves.toEqual({
      agents: [],
    });
  });
});

describe('core publish/subscribe', () => {
  it('delivers JSON payloads and survives bad messages and failing subscribers', async () => {
    const [publisher, subscriber] = await Promise.all([connect(), connect()]);
    const subject = `sapa.v1.eph.${uniqueName('site')}.conversation.c1.typing`;
    const received: unknown[] = [];
    subscriber.subscribe(subject, (payload, receivedSubject) => {
      if ((payload as { boom?: boolean }).boom) throw new Error('subscriber bug');
      received.push({ payload, receivedSubject });
    });
    await subscriber.connection.flush();
    publisher.connection.publish(subject, 'not json');
    publisher.publish(subject, { boom: true });
    publisher.publish(subject, { isTyping: true });
    await waitFor(() => received.length === 1, { description: 'the valid message' });
    expect(received).toEqual([{ payload: { isTyping: true }, receivedSubject: subject }]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = await connect();
    const subject = `sapa.v1.eph.${uniqueName('site')}.presence`;
    const received: unknown[] = [];
    const subscription = bus.subscribe(subject, (payload) => received.push(payload));
    bus.publish(subject, { n: 1 });
    await waitFor(() => received.length === 1, { description: 'first message' });
    subscription.unsubscribe();
    bus.publish(subject, { n: 2 });
    // A round trip to the server after the publish: had the subscription been live, n=2 was delivered before it.
    const sentinel = `${subject}.sentinel`;
    let sentinelSeen = false;
    bus.subscribe(sentinel, () => {
      sentinelSeen = true;
    });
    bus.publish(sentinel, {});
    await waitFor(() => sentinelSeen, { description: 'sentinel' });
    expect(received).toEqual([{ n: 1 }]);
  });
});
