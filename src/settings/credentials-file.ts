import path from "node:path";
import { InterruptedError } from "../util/errors.js";
import { CREDENTIALS_FILE_MAX_BYTES, type ReadContext, readCappedFile, TooLargeError } from "../util/files.js";

/** The official SDKs' credentials file: `~/.huaweicloud/credentials`, or HUAWEICLOUD_SDK_CREDENTIALS_FILE. */
export function credentialsFilePath(env: NodeJS.ProcessEnv, homedir: string): string {
  return env.HUAWEICLOUD_SDK_CREDENTIALS_FILE || path.join(homedir, ".huaweicloud", "credentials");
}

/**
 * Parses INI text and returns the keys of one section (lower-cased keys, trimmed
 * values), in a null-prototype object: a key is only ever the file's own.
 */
export function parseIniSection(text: string, section: string): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  let current: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = (header[1] ?? "").trim();
      continue;
    }
    if (current !== section) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return out;
}

export interface CredentialsFile {
  path: string;
  values: Record<string, string>;
}

/**
 * The credentials file's [basic] section, or null when there is none. The tool
 * finds this file by itself: only a regular file is read (anything else is
 * ignored with a warning), an unreadable one is skipped, and one over 1 MiB is
 * a usage error.
 */
export async function loadCredentialsFile(env: NodeJS.ProcessEnv, homedir: string, rc: ReadContext = {}): Promise<CredentialsFile | null> {
  const file = credentialsFilePath(env, homedir);
  let text: string | null;
  try {
    text = await readCappedFile(file, {
      maxBytes: CREDENTIALS_FILE_MAX_BYTES,
      what: "credentials file",
      signal: rc.signal,
      mustBeRegular: true,
      warn: rc.warn,
    });
  } catch (err) {
    if (err instanceof TooLargeError || err instanceof InterruptedError) throw err;
    return null;
  }
  return text === null ? null : { path: file, values: parseIniSection(text, "basic") };
}
