import { describe, expect, it } from '@jest/globals';
import {
  assertLoopbackUrl,
  isLoopbackAddress,
  parseLocalAddresses,
  parsePortRange,
  portsPerAddress,
  sourceAddresses,
} from './loopback.js';

describe('loopback only', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', 'localhost'])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of [
      '10.0.0.1',
      '192.168.1.2',
      '172.16.0.1',
      '8.8.8.8',
      '128.0.0.1',
      'example.com',
    ])
      expect(isLoopbackAddress(address)).toBe(false);
  });

  it('refuses a target URL off this machine', () => {
    expect(() => assertLoopbackUrl('ws://127.0.0.1:8080')).not.toThrow();
    expect(() => assertLoopbackUrl('ws://[::1]:8080')).not.toThrow();
    expect(() => assertLoopbackUrl('ws://10.1.2.3:8080')).toThrow(/not on loopback/);
    expect(() => assertLoopbackUrl('wss://example.com/ws')).toThrow(/not on loopback/);
  });

  it('expands hand-given source address ranges and refuses any outside 127.0.0.0/8', () => {
    expect(parseLocalAddresses('127.0.0.2-127.0.0.4,127.0.1.9')).toEqual([
      '127.0.0.2',
      '127.0.0.3',
      '127.0.0.4',
      '127.0.1.9',
    ]);
    expect(() => parseLocalAddresses('10.0.0.1')).toThrow(/not in 127.0.0.0\/8/);
    expect(() => parseLocalAddresses('127.0.0.9-127.0.0.2')).toThrow(/bad address range/);
  });
});

describe('source addresses', () => {
  it('lets the kernel choose while one address has ports enough, then adds 127.0.0.2, ...', () => {
    const perAddress = portsPerAddress(parsePortRange('32768\t60999\n'));
    expect(perAddress).toBe(25_408);
    expect(sourceAddresses(19_000, perAddress)).toEqual([]);
    expect(sourceAddresses(60_000, perAddress)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });

  it("falls back to Linux's default port range when it cannot be read", () => {
    expect(parsePortRange(undefined)).toEqual([32768, 60999]);
    expect(parsePortRange('garbage')).toEqual([32768, 60999]);
  });
});
