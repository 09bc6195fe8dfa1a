import { BcsClient } from "../api/client.js";
import type { Authenticator } from "../auth/authenticator.js";
import type { ApiTarget } from "../auth/config.js";
import { createAuthenticator } from "../auth/create.js";
import type { Deps } from "../deps/deps.js";
import { proxyFor } from "../http/proxy.js";
import { Scheduler } from "../http/scheduler.js";
import { wrapDiagnostic } from "../render/fit.js";
import { SETTINGS } from "../settings/definitions.js";
import type { SettingFlags, Settings } from "../settings/resolve.js";
import { resolveSettings } from "../settings/resolve.js";
import { secretsBeforeParsing } from "../settings/secret-sources.js";
import { requireTarget } from "../settings/target.js";
import { validateId } from "../util/checks.js";
import { isUtf8Locale } from "../util/locale.js";
import { urlSecrets } from "../util/text.js";
import { lineWidth } from "../util/width.js";
import type { OutputFlags, RequestFlags } from "./flags.js";
import { checkSummaryFile } from "./report.js";

export interface Session {
  client: BcsClient;
  target: ApiTarget;
  auth: Authenticator;
  ascii: boolean;
  /** The run's one scheduler (in flight ≤ --concurrency, shared back-off). */
  scheduler: Scheduler;
  /** Writes a diagnostic line to stderr (through the boundary, like every write). */
  diag(line: string): void;
}

/**
 * Applies the output flags that every command shares (colour, ascii). Colour is
 * loaded only for output that can show it: chalk and its terminal detection
 * (node:tty) are a measured part of start-up that `--json` and `--raw` never use.
 */
export async function applyOutputFlags(
  flags: Pick<OutputFlags, "color" | "ascii" | "json" | "raw">,
  deps: Deps,
): Promise<{ ascii: boolean }> {
  if (flags.color === false || (!flags.json && !flags.raw)) await deps.io.prepare();
  if (flags.json || flags.raw) deps.io.stdout.documents = true;
  if (flags.color === false) {
    const { Chalk } = await import("chalk");
    deps.io.stdout.chalk = new Chalk({ level: 0 });
    deps.io.stderr.chalk = new Chalk({ level: 0 });
  }
  return { ascii: flags.ascii === true || !isUtf8Locale(deps.env) };
}

/**
 * Settings resolved from the command's dependencies; each warning goes to `diag`
 * as one line. Every secret among them (a token, a key, a password, from a flag,
 * the environment or a file) is handed to the output boundary before any
 * warning is written: the secrets of the environment and flags first, those
 * read from files once they are read.
 */
export async function resolveSettingsFor(
  flags: SettingFlags,
  deps: Deps,
  diag: (line: string) => void,
  problem?: (line: string) => void,
): Promise<Settings> {
  const { secrets } = deps.io;
  for (const secret of secretsBeforeParsing([], deps.env)) secrets.add(secret);
  secrets.add(flags.token);
  const warnings: string[] = [];
  try {
    const settings = await resolveSettings(flags, {
      env: deps.env,
      homedir: deps.homedir,
      readStdin: (o) => deps.io.readStdin(o),
      signal: deps.signal,
      warn: (line) => warnings.push(`bcs-status: ${line}`),
      ...(problem ? { problem } : {}),
    });
    for (const def of SETTINGS) {
      const value = settings[def.key]?.value;
      if (def.secret) secrets.add(value);
      // A password inside an endpoint URL is a secret too (secrets are never shown).
      if (def.url && value !== undefined) for (const s of urlSecrets(value)) secrets.add(s);
    }
    return settings;
  } finally {
    for (const line of warnings) diag(line);
  }
}

/** The endpoints a session sends requests to: the API, and IAM for a user login. */
function proxiedEndpoints(target: ApiTarget): URL[] {
  return target.auth.mode === "password" ? [target.endpoint, target.auth.iamEndpoint] : [target.endpoint];
}

/** One diagnostic line on stderr, wrapped to the width rule (util/width.ts) like every line people read. */
export function diagnostics(deps: Deps): (line: string) => void {
  return (line) => deps.io.stderr.write(`${wrapDiagnostic(line, lineWidth(deps.io.stderr, deps.env))}\n`);
}

/**
 * Everything get and watch need before their first request: valid ids,
 * resolved settings, a target, credentials and a client. Any usage problem
 * throws before a request is made.
 */
export async function openSession(
  ids: readonly string[],
  flags: SettingFlags & OutputFlags & RequestFlags,
  deps: Deps,
  extra: {
    /** The longest wait before a retry or under a server's pause (what is left of a watch's --timeout). */
    maxRetryAfterMs?: () => number;
    /** Ends an IAM login in progress too: the run's signal and a watch's deadline. */
    signal?: AbortSignal;
  } = {},
): Promise<Session> {
  for (const id of ids) validateId(id, "blockchain id");
  await checkSummaryFile(flags.summaryFile);
  const { ascii } = await applyOutputFlags(flags, deps);
  const diag = diagnostics(deps);
  const settings = await resolveSettingsFor(flags, deps, diag);
  const target = requireTarget(settings);
  for (const warning of target.warnings) diag(`bcs-status: ${warning}`);
  // A proxy variable that does not parse is a configuration error before any request, IAM's included.
  if (!deps.dispatcher) for (const url of proxiedEndpoints(target)) proxyFor(deps.env, url);
  const trace = flags.verbose ? (line: string) => diag(`* ${line}`) : undefined;
  // One scheduler for the run: every request (status, list, IAM login) passes it.
  const scheduler = new Scheduler({
    concurrency: flags.concurrency,
    now: deps.now,
    sleep: deps.sleep,
    ...(extra.maxRetryAfterMs ? { maxPauseMs: extra.maxRetryAfterMs } : {}),
  });
  const auth = await createAuthenticator(
    target,
    deps,
    {
      scheduler,
      retries: flags.retries,
      requestTimeoutMs: flags.requestTimeout,
      ...(extra.maxRetryAfterMs ? { maxRetryAfterMs: extra.maxRetryAfterMs } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}),
    },
    trace,
  );
  for (const note of target.notes) trace?.(note);
  trace?.(`auth: ${auth.mode}; endpoint ${target.endpoint.href.replace(/\/$/, "")}; project ${target.projectId}`);
  const client = await BcsClient.create({
    endpoint: target.endpoint,
    projectId: target.projectId,
    auth,
    env: deps.env,
    now: deps.now,
    sleep: (ms, signal) => deps.sleep(ms, signal ?? deps.signal),
    timers: deps.timers,
    scheduler,
    concurrency: flags.concurrency,
    requestTimeoutMs: flags.requestTimeout,
    retries: flags.retries,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    ...(trace ? { trace } : {}),
    ...(extra.maxRetryAfterMs ? { maxRetryAfterMs: extra.maxRetryAfterMs } : {}),
  });
  return { client, target, auth, ascii, diag, scheduler };
}
