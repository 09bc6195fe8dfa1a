/** Calendar parts of an instant in a time zone: `2020-10-15`, `18:24:48`, `658`. */
export interface TimeParts {
  day: string;
  clock: string;
  millis: string;
}

/** A zone's formatter: what it resolved to, and an instant's calendar parts there. */
export interface ZoneFormatter {
  zone: string;
  parts(ms: number): TimeParts;
}

/**
 * Formatters already made, by the zone asked for. Making one costs about a
 * millisecond (ICU loads the zone's rules), which every cell of every table
 * paid when it was made per call; a run sees one or two zones, so the cache
 * stays tiny (and is emptied should a caller ever pass many).
 */
const made = new Map<string, ZoneFormatter>();
const MADE_MAX = 16;

/**
 * A formatter for one zone (undefined: the viewer's; an unknown name falls
 * back to UTC). `zone` is the zone it resolved to, for headings.
 */
export function zoneFormatter(timeZone?: string): ZoneFormatter {
  const key = timeZone ?? "";
  const known = made.get(key);
  if (known) return known;
  if (made.size >= MADE_MAX) made.clear();
  const f = makeFormatter(timeZone);
  made.set(key, f);
  return f;
}

function makeFormatter(timeZone?: string): ZoneFormatter {
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
  const slow = (ms: number): TimeParts => {
    const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const x of fmt.formatToParts(ms)) p[x.type] = x.value;
    return { day: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}:${p.second}`, millis: p.fractionalSecond ?? "000" };
  };
  // formatToParts costs ~50 µs a call, every time cell of every table. A zone's offset is
  // whole seconds and changes only at its transitions: found once per UTC hour (the same at
  // both ends of the hour: no transition inside), each cell is then arithmetic on that offset.
  const offsets = new Map<number, number | null>();
  const offsetAt = (ms: number): number | null => {
    const p = slow(ms);
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.day);
    const c = /^(\d{2}):(\d{2}):(\d{2})$/.exec(p.clock);
    if (!m || !c) return null;
    const wall = new Date(0);
    wall.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    wall.setUTCHours(Number(c[1]), Number(c[2]), Number(c[3]), 0);
    return wall.getTime() - Math.floor(ms / 1000) * 1000;
  };
  return {
    zone: fmt.resolvedOptions().timeZone,
    parts(ms) {
      const hour = Math.floor(ms / HOUR_MS);
      let offset = offsets.get(hour);
      if (offset === undefined) {
        if (offsets.size >= OFFSETS_MAX) offsets.clear();
        const start = offsetAt(hour * HOUR_MS);
        offset = start !== null && start === offsetAt(hour * HOUR_MS + HOUR_MS - 1) ? start : null;
        offsets.set(hour, offset);
      }
      if (offset === null) return slow(ms);
      const iso = new Date(ms + offset).toISOString();
      // Years 1000–9999 only (toISOString spells others unlike the formatter): else the formatter's own parts.
      if (iso.length !== 24 || iso.startsWith("0")) return slow(ms);
      return { day: iso.slice(0, 10), clock: iso.slice(11, 19), millis: iso.slice(20, 23) };
    },
  };
}

const HOUR_MS = 3_600_000;
/** Hours whose offset a formatter remembers (a run's times span a few). */
const OFFSETS_MAX = 4096;

/** A time in the viewer's zone: `18:24:48` today, `2020-10-15 18:24:48` on another day. */
export function formatClock(ms: number | null, now: number, timeZone?: string): string {
  if (ms === null) return "-";
  const f = zoneFormatter(timeZone);
  const at = f.parts(ms);
  return at.day === f.parts(now).day ? at.clock : `${at.day} ${at.clock}`;
}
