/** Hand-built statuses for the renderer tests, with the API's nanosecond time strings. */
import type { BlockchainStatus, Overall, Resource, ResourceName } from "../../src/status/model.js";

/** Epoch ms of an API time string, its fraction cut to milliseconds. */
export function ms(time: string): number {
  const t = Date.parse(time.replace(/(\.\d{3})\d*/, "$1"));
  if (Number.isNaN(t)) throw new Error(`bad fixture time ${time}`);
  return t;
}

export function res(name: ResourceName, status: string, start: string | null = null, end: string | null = null, detail = ""): Resource {
  const startMs = start === null ? null : ms(start);
  const endMs = end === null ? null : ms(end);
  const duration_ms = startMs !== null && endMs !== null ? endMs - startMs : null;
  return { name, status, start_time: start, end_time: end, startMs, endMs, duration_ms, detail };
}

export function chain(blockchain_id: string, overall: Overall, resources: Resource[], checkedAt = NOW): BlockchainStatus {
  return { blockchain_id, overall, checkedAt, resources };
}

/** 18:26:10 +08:00 on the day of the API reference's example. */
export const NOW = ms("2020-10-15T18:26:10.000000000+08:00");

/** The API reference's example response: all finished. */
export const finished = chain("bc-4f1e2a", "finished", [
  res("bcs", "finished", "2020-10-15T18:24:48.658236618+08:00", "2020-10-15T18:25:53.552512674+08:00"),
  res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
  res("sfs", "finished", "2020-10-15T18:24:31.957781285+08:00", "2020-10-15T18:24:48.611812564+08:00"),
]);

/** Half way: two finished, two running, one not started. */
export const deploying = chain("bc-7d03c9", "deploying", [
  res("bcs", "deploying", "2020-10-15T18:24:48.658236618+08:00"),
  res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
  res("sfs", "finished", "2020-10-15T18:24:31.957781285+08:00", "2020-10-15T18:24:48.611812564+08:00"),
  res("cce.cluster", "deploying", "2020-10-15T18:24:34.102938475+08:00"),
  res("cce.network", "waiting"),
]);

/** A CCE resource failed with a detail; another failed with no end time yet. */
export const failed = chain("bc-9a8b7c", "failed", [
  res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:33.810699517+08:00"),
  res(
    "cce.cluster",
    "failed",
    "2020-10-15T18:24:34.102938475+08:00",
    "2020-10-15T18:25:41.771234981+08:00",
    "create cluster failed: quota exceeded | ECS.0521\nretry later",
  ),
  res("cce.network", "failed", "2020-10-15T18:25:02.500000000+08:00", null, ""),
  res("cce.security_group", "waiting"),
]);

/** Times missing in every way the API allows. */
export const missingTimes = chain("bc-missing", "deploying", [
  res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:25:01.957780831+08:00"),
  res("sfs", "finished", "2020-10-15T18:24:40.000000000+08:00", null),
  res("obs", "finished", null, "2020-10-15T18:24:50.000000000+08:00"),
  res("kafka", "deploying", null, null),
  res("cce.cluster", "waiting"),
]);

/** Every resource started and ended at the same instant. */
export const allZero = chain("bc-zero", "finished", [
  res("bcs", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:31.957780831+08:00"),
  res("eip", "finished", "2020-10-15T18:24:31.957780831+08:00", "2020-10-15T18:24:31.957780831+08:00"),
]);

/** One resource takes 40 minutes, the others seconds. */
export const oneLong = chain("bc-long", "finished", [
  res("eip", "finished", "2020-10-15T18:00:00.100000000+08:00", "2020-10-15T18:00:01.900000000+08:00"),
  res("sfs", "finished", "2020-10-15T18:00:02.000000000+08:00", "2020-10-15T18:00:04.000000000+08:00"),
  res("cce.cluster", "finished", "2020-10-15T18:00:02.000000000+08:00", "2020-10-15T18:40:02.000000000+08:00"),
  res("bcs", "finished", "2020-10-15T18:40:02.500000000+08:00", "2020-10-15T18:40:03.000000000+08:00"),
]);

export const empty = chain("bc-empty", "unknown", []);
