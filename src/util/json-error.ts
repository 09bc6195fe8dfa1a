/**
 * Where a JSON text is broken, told without quoting it. JSON.parse's message
 * quotes the file around the error (Node 20+: `Unexpected token 'x', "…" is not
 * valid JSON`), which in a config file may be a secret key, and that message
 * carries no position at all, so the position comes from this scanner instead
 * (it agrees with the positions V8 gives where it gives one). Its reasons are a
 * fixed vocabulary: none contains a character of the text.
 */
export interface JsonSyntaxProblem {
  /** UTF-16 offset of the first character that cannot be there (the text's length at its end). */
  offset: number;
  /** 1-based; CRLF, LF and a lone CR each end a line. */
  line: number;
  /** 1-based, in characters (code points) from the start of the line. */
  column: number;
  reason: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const isWs = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** The first syntax error in `text` per RFC 8259 (what JSON.parse accepts), or null when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxProblem | null {
  try {
    scan(text);
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    // At the end of the text, point just past its last visible character, not at trailing blank lines.
    let offset = e.offset;
    if (offset >= text.length) while (offset > 0 && isWs(text[offset - 1])) offset--;
    const reason = e.offset === 0 && text.startsWith("\ufeff") ? "a byte order mark (save the file as UTF-8 without BOM)" : e.reason;
    return { offset: e.offset, ...lineAndColumn(text, offset), reason };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: Array.from(text.slice(start, offset)).length + 1 };
}

/** An iterative scan (no recursion, so any depth of nesting is fine); throws a Stop at the first error. */
function scan(text: string): void {
  const n = text.length;
  let i = 0;
  const end = (what: string) => new Stop(n, `the file ends ${what}`);
  const skipWs = () => {
    while (i < n && isWs(text[i])) i++;
  };
  /** Containers open around the current point: `{` or `[`. */
  const stack: string[] = [];
  type State = "value" | "key" | "after";
  let state: State = "value";
  let afterComma = false;

  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= n) throw end('inside a string (a missing closing ")');
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        i++;
        if (i >= n) throw end('inside a string (a missing closing ")');
        const e = text[i];
        if (e === "u") {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) throw end("inside a \\u escape");
            if (!isHex(text[i + k])) throw new Stop(i + k, "a \\u escape needs 4 hex digits");
          }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          throw new Stop(i, 'a bad escape in a string (use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) throw new Stop(i, 'a line break or control character inside a string (a missing closing "?)');
      i++;
    }
  };

  const digits = (what: string) => {
    if (i >= n) throw end(`inside a number (${what})`);
    if (!isDigit(text[i])) throw new Stop(i, `a number needs ${what}`);
    while (i < n && isDigit(text[i])) i++;
  };

  const number = () => {
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits("a digit");
    if (text[i] === ".") {
      i++;
      digits("a digit after the decimal point");
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits("a digit in its exponent");
    }
  };

  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (i + k >= n) throw end(`inside ${word}`);
      if (text[i + k] !== word[k]) throw new Stop(i + k, "an unexpected character (text must be in double quotes)");
    }
    i += word.length;
  };

  for (;;) {
    skipWs();
    if (state === "value") {
      if (i >= n) throw end(stack.length === 0 && i === 0 ? "before any value" : "where a value should be");
      const c = text[i] as string;
      if (c === "{" || c === "[") {
        i++;
        skipWs();
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          state = "after";
        } else {
          stack.push(c);
          state = c === "{" ? "key" : "value";
        }
        afterComma = false;
        continue;
      }
      if (afterComma && c === "]") throw new Stop(i, "a comma before ']' (JSON allows no trailing comma)");
      if (c === '"') string();
      else if (c === "-" || isDigit(c)) number();
      else if (c === "t") literal("true");
      else if (c === "f") literal("false");
      else if (c === "n") literal("null");
      else throw new Stop(i, "an unexpected character where a value should be (text must be in double quotes)");
      state = "after";
      continue;
    }
    if (state === "key") {
      if (i >= n) throw end("where a property name should be");
      if (text[i] !== '"') {
        throw new Stop(
          i,
          afterComma && text[i] === "}" ? "a comma before '}' (JSON allows no trailing comma)" : "a property name must be in double quotes",
        );
      }
      string();
      skipWs();
      if (i >= n) throw end("after a property name");
      if (text[i] !== ":") throw new Stop(i, "a ':' must follow a property name");
      i++;
      state = "value";
      afterComma = false;
      continue;
    }
    // After a value: the end of the text, or a comma or closing bracket of the container around it.
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < n) throw new Stop(i, "more text after the JSON value (one object per file)");
      return;
    }
    const close = top === "{" ? "}" : "]";
    if (i >= n) throw end(`before its closing '${close}'`);
    if (text[i] === ",") {
      i++;
      state = top === "{" ? "key" : "value";
      afterComma = true;
    } else if (text[i] === close) {
      i++;
      stack.pop();
    } else {
      throw new Stop(i, `a ',' or '${close}' must follow a ${top === "{" ? "property value" : "list item"}`);
    }
  }
}

/**
 * `at line L, column C: REASON` for a text JSON.parse refused; `: the file is
 * empty` for an empty or blank one. Never any of the text itself.
 */
export function describeJsonError(text: string): string {
  if (/^[ \t\n\r]*$/.test(text)) return ": the file is empty";
  const p = locateJsonError(text);
  // JSON.parse refused it, so the scanner finds something; a disagreement still shows no text.
  return p ? ` at line ${p.line}, column ${p.column}: ${p.reason}` : "";
}
