/** Whether the locale (LC_ALL, else LC_CTYPE, else LANG) is UTF-8; without one, POSIX "C" is not. */
export function isUtf8Locale(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale);
}
