import { describe, expect, it } from '@jest/globals';
import { identifyVisitor, type IdentityClaim, type VisitorIdentity } from './visitor-identity.js';

/** given(what is known).when(claims ...).then(identity). */
const given = (held: VisitorIdentity) => ({
  when: (...claims: IdentityClaim[]) => ({
    then: (expected: VisitorIdentity) =>
      expect(claims.reduce(identifyVisitor, held)).toEqual(expected),
  }),
});
const typed: VisitorIdentity = { name: 'Siti', email: null, verified: false };

describe('the visitor’s identity', () => {
  it('a claim replaces the pre-chat name; what it leaves out stays', () => {
    given(typed)
      .when({ email: 'siti@example.org', verified: false })
      .then({ name: 'Siti', email: 'siti@example.org', verified: false });
    given(typed)
      .when({ name: 'Siti Aminah', verified: true })
      .then({ name: 'Siti Aminah', email: null, verified: true });
  });

  it('a verified identity is never overwritten by an unverified claim', () => {
    const verified = { name: 'Siti Aminah', email: 'siti@school.example', verified: true };
    expect(identifyVisitor(verified, { name: 'Mallory', verified: false })).toBe(verified);
    given(typed)
      .when(
        { name: 'Siti Aminah', email: 'siti@school.example', verified: true },
        { name: 'Mallory', email: 'mallory@example.org', verified: false },
      )
      .then({ name: 'Siti Aminah', email: 'siti@school.example', verified: true });
  });

  it('a verified identity replaces a verified one', () => {
    given({ name: 'Siti', email: 'siti@school.example', verified: true })
      .when({ email: 'siti.aminah@school.example', verified: true })
      .then({ name: 'Siti', email: 'siti.aminah@school.example', verified: true });
  });
});
