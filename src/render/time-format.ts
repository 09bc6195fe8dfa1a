/** Calendar parts of an instant in a time zone: `2020-10-15`, `18:24:48`, `658`. */
export interface TimeParts {
  day: string;
  clock: string;
  millis: string;
}

/**
 * A formatter for one zone (undefined: the viewer's; an unknown name falls
 * back to UTC). `zone` is the zone it resolved to, for headings.
 */
export function zoneFormatter(timeZone?: string): { zone: string; parts(ms: number): TimeParts } {
  const options: Intl.DateTimeFormatOptions = {
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
  };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
  }
  return {
    zone: fmt.resolvedOptions().timeZone,
    parts(ms) {
      const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
      return { day: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}:${p.second}`, millis: p.fractionalSecond ?? "000" };
    },
  };
}

/** A time in the viewer's zone: `18:24:48` today, `2020-10-15 18:24:48` on another day. */
export function formatClock(ms: number | null, now: number, timeZone?: string): string {
  if (ms === null) return "-";
  const f = zoneFormatter(timeZone);
  const at = f.parts(ms);
  return at.day === f.parts(now).day ? at.clock : `${at.day} ${at.clock}`;
}
