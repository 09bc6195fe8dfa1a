import { readFileSync } from "node:fs";

/** One of the official SDKs' AK/SK signing vectors (test/fixtures/aksk-vectors.json). */
export interface Vector {
  source: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signed_headers: string;
  signature: string;
}

export const VECTORS = JSON.parse(readFileSync(new URL("../fixtures/aksk-vectors.json", import.meta.url), "utf8")) as {
  access_key: string;
  secret_key: string;
  vectors: Vector[];
};
