/** Who the visitor is, as a list row or the visitor panel knows it. */
export interface VisitorIdentity {
  readonly name?: string | null | undefined;
  readonly email?: string | null | undefined;
  /** true once the host page identified the visitor with a correct HMAC of the e-mail. */
  readonly verified: boolean;
}

/** What one `VisitorIdentified` claims. */
export interface IdentityClaim {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly verified: boolean;
}

/**
 * The identity after the host page's `identify`: the claim's name and e-mail replace what
 * was known (the pre-chat form, an earlier claim), except that a verified identity is never
 * overwritten by an unverified claim, which could be anyone typing. A field the claim leaves
 * out stays as it was. Returns `held` itself when the claim is ignored.
 */
export function identifyVisitor(held: VisitorIdentity, claim: IdentityClaim): VisitorIdentity {
  if (held.verified && !claim.verified) return held;
  return {
    name: claim.name ?? held.name,
    email: claim.email ?? held.email,
    verified: claim.verified,
  };
}
