import type { Authenticator } from "./authenticator.js";
import type { AuthConfig } from "./config.js";
import { hostHeader, signRequest } from "./sign.js";

type AkSk = Extract<AuthConfig, { mode: "aksk" }>;

/** AK/SK request signing (SDK-HMAC-SHA256): every attempt signed afresh with a new X-Sdk-Date. */
export function akskAuthenticator(cfg: AkSk, projectId: string, now: () => number): Authenticator {
  return {
    mode: "aksk",
    ready: async () => {},
    headers(method, url) {
      const host = hostHeader(url);
      const signed = signRequest({
        method,
        url,
        headers: { Host: host },
        accessKey: cfg.accessKey,
        secretKey: cfg.secretKey,
        projectId,
        ...(cfg.securityToken ? { securityToken: cfg.securityToken } : {}),
        now: new Date(now()),
      });
      return { host, ...signed };
    },
    renew: async () => false,
  };
}
