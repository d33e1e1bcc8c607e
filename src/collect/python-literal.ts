// A reader for the Python literals the frida CLI prints. frida-tools prints an agent message
// with `print("message:", message, "data:", data)`, i.e. the Python repr of a dict
// ({'type': 'send', 'payload': {...}}), not JSON: single-quoted strings, True/False/None.
// This reads that subset (dict, list, tuple, str, int, float, True/False/None) and JSON as well
// (double quotes, true/false/null), returning plain JS values.

export class LiteralError extends Error {
  constructor(message: string, readonly pos: number) {
    super(`${message} at column ${pos + 1}`);
    this.name = 'LiteralError';
  }
}

export interface Parsed {
  value: unknown;
  /** index just after the literal */
  end: number;
}

/** Parses one literal starting at `start` (leading spaces skipped). Throws `LiteralError`. */
export function parsePythonLiteral(text: string, start = 0): Parsed {
  const p = new Reader(text, start);
  const value = p.value(0);
  return { value, end: p.pos };
}

const MAX_DEPTH = 64;
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/',
};

class Reader {
  constructor(readonly s: string, public pos: number) {}

  private ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  private fail(msg: string): never {
    throw new LiteralError(this.pos >= this.s.length ? `unexpected end (${msg})` : msg, this.pos);
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deep');
    this.ws();
    const c = this.s[this.pos];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.seq(']', depth);
    if (c === '(') return this.seq(')', depth);
    if (c === "'" || c === '"') return this.str();
    if (c === '-' || c === '+' || (c >= '0' && c <= '9') || c === '.') return this.num();
    const word = /^[A-Za-z_]+/.exec(this.s.slice(this.pos, this.pos + 8))?.[0] ?? '';
    const words: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null, inf: Infinity, nan: NaN };
    if (word in words) {
      this.pos += word.length;
      return words[word];
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private dict(depth: number): Record<string, unknown> {
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.value(depth + 1);
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean' && key !== null) this.fail('dict key must be a scalar');
      this.ws();
      if (this.s[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      const v = this.value(depth + 1);
      Object.defineProperty(out, String(key), { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        this.ws();
        if (this.s[this.pos] === '}') {
          this.pos++;
          return out;
        }
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail("expected ',' or '}'");
    }
  }

  private seq(close: string, depth: number): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.pos] === close) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') {
        this.pos++;
        this.ws();
        if (this.s[this.pos] === close) {
          this.pos++;
          return out;
        }
        continue;
      }
      if (c === close) {
        this.pos++;
        return out;
      }
      this.fail(`expected ',' or '${close}'`);
    }
  }

  private str(): string {
    const quote = this.s[this.pos++];
    let out = '';
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined) this.fail('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      if (e === undefined) this.fail('unterminated escape');
      if (e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
      else if (e === 'x') out += this.hexChar(2);
      else if (e === 'u') out += this.hexChar(4);
      else if (e === 'U') out += this.hexChar(8);
      else out += '\\' + e; // Python keeps unknown escapes as-is
    }
  }

  private hexChar(n: number): string {
    const h = this.s.slice(this.pos, this.pos + n);
    if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) this.fail(`bad \\x/\\u escape ${JSON.stringify(h)}`);
    this.pos += n;
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff) this.fail('code point out of range');
    return String.fromCodePoint(cp);
  }

  private num(): number {
    const m = /^[-+]?(?:inf|nan|(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?)/.exec(this.s.slice(this.pos));
    const t = m?.[0] ?? '';
    if (t === '' || t === '-' || t === '+' || t === '.') this.fail('bad number');
    this.pos += t.length;
    const body = t.replace(/_/g, '');
    if (/inf$/.test(body)) return body.startsWith('-') ? -Infinity : Infinity;
    if (/nan$/.test(body)) return NaN;
    const v = Number(body);
    if (Number.isNaN(v)) this.fail(`bad number ${t}`);
    return v;
  }
}
