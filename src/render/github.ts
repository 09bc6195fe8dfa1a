/**
 * GitHub Actions workflow commands (`::error …::message`), escaped exactly as
 * actions/toolkit's `@actions/core` does, so that server text can never end a
 * command line early or start one of its own. Each function returns one line,
 * without its newline.
 */
import type { BlockchainStatus } from "../status/model.js";
import { capForPeople, LINE_MAX } from "../util/cap.js";
import { fullLabel, type Identified } from "./names.js";
import { sanitize } from "./sanitize.js";

/**
 * A command's message: `%`, CR and LF become `%25`, `%0D`, `%0A`; and `##[`
 * becomes `## [`, since the runner reads `##[` anywhere in a line as a command
 * of the older syntax (actions/runner ActionCommand.cs). output/secrets.ts
 * masks a secret in this spelling too.
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/##\[/g, "## [");
}

/** A command's property value: as escapeData, and `:`, `,` become `%3A`, `%2C`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(name: string, properties: Record<string, string | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

export function errorCommand(title: string, message: string): string {
  return command("error", { title }, message);
}

export function warningCommand(message: string, title?: string): string {
  return command("warning", { title }, message);
}

export function groupStart(name: string): string {
  return command("group", {}, name);
}

export function groupEnd(): string {
  return "::endgroup::";
}

/**
 * `::error title=BCS <id> query failed::<message>` for an id whose query failed
 * (401, 404, network…); `BCS marbles (<id>) …` for a named one.
 */
export function queryFailureAnnotation(blockchain: string | Identified, message: string): string {
  const who = typeof blockchain === "string" ? { blockchain_id: blockchain } : blockchain;
  return errorCommand(`BCS ${sanitize(fullLabel(who))} query failed`, sanitize(capForPeople(message, { max: LINE_MAX })));
}

/** `::error title=BCS <id> <resource> failed::<detail>` for each failed resource, in order (`BCS marbles (<id>) …` when named). */
export function failureAnnotations(status: BlockchainStatus): string[] {
  const id = sanitize(fullLabel(status));
  return status.resources
    .filter((r) => r.status === "failed")
    .map((r) => {
      const detail = sanitize(capForPeople(r.detail)).trim();
      const message = detail === "" ? `Creating ${r.name} failed; the service gave no detail.` : detail;
      return errorCommand(`BCS ${id} ${sanitize(r.name)} failed`, message);
    });
}
