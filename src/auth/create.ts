import type { Deps } from "../deps/deps.js";
import { type Authenticator, tokenAuthenticator } from "./authenticator.js";
import type { ApiTarget } from "./config.js";
import type { LoginNet } from "./iam-login.js";

/** The authenticator for the chosen mode; AK/SK and IAM login code loads only when used. */
export async function createAuthenticator(
  target: ApiTarget,
  deps: Deps,
  net: LoginNet,
  trace?: (line: string) => void,
): Promise<Authenticator> {
  const a = target.auth;
  switch (a.mode) {
    case "token":
      return tokenAuthenticator(a.token);
    case "aksk": {
      const { akskAuthenticator } = await import("./aksk.js");
      return akskAuthenticator(a, target.projectId, deps.now);
    }
    case "password": {
      const { passwordAuthenticator } = await import("./iam-login.js");
      return passwordAuthenticator(a, target.projectId, deps, trace, net);
    }
  }
}
