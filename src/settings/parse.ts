import { InvalidArgumentError } from "commander";
import { MAX_TIMER_MS } from "../deps/deps.js";
import { type ShownName, UNKNOWN_NAME_CELLS } from "../status/model.js";
import { durationProblem, parseDuration } from "../util/duration.js";

/** Commander argument parsers: a bad value is a usage error with the flag named by commander. */
export function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError(durationProblem(value));
  if (ms > MAX_TIMER_MS) throw new InvalidArgumentError("must be at most 596h (24.8 days, the longest a timer can wait)");
  return ms;
}

export function positiveDurationArg(value: string): number {
  const ms = durationArg(value);
  if (ms <= 0) throw new InvalidArgumentError("must be more than zero");
  return ms;
}

export function countArg(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 100) throw new InvalidArgumentError("expected a whole number from 0 to 100");
  return Number(value);
}

export function positiveNumberArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a number above zero");
  return n;
}

export function portArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError("expected a port from 0 to 65535");
  return Number(value);
}

/** `--concurrency`: a whole number from 1 to 1000. */
export function positiveIntegerArg(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 1000) {
    throw new InvalidArgumentError("expected a whole number from 1 to 1000");
  }
  return Number(value);
}

/**
 * `--for <resource>` (repeatable); each use adds one. One of the contract's
 * resource names, or the name of a resource the API sends that the tool does
 * not know (`dns`, `cce.node_pool`): any one line of text that a resource name
 * can be once cleaned and capped.
 */
export function resourceArg(value: string, previous: ShownName[] | undefined): ShownName[] {
  const name = value.trim();
  if (name === "" || /[\u0000-\u001f\u007f-\u009f]/.test(name) || [...name].length > UNKNOWN_NAME_CELLS * 2) {
    throw new InvalidArgumentError("expected a resource name, e.g. cce.cluster");
  }
  return [...(previous ?? []), ...(previous?.includes(name) ? [] : [name])];
}
