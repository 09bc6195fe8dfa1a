/** Typed errors, and the one table that maps them to the exit codes (README, "Exit codes"). */

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  api: 5,
  inProgress: 8,
  timeout: 124,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Several ids: the most severe code wins, in this order (README, "Exit codes"). */
const SEVERITY: readonly number[] = [EXIT.auth, EXIT.api, EXIT.notFound, EXIT.failed, EXIT.timeout, EXIT.inProgress, EXIT.ok];

export function worstExitCode(codes: readonly number[]): number {
  let best = EXIT.ok as number;
  for (const c of codes) {
    const rank = SEVERITY.indexOf(c);
    const bestRank = SEVERITY.indexOf(best);
    if (rank === -1) {
      // Codes outside the precedence list (usage, interrupted) always win.
      return c;
    }
    if (rank < bestRank) best = c;
  }
  return best;
}

/** A bad flag, setting, id or file: exit 2 before any request. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Any failure talking to the API. `kind` picks the exit code. */
export type ApiErrorKind = "auth" | "notFound" | "api" | "network" | "timeout" | "invalidResponse";

/** The parts of an HTTP error answer that --json, --raw and a watch's next poll use. */
export interface ServerAnswer {
  /** error_msg (or the like), sanitised. */
  message?: string;
  /** The body as received. */
  body?: string;
  /** Retry-After, in ms from when the answer came. */
  retryAfterMs?: number;
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly httpStatus: number | null = null,
    readonly errorCode: string | null = null,
    /** A line telling the user what to try next. */
    readonly hint: string | null = null,
    /** What the server itself said, for an HTTP error answer. */
    readonly answer: ServerAnswer = {},
  ) {
    super(message);
  }

  /** The server's own error message (error_msg), sanitised; null when it sent none. */
  get serverMessage(): string | null {
    return this.answer.message ?? null;
  }
}

/** The user pressed Ctrl-C, or the process got SIGTERM. */
export class InterruptedError extends Error {
  override name = "InterruptedError";
  constructor() {
    super("interrupted");
  }
}

/** A silent non-zero exit: the output already said everything (like gh's SilentError). */
export class SilentExit extends Error {
  override name = "SilentExit";
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** One line for an error: what happened and, for API errors, what to try. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.hint ? `${err.message} (${err.hint})` : err.message;
  return err instanceof Error ? err.message : String(err);
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof SilentExit) return err.code;
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof InterruptedError) return EXIT.interrupted;
  if (err instanceof ApiError) {
    switch (err.kind) {
      case "auth":
        return EXIT.auth;
      case "notFound":
        return EXIT.notFound;
      default:
        return EXIT.api;
    }
  }
  return EXIT.api;
}

/** Whether an error is one we expect and describe in one line (no stack trace). */
export function isExpected(err: unknown): boolean {
  return err instanceof UsageError || err instanceof ApiError || err instanceof InterruptedError || err instanceof SilentExit;
}
