import { InvalidArgumentError } from "commander";
import { parseDuration } from "../util/duration.js";

/** Commander argument parsers: a bad value is a usage error with the flag named by commander. */
export function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError("expected a duration like 500ms, 30s, 5m, 1h30m, or a number of seconds");
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
