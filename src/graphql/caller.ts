/**
 * Who calls, as the GraphQL layer needs to know it: the kind of principal, its id and the role
 * `@Authorized(...)` checks. The auth domain's principals carry more (a device's policy, a user's
 * vendor); plumbing reads only this.
 */
export interface Caller {
  kind: 'device' | 'user';
  id: string;
  role: string;
}

/** What every request context tells the GraphQL layer about its caller. */
export interface CallerContext {
  principal: Caller | null;
  /** Whether a token was presented at all (to tell "no token" from "bad token" in the error). */
  tokenPresented: boolean;
}
