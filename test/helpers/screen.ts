import stringWidth from "string-width";

/**
 * A small terminal for tests: it plays bytes a program wrote to a terminal
 * (text, CR, LF, the cursor moves and erases a live view sends) onto a grid of
 * `columns` × `rows` cells, wrapping at the right margin as a terminal does
 * and scrolling lines off the top into `history`. Colour, cursor visibility,
 * synchronised output, bells and OSC strings are read and ignored.
 */
export class Screen {
  readonly history: string[] = [];
  #grid: string[][];
  #row = 0;
  #col = 0;
  /** The cursor is past the last column: the next character wraps first (as xterm does). */
  #pendingWrap = false;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.#grid = Array.from({ length: rows }, () => this.#blank());
  }

  #blank(): string[] {
    return Array<string>(this.columns).fill(" ");
  }

  #lineFeed(): void {
    if (this.#row === this.rows - 1) {
      this.history.push(this.#text(this.#grid.shift() as string[]));
      this.#grid.push(this.#blank());
    } else this.#row++;
  }

  #text(cells: string[]): string {
    return cells
      .join("")
      .replace(/\u0000/g, "")
      .trimEnd();
  }

  #put(ch: string): void {
    const w = Math.max(0, stringWidth(ch));
    if (w === 0) return;
    if (this.#pendingWrap || this.#col + w > this.columns) {
      this.#pendingWrap = false;
      this.#col = 0;
      this.#lineFeed();
    }
    const line = this.#grid[this.#row] as string[];
    line[this.#col] = ch;
    // A wide character's second cell holds nothing.
    if (w === 2 && this.#col + 1 < this.columns) line[this.#col + 1] = "\u0000";
    this.#col += w;
    if (this.#col >= this.columns) {
      this.#col = this.columns - 1;
      this.#pendingWrap = true;
    }
  }

  #csi(params: string, final: string): void {
    if (params.startsWith("?")) return;
    const n = (i: number, d: number) => {
      const v = params.split(";")[i];
      return v === undefined || v === "" ? d : Number(v);
    };
    const line = this.#grid[this.#row] as string[];
    this.#pendingWrap = false;
    switch (final) {
      case "A":
        this.#row = Math.max(0, this.#row - n(0, 1));
        break;
      case "B":
        this.#row = Math.min(this.rows - 1, this.#row + n(0, 1));
        break;
      case "C":
        this.#col = Math.min(this.columns - 1, this.#col + n(0, 1));
        break;
      case "D":
        this.#col = Math.max(0, this.#col - n(0, 1));
        break;
      case "G":
        this.#col = Math.min(this.columns - 1, Math.max(0, n(0, 1) - 1));
        break;
      case "K": {
        const mode = n(0, 0);
        const [from, to] = mode === 0 ? [this.#col, this.columns] : mode === 1 ? [0, this.#col + 1] : [0, this.columns];
        for (let c = from; c < to; c++) line[c] = " ";
        break;
      }
      case "J":
        for (let c = this.#col; c < this.columns; c++) line[c] = " ";
        for (let r = this.#row + 1; r < this.rows; r++) this.#grid[r] = this.#blank();
        break;
      default:
        break;
    }
  }

  /** Plays `bytes` as written to the terminal. */
  write(bytes: string): this {
    const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
    let i = 0;
    while (i < bytes.length) {
      const ch = bytes[i] as string;
      if (ch === "\u001b") {
        const csi = /^\u001b\[([0-9;?]*)([@-~])/.exec(bytes.slice(i, i + 32));
        if (csi) {
          this.#csi(csi[1] as string, csi[2] as string);
          i += csi[0].length;
          continue;
        }
        // OSC … BEL or ST: ignored.
        const osc = /^\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/.exec(bytes.slice(i));
        i += osc ? osc[0].length : 2;
        continue;
      }
      if (ch === "\r") {
        this.#col = 0;
        this.#pendingWrap = false;
        i++;
        continue;
      }
      if (ch === "\n") {
        this.#pendingWrap = false;
        this.#lineFeed();
        i++;
        continue;
      }
      if (ch < " " || ch === "\u007f") {
        i++;
        continue;
      }
      // One grapheme at a time (an emoji, a character with its combining marks).
      let end = i + 1;
      while (end < bytes.length && (bytes[end] as string) >= " " && bytes[end] !== "\u007f") end++;
      for (const { segment } of segmenter.segment(bytes.slice(i, end))) this.#put(segment);
      i = end;
    }
    return this;
  }

  /** The visible lines, without trailing blanks. */
  lines(): string[] {
    const out = this.#grid.map((l) => this.#text(l));
    while (out.length > 0 && out.at(-1) === "") out.pop();
    return out;
  }

  /** Everything shown so far: the lines scrolled off, then the screen. */
  transcript(): string[] {
    return [...this.history, ...this.lines()];
  }
}
