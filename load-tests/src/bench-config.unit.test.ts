import { describe, expect, it } from '@jest/globals';
import { ALL_SCENARIOS, SCALES, parseBenchArgs } from './bench-config.js';

describe('parseBenchArgs', () => {
  it('defaults to the medium scale, every scenario but soak, with Socket.IO', () => {
    const options = parseBenchArgs([], '/results');
    expect(options.scale.name).toBe('medium');
    expect(options.scenarios).toEqual(['idle', 'chat', 'churn', 'storm', 'fanout']);
    expect(options.compare).toBe(true);
    expect(options.centrifugo).toBe(true);
    expect(options.workers).toBeUndefined();
    expect(options.gatewayNodeFlags).toEqual([]);
  });

  it('reads scale, scenarios, --no-compare and the profiling flags', () => {
    const options = parseBenchArgs(
      ['--scale', 'smoke', '--scenarios', 'soak,idle', '--no-compare', '--profile', '--gc-trace'],
      '/results',
    );
    expect(options.scale.name).toBe('smoke');
    expect(options.scenarios).toEqual(['soak', 'idle']);
    expect(options.compare).toBe(false);
    expect(options.gatewayNodeFlags).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/results/profiles',
      '--trace-gc',
    ]);
  });

  it("reads the gateway's young generation size, and refuses one out of range", () => {
    expect(parseBenchArgs(['--gateway-semi-space-mb', '1'], '/r').gatewayNodeFlags).toEqual([
      '--max-semi-space-size=1',
    ]);
    expect(() => parseBenchArgs(['--gateway-semi-space-mb', '0'], '/r')).toThrow(/semi-space/);
    expect(() => parseBenchArgs(['--gateway-semi-space-mb', 'x'], '/r')).toThrow(/semi-space/);
  });

  it('reads the generator flags: workers, loopback source addresses, no Centrifugo', () => {
    const options = parseBenchArgs(
      ['--workers', '1', '--local-ips', '127.0.0.2-127.0.0.3', '--no-centrifugo'],
      '/r',
    );
    expect(options.workers).toBe(1);
    expect(options.localAddresses).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(options.compare).toBe(true);
    expect(options.centrifugo).toBe(false);
    expect(parseBenchArgs(['--no-compare'], '/r').centrifugo).toBe(false);
    expect(() => parseBenchArgs(['--local-ips', '192.168.0.2'], '/r')).toThrow(/127.0.0.0\/8/);
    expect(() => parseBenchArgs(['--workers', '0'], '/r')).toThrow(/--workers/);
  });

  it('refuses an unknown scale or scenario', () => {
    expect(() => parseBenchArgs(['--scale', 'huge'], '/r')).toThrow(/--scale must be one of/);
    expect(() => parseBenchArgs(['--scenarios', 'idle,nope'], '/r')).toThrow(
      /unknown scenario nope/,
    );
  });
});

describe('SCALES', () => {
  it('stays under the 20,000 open files one process may hold here', () => {
    for (const scale of Object.values(SCALES)) {
      expect(scale.idle.sockets).toBeLessThan(19_900);
      expect(scale.storm.sockets).toBeLessThan(19_900);
      expect(scale.soak.sockets + scale.soak.visitors).toBeLessThan(19_900);
    }
  });

  it('names every scenario the bench knows', () => {
    expect([...ALL_SCENARIOS].sort()).toEqual(['chat', 'churn', 'fanout', 'idle', 'soak', 'storm']);
  });
});
