const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
/** The three forms of an HTTP-date (RFC 9110, 5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/** The fields of an HTTP-date in any of its three forms, or null. */
function httpDateFields(text: string, now: number): { day: string; month: string; year: number; time: string[] } | null {
  const imf = IMF_FIXDATE.exec(text);
  if (imf) return { day: imf[1] ?? "", month: imf[2] ?? "", year: Number(imf[3]), time: imf.slice(4) };
  const rfc850 = RFC850.exec(text);
  if (rfc850) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(rfc850[3]);
    if (year > thisYear + 50) year -= 100;
    return { day: rfc850[1] ?? "", month: rfc850[2] ?? "", year, time: rfc850.slice(4) };
  }
  const asc = ASCTIME.exec(text);
  return asc ? { day: asc[2] ?? "", month: asc[1] ?? "", year: Number(asc[6]), time: asc.slice(3, 6) } : null;
}

/** An HTTP-date as epoch ms, or null: the exact grammar, every field in range (no 31 November rolling over). */
export function parseHttpDate(text: string, now: number): number | null {
  const f = httpDateFields(text, now);
  if (!f) return null;
  const [h, min, s] = f.time.map(Number) as [number, number, number];
  const mon = MONTHS.indexOf(f.month);
  const day = Number(f.day);
  const d = new Date(Date.UTC(f.year, mon, day, h, min, s));
  const exact = d.getUTCFullYear() === f.year && d.getUTCMonth() === mon && d.getUTCDate() === day;
  return exact && h < 24 && min < 60 && s < 60 ? d.getTime() : null;
}
