import type { ApiTarget, AuthConfig } from "../auth/config.js";
import { KNOWN_REGIONS } from "../http/region-hint.js";
import { endpointUrl, validateId } from "../util/checks.js";
import { UsageError } from "../util/errors.js";
import { quoteText } from "../util/text.js";
import { REGION } from "./definitions.js";
import type { Settings } from "./resolve.js";

/** A value sent in a header or signed into one: visible ASCII only, so a stray newline is a usage error, not a failed request. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function checkCredential(what: string, r: { value: string; source: string } | undefined): void {
  if (r && !HEADER_SAFE.test(r.value)) {
    const why = /[\r\n]/.test(r.value) ? "a line break" : /\s/.test(r.value) ? "white space" : "a character that is not visible ASCII";
    throw new UsageError(`the ${what} (${r.source}) contains ${why}: it must be one line of visible ASCII`);
  }
}

/**
 * Warnings about credentials that are each fine but do not belong together:
 * an access key and a secret key from two places (the signature will not match),
 * or a security token that is not used because it came from elsewhere than the pair.
 */
export function credentialWarnings(s: Settings): string[] {
  const out: string[] = [];
  if (s.token || !s.access_key || !s.secret_key) return out;
  if (!samePlace(s.access_key.source, s.secret_key.source)) {
    out.push(
      `warning: the access key (${s.access_key.source}) and the secret key (${s.secret_key.source}) come from different places; a pair from two places rarely signs`,
    );
  }
  if (s.security_token && !sameKind(s.security_token.source, s.access_key.source)) {
    out.push(
      `warning: the security token (${s.security_token.source}) is not used: it belongs to a temporary key pair, and the access key comes from ${s.access_key.source}`,
    );
  }
  return out;
}

const NO_CREDENTIALS =
  "no credentials: set BCS_TOKEN (or pass --token-file), set BCS_ACCESS_KEY and BCS_SECRET_KEY, or set BCS_USERNAME, BCS_PASSWORD and BCS_DOMAIN_NAME (or put them in a config profile)";

/**
 * Whether two settings come from the same kind of place (env, a config file,
 * the credentials file). A security token belongs to the temporary key pair it
 * was issued with: one in ~/.huaweicloud/credentials must not be sent with a
 * permanent pair from the environment.
 */
function sameKind(a: string, b: string): boolean {
  const kind = (source: string) => (source.startsWith("env ") ? "env" : source.replace(/ token_file .*$/, ""));
  return kind(a) === kind(b);
}

/**
 * Stricter than sameKind, for the two halves of a key pair: in the environment,
 * the same family of names too (BCS_ACCESS_KEY with BCS_SECRET_KEY, not with
 * HW_SECRET_KEY), since a half-overridden pair fails later as a bad signature.
 */
function samePlace(a: string, b: string): boolean {
  const family = (source: string) => /^env (BCS|HUAWEICLOUD_SDK|HW)_/.exec(source)?.[1] ?? source;
  return sameKind(a, b) && family(a) === family(b);
}

/** Chooses the auth mode: a token, else AK/SK signing, else IAM user login (docs/SETTINGS.md, "Authentication"). */
export function chooseAuth(s: Settings): AuthConfig {
  checkCredential("token", s.token);
  if (s.token) return { mode: "token", token: s.token.value };
  checkCredential("access key", s.access_key);
  checkCredential("secret key", s.secret_key);
  checkCredential("security token", s.security_token);
  if (s.access_key || s.secret_key) {
    if (!s.secret_key) throw new UsageError(`access key set (${s.access_key?.source}) without a secret key: set BCS_SECRET_KEY`);
    if (!s.access_key) throw new UsageError(`secret key set (${s.secret_key.source}) without an access key: set BCS_ACCESS_KEY`);
    return {
      mode: "aksk",
      accessKey: s.access_key.value,
      secretKey: s.secret_key.value,
      ...(s.security_token && sameKind(s.security_token.source, s.access_key.source) ? { securityToken: s.security_token.value } : {}),
    };
  }
  if (s.security_token && !s.username && !s.password && !s.domain_name) {
    throw new UsageError(
      `a security token is set (${s.security_token.source}) without its key pair: set BCS_ACCESS_KEY and BCS_SECRET_KEY of the temporary credentials`,
    );
  }
  if (s.username || s.password || s.domain_name) {
    const missing = [!s.username && "BCS_USERNAME", !s.password && "BCS_PASSWORD", !s.domain_name && "BCS_DOMAIN_NAME"].filter(Boolean);
    if (missing.length > 0) throw new UsageError(`incomplete IAM user login: set ${missing.join(" and ")}`);
    if (!s.iam_endpoint) throw new UsageError("IAM user login needs an IAM endpoint: set --region or --iam-endpoint");
    return {
      mode: "password",
      username: s.username?.value as string,
      password: s.password?.value as string,
      domainName: s.domain_name?.value as string,
      iamEndpoint: endpointUrl(s.iam_endpoint.value, s.iam_endpoint.source, "--iam-endpoint"),
    };
  }
  throw new UsageError(NO_CREDENTIALS);
}

/** Everything needed before the first request, checked so that a usage error exits 2 with nothing sent. */
export function requireTarget(s: Settings): ApiTarget {
  if (!s.project_id) throw new UsageError("no project id: pass --project-id, set BCS_PROJECT_ID, or add project_id to a config profile");
  const projectId = validateId(s.project_id.value, "project id");
  if (s.region && !REGION.test(s.region.value)) {
    throw new UsageError(
      `invalid region ${quoteText(s.region.value)} (${s.region.source}): use a region name like cn-north-4 (letters, digits and '-')`,
    );
  }
  if (!s.endpoint) throw new UsageError("no region or endpoint: pass --region (e.g. cn-north-4), set BCS_REGION, or pass --endpoint");
  const endpoint = endpointUrl(s.endpoint.value, s.endpoint.source, "--endpoint");
  const auth = chooseAuth(s);
  const notes: string[] = [];
  const region = s.region?.value;
  if (region && !KNOWN_REGIONS.includes(region)) {
    notes.push(`region ${region} is not one of the known BCS regions (${KNOWN_REGIONS.join(", ")}); using it anyway`);
  }
  return { endpoint, projectId, auth, notes, warnings: credentialWarnings(s), ...(region ? { region } : {}) };
}
