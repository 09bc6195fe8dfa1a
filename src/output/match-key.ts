/**
 * The copy of a text that secrets are matched on: what a reader would take
 * for the same letters. Invisible characters go (every
 * Default_Ignorable_Code_Point and format character, the zero-width joiner
 * too), and each visible character is in its canonical decomposition (NFD),
 * so an echo in NFC matches a secret in NFD and the other way round. `from`
 * maps each code unit of the key back to where its character starts in the
 * text, so a match on the key masks the span of the text that shows it
 * (invisible characters inside it included).
 *
 * Linear in the text: ASCII is copied as it is (text that is all ASCII is its
 * own key), and a non-ASCII character is decomposed with the combining marks
 * that follow it (so marks in another order still match), through caches.
 */

/** The key of the text and, unless it is the text itself, where each of its code units comes from. */
export interface MatchKey {
  key: string;
  /** from[i]: the index in the text of the character that key[i] belongs to; null when the key is the text. */
  from: Int32Array | null;
}

const STRIP = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
const MARK = /^\p{M}$/u;
const NON_ASCII = /[^\u0000-\u007f]/;

/** Per code point: 0 not looked at yet, 1 a character that is its own decomposition, 2 one that decomposes, 3 a combining mark, 4 invisible. */
const kinds = new Uint8Array(0x110000);
function kindOf(cp: number): number {
  let k = kinds[cp] as number;
  if (k === 0) {
    const c = String.fromCodePoint(cp);
    k = STRIP.test(c) ? 4 : MARK.test(c) ? 3 : c.normalize("NFD") === c ? 1 : 2;
    kinds[cp] = k;
  }
  return k;
}

/** A cluster's decomposition, by its text (bounded). */
const clusters = new Map<string, string>();
function nfd(cluster: string): string {
  let d = clusters.get(cluster);
  if (d === undefined) {
    d = cluster.normalize("NFD");
    if (clusters.size < 65_536) clusters.set(cluster, d);
  }
  return d;
}

const UTF16 = new TextDecoder("utf-16le");

/** A character's decomposition, by code point. */
const singles = new Map<number, string>();
function decomposed(cp: number): string {
  let d = singles.get(cp);
  if (d === undefined) {
    d = String.fromCodePoint(cp).normalize("NFD");
    singles.set(cp, d);
  }
  return d;
}

/** Code units written into a buffer, the key made from them at the end. */
class Units {
  units: Uint16Array;
  from: Int32Array;
  n = 0;
  constructor(size: number) {
    this.units = new Uint16Array(size);
    this.from = new Int32Array(size);
  }
  room(more: number): void {
    if (this.n + more <= this.units.length) return;
    const size = Math.max(this.units.length * 2, this.n + more);
    const units = new Uint16Array(size);
    units.set(this.units.subarray(0, this.n));
    const from = new Int32Array(size);
    from.set(this.from.subarray(0, this.n));
    this.units = units;
    this.from = from;
  }
  /** The units as a string, at memcpy speed; a lone surrogate (in text and secret alike) becomes U+FFFD, one unit for one. */
  text(): string {
    return UTF16.decode(this.units.subarray(0, this.n));
  }
}

export function matchKey(text: string): MatchKey {
  if (!NON_ASCII.test(text)) return { key: text, from: null };
  const out = new Units(text.length + 16);
  const length = text.length;
  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out.room(1);
      out.units[out.n] = unit;
      out.from[out.n++] = i++;
      continue;
    }
    const start = i;
    const cp = text.codePointAt(i) as number;
    const wide = cp > 0xffff ? 2 : 1;
    i += wide;
    const kind = kindOf(cp);
    if (kind === 4) continue;
    // The character and the marks (and invisible characters) that follow it, decomposed as one.
    let marks = "";
    while (i < length && text.charCodeAt(i) >= 0x80) {
      const next = text.codePointAt(i) as number;
      const k = kindOf(next);
      if (k === 1 || k === 2) break;
      if (k === 3) marks += String.fromCodePoint(next);
      i += next > 0xffff ? 2 : 1;
    }
    if (kind === 1 && marks === "") {
      out.room(2);
      out.units[out.n] = unit;
      out.from[out.n++] = start;
      if (wide === 2) {
        out.units[out.n] = text.charCodeAt(start + 1);
        out.from[out.n++] = start;
      }
      continue;
    }
    const d = marks === "" ? decomposed(cp) : nfd(String.fromCodePoint(cp) + marks);
    out.room(d.length);
    for (let j = 0; j < d.length; j++) {
      out.units[out.n] = d.charCodeAt(j);
      out.from[out.n++] = start;
    }
  }
  return { key: out.text(), from: out.from.subarray(0, out.n) };
}

/** The key with ASCII letters in lower case (same length, same map). */
export function asciiLower(key: string): string {
  return /[A-Z]/.test(key) ? key.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : key;
}
