import { describe, expect, it } from '@jest/globals';
import { isAllowedOrigin } from './origins.js';

describe('isAllowedOrigin', () => {
  const allowed = ['https://school.example', 'http://localhost:8080'];

  it('accepts an allowed origin, whatever its letter case', () => {
    expect(isAllowedOrigin('https://SCHOOL.example', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:8080', allowed)).toBe(true);
  });

  it('refuses other schemes, ports, look-alike hosts and missing origins', () => {
    expect(isAllowedOrigin('http://school.example', allowed)).toBe(false);
    expect(isAllowedOrigin('http://localhost:8081', allowed)).toBe(false);
    expect(isAllowedOrigin('https://school.example.evil.test', allowed)).toBe(false);
    expect(isAllowedOrigin(undefined, allowed)).toBe(false);
    expect(isAllowedOrigin('null', allowed)).toBe(false);
    expect(isAllowedOrigin('not a url', allowed)).toBe(false);
  });
});
