/** How a request is authenticated: headers per attempt, and what to do after a 401. */
export interface Authenticator {
  readonly mode: "token" | "aksk" | "password";
  /** Prepares credentials before the first request (e.g. an IAM login). */
  ready(): Promise<void>;
  /** Headers for one attempt; AK/SK signs each attempt afresh. */
  headers(method: string, url: string): Record<string, string>;
  /**
   * After a 401: true when fresh credentials are there and one more try makes sense.
   * `generation` is what generation() said before the request: a 401 for credentials
   * that another request has replaced since is retried with the new ones, no new login.
   */
  renew(generation?: number): Promise<boolean>;
  /** Counts the credentials this authenticator has held (a new token is a new generation). */
  generation?(): number;
  /** Resolves once no credential is being fetched (an IAM login or renewal), whatever its outcome. */
  settled?(): Promise<void>;
}

export function tokenAuthenticator(token: string): Authenticator {
  return {
    mode: "token",
    ready: async () => {},
    headers: () => ({ "x-auth-token": token }),
    renew: async () => false,
  };
}
