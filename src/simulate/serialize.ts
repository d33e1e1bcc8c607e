// A JSON serialiser for flat event objects, byte-identical to JSON.stringify for them (tested) but
// about twice as fast on the fleet's hot path: epoch-ms timestamps are formatted as two small
// integers (V8's double-to-string is the costly part of JSON.stringify here), plain strings are
// copied without escaping, and anything else (nested objects, arrays, strings needing escapes)
// falls back to JSON.stringify.

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function num(v: number): string {
  if (Number.isInteger(v) && v >= 1e9 && v <= Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(v / 1e6);
    return String(hi) + String(v - hi * 1e6 + 1e6).slice(1);
  }
  return Number.isFinite(v) ? String(v) : 'null';
}

export function toJson(e: object): string {
  let out = '{';
  let sep = '"';
  for (const k in e) {
    const v = (e as Record<string, unknown>)[k];
    switch (typeof v) {
      case 'undefined': case 'function': case 'symbol': continue;
      case 'number': out += sep + k + '":' + num(v); break;
      case 'boolean': out += sep + k + '":' + v; break;
      case 'string': out += sep + k + '":' + (NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"'); break;
      default: out += sep + k + '":' + JSON.stringify(v); break;
    }
    sep = ',"';
  }
  return out + '}';
}
