/** A time in the viewer's zone: `18:24:48` today, `2020-10-15 18:24:48` on another day. */
export function formatClock(ms: number | null, now: number, timeZone?: string): string {
  if (ms === null) return "-";
  const parts = (t: number) => {
    const f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return { day: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}:${p.second}` };
  };
  const at = parts(ms);
  return at.day === parts(now).day ? at.clock : `${at.day} ${at.clock}`;
}
