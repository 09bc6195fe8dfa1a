export type AuthConfig =
  | { mode: "token"; token: string }
  | { mode: "aksk"; accessKey: string; secretKey: string; securityToken?: string }
  | { mode: "password"; username: string; password: string; domainName: string; iamEndpoint: URL };

export interface ApiTarget {
  endpoint: URL;
  projectId: string;
  auth: AuthConfig;
  /** A note for --verbose, e.g. an unknown region. */
  notes: string[];
  /** Always shown (stderr), e.g. a key pair taken from two places. */
  warnings: string[];
  /** The region setting, when one is set (the history is kept per region). */
  region?: string;
}
