/** How a request is authenticated: headers per attempt, and what to do after a 401. */
export interface Authenticator {
  readonly mode: "token" | "aksk" | "password";
  /** Prepares credentials before the first request (e.g. an IAM login). */
  ready(): Promise<void>;
  /** Headers for one attempt; AK/SK signs each attempt afresh. */
  headers(method: string, url: string): Record<string, string>;
  /** After a 401: true when fresh credentials were obtained and one more try makes sense. */
  renew(): Promise<boolean>;
  /** Every secret this authenticator holds, so traces and errors can redact them. */
  secrets(): string[];
}

export function tokenAuthenticator(token: string): Authenticator {
  return {
    mode: "token",
    ready: async () => {},
    headers: () => ({ "x-auth-token": token }),
    renew: async () => false,
    secrets: () => [token],
  };
}
